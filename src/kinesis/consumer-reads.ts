import {
  DescribeStreamConsumerCommand,
  type DescribeStreamConsumerCommandInput,
  DescribeStreamSummaryCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import {
  BlueGreenError,
  InvalidStateError,
  isAwsError,
  isRetryableAwsError,
  ResourceNotFoundError,
  type WaitOptions,
  waitFor,
} from '../core/index.js';
import type { ConsumerConfig, ConsumerState } from './kinesis-types.js';

/** The reads and waits of KinesisTools: stream ARNs (resolved once), consumer descriptions, and the state waits. */
export class ConsumerReads {
  readonly #streamArns = new Map<string, string>();

  constructor(private readonly client: KinesisClient) {}

  /** The stream's ARN (`streamArn`, or DescribeStreamSummary by name once). */
  async streamArn(config: ConsumerConfig): Promise<string> {
    const key = config.streamArn ?? (config.streamName as string);
    const cached = this.#streamArns.get(key);
    if (cached !== undefined) return cached;
    let arn: string | undefined;
    try {
      const input = config.streamArn !== undefined ? { StreamARN: config.streamArn } : { StreamName: config.streamName };
      const { StreamDescriptionSummary } = await this.client.send(new DescribeStreamSummaryCommand(input));
      arn = StreamDescriptionSummary?.StreamARN;
    } catch (error) {
      throw translateKinesisError(error, config, undefined, 'describe');
    }
    if (!arn) throw new ResourceNotFoundError(`DescribeStreamSummary returned no ARN for stream ${key}.`, { resource: key });
    this.#streamArns.set(key, arn);
    return arn;
  }

  /** The named consumer of the stream, or `null` when none is registered. */
  async describe(streamArn: string, consumerName: string): Promise<ConsumerState | null> {
    // Without retry, #describe never answers 'retry'.
    const state = (await this.#describe({ StreamARN: streamArn, ConsumerName: consumerName }, false)) as ConsumerState | null;
    return state && { ...state, consumerName: state.consumerName || consumerName, streamArn: state.streamArn || streamArn };
  }

  /** The consumer by ARN; `retry` after a throttled or transient failure. */
  describeByArn(consumerArn: string): Promise<ConsumerState | null | 'retry'> {
    return this.#describe({ ConsumerARN: consumerArn }, true);
  }

  async #describe(input: DescribeStreamConsumerCommandInput, retry: boolean): Promise<ConsumerState | null | 'retry'> {
    try {
      const { ConsumerDescription: d } = await this.client.send(new DescribeStreamConsumerCommand(input));
      if (!d?.ConsumerARN || !d.ConsumerStatus) return null;
      return {
        consumerName: d.ConsumerName ?? '',
        consumerArn: d.ConsumerARN,
        status: d.ConsumerStatus,
        streamArn: d.StreamARN ?? '',
        ...(d.ConsumerCreationTimestamp ? { createdAt: d.ConsumerCreationTimestamp } : {}),
      };
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return null;
      if (retry && isRetryableAwsError(error)) return 'retry';
      throw error;
    }
  }

  /** Waits until the consumer is ACTIVE (it vanishing is an InvalidStateError). */
  waitUntilActive(consumer: ConsumerState, wait: WaitOptions): Promise<ConsumerState> {
    return waitFor(
      async () => {
        const state = await this.describeByArn(consumer.consumerArn);
        if (state === 'retry') return { done: false, state: 'throttled' };
        if (state === null) {
          throw new InvalidStateError(`Consumer ${consumer.consumerName} disappeared while waiting for it to become ACTIVE.`, {
            state: null,
          });
        }
        return state.status === 'ACTIVE' ? { done: true, value: state } : { done: false, state: state.status };
      },
      { ...wait, description: `consumer ${consumer.consumerName} to become ACTIVE` },
    );
  }

  /** Waits until the consumer is gone. */
  waitUntilGone(consumer: ConsumerState, wait: WaitOptions): Promise<null> {
    return waitFor(
      async () => {
        const state = await this.describeByArn(consumer.consumerArn);
        if (state === 'retry') return { done: false, state: 'throttled' };
        return state === null ? { done: true, value: null } : { done: false, state: state.status };
      },
      { ...wait, description: `consumer ${consumer.consumerName} to be deregistered` },
    );
  }
}

/** A Kinesis error as the toolkit reports it: a missing stream, a limit, or unchanged. */
export function translateKinesisError(error: unknown, config: ConsumerConfig, streamArn: string | undefined, action: string): unknown {
  const stream = streamArn ?? config.streamArn ?? config.streamName ?? '';
  if (isAwsError(error, 'ResourceNotFoundException')) {
    return new ResourceNotFoundError(
      `The Kinesis stream ${stream} does not exist: check the consumers configuration and the client's region.`,
      {
        resource: stream,
        cause: error,
      },
    );
  }
  if (isAwsError(error, 'LimitExceededException')) {
    return new BlueGreenError(
      `Kinesis refused to ${action} consumer ${config.consumerName} on ${stream} after retries: LimitExceededException ` +
        `(a stream has at most 20 registered consumers, and consumer registration is rate-limited): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return error;
}

import { DeregisterStreamConsumerCommand, KinesisClient, RegisterStreamConsumerCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  BaseTool,
  InvalidStateError,
  isAwsError,
  type Pair,
  pick,
  type ResolvedWaitOptions,
  requireObject,
  requirePair,
  resolveWaitOptions,
  type StackReference,
  type WaitSetting,
} from '../core/index.js';
import { ConsumerReads, translateKinesisError } from './consumer-reads.js';
import {
  type ConsumerConfig,
  type ConsumerState,
  type ConsumerStepOptions,
  type ConsumerStepResult,
  DEFAULT_WAIT,
  type KinesisToolsOptions,
  parseConsumerConfig,
  requireDisjointConsumers,
} from './kinesis-types.js';

/**
 * Registers and deregisters the Kinesis enhanced fan-out consumer of each stack, so the replacement stack reads the
 * stream through its own consumer and the old stack's consumer is removed after the switch.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { KinesisTools } from 'bluegreen-toolkit/kinesis';
 *
 * const kinesis = new KinesisTools({
 *   consumers: {
 *     blue: { streamName: 'orders', consumerName: 'orders-blue' },
 *     green: { streamName: 'orders', consumerName: 'orders-green' },
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const { consumer } = await kinesis.registerConsumer(StackReference.Green);
 * console.log(consumer?.consumerArn);
 * ```
 */
export class KinesisTools extends BaseTool {
  /** The Kinesis client every call goes through. */
  readonly client: KinesisClient;
  /** The validated consumer pair. */
  readonly consumers: Pair<ConsumerConfig>;
  readonly #reads: ConsumerReads;

  /**
   * @param options - the consumer pair and client settings; validated at once ({@link bluegreen-toolkit!ConfigError}
   *   naming the bad path).
   */
  constructor(options: KinesisToolsOptions) {
    super(options, 'KinesisTools');
    this.consumers = requirePair(options.consumers, 'consumers', parseConsumerConfig);
    requireDisjointConsumers(this.consumers);
    // The Kinesis client defaults to HTTP/2, which only SubscribeToShard needs; these tools never call it, so they use
    // HTTP/1.1 like every other service client (and like local emulators require) unless a handler is configured.
    const clientConfig = options.clientConfig as Record<string, unknown> | undefined;
    const source =
      options.awsSdkV3Client === undefined && clientConfig?.requestHandler === undefined
        ? { clientConfig: { ...clientConfig, requestHandler: new NodeHttpHandler() } }
        : options;
    this.client = this.createClient(KinesisClient, source, options);
    this.#reads = new ConsumerReads(this.client);
  }

  /**
   * Describes the stack's consumer.
   *
   * @param ref - the stack whose consumer is described.
   * @returns the consumer's name, ARN, status and stream, or `null` when no consumer of that name is registered.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the stream does not exist.
   *
   * @remarks IAM: `kinesis:DescribeStreamSummary` (with `streamName`), `kinesis:DescribeStreamConsumer`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { KinesisTools } from 'bluegreen-toolkit/kinesis';
   *
   * const kinesis = new KinesisTools({ consumers, clientConfig: { region: 'eu-west-1' } });
   * const consumer = await kinesis.describeConsumer(StackReference.Blue);
   * console.log(consumer?.status ?? 'not registered');
   * ```
   */
  async describeConsumer(ref: StackReference): Promise<ConsumerState | null> {
    const config = pick(this.consumers, this.parseRef(ref));
    const streamArn = await this.#reads.streamArn(config);
    return this.#reads.describe(streamArn, config.consumerName);
  }

  /**
   * Registers the stack's consumer on its stream. An `ACTIVE` or `CREATING` consumer of that name is success
   * (`outcome: 'already'`); one still `DELETING` is waited for until it is gone, then registered again.
   *
   * @param ref - the stack whose consumer is registered.
   * @param options.wait - wait until the consumer is `ACTIVE` (default `true`: up to 300 s).
   * @returns the outcome and the consumer (with its ARN) as last observed.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the stream does not exist.
   * @throws {@link bluegreen-toolkit!BlueGreenError} when Kinesis refuses with `LimitExceededException` after the
   *   SDK's retries (at most 20 consumers per stream; registration is rate-limited).
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when the consumer does not become `ACTIVE` in time.
   *
   * @remarks IAM: `kinesis:DescribeStreamSummary` (with `streamName`), `kinesis:DescribeStreamConsumer`,
   * `kinesis:RegisterStreamConsumer`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { KinesisTools } from 'bluegreen-toolkit/kinesis';
   *
   * const kinesis = new KinesisTools({ consumers, clientConfig: { region: 'eu-west-1' } });
   * const result = await kinesis.registerConsumer(StackReference.Green, { wait: { maxWaitTime: 120 } });
   * console.log(result.outcome, result.consumer?.consumerArn);
   * ```
   */
  async registerConsumer(ref: StackReference, options: ConsumerStepOptions = {}): Promise<ConsumerStepResult> {
    const config = pick(this.consumers, this.parseRef(ref));
    const { wait, precondition } = this.#resolveWaits(options, 'registerConsumer');
    const { consumerName } = config;
    const streamArn = await this.#reads.streamArn(config);

    let current = await this.#reads.describe(streamArn, consumerName);
    if (current?.status === 'DELETING') {
      this.logger.info(`KinesisTools: consumer ${consumerName} is being deleted; waiting until it is gone before registering it`);
      await this.#reads.waitUntilGone(current, precondition);
      current = null;
    }
    if (current) {
      const final = wait && current.status !== 'ACTIVE' ? await this.#reads.waitUntilActive(current, wait) : current;
      return {
        outcome: 'already',
        message: `consumer ${consumerName} is already ${current.status === 'ACTIVE' ? 'registered' : 'being registered'}`,
        consumerName,
        streamArn,
        consumer: final,
      };
    }

    let registered: ConsumerState | undefined;
    try {
      const { Consumer } = await this.client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: consumerName }));
      if (Consumer?.ConsumerARN) {
        registered = {
          consumerName,
          consumerArn: Consumer.ConsumerARN,
          status: Consumer.ConsumerStatus ?? 'CREATING',
          streamArn,
          ...(Consumer.ConsumerCreationTimestamp ? { createdAt: Consumer.ConsumerCreationTimestamp } : {}),
        };
      }
    } catch (error) {
      if (isAwsError(error, 'ResourceInUseException')) {
        // Registered concurrently by someone else: that is the state we want.
        const raced = await this.#reads.describe(streamArn, consumerName);
        if (raced && raced.status !== 'DELETING') {
          const final = wait && raced.status !== 'ACTIVE' ? await this.#reads.waitUntilActive(raced, wait) : raced;
          return {
            outcome: 'already',
            message: `consumer ${consumerName} is already registered`,
            consumerName,
            streamArn,
            consumer: final,
          };
        }
      }
      throw translateKinesisError(error, config, streamArn, 'register');
    }
    this.logger.info(`KinesisTools: registered consumer ${consumerName}`, { streamArn, consumerArn: registered?.consumerArn });
    const consumer = registered && wait ? await this.#reads.waitUntilActive(registered, wait) : registered;
    return { outcome: 'changed', message: `registered consumer ${consumerName}`, consumerName, streamArn, consumer };
  }

  /**
   * Deregisters the stack's consumer, by its consumer ARN. A consumer that is not registered is success
   * (`outcome: 'already'`), and so is one already `DELETING`; one still `CREATING` is waited for until `ACTIVE`
   * (Kinesis refuses to delete it before), then deregistered.
   *
   * @param ref - the stack whose consumer is deregistered.
   * @param options.wait - wait until the consumer is gone (default `true`: up to 300 s).
   * @returns the outcome and the consumer as last observed (`null` once gone).
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the stream does not exist.
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when the consumer is not gone in time.
   *
   * @remarks IAM: `kinesis:DescribeStreamSummary` (with `streamName`), `kinesis:DescribeStreamConsumer`,
   * `kinesis:DeregisterStreamConsumer`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { KinesisTools } from 'bluegreen-toolkit/kinesis';
   *
   * const kinesis = new KinesisTools({ consumers, clientConfig: { region: 'eu-west-1' } });
   * await kinesis.deregisterConsumer(StackReference.Blue);
   * ```
   */
  async deregisterConsumer(ref: StackReference, options: ConsumerStepOptions = {}): Promise<ConsumerStepResult> {
    const config = pick(this.consumers, this.parseRef(ref));
    const { wait, precondition } = this.#resolveWaits(options, 'deregisterConsumer');
    const { consumerName } = config;
    const streamArn = await this.#reads.streamArn(config);

    let current = await this.#reads.describe(streamArn, consumerName);
    if (current === null) {
      return { outcome: 'already', message: `consumer ${consumerName} is not registered`, consumerName, streamArn, consumer: null };
    }
    if (current.status === 'DELETING') {
      const final = wait ? await this.#reads.waitUntilGone(current, wait) : current;
      return {
        outcome: 'already',
        message: `consumer ${consumerName} is already being deregistered`,
        consumerName,
        streamArn,
        consumer: final,
      };
    }
    if (current.status === 'CREATING') {
      this.logger.info(`KinesisTools: consumer ${consumerName} is still being created; waiting until it is ACTIVE before deregistering it`);
      current = await this.#reads.waitUntilActive(current, precondition);
    }

    try {
      await this.client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: current.consumerArn }));
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) {
        return { outcome: 'already', message: `consumer ${consumerName} is not registered`, consumerName, streamArn, consumer: null };
      }
      if (isAwsError(error, 'ResourceInUseException')) {
        const raced = await this.#reads.describe(streamArn, consumerName);
        if (raced === null || raced.status === 'DELETING') {
          const final = raced && wait ? await this.#reads.waitUntilGone(raced, wait) : raced;
          return {
            outcome: 'already',
            message: `consumer ${consumerName} is already being deregistered`,
            consumerName,
            streamArn,
            consumer: final,
          };
        }
        throw new InvalidStateError(`Consumer ${consumerName} is ${raced.status} and cannot be deregistered now: try again.`, {
          state: raced.status,
          cause: error,
        });
      }
      throw translateKinesisError(error, config, streamArn, 'deregister');
    }
    this.logger.info(`KinesisTools: deregistering consumer ${consumerName}`, { consumerArn: current.consumerArn });
    const deleting: ConsumerState = { ...current, status: 'DELETING' };
    const consumer = wait ? await this.#reads.waitUntilGone(deleting, wait) : deleting;
    return { outcome: 'changed', message: `deregistered consumer ${consumerName}`, consumerName, streamArn, consumer };
  }

  #resolveWaits(options: unknown, method: string): { wait: ResolvedWaitOptions | undefined; precondition: ResolvedWaitOptions } {
    const opts = options === undefined ? {} : requireObject(options, `${method} options`);
    const setting = (opts.wait ?? true) as WaitSetting;
    const wait = this.waitOptions(setting, DEFAULT_WAIT);
    const precondition = resolveWaitOptions(setting === false ? true : setting, DEFAULT_WAIT) as ResolvedWaitOptions;
    return { wait, precondition };
  }
}

import { DeregisterStreamConsumerCommand, KinesisClient, RegisterStreamConsumerCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  BaseTool,
  InvalidStateError,
  isAwsError,
  type Outcome,
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
    const result = (outcome: Outcome, message: string, consumer: ConsumerState | null | undefined): ConsumerStepResult => ({
      outcome,
      message: `${outcome === 'already' ? '' : 'registered '}consumer ${consumerName}${message}`,
      consumerName,
      streamArn,
      consumer,
    });
    const settle = async (state: ConsumerState) => (wait && state.status !== 'ACTIVE' ? this.#reads.waitUntilActive(state, wait) : state);
    if (current) {
      return result('already', ` is already ${current.status === 'ACTIVE' ? 'registered' : 'being registered'}`, await settle(current));
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
        if (raced && raced.status !== 'DELETING') return result('already', ' is already registered', await settle(raced));
      }
      throw translateKinesisError(error, config, streamArn, 'register');
    }
    this.logger.info(`KinesisTools: registered consumer ${consumerName}`, { streamArn, consumerArn: registered?.consumerArn });
    return result('changed', '', registered && (await settle(registered)));
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

    const result = (outcome: Outcome, message: string, consumer: ConsumerState | null): ConsumerStepResult => ({
      outcome,
      message: `${outcome === 'already' ? '' : 'deregistered '}consumer ${consumerName}${message}`,
      consumerName,
      streamArn,
      consumer,
    });
    const gone = async (state: ConsumerState) =>
      result('already', ' is already being deregistered', wait ? await this.#reads.waitUntilGone(state, wait) : state);
    let current = await this.#reads.describe(streamArn, consumerName);
    if (current === null) return result('already', ' is not registered', null);
    if (current.status === 'DELETING') return gone(current);
    if (current.status === 'CREATING') {
      this.logger.info(`KinesisTools: consumer ${consumerName} is still being created; waiting until it is ACTIVE before deregistering it`);
      current = await this.#reads.waitUntilActive(current, precondition);
    }

    try {
      await this.client.send(new DeregisterStreamConsumerCommand({ ConsumerARN: current.consumerArn }));
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return result('already', ' is not registered', null);
      if (isAwsError(error, 'ResourceInUseException')) {
        const raced = await this.#reads.describe(streamArn, consumerName);
        if (raced === null) return result('already', ' is already being deregistered', null);
        if (raced.status === 'DELETING') return gone(raced);
        throw new InvalidStateError(`Consumer ${consumerName} is ${raced.status} and cannot be deregistered now: try again.`, {
          state: raced.status,
          cause: error,
        });
      }
      throw translateKinesisError(error, config, streamArn, 'deregister');
    }
    this.logger.info(`KinesisTools: deregistering consumer ${consumerName}`, { consumerArn: current.consumerArn });
    const deleting: ConsumerState = { ...current, status: 'DELETING' };
    return result('changed', '', wait ? await this.#reads.waitUntilGone(deleting, wait) : deleting);
  }

  #resolveWaits(options: unknown, method: string): { wait: ResolvedWaitOptions | undefined; precondition: ResolvedWaitOptions } {
    const opts = options === undefined ? {} : requireObject(options, `${method} options`);
    const setting = (opts.wait ?? true) as WaitSetting;
    const wait = this.waitOptions(setting, DEFAULT_WAIT);
    const precondition = resolveWaitOptions(setting === false ? true : setting, DEFAULT_WAIT) as ResolvedWaitOptions;
    return { wait, precondition };
  }
}

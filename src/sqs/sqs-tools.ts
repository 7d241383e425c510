import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BaseTool,
  isRetryableAwsError,
  optionalBoolean,
  type Pair,
  pick,
  requireInteger,
  requirePair,
  type StackReference,
  waitFor,
} from '../core/index.js';
import { QueueUrls } from './queue-urls.js';
import {
  DEPTH_ATTRIBUTES,
  optionsObject,
  parseQueueConfig,
  type QueueConfig,
  type QueueDepth,
  type QueueDepthOptions,
  type QueueDepthReport,
  type QueueTarget,
  readCount,
  requireDisjointQueues,
  type SqsToolOperations,
  type SqsToolsOptions,
  type WaitForDrainOptions,
} from './sqs-types.js';

/**
 * Measures the SQS queues of a blue/green pair: wait for the old stack's queue to drain before its consumers are
 * switched off. Emptying the replacement stack's queue (and its DLQ) is the standalone {@link purgeQueues} of the
 * same subpath, so a hook that never purges does not carry it.
 *
 * Queue URLs always come from `GetQueueUrl` (never built by hand), so every partition and VPC endpoint works.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const sqs = new SqsTools({
 *   queues: {
 *     blue: { queueName: 'orders-blue', dlqName: 'orders-blue-dlq' },
 *     green: { queueName: 'orders-green', dlqName: 'orders-green-dlq' },
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await sqs.waitForDrain(StackReference.Blue, { maxWaitTime: 300 });
 * ```
 */
export class SqsTools extends BaseTool {
  /** The SQS client every call goes through. */
  readonly client: SQSClient;
  /** The validated queue pair. */
  readonly queues: Pair<QueueConfig>;
  readonly #urls: QueueUrls;

  /**
   * @param options - the queue pair and client settings; validated at once ({@link bluegreen-toolkit!ConfigError} naming the bad path).
   */
  constructor(options: SqsToolsOptions) {
    super(options, 'SqsTools');
    this.queues = requirePair(options.queues, 'queues', parseQueueConfig);
    requireDisjointQueues(this.queues);
    this.client = this.createClient(SQSClient, options, options);
    this.#urls = new QueueUrls(this.client);
  }

  /**
   * Reads the approximate number of messages in the stack's queue and, unless `includeDlq: false`, its DLQ: visible,
   * in flight (received, not deleted) and delayed, per queue, plus the sum.
   *
   * @param ref - the stack whose queues are read.
   * @param options.includeDlq - also read the DLQ (default `true`).
   * @returns the depth of each queue (main queue first) and the total.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} naming the queue that does not exist.
   *
   * @remarks IAM: `sqs:GetQueueUrl`, `sqs:GetQueueAttributes`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SqsTools } from 'bluegreen-toolkit/sqs';
   *
   * const sqs = new SqsTools({ queues, clientConfig: { region: 'eu-west-1' } });
   * const { queues: [main], total } = await sqs.getQueueDepth(StackReference.Blue);
   * console.log(`${main?.visible} waiting, ${main?.inFlight} in flight, ${total} in all`);
   * ```
   */
  async getQueueDepth(ref: StackReference, options: QueueDepthOptions = {}): Promise<QueueDepthReport> {
    const stack = this.parseRef(ref);
    const opts = optionsObject(options, 'getQueueDepth options');
    const targets = this.#targets(stack, optionalBoolean(opts.includeDlq, 'getQueueDepth options.includeDlq', true));
    return this.#readDepth(targets);
  }

  /**
   * Waits until the stack's queue is empty (visible + in flight + delayed = 0), for example so the old stack's
   * consumers can finish its backlog before they are switched off. The DLQ is only waited for with
   * `includeDlq: true`.
   *
   * @param ref - the stack whose queue must drain.
   * @param options - {@link bluegreen-toolkit!WaitOptions} (default `maxWaitTime` 600 s, `minDelay` 2 s, `maxDelay` 30 s), plus
   *   `includeDlq` (default `false`) and `emptyChecks` (consecutive empty readings required, default 1).
   * @returns the depth that was read empty.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} naming the queue that does not exist.
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} with the last depths read (`lastState`) when the queue does not drain in time.
   * @throws {@link bluegreen-toolkit!WaitAbortedError} when `abortSignal` aborts.
   *
   * @remarks IAM: `sqs:GetQueueUrl`, `sqs:GetQueueAttributes`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SqsTools } from 'bluegreen-toolkit/sqs';
   *
   * const sqs = new SqsTools({ queues, clientConfig: { region: 'eu-west-1' } });
   * await sqs.waitForDrain(StackReference.Blue, { maxWaitTime: 300, emptyChecks: 2 });
   * ```
   */
  async waitForDrain(ref: StackReference, options: WaitForDrainOptions = {}): Promise<QueueDepthReport> {
    const stack = this.parseRef(ref);
    const opts = optionsObject(options, 'waitForDrain options');
    const targets = this.#targets(stack, optionalBoolean(opts.includeDlq, 'waitForDrain options.includeDlq', false));
    const emptyChecks =
      opts.emptyChecks === undefined ? 1 : requireInteger(opts.emptyChecks, 'waitForDrain options.emptyChecks', { min: 1 });
    const { includeDlq: _includeDlq, emptyChecks: _emptyChecks, ...wait } = options;
    let empties = 0;
    let lastDepth: QueueDepthReport | undefined;
    const names = targets.map((t) => t.queueName).join(', ');
    return waitFor(
      async () => {
        const depth = await this.#pollDepth(targets);
        if (depth === undefined) return { done: false, state: lastDepth ?? 'throttled' };
        lastDepth = depth;
        empties = depth.total === 0 ? empties + 1 : 0;
        return empties >= emptyChecks ? { done: true, value: depth } : { done: false, state: depth };
      },
      { ...wait, description: `queue ${names} to drain` },
    );
  }

  /**
   * What the subpath's standalone {@link purgeQueues} needs from the tool: its reference parsing, its dry-run-aware
   * wait resolution, its logger, the queue targets of a stack, its queue URL cache and the depth poll.
   *
   * @internal
   */
  get operations(): SqsToolOperations {
    return {
      parseRef: (ref) => this.parseRef(ref),
      waitOptions: (setting, defaults) => this.waitOptions(setting, defaults),
      logger: this.logger,
      targets: (stack, includeDlq) => this.#targets(stack, includeDlq),
      urls: this.#urls,
      pollDepth: (targets) => this.#pollDepth(targets),
    };
  }

  #targets(stack: StackReference, includeDlq: boolean): QueueTarget[] {
    const config = pick(this.queues, stack);
    const targets: QueueTarget[] = [{ queueName: config.queueName, role: 'queue', ownerAccountId: config.ownerAccountId }];
    if (includeDlq && config.dlqName !== undefined) {
      targets.push({ queueName: config.dlqName, role: 'dlq', ownerAccountId: config.ownerAccountId });
    }
    return targets;
  }

  /** {@link readDepth} for a poll: a throttled or transient failure (after the SDK's own retries) is one more poll. */
  async #pollDepth(targets: QueueTarget[]): Promise<QueueDepthReport | undefined> {
    try {
      return await this.#readDepth(targets);
    } catch (error) {
      if (!isRetryableAwsError(error)) throw error;
      this.logger.warn('SqsTools: reading the queue depth was throttled; polling again', { error: String(error) });
      return undefined;
    }
  }

  async #readDepth(targets: QueueTarget[]): Promise<QueueDepthReport> {
    const queues: QueueDepth[] = [];
    for (const target of targets) {
      const queueUrl = await this.#urls.resolve(target);
      let attributes: Record<string, string> | undefined;
      try {
        ({ Attributes: attributes } = await this.client.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: DEPTH_ATTRIBUTES }),
        ));
      } catch (error) {
        throw this.#urls.translate(error, target);
      }
      const visible = readCount(attributes, 'ApproximateNumberOfMessages');
      const inFlight = readCount(attributes, 'ApproximateNumberOfMessagesNotVisible');
      const delayed = readCount(attributes, 'ApproximateNumberOfMessagesDelayed');
      queues.push({
        queueName: target.queueName,
        queueUrl,
        role: target.role,
        visible,
        inFlight,
        delayed,
        total: visible + inFlight + delayed,
      });
    }
    return { queues, total: queues.reduce((sum, q) => sum + q.total, 0) };
  }
}

import { GetQueueAttributesCommand, GetQueueUrlCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BaseTool,
  combineOutcomes,
  isAwsError,
  isRetryableAwsError,
  type Outcome,
  optionalBoolean,
  type Pair,
  pick,
  ResourceNotFoundError,
  refuseLiveStack,
  requireInteger,
  requirePair,
  type StackReference,
  type WaitSetting,
  waitFor,
} from '../core/index.js';
import {
  DEPTH_ATTRIBUTES,
  NOT_FOUND,
  optionsObject,
  PURGE_IN_PROGRESS,
  type PurgedQueue,
  type PurgeQueuesOptions,
  type PurgeQueuesResult,
  parseQueueConfig,
  type QueueConfig,
  type QueueDepth,
  type QueueDepthOptions,
  type QueueDepthReport,
  type QueueTarget,
  readCount,
  type SqsToolsOptions,
  type WaitForDrainOptions,
} from './sqs-types.js';

/**
 * Purges and measures the SQS queues of a blue/green pair: empty the replacement stack's queue and its DLQ before a
 * release, and wait for the old stack's queue to drain before its consumers are switched off.
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
  private readonly urls = new Map<string, string>();

  /**
   * @param options - the queue pair and client settings; validated at once ({@link bluegreen-toolkit!ConfigError} naming the bad path).
   */
  constructor(options: SqsToolsOptions) {
    super(options, 'SqsTools');
    this.queues = requirePair(options.queues, 'queues', parseQueueConfig);
    this.client = this.createClient(SQSClient, options, options);
  }

  /**
   * Deletes every message in the stack's queue and, unless `includeDlq: false`, its configured dead-letter queue.
   *
   * **Destructive:** the messages are gone for good. SQS may take up to 60 seconds to delete them, and messages sent
   * during that minute may be deleted too; pass `wait` to return only once the queues read empty. All queue URLs are
   * resolved before the first purge, so a missing queue fails the call before anything is purged. A purge already
   * in progress (`PurgeQueueInProgress`, at most one purge per queue every 60 s) counts as done: `outcome: 'already'`.
   *
   * @param ref - the stack whose queues are purged.
   * @param options.includeDlq - also purge the DLQ (default `true`).
   * @param options.wait - wait until the queues read empty (default no; `true` waits up to 120 s).
   * @returns what happened to each queue; `outcome` is `already` when every queue was already being purged.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} naming the queue that does not exist (nothing is purged).
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when `wait` is set and the queues do not read empty in time.
   *
   * @remarks IAM: `sqs:GetQueueUrl`, `sqs:PurgeQueue`, and `sqs:GetQueueAttributes` with `wait`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SqsTools } from 'bluegreen-toolkit/sqs';
   *
   * const sqs = new SqsTools({ queues, clientConfig: { region: 'eu-west-1' } });
   * const result = await sqs.purgeQueues(StackReference.Green, { wait: true });
   * console.log(result.message); // "purged orders-green, orders-green-dlq"
   * ```
   */
  async purgeQueues(ref: StackReference, options: PurgeQueuesOptions = {}): Promise<PurgeQueuesResult> {
    const stack = this.parseRef(ref);
    const opts = optionsObject(options, 'purgeQueues options');
    refuseLiveStack(stack, opts.liveStack, `purge the ${stack} queues`);
    const targets = this.targets(stack, optionalBoolean(opts.includeDlq, 'purgeQueues options.includeDlq', true));
    const wait = this.waitOptions(opts.wait as WaitSetting | undefined, { maxWaitTime: 120, minDelay: 2, maxDelay: 10 });

    const urls: string[] = [];
    for (const target of targets) urls.push(await this.queueUrl(target));

    const queues: PurgedQueue[] = [];
    for (const [index, target] of targets.entries()) {
      const queueUrl = urls[index] as string;
      let outcome: Outcome = 'changed';
      try {
        await this.client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
        this.logger.info(`SqsTools: purge of ${target.queueName} started`, { queueUrl });
      } catch (error) {
        if (isAwsError(error, ...PURGE_IN_PROGRESS)) {
          outcome = 'already';
          this.logger.info(`SqsTools: ${target.queueName} is already being purged`, { queueUrl });
        } else {
          throw this.translate(error, target);
        }
      }
      queues.push({ queueName: target.queueName, queueUrl, role: target.role, outcome });
    }

    const outcome = combineOutcomes(queues.map((q) => q.outcome));
    const names = queues.map((q) => q.queueName).join(', ');
    const result: PurgeQueuesResult = {
      outcome,
      message: outcome === 'already' ? `a purge of ${names} is already in progress` : `purged ${names}`,
      queues,
    };
    if (wait) {
      result.depth = await waitFor(
        async () => {
          const depth = await this.pollDepth(targets);
          if (depth === undefined) return { done: false, state: 'throttled' };
          return depth.total === 0 ? { done: true, value: depth } : { done: false, state: depth };
        },
        { ...wait, description: `queues ${names} to read empty after the purge` },
      );
    }
    return result;
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
    const targets = this.targets(stack, optionalBoolean(opts.includeDlq, 'getQueueDepth options.includeDlq', true));
    return this.readDepth(targets);
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
    const targets = this.targets(stack, optionalBoolean(opts.includeDlq, 'waitForDrain options.includeDlq', false));
    const emptyChecks =
      opts.emptyChecks === undefined ? 1 : requireInteger(opts.emptyChecks, 'waitForDrain options.emptyChecks', { min: 1 });
    const { includeDlq: _includeDlq, emptyChecks: _emptyChecks, ...wait } = options;
    let empties = 0;
    let lastDepth: QueueDepthReport | undefined;
    const names = targets.map((t) => t.queueName).join(', ');
    return waitFor(
      async () => {
        const depth = await this.pollDepth(targets);
        if (depth === undefined) return { done: false, state: lastDepth ?? 'throttled' };
        lastDepth = depth;
        empties = depth.total === 0 ? empties + 1 : 0;
        return empties >= emptyChecks ? { done: true, value: depth } : { done: false, state: depth };
      },
      { ...wait, description: `queue ${names} to drain` },
    );
  }

  private targets(stack: StackReference, includeDlq: boolean): QueueTarget[] {
    const config = pick(this.queues, stack);
    const targets: QueueTarget[] = [{ queueName: config.queueName, role: 'queue', ownerAccountId: config.ownerAccountId }];
    if (includeDlq && config.dlqName !== undefined) {
      targets.push({ queueName: config.dlqName, role: 'dlq', ownerAccountId: config.ownerAccountId });
    }
    return targets;
  }

  /** {@link readDepth} for a poll: a throttled or transient failure (after the SDK's own retries) is one more poll. */
  private async pollDepth(targets: QueueTarget[]): Promise<QueueDepthReport | undefined> {
    try {
      return await this.readDepth(targets);
    } catch (error) {
      if (!isRetryableAwsError(error)) throw error;
      this.logger.warn('SqsTools: reading the queue depth was throttled; polling again', { error: String(error) });
      return undefined;
    }
  }

  private async readDepth(targets: QueueTarget[]): Promise<QueueDepthReport> {
    const queues: QueueDepth[] = [];
    for (const target of targets) {
      const queueUrl = await this.queueUrl(target);
      let attributes: Record<string, string> | undefined;
      try {
        ({ Attributes: attributes } = await this.client.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: DEPTH_ATTRIBUTES }),
        ));
      } catch (error) {
        throw this.translate(error, target);
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

  private async queueUrl(target: QueueTarget): Promise<string> {
    const key = `${target.ownerAccountId ?? ''}/${target.queueName}`;
    const cached = this.urls.get(key);
    if (cached !== undefined) return cached;
    let url: string | undefined;
    try {
      ({ QueueUrl: url } = await this.client.send(
        new GetQueueUrlCommand({ QueueName: target.queueName, QueueOwnerAWSAccountId: target.ownerAccountId }),
      ));
    } catch (error) {
      throw this.translate(error, target);
    }
    if (!url) throw new ResourceNotFoundError(`GetQueueUrl returned no URL for queue ${target.queueName}.`, { resource: target.queueName });
    this.urls.set(key, url);
    return url;
  }

  private translate(error: unknown, target: QueueTarget): unknown {
    if (!isAwsError(error, ...NOT_FOUND)) return error;
    this.urls.delete(`${target.ownerAccountId ?? ''}/${target.queueName}`);
    const what = target.role === 'dlq' ? 'dead-letter queue' : 'queue';
    return new ResourceNotFoundError(
      `The ${what} ${target.queueName} does not exist${target.ownerAccountId ? ` in account ${target.ownerAccountId}` : ''}: check the queues configuration of SqsTools and the client's region.`,
      { resource: target.queueName, cause: error },
    );
  }
}

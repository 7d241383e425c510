import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BaseTool,
  combineOutcomes,
  isRetryableAwsError,
  optionalBoolean,
  type Pair,
  pick,
  refuseLiveStack,
  requireInteger,
  requirePair,
  type StackReference,
  type WaitSetting,
  waitFor,
} from '../core/index.js';
import { checkDlq, inProgressWarning, purgeMessage, purgeOne } from './purge.js';
import { QueueUrls } from './queue-urls.js';
import {
  DEPTH_ATTRIBUTES,
  optionsObject,
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
  requireDisjointQueues,
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
   * Deletes every message in the stack's queue and, only with `includeDlq: true`, its configured dead-letter queue.
   *
   * **Destructive:** the messages are gone for good. SQS may take up to 60 seconds to delete them, and messages sent
   * during that minute may be deleted too; pass `wait` to return only once the queues read empty. All queue URLs are
   * resolved before the first purge, so a missing queue fails the call before anything is purged.
   *
   * **The DLQ is kept by default:** it holds the messages no consumer could process. With `includeDlq: true` it is
   * purged only when it really is the queue's DLQ (the queue's `RedrivePolicy.deadLetterTargetArn`) and takes dead
   * letters from this stack's queue alone (ListDeadLetterSourceQueues); otherwise nothing is purged.
   *
   * **A purge already in progress** (`PurgeQueueInProgress`: SQS allows one purge per queue every 60 s) is reported as
   * `already`, with a warning in `warnings` and in the queue's entry: messages sent after that earlier purge began may
   * remain. With `repurgeInProgress: true` the call waits the 60 s and purges again instead.
   *
   * @param ref - the stack whose queues are purged.
   * @param options.includeDlq - also purge the DLQ (default `false`).
   * @param options.repurgeInProgress - on PurgeQueueInProgress, wait 60 s and purge again (default `false`: report it).
   * @param options.wait - wait until the queues read empty (default no; `true` waits up to 120 s).
   * @returns what happened to each queue; `outcome` is `already` when every queue was already being purged.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call), or when the
   *   other stack's queue also sends its dead letters to this stack's DLQ (nothing is purged).
   * @throws {@link bluegreen-toolkit!InvalidStateError} when `dlqName` is not the queue's DLQ, or the DLQ is shared with
   *   another queue (nothing is purged).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} naming the queue that does not exist (nothing is purged).
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when `wait` is set and the queues do not read empty in time.
   *
   * @remarks IAM: `sqs:GetQueueUrl`, `sqs:PurgeQueue`, `sqs:GetQueueAttributes` (with `wait` or `includeDlq`),
   * `sqs:ListDeadLetterSourceQueues` (with `includeDlq`).
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SqsTools } from 'bluegreen-toolkit/sqs';
   *
   * const sqs = new SqsTools({ queues, clientConfig: { region: 'eu-west-1' } });
   * const result = await sqs.purgeQueues(StackReference.Green, { wait: true });
   * console.log(result.message); // "purged orders-green"
   * for (const warning of result.warnings) console.warn(warning);
   * ```
   */
  async purgeQueues(ref: StackReference, options: PurgeQueuesOptions = {}): Promise<PurgeQueuesResult> {
    const stack = this.parseRef(ref);
    const opts = optionsObject(options, 'purgeQueues options');
    refuseLiveStack(stack, opts.liveStack, `purge the ${stack} queues`);
    const targets = this.#targets(stack, optionalBoolean(opts.includeDlq, 'purgeQueues options.includeDlq', false));
    const repurge = optionalBoolean(opts.repurgeInProgress, 'purgeQueues options.repurgeInProgress', false);
    const wait = this.waitOptions(opts.wait as WaitSetting | undefined, { maxWaitTime: 120, minDelay: 2, maxDelay: 10 });

    const urls: string[] = [];
    for (const target of targets) urls.push(await this.#urls.resolve(target));
    const [main, dlq] = targets.map((target, i) => ({ target, url: urls[i] as string }));
    if (main && dlq) {
      try {
        await checkDlq(this.client, stack, this.queues, main, dlq);
      } catch (error) {
        throw this.#urls.translate(error, main.target);
      }
    }

    const queues: PurgedQueue[] = [];
    const warnings: string[] = [];
    for (const [index, target] of targets.entries()) {
      const queueUrl = urls[index] as string;
      let purged: Awaited<ReturnType<typeof purgeOne>>;
      try {
        purged = await purgeOne(this.client, queueUrl, repurge, wait?.abortSignal);
      } catch (error) {
        throw this.#urls.translate(error, target);
      }
      const entry: PurgedQueue = { queueName: target.queueName, queueUrl, role: target.role, outcome: purged.outcome };
      if (purged.inProgress) {
        entry.warning = inProgressWarning(target.queueName);
        warnings.push(entry.warning);
        this.logger.warn(`SqsTools: ${entry.warning}`, { queueUrl });
      } else {
        this.logger.info(`SqsTools: purge of ${target.queueName} started`, { queueUrl });
      }
      queues.push(entry);
    }

    const outcome = combineOutcomes(queues.map((q) => q.outcome));
    const names = queues.map((q) => q.queueName).join(', ');
    const result: PurgeQueuesResult = {
      outcome,
      message: purgeMessage(queues),
      queues,
      warnings,
    };
    if (wait) {
      result.depth = await waitFor(
        async () => {
          const depth = await this.#pollDepth(targets);
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

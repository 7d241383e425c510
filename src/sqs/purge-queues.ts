// purgeQueues: the standalone purge of `bluegreen-toolkit/sqs` (a hook importing only SqsTools does not carry it).
import { combineOutcomes, optionalBoolean, refuseLiveStack, type StackReference, type WaitSetting, waitFor } from '../core/index.js';
import { checkDlq, inProgressWarning, purgeMessage, purgeOne } from './purge.js';
import type { SqsTools } from './sqs-tools.js';
import { optionsObject, type PurgedQueue, type PurgeQueuesOptions, type PurgeQueuesResult } from './sqs-types.js';

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
 * @param sqs - the tools of the queue pair (their SQS client, logger and dry-run setting are used).
 * @param ref - the stack whose queues are purged.
 * @param options.includeDlq - also purge the DLQ (default `false`).
 * @param options.repurgeInProgress - on PurgeQueueInProgress, wait 60 s and purge again (default `false`: report it).
 * @param options.wait - wait until the queues read empty (default no; `true` waits up to 120 s).
 * @param options.liveStack - the live stack: purging it is refused (default: no check).
 * @returns what happened to each queue; `outcome` is `already` when every queue was already being purged.
 * @throws {@link bluegreen-toolkit!LiveStackError} when `ref` is `liveStack` (no AWS call).
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
 * import { purgeQueues, SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const sqs = new SqsTools({ queues, clientConfig: { region: 'eu-west-1' } });
 * const result = await purgeQueues(sqs, StackReference.Green, { wait: true });
 * console.log(result.message); // "purged orders-green"
 * for (const warning of result.warnings) console.warn(warning);
 * ```
 */
export async function purgeQueues(sqs: SqsTools, ref: StackReference, options: PurgeQueuesOptions = {}): Promise<PurgeQueuesResult> {
  const ops = sqs.operations;
  const stack = ops.parseRef(ref);
  const opts = optionsObject(options, 'purgeQueues options');
  refuseLiveStack(stack, opts.liveStack, `purge the ${stack} queues`);
  const targets = ops.targets(stack, optionalBoolean(opts.includeDlq, 'purgeQueues options.includeDlq', false));
  const repurge = optionalBoolean(opts.repurgeInProgress, 'purgeQueues options.repurgeInProgress', false);
  const wait = ops.waitOptions(opts.wait as WaitSetting | undefined, { maxWaitTime: 120, minDelay: 2, maxDelay: 10 });

  const urls: string[] = [];
  for (const target of targets) urls.push(await ops.urls.resolve(target));
  const [main, dlq] = targets.map((target, i) => ({ target, url: urls[i] as string }));
  if (main && dlq) {
    try {
      await checkDlq(sqs.client, stack, sqs.queues, main, dlq);
    } catch (error) {
      throw ops.urls.translate(error, main.target);
    }
  }

  const queues: PurgedQueue[] = [];
  const warnings: string[] = [];
  for (const [index, target] of targets.entries()) {
    const queueUrl = urls[index] as string;
    let purged: Awaited<ReturnType<typeof purgeOne>>;
    try {
      purged = await purgeOne(sqs.client, queueUrl, repurge, wait?.abortSignal);
    } catch (error) {
      throw ops.urls.translate(error, target);
    }
    const entry: PurgedQueue = { queueName: target.queueName, queueUrl, role: target.role, outcome: purged.outcome };
    if (purged.inProgress) {
      entry.warning = inProgressWarning(target.queueName);
      warnings.push(entry.warning);
      ops.logger.warn(`SqsTools: ${entry.warning}`, { queueUrl });
    } else {
      ops.logger.info(`SqsTools: purge of ${target.queueName} started`, { queueUrl });
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
        const depth = await ops.pollDepth(targets);
        if (depth === undefined) return { done: false, state: 'throttled' };
        return depth.total === 0 ? { done: true, value: depth } : { done: false, state: depth };
      },
      { ...wait, description: `queues ${names} to read empty after the purge` },
    );
  }
  return result;
}

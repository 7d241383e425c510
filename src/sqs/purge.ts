import { GetQueueAttributesCommand, PurgeQueueCommand, paginateListDeadLetterSourceQueues, type SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError, InvalidStateError, isAwsError, type Outcome, opposite, type StackReference, sleep } from '../core/index.js';
import { PURGE_IN_PROGRESS, type PurgedQueue, type QueueConfig, type QueueTarget } from './sqs-types.js';

/**
 * SQS allows one PurgeQueue per queue every 60 seconds, and the deletion itself "takes up to 60 seconds" (Amazon SQS
 * API Reference, PurgeQueue: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html,
 * and the PurgeQueueInProgress error: "the specified queue previously received a PurgeQueue request within the last
 * 60 seconds").
 */
export const PURGE_INTERVAL_SECONDS = 60;

/** How often a purge refused with PurgeQueueInProgress is tried again with `repurgeInProgress` (each after 60 s). */
export const REPURGE_ATTEMPTS = 3;

/** What the result says about a queue whose purge SQS refused as already in progress. */
export function inProgressWarning(queueName: string): string {
  return (
    `${queueName} was already being purged (SQS allows one PurgeQueue every ${PURGE_INTERVAL_SECONDS} s): messages sent ` +
    `to it after that earlier purge began may not be deleted; purge again after ${PURGE_INTERVAL_SECONDS} s, or pass ` +
    '{ repurgeInProgress: true } to wait and purge again'
  );
}

/**
 * Sends PurgeQueue. PurgeQueueInProgress is `already` (with `repurge`, waits 60 s and purges again, up to
 * {@link REPURGE_ATTEMPTS} times, so that messages sent since the earlier purge are deleted too).
 */
export async function purgeOne(
  client: SQSClient,
  queueUrl: string,
  repurge: boolean,
  signal: AbortSignal | undefined,
): Promise<{ outcome: Outcome; inProgress: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
      return { outcome: 'changed', inProgress: false };
    } catch (error) {
      if (!isAwsError(error, ...PURGE_IN_PROGRESS)) throw error;
      if (!repurge || attempt >= REPURGE_ATTEMPTS) return { outcome: 'already', inProgress: true };
      await sleep(PURGE_INTERVAL_SECONDS * 1000, signal, `the ${PURGE_INTERVAL_SECONDS} s between two purges of ${queueUrl}`);
    }
  }
}

/** The queue name and account of a queue ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
function parseQueueArn(arn: string): { account: string; name: string } | undefined {
  const parts = arn.split(':');
  return parts.length === 6 && parts[2] === 'sqs' ? { account: parts[4] as string, name: parts[5] as string } : undefined;
}

/** The queue name and account of a queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
function parseQueueUrl(url: string): { account: string; name: string } {
  const parts = url.replace(/\/+$/, '').split('/');
  return { account: parts[parts.length - 2] ?? '', name: parts[parts.length - 1] ?? '' };
}

/**
 * Before a DLQ is purged: the configured `dlqName` must be the queue's actual dead-letter queue (its `RedrivePolicy`
 * `deadLetterTargetArn`, GetQueueAttributes), and the DLQ must take dead letters from this stack's queue only
 * (ListDeadLetterSourceQueues, all pages): a DLQ that the other stack's queue also redrives to holds the other
 * stack's failed messages (ConfigError naming both paths), and one shared with any other queue holds theirs
 * (InvalidStateError). Nothing is purged when a check fails.
 *
 * Sources: Amazon SQS API Reference, GetQueueAttributes (`RedrivePolicy`: "deadLetterTargetArn – The Amazon Resource
 * Name (ARN) of the dead-letter queue to which Amazon SQS moves messages after the value of maxReceiveCount is
 * exceeded") and ListDeadLetterSourceQueues ("Returns a list of your queues that have the RedrivePolicy queue
 * attribute configured with a dead-letter queue").
 */
export async function checkDlq(
  client: SQSClient,
  stack: StackReference,
  queues: Record<StackReference, QueueConfig>,
  main: { target: QueueTarget; url: string },
  dlq: { target: QueueTarget; url: string },
): Promise<void> {
  const dlqPath = `queues.${stack}.dlqName`;
  const { Attributes: attributes = {} } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: main.url, AttributeNames: ['RedrivePolicy'] }),
  );
  let targetArn: string | undefined;
  try {
    targetArn = attributes.RedrivePolicy
      ? (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn
      : undefined;
  } catch {
    targetArn = undefined;
  }
  const actual = targetArn === undefined ? undefined : parseQueueArn(targetArn);
  const owner = main.target.ownerAccountId;
  if (actual === undefined || actual.name !== dlq.target.queueName || (owner !== undefined && actual.account !== owner)) {
    throw new InvalidStateError(
      `Refusing to purge ${dlq.target.queueName} (${dlqPath}): it is not the dead-letter queue of ${main.target.queueName}, whose ` +
        `RedrivePolicy ${targetArn === undefined ? 'names no dead-letter queue' : `sends dead letters to ${targetArn}`}. ` +
        'Fix dlqName (or the redrive policy); nothing was purged.',
      { state: { redrivePolicy: attributes.RedrivePolicy ?? null } },
    );
  }
  const own = parseQueueUrl(main.url);
  const other = opposite(stack);
  const otherConfig = queues[other];
  for await (const page of paginateListDeadLetterSourceQueues({ client, pageSize: 1000 }, { QueueUrl: dlq.url })) {
    for (const sourceUrl of page.queueUrls ?? []) {
      const source = parseQueueUrl(sourceUrl);
      if (source.name === own.name && source.account === own.account) continue;
      if (
        source.name === otherConfig.queueName &&
        (otherConfig.ownerAccountId === undefined || otherConfig.ownerAccountId === source.account)
      ) {
        throw new ConfigError(
          `${dlqPath} and queues.${other}.queueName share a dead-letter queue: ${otherConfig.queueName} also sends its dead letters ` +
            `to ${dlq.target.queueName}, so purging it would delete the ${other} stack's failed messages. Give each stack its own DLQ; nothing was purged.`,
        );
      }
      throw new InvalidStateError(
        `Refusing to purge ${dlq.target.queueName} (${dlqPath}): it is also the dead-letter queue of ${sourceUrl}, whose failed ` +
          'messages it would delete. Give this stack its own DLQ; nothing was purged.',
        { state: { sourceQueueUrl: sourceUrl } },
      );
    }
  }
}

/** The result message of a purge: what was purged, and which queues were already being purged. */
export function purgeMessage(queues: readonly PurgedQueue[]): string {
  const names = queues.map((q) => q.queueName).join(', ');
  const inProgress = queues.filter((q) => q.warning !== undefined).map((q) => q.queueName);
  if (inProgress.length === queues.length) return `a purge of ${names} is already in progress; messages sent since it began may remain`;
  return inProgress.length === 0
    ? `purged ${names}`
    : `purged ${names} (${inProgress.join(', ')} already in progress; messages sent since it began may remain)`;
}

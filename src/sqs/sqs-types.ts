import type { QueueAttributeName, SQSClient } from '@aws-sdk/client-sqs';
import type { ToolInternals } from '../core/base-tool.js';
import {
  type AwsClientConfig,
  type ClientSource,
  type CommonToolOptions,
  ConfigError,
  type Outcome,
  optionalString,
  type Pair,
  requireDisjointPair,
  requireObject,
  requireString,
  type StackReference,
  type StepResult,
  type WaitOptions,
  type WaitSetting,
} from '../core/index.js';
import type { QueueUrls } from './queue-urls.js';

/**
 * One stack's queue: the queue and, optionally, its dead-letter queue.
 *
 * @example
 * ```ts
 * import type { QueueConfig } from 'bluegreen-toolkit/sqs';
 *
 * const green: QueueConfig = { queueName: 'orders-green', dlqName: 'orders-green-dlq' };
 * ```
 */
export interface QueueConfig {
  /** The queue's name (not its URL), for example `orders-green` or `orders-green.fifo`. */
  queueName: string;
  /**
   * The name of the queue's dead-letter queue. Only a DLQ named here is ever purged or measured: a DLQ found through
   * the queue's redrive policy may be shared with other queues, so it is never purged implicitly.
   */
  dlqName?: string;
  /** The 12-digit account that owns both queues, when it is not the caller's account. */
  ownerAccountId?: string;
}

/**
 * Options of {@link SqsTools}: the blue/green pair of queues plus an SQS client (`awsSdkV3Client`) or settings to
 * create one (`clientConfig`), never both.
 *
 * @example
 * ```ts
 * import { SqsTools, type SqsToolsOptions } from 'bluegreen-toolkit/sqs';
 *
 * const options: SqsToolsOptions = {
 *   queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * const sqs = new SqsTools(options);
 * ```
 */
export type SqsToolsOptions = CommonToolOptions &
  ClientSource<SQSClient, AwsClientConfig> & {
    /** The queue (and optional DLQ) of each stack. */
    queues: Pair<QueueConfig>;
  };

/**
 * Which queue of a stack a figure is about.
 *
 * @example
 * ```ts
 * import type { QueueRole } from 'bluegreen-toolkit/sqs';
 *
 * const role: QueueRole = 'dlq';
 * ```
 */
export type QueueRole = 'queue' | 'dlq';

/**
 * The approximate depth of one queue, from `GetQueueAttributes`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { QueueDepth } from 'bluegreen-toolkit/sqs';
 *
 * const [main]: QueueDepth[] = (await sqs.getQueueDepth(StackReference.Blue)).queues;
 * console.log(main?.visible, main?.inFlight, main?.delayed);
 * ```
 */
export interface QueueDepth {
  /** The queue's name. */
  queueName: string;
  /** The queue's URL, as returned by `GetQueueUrl`. */
  queueUrl: string;
  /** `queue` for the main queue, `dlq` for its dead-letter queue. */
  role: QueueRole;
  /** Messages available for retrieval (`ApproximateNumberOfMessages`). */
  visible: number;
  /** Messages received but not yet deleted (`ApproximateNumberOfMessagesNotVisible`). */
  inFlight: number;
  /** Messages not yet available because of a delay (`ApproximateNumberOfMessagesDelayed`). */
  delayed: number;
  /** `visible + inFlight + delayed`. */
  total: number;
}

/**
 * The depth of a stack's queues.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { QueueDepthReport } from 'bluegreen-toolkit/sqs';
 *
 * const report: QueueDepthReport = await sqs.getQueueDepth(StackReference.Blue);
 * console.log(report.total);
 * ```
 */
export interface QueueDepthReport {
  /** One entry per queue read: the main queue first, then the DLQ when it was included. */
  queues: QueueDepth[];
  /** The sum of every entry's `total`. */
  total: number;
}

/**
 * What happened to one queue in {@link purgeQueues}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { type PurgedQueue, purgeQueues } from 'bluegreen-toolkit/sqs';
 *
 * const purged: PurgedQueue[] = (await purgeQueues(sqs, StackReference.Green)).queues;
 * ```
 */
export interface PurgedQueue {
  /** The queue's name. */
  queueName: string;
  /** The queue's URL, as returned by `GetQueueUrl`. */
  queueUrl: string;
  /** `queue` or `dlq`. */
  role: QueueRole;
  /** `changed` when a purge was started, `already` when SQS reported a purge in progress (`PurgeQueueInProgress`). */
  outcome: Outcome;
  /**
   * Set when SQS refused the purge as already in progress: messages sent to the queue after that earlier purge began
   * may not be deleted (PurgeQueue deletes the messages sent before it was called).
   */
  warning?: string;
}

/**
 * The result of {@link purgeQueues}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { type PurgeQueuesResult, purgeQueues } from 'bluegreen-toolkit/sqs';
 *
 * const result: PurgeQueuesResult = await purgeQueues(sqs, StackReference.Green);
 * if (result.outcome === 'already') console.log(result.message);
 * ```
 */
export interface PurgeQueuesResult extends StepResult {
  /** Each queue purged, main queue first. */
  queues: PurgedQueue[];
  /** One entry per queue that was already being purged (see {@link PurgedQueue.warning}); empty otherwise. */
  warnings: string[];
  /** The depth read after the purge, when `wait` was set. */
  depth?: QueueDepthReport;
}

/**
 * Options of {@link purgeQueues}.
 *
 * @example
 * ```ts
 * import type { PurgeQueuesOptions } from 'bluegreen-toolkit/sqs';
 *
 * const options: PurgeQueuesOptions = { includeDlq: true, repurgeInProgress: true, wait: { maxWaitTime: 90 } };
 * ```
 */
export interface PurgeQueuesOptions {
  /**
   * Also purge the configured DLQ (default `false`: a DLQ holds the messages no consumer could process, and purging
   * them cannot be undone; a stack without `dlqName` has none to purge). The DLQ is purged only when it is the queue's
   * `RedrivePolicy` target and takes dead letters from this stack's queue alone.
   */
  includeDlq?: boolean;
  /**
   * When SQS refuses a purge with `PurgeQueueInProgress` (one purge per queue every 60 s), wait 60 s and purge again,
   * up to 3 times, so that messages sent since the earlier purge are deleted too (default `false`: report `already`
   * with a warning). Honours `wait.abortSignal`.
   */
  repurgeInProgress?: boolean;
  /**
   * Wait until every purged queue reads empty (default: do not wait). Default `maxWaitTime` 120 s: SQS may take up to
   * 60 seconds to delete the messages.
   */
  wait?: WaitSetting;
  /** The stack that is live: purging it is refused with a LiveStackError before any AWS call (default: no check). */
  liveStack?: StackReference;
}

/**
 * Options of {@link SqsTools.getQueueDepth}.
 *
 * @example
 * ```ts
 * import type { QueueDepthOptions } from 'bluegreen-toolkit/sqs';
 *
 * const options: QueueDepthOptions = { includeDlq: false };
 * ```
 */
export interface QueueDepthOptions {
  /** Also read the configured DLQ (default `true`). */
  includeDlq?: boolean;
}

/**
 * Options of {@link SqsTools.waitForDrain}.
 *
 * @example
 * ```ts
 * import type { WaitForDrainOptions } from 'bluegreen-toolkit/sqs';
 *
 * const options: WaitForDrainOptions = { maxWaitTime: 300, emptyChecks: 2 };
 * ```
 */
export interface WaitForDrainOptions extends WaitOptions {
  /** Also wait until the DLQ is empty (default `false`: messages in a DLQ stay there until someone redrives them). */
  includeDlq?: boolean;
  /**
   * How many consecutive checks must read empty before the queue counts as drained (default 1). SQS counts are
   * approximate; 2 or 3 guards against a reading taken while a message is between states.
   */
  emptyChecks?: number;
}

export const QUEUE_NAME = {
  maxLength: 80,
  pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
  patternHint: "letters, digits, '-' and '_' (FIFO queues end in .fifo)",
};
export const ACCOUNT_ID = { pattern: /^\d{12}$/, patternHint: 'a 12-digit AWS account id' };
export const DEPTH_ATTRIBUTES: QueueAttributeName[] = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
];
export const NOT_FOUND = ['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'];
export const PURGE_IN_PROGRESS = ['PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress'];

export interface QueueTarget {
  queueName: string;
  role: QueueRole;
  ownerAccountId: string | undefined;
}

export function parseQueueConfig(value: unknown, path: string): QueueConfig {
  const input = requireObject(value, path, ['queueName', 'dlqName', 'ownerAccountId']);
  const config: QueueConfig = { queueName: requireString(input.queueName, `${path}.queueName`, QUEUE_NAME) };
  const dlqName = optionalString(input.dlqName, `${path}.dlqName`, QUEUE_NAME);
  if (dlqName !== undefined) {
    if (dlqName === config.queueName) throw new ConfigError(`${path}.dlqName must differ from ${path}.queueName ('${dlqName}').`);
    config.dlqName = dlqName;
  }
  const owner = optionalString(input.ownerAccountId, `${path}.ownerAccountId`, ACCOUNT_ID);
  if (owner !== undefined) config.ownerAccountId = owner;
  return config;
}

/**
 * Refuses a queue or DLQ of one stack that is also a queue or DLQ of the other: purging or draining one stack would
 * then delete or wait for the other stack's messages (a shared DLQ is the common case). Queues in two different
 * owner accounts never coincide; a side without `ownerAccountId` is in the caller's account, which may be the other's.
 */
export function requireDisjointQueues(queues: Pair<QueueConfig>): void {
  const { blue, green } = queues;
  if (blue.ownerAccountId !== undefined && green.ownerAccountId !== undefined && blue.ownerAccountId !== green.ownerAccountId) return;
  const entries = (side: 'blue' | 'green', config: QueueConfig) => [
    { path: `queues.${side}.queueName`, value: config.queueName },
    { path: `queues.${side}.dlqName`, value: config.dlqName },
  ];
  requireDisjointPair(entries('blue', blue), entries('green', green), {
    what: 'queue',
    hint: 'each stack needs its own queue and its own DLQ (a DLQ shared by both stacks would be purged with either)',
  });
}

export function optionsObject(value: unknown, path: string): Record<string, unknown> {
  return value === undefined ? {} : requireObject(value, path);
}

export function readCount(attributes: Record<string, string> | undefined, name: string): number {
  const value = Number(attributes?.[name] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/**
 * See {@link SqsTools.operations}.
 *
 * @internal
 */
export interface SqsToolOperations extends ToolInternals {
  /** The stack's queue and, with `includeDlq`, its configured DLQ. */
  targets(stack: StackReference, includeDlq: boolean): QueueTarget[];
  urls: QueueUrls;
  /** The depth of the targets, or `undefined` when the read was throttled (poll again). */
  pollDepth(targets: QueueTarget[]): Promise<QueueDepthReport | undefined>;
}

import type { StackReference, WaitOptions } from '../core/index.js';
import type { DynamoTools, ResetTableOptions, ResetTableResult } from '../dynamodb/index.js';
import type { PurgeQueuesOptions, PurgeQueuesResult, SqsTools } from '../sqs/index.js';
import type { StreamRebinder } from './flip-types.js';
import type { FlipLease } from './lease.js';
import type { RunbookEvent } from './runbook-types.js';
import type { StackTools, StackToolsOptions } from './stack-tools.js';

/**
 * SNS's propagation delay for a subscription filter-policy change, in seconds (900 = 15 minutes): the default
 * dwell of the flip after switching subscriptions on and again after switching them off. "Additions or changes to a
 * subscription filter policy require up to 15 minutes to fully take effect." (Amazon SNS Developer Guide, "Amazon SNS
 * subscription filter policies", https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html).
 *
 * @example
 * ```ts
 * import { SNS_FILTER_PROPAGATION_SECONDS } from 'bluegreen-toolkit/runbook';
 *
 * console.log(`the flip waits ${SNS_FILTER_PROPAGATION_SECONDS / 60} min after each subscription change`);
 * ```
 */
export const SNS_FILTER_PROPAGATION_SECONDS = 900;

/**
 * How long a queue must read empty before it counts as drained, in seconds (60): "The
 * ApproximateNumberOfMessagesDelayed, ApproximateNumberOfMessagesNotVisible, and ApproximateNumberOfMessages metrics
 * may not achieve consistency until at least 1 minute after the producers stop sending messages." (Amazon SQS API
 * Reference, GetQueueAttributes,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html).
 *
 * @example
 * ```ts
 * import { SQS_DEPTH_CONSISTENCY_SECONDS } from 'bluegreen-toolkit/runbook';
 *
 * console.log(`drained = empty for ${SQS_DEPTH_CONSISTENCY_SECONDS}s`);
 * ```
 */
export const SQS_DEPTH_CONSISTENCY_SECONDS = 60;

/**
 * Zero readings (spread over {@link SQS_DEPTH_CONSISTENCY_SECONDS}) a drained queue needs (3: at the start, middle
 * and end of the window).
 *
 * @example
 * ```ts
 * import { DRAIN_ZERO_READINGS } from 'bluegreen-toolkit/runbook';
 *
 * console.log(DRAIN_ZERO_READINGS); // 3
 * ```
 */
export const DRAIN_ZERO_READINGS = 3;

/**
 * The drain check of the flip's finish phase (option `drain` of {@link FlipOptions}): the old stack's queue counts
 * as drained only after `zeroReadings` empty readings spread over at least `windowSeconds`, **and** CloudWatch
 * reports no `NumberOfMessagesSent` for it over that window (SQS publishes its queue metrics to CloudWatch at
 * one-minute intervals: Amazon SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
 * The `WaitOptions` bound the whole wait (default `maxWaitTime` 1800 s).
 *
 * @example
 * ```ts
 * import type { DrainOptions } from 'bluegreen-toolkit/runbook';
 *
 * const drain: DrainOptions = { maxWaitTime: 3600, windowSeconds: 120, zeroReadings: 5 };
 * ```
 */
export interface DrainOptions extends WaitOptions {
  /** The window the empty readings must span, seconds (default {@link SQS_DEPTH_CONSISTENCY_SECONDS}). */
  windowSeconds?: number;
  /** Empty readings required within the window (default {@link DRAIN_ZERO_READINGS}). */
  zeroReadings?: number;
  /** Also require CloudWatch `NumberOfMessagesSent` = 0 over the window (default `true`; needs `cloudwatch:GetMetricData`). */
  sentMetric?: boolean;
  /**
   * The metric's `Period` and the rounding of the queried window, seconds (default 60: SQS publishes one datapoint a
   * minute). A test knob for scaled test worlds; keep the default in a real account (CloudWatch accepts periods below
   * 60 only for high-resolution metrics, which SQS's are not).
   */
  metricPeriodSeconds?: number;
}

/**
 * The destructive operations the flip runs, and its stream rebind, which are standalone functions of their subpaths
 * (their tools do not carry them, so a hook that never resets, purges or rebinds does not bundle them). A flip built
 * from tool instances ({@link bluegreenFlipFromTools}) is given them: `resetTable` from `bluegreen-toolkit/dynamodb`
 * with a `dynamodb` tool, `purgeQueues` from `bluegreen-toolkit/sqs` with `purgeOldQueues: true`,
 * `rebindStreamMappings` from `bluegreen-toolkit/lambda` (or `false`) with `dynamodb` and `lambda` tools. The config path
 * ({@link bluegreenFlip}) loads them itself.
 *
 * @example
 * ```ts
 * import { DynamoTools, resetTable } from 'bluegreen-toolkit/dynamodb';
 * import { bluegreenFlipFromTools } from 'bluegreen-toolkit/flip';
 * import type { FlipOperations } from 'bluegreen-toolkit/runbook';
 *
 * const operations: FlipOperations = { resetTable };
 * const flip = bluegreenFlipFromTools({ dynamodb: new DynamoTools({ tables }) }, { operations });
 * ```
 */
export interface FlipOperations {
  /** Resets the target's table (the flip's `dynamodb: reset` step): `resetTable` of `bluegreen-toolkit/dynamodb`. */
  resetTable?: (dynamo: DynamoTools, ref: StackReference, options: ResetTableOptions) => Promise<ResetTableResult>;
  /** Purges the old stack's queues (with `purgeOldQueues`): `purgeQueues` of `bluegreen-toolkit/sqs`. */
  purgeQueues?: (sqs: SqsTools, ref: StackReference, options?: PurgeQueuesOptions) => Promise<PurgeQueuesResult>;
  /**
   * Moves the target function's mappings to the new stream of a reset table: `rebindStreamMappings` of
   * `bluegreen-toolkit/lambda`. Needed with both a `dynamodb` and a `lambda` tool; `false` when the function does not
   * read the table's stream (the flip does not rebind, and its plan notes say so).
   */
  rebindStreamMappings?: StreamRebinder | false;
}

/**
 * Options of {@link bluegreenFlip}: the {@link StackToolsOptions} (client settings, logger, dry-run) plus what the flip
 * does and how long it waits. The defaults are AWS-true (SNS's 15-minute propagation, SQS's one-minute consistency
 * window); tests scale them down.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, type FlipOptions, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const options: FlipOptions = {
 *   clientConfig: { maxAttempts: 5 },
 *   wait: { maxWaitTime: 1200 },
 *   drain: { maxWaitTime: 3600 },
 *   purgeOldQueues: false,
 *   onEvent: (e) => console.log(`[${e.index}/${e.total}] ${e.type} ${e.step}`),
 * };
 * await bluegreenFlip(await loadStackConfig('stack.json'), options).finish(StackReference.Green);
 * ```
 */
export interface FlipOptions extends StackToolsOptions {
  /**
   * Pre-built tools (for example created once outside a Lambda handler); sections without a tool are built from the
   * config (default: every tool is built from the config).
   */
  tools?: StackTools;
  /**
   * The destructive operations and the stream rebind the flip runs ({@link FlipOperations}; default: the config path
   * loads them, a flip built from tool instances has none).
   */
  operations?: FlipOperations;
  /** How long each settle wait may take and how often it polls (seconds; default: per step, for example 1800 s for a cluster start). */
  wait?: WaitOptions;
  /**
   * The dwell after switching SNS subscriptions on (before the live ones go off) and after switching them off (before
   * the drain), seconds (default {@link SNS_FILTER_PROPAGATION_SECONDS}).
   */
  propagationDwellSeconds?: number;
  /** The drain check before the old stack's consumers go off (default {@link DrainOptions}' defaults; `false` skips it). */
  drain?: DrainOptions | false;
  /** Purge the old stack's queue at the end. Destructive; default `false` (opt-in). */
  purgeOldQueues?: boolean;
  /** With `purgeOldQueues`, purge its DLQ too. Destructive (the DLQ holds what no consumer processed); default `false`. */
  purgeOldDlq?: boolean;
  /** Stop the old stack's database at the end, best effort (default `true`). */
  stopOldDatabase?: boolean;
  /** `finish` first checks that none of the target's alarms is in ALARM (default `true`). */
  alarmGate?: boolean;
  /**
   * The lease. Default: the stack config's `lock` section (`{ tableName, lockId? }`); `false` runs without a lease
   * (not safe: two flips at once can leave both stacks or neither live). `leaseSeconds`/`heartbeatSeconds` scale it.
   */
  lock?: { tableName?: string; lockId?: string; leaseSeconds?: number; heartbeatSeconds?: number; holder?: string } | false;
  /** A pre-built lease for this pair (for example with an injected DynamoDB client); overrides `lock`. */
  lease?: FlipLease;
  /**
   * An id of the release (for example the CodeDeploy deployment id): recorded progress counts only for the same id,
   * so a new release to the same target after a rollback runs every step again (default: none — progress counts for
   * any run towards the same target).
   */
  flipId?: string;
  /** Attempts per undo before it is reported as left to fix (default 3). */
  undoAttempts?: number;
  /** Pause before an undo is retried, seconds (default 2, doubling). */
  undoRetryDelaySeconds?: number;
  /** Progress listener for every runbook the flip runs (default: none; progress still goes to the logger). */
  onEvent?: (event: RunbookEvent) => void;
}

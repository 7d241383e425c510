import type { Outcome, StackReference, StepResult, WaitSetting } from '../core/index.js';

/**
 * Every status an Aurora DB cluster can report in `DescribeDBClusters` (`DBCluster.Status`), as documented in
 * "Viewing DB cluster status" of the Amazon Aurora User Guide.
 *
 * @example
 * ```ts
 * import { AURORA_CLUSTER_STATUSES } from 'bluegreen-toolkit/aurora';
 *
 * AURORA_CLUSTER_STATUSES.includes('stopped'); // true
 * ```
 */
export const AURORA_CLUSTER_STATUSES = [
  'available',
  'backing-up',
  'backtracking',
  'cloning-failed',
  'creating',
  'deleting',
  'failing-over',
  'inaccessible-encryption-credentials',
  'inaccessible-encryption-credentials-recoverable',
  'maintenance',
  'migrating',
  'migration-failed',
  'modifying',
  'promoting',
  'renaming',
  'resetting-master-credentials',
  'starting',
  'stopped',
  'stopping',
  'storage-optimization',
  'update-iam-db-auth',
  'upgrading',
] as const;

/**
 * A documented Aurora DB cluster status (see {@link AURORA_CLUSTER_STATUSES}).
 *
 * @example
 * ```ts
 * import type { AuroraClusterStatus } from 'bluegreen-toolkit/aurora';
 *
 * const status: AuroraClusterStatus = 'failing-over';
 * ```
 */
export type AuroraClusterStatus = (typeof AURORA_CLUSTER_STATUSES)[number];

/**
 * A status string RDS returned that is not (yet) in {@link AURORA_CLUSTER_STATUSES}. It is passed through unchanged
 * rather than hidden, and the state's `recognisedStatus` is `false`.
 *
 * @example
 * ```ts
 * import { isAuroraClusterStatus, type UnrecognisedClusterStatus } from 'bluegreen-toolkit/aurora';
 *
 * const odd = 'some-new-status' as UnrecognisedClusterStatus;
 * isAuroraClusterStatus(odd); // false
 * ```
 */
export type UnrecognisedClusterStatus = string & { readonly __unrecognisedClusterStatus: true };

/**
 * Whether a string is one of the documented {@link AuroraClusterStatus} values.
 *
 * @example
 * ```ts
 * import { isAuroraClusterStatus } from 'bluegreen-toolkit/aurora';
 *
 * isAuroraClusterStatus('stopping'); // true
 * isAuroraClusterStatus('asleep'); // false
 * ```
 */
export function isAuroraClusterStatus(value: unknown): value is AuroraClusterStatus {
  return typeof value === 'string' && (AURORA_CLUSTER_STATUSES as readonly string[]).includes(value);
}

/**
 * One side of the `clusters` pair: plain JSON, so it can live in a stack config file.
 *
 * @example
 * ```ts
 * import type { AuroraClusterConfig } from 'bluegreen-toolkit/aurora';
 *
 * const blue: AuroraClusterConfig = { clusterIdentifier: 'orders-blue', minReaders: 1 };
 * ```
 */
export interface AuroraClusterConfig {
  /** The DB cluster identifier (1–63 letters, digits or hyphens, starting with a letter). */
  clusterIdentifier: string;
  /** The reader count `scaleIn` returns the Application Auto Scaling `MinCapacity` to (default 0). */
  minReaders?: number;
}

/**
 * How `applyTags` / `enablePerformanceInsights` retry while the new instance is in a state that refuses the change
 * (`InvalidDBInstanceState`). Times in seconds.
 *
 * @example
 * ```ts
 * import type { InstanceStateRetry } from 'bluegreen-toolkit/aurora-events';
 *
 * const retry: InstanceStateRetry = { attempts: 8, minDelay: 10, maxDelay: 60 };
 * ```
 */
export interface InstanceStateRetry {
  /** How many times the change is tried in all (default 5). */
  attempts?: number;
  /** Shortest pause between tries, in seconds (default 15). */
  minDelay?: number;
  /** Longest pause between tries, in seconds (default 120). */
  maxDelay?: number;
  /** Stops retrying (the call then throws `WaitAbortedError`), for example when the Lambda is about to time out. */
  abortSignal?: AbortSignal;
}

/**
 * A member instance of a cluster, from `DBClusterMembers`.
 *
 * @example
 * ```ts
 * import type { AuroraClusterMember } from 'bluegreen-toolkit/aurora';
 *
 * const member: AuroraClusterMember = { instanceIdentifier: 'orders-blue-1', isWriter: true, promotionTier: 1 };
 * ```
 */
export interface AuroraClusterMember {
  /** The DB instance identifier. */
  instanceIdentifier: string;
  /** Whether it is the writer. */
  isWriter: boolean;
  /** Its failover priority, when RDS reports one. */
  promotionTier?: number;
}

/**
 * What {@link AuroraTools.getClusterState} reports.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { AuroraClusterState } from 'bluegreen-toolkit/aurora';
 *
 * const state: AuroraClusterState = await aurora.getClusterState(StackReference.Blue);
 * console.log(state.status, state.writer, state.readers);
 * ```
 */
export interface AuroraClusterState {
  /** The stack asked about. */
  stack: StackReference;
  /** The configured cluster identifier. */
  clusterIdentifier: string;
  /** The cluster ARN. */
  clusterArn?: string;
  /** The cluster status: a documented value, or the raw string RDS sent (then `recognisedStatus` is false). */
  status: AuroraClusterStatus | UnrecognisedClusterStatus;
  /** Whether `status` is one of {@link AURORA_CLUSTER_STATUSES}. */
  recognisedStatus: boolean;
  /** The engine, for example `aurora-postgresql`. */
  engine?: string;
  /** Every member instance. */
  members: AuroraClusterMember[];
  /** The writer's instance identifier, if the cluster has one. */
  writer?: string;
  /** The reader instance identifiers (members with `IsClusterWriter: false`). */
  readers: string[];
  /** `readers.length`. */
  readerCount: number;
}

/** The `wait` option of a state-changing method. *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { WaitableOptions } from 'bluegreen-toolkit/aurora';
 *
 * const options: WaitableOptions = { wait: { maxWaitTime: 900 } };
 * await aurora.stopDatabase(StackReference.Blue, options);
 * ```
 */
export interface WaitableOptions {
  /** `true` waits with the method's defaults, an object overrides them; absent or `false` returns at once. */
  wait?: WaitSetting;
}

/**
 * The result of {@link AuroraTools.startDatabase} and {@link AuroraTools.stopDatabase}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { ClusterPowerResult } from 'bluegreen-toolkit/aurora';
 *
 * const result: ClusterPowerResult = await aurora.startDatabase(StackReference.Green, { wait: true });
 * console.log(result.previousStatus, '→', result.finalStatus);
 * ```
 */
export interface ClusterPowerResult extends StepResult {
  /** The cluster identifier. */
  clusterIdentifier: string;
  /** The status observed before anything was sent. */
  previousStatus: AuroraClusterStatus | UnrecognisedClusterStatus;
  /** The status after the wait, when the caller waited. */
  finalStatus?: AuroraClusterStatus | UnrecognisedClusterStatus;
}

/**
 * The result of {@link AuroraScalingTools.scaleOut} and {@link AuroraScalingTools.scaleIn}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { AuroraScalingTools, type ScaleResult } from 'bluegreen-toolkit/aurora';
 *
 * const aurora = new AuroraScalingTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 * });
 * const result: ScaleResult = await aurora.scaleOut(StackReference.Green);
 * console.log(`${result.resourceId}: ${result.previousMinCapacity} → ${result.minCapacity}`);
 * ```
 */
export interface ScaleResult extends StepResult {
  /** The cluster whose scalable target was changed. */
  clusterIdentifier: string;
  /** The Application Auto Scaling resource id, `cluster:<id>`. */
  resourceId: string;
  /** `MinCapacity` before the call. */
  previousMinCapacity: number;
  /** `MinCapacity` after the call. */
  minCapacity: number;
  /** `MaxCapacity` before the call. */
  previousMaxCapacity: number;
  /** `MaxCapacity` after the call (raised only when it was below the new minimum). */
  maxCapacity: number;
  /** For `scaleOut`: the partner's number of `available` readers (readers in other statuses do not count). */
  partnerReaderCount?: number;
  /** When the caller waited for readers: the available readers seen at the end. */
  availableReaders?: string[];
}

/**
 * The reader scalable target of a cluster as {@link AuroraScalingTools.getReaderCapacity} reads it.
 *
 * @example
 * ```ts
 * import type { ReaderCapacity } from 'bluegreen-toolkit/aurora';
 *
 * const capacity: ReaderCapacity = { resourceId: 'cluster:orders-green', minCapacity: 1, maxCapacity: 4 };
 * ```
 */
export interface ReaderCapacity {
  /** The Application Auto Scaling resource id, `cluster:<id>`. */
  resourceId: string;
  /** `MinCapacity` (readers Auto Scaling keeps at least). */
  minCapacity: number;
  /** `MaxCapacity`. */
  maxCapacity: number;
}

/**
 * Options of {@link deleteDatabase}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { type DeleteDatabaseOptions, deleteDatabase } from 'bluegreen-toolkit/aurora';
 *
 * const options: DeleteDatabaseOptions = { expectedClusterIdentifier: 'orders-blue', wait: true };
 * await deleteDatabase(aurora, StackReference.Blue, options);
 * ```
 */
export interface DeleteDatabaseOptions extends WaitableOptions {
  /**
   * Required guard: the cluster identifier you expect to delete. It must equal the identifier configured for the
   * stack (compared case-insensitively, like RDS does), otherwise nothing is called and a `GuardError` is thrown.
   */
  expectedClusterIdentifier: string;
  /** Delete without a final cluster snapshot (default `false`: a final snapshot is always taken). */
  skipFinalSnapshot?: boolean;
  /**
   * The final snapshot identifier (1–255 letters, digits or hyphens, starting with a letter, no `--`, no trailing
   * hyphen). Default: `<cluster>-final-<UTC timestamp>`.
   */
  finalSnapshotIdentifier?: string;
  /** How many instances are deleted at once (default 5, 1–50). */
  concurrency?: number;
}

/**
 * The result of {@link deleteDatabase}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { type DeleteDatabaseResult, deleteDatabase } from 'bluegreen-toolkit/aurora';
 *
 * const result: DeleteDatabaseResult = await deleteDatabase(aurora, StackReference.Blue, { expectedClusterIdentifier: 'orders-blue' });
 * console.log(result.finalSnapshotIdentifier);
 * ```
 */
export interface DeleteDatabaseResult extends StepResult {
  /** The cluster identifier. */
  clusterIdentifier: string;
  /** The member instances this call asked RDS to delete. */
  deletedInstances: string[];
  /** The final snapshot RDS takes before it removes the cluster, unless skipped. */
  finalSnapshotIdentifier?: string;
}

/**
 * The outcome of an event handler: `ignored` when the event is not one the handler acts on (another event, an
 * instance outside the configured clusters).
 *
 * @example
 * ```ts
 * import type { EventOutcome } from 'bluegreen-toolkit/aurora-events';
 *
 * const o: EventOutcome = 'ignored';
 * ```
 */
export type EventOutcome = Outcome | 'ignored';

/**
 * The result of {@link AuroraEventTools.applyTags} and {@link AuroraEventTools.enablePerformanceInsights}.
 *
 * @example
 * ```ts
 * import type { RdsEventResult } from 'bluegreen-toolkit/aurora-events';
 *
 * const result: RdsEventResult = await events.enablePerformanceInsights(record);
 * if (result.outcome === 'ignored') console.log(result.message);
 * ```
 */
export interface RdsEventResult {
  /** `changed`, `already` (nothing to do) or `ignored` (not an event this handler acts on). */
  outcome: EventOutcome;
  /** A human-readable summary. */
  message: string;
  /** The RDS event id, for example `RDS-EVENT-0005`, when the message has one. */
  eventId?: string;
  /** The instance the event is about. */
  instanceIdentifier?: string;
  /** The configured cluster the instance belongs to. */
  clusterIdentifier?: string;
  /** The stack whose cluster it is. */
  stack?: StackReference;
}

/**
 * The result of {@link AuroraEventTools.applyTags}.
 *
 * @example
 * ```ts
 * import type { ApplyTagsResult } from 'bluegreen-toolkit/aurora-events';
 *
 * const result: ApplyTagsResult = await events.applyTags(record);
 * console.log(result.appliedTags);
 * ```
 */
export interface ApplyTagsResult extends RdsEventResult {
  /** The tags written to the instance (empty when none were missing). */
  appliedTags: { Key: string; Value: string }[];
}

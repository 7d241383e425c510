import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  AddTagsToResourceCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  StartDBClusterCommand,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import {
  BaseTool,
  ConfigError,
  InvalidStateError,
  isAwsError,
  mapLimit,
  opposite,
  optionalBoolean,
  type Pair,
  pick,
  requireInteger,
  requireObject,
  type StackReference,
} from '../core/index.js';
import { availableReaders } from './available-readers.js';
import {
  deleteCluster,
  deleteInstance,
  describeCluster,
  requireCluster,
  type Status,
  toState,
  waitForClusterGone,
  waitForStatus,
} from './cluster-ops.js';
import { startDecision, stateHint, stopDecision } from './cluster-status.js';
import { eventTarget, isCreated, PI_DISABLED_MESSAGE, retryInstanceState } from './event-target.js';
import { assertExpectedCluster, finalSnapshotIdentifier, requireSnapshotIdentifier } from './identifiers.js';
import { type AuroraToolsOptions, type ResolvedAuroraConfig, resolveAuroraConfig, resolveRetry } from './options.js';
import type { SnsRecordLike } from './rds-event.js';
import { setMinCapacity, waitForMinCapacity, waitForReaders } from './reader-scaling.js';
import type {
  ApplyTagsResult,
  AuroraClusterState,
  ClusterPowerResult,
  DeleteDatabaseOptions,
  DeleteDatabaseResult,
  InstanceStateRetry,
  RdsEventResult,
  ScaleResult,
  WaitableOptions,
} from './types.js';

/**
 * Options of {@link AuroraTools.enablePerformanceInsights}.
 *
 * @example
 * ```ts
 * import type { EnablePerformanceInsightsOptions } from 'bluegreen-toolkit/aurora';
 *
 * const options: EnablePerformanceInsightsOptions = { retentionPeriod: 7, retry: { attempts: 8 } };
 * ```
 */
export interface EnablePerformanceInsightsOptions {
  /** Also act on "Performance Insights has been disabled" notifications, turning it back on (default `true`). */
  reEnableIfDisabled?: boolean;
  /** `PerformanceInsightsRetentionPeriod` in days (default: RDS's own, 7). */
  retentionPeriod?: number;
  /** `PerformanceInsightsKMSKeyId` (default: the account's RDS key). */
  kmsKeyId?: string;
  /** Retry on `InvalidDBInstanceState`; overrides the tool's `instanceStateRetry`. */
  retry?: InstanceStateRetry;
}

/**
 * Options of {@link AuroraTools.applyTags}.
 *
 * @example
 * ```ts
 * import type { ApplyTagsOptions } from 'bluegreen-toolkit/aurora';
 *
 * const options: ApplyTagsOptions = { retry: { attempts: 3, minDelay: 5, maxDelay: 20 } };
 * ```
 */
export interface ApplyTagsOptions {
  /** Retry on `InvalidDBInstanceState`; overrides the tool's `instanceStateRetry`. */
  retry?: InstanceStateRetry;
}

/**
 * Blue/green tools for a pair of Aurora DB clusters: state, start/stop, reader scaling through Application Auto
 * Scaling, guarded deletion and the RDS event handlers that tag new readers and enable Performance Insights on them.
 *
 * Every state-changing method is idempotent (a repeat returns `outcome: 'already'`), validates its input before any
 * AWS call and can wait for completion with `{ wait: true | WaitOptions }`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { AuroraTools } from 'bluegreen-toolkit/aurora';
 *
 * const aurora = new AuroraTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await aurora.startDatabase(StackReference.Green, { wait: true });
 * await aurora.scaleOut(StackReference.Green, { wait: { maxWaitTime: 1800 } });
 * ```
 */
export class AuroraTools extends BaseTool {
  /** The RDS client. */
  readonly rds: RDSClient;
  /** The Application Auto Scaling client. */
  readonly applicationAutoScaling: ApplicationAutoScalingClient;
  readonly #config: ResolvedAuroraConfig;

  /**
   * @param options - see {@link AuroraToolsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} for a missing or malformed option, or `clients` together with `clientConfig`.
   */
  constructor(options: AuroraToolsOptions) {
    super(options, 'AuroraTools');
    this.#config = resolveAuroraConfig(options);
    const { clients, clientConfig } = options;
    if (clients !== undefined && clientConfig !== undefined) {
      throw new ConfigError('Pass either clients or clientConfig to AuroraTools, not both.');
    }
    if (clients !== undefined) requireObject(clients, 'clients');
    this.rds = this.createClient(RDSClient, { awsSdkV3Client: clients?.rds, clientConfig }, options, {
      client: 'clients.rds',
      config: 'clientConfig',
    });
    this.applicationAutoScaling = this.createClient(
      ApplicationAutoScalingClient,
      { awsSdkV3Client: clients?.applicationAutoScaling, clientConfig },
      options,
      { client: 'clients.applicationAutoScaling', config: 'clientConfig' },
    );
  }

  /** The configured cluster identifiers. */
  get clusterIdentifiers(): Pair<string> {
    return { blue: this.#config.clusters.blue.clusterIdentifier, green: this.#config.clusters.green.clusterIdentifier };
  }

  /**
   * Reads a cluster's status and members.
   *
   * @param ref - the stack.
   * @returns the typed {@link AuroraClusterState}.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad `ref`; {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster does not exist.
   * @remarks IAM: `rds:DescribeDBClusters`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const state = await aurora.getClusterState(StackReference.Blue);
   * if (state.status === 'available') console.log(`${state.readerCount} readers`);
   * ```
   */
  async getClusterState(ref: StackReference): Promise<AuroraClusterState> {
    const stack = this.parseRef(ref);
    const id = this.clusterId(stack);
    return toState(stack, id, await requireCluster(this.rds, id, stack));
  }

  /**
   * Starts a stopped cluster. Already running (or starting, or busy with maintenance, backups, ...) is `already`.
   *
   * @param ref - the stack.
   * @param options.wait - wait until the cluster is `available` (default maxWaitTime 1800 s).
   * @throws {@link bluegreen-toolkit!InvalidStateError} when the status does not allow a start (stopping, deleting, failed, ...);
   *   {@link bluegreen-toolkit!ResourceNotFoundError}; {@link bluegreen-toolkit!WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:StartDBCluster`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const result = await aurora.startDatabase(StackReference.Green, { wait: true });
   * console.log(result.outcome, result.message);
   * ```
   */
  async startDatabase(ref: StackReference, options: WaitableOptions = {}): Promise<ClusterPowerResult> {
    return this.power(ref, options, 'start');
  }

  /**
   * Stops an available cluster. Already stopped or stopping is `already`.
   *
   * @param ref - the stack.
   * @param options.wait - wait until the cluster is `stopped` (default maxWaitTime 1800 s).
   * @throws {@link bluegreen-toolkit!InvalidStateError} when the status does not allow a stop (RDS stops only an `available`
   *   cluster); {@link bluegreen-toolkit!ResourceNotFoundError}; {@link bluegreen-toolkit!WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:StopDBCluster`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * await aurora.stopDatabase(StackReference.Blue, { wait: { maxWaitTime: 900 } });
   * ```
   */
  async stopDatabase(ref: StackReference, options: WaitableOptions = {}): Promise<ClusterPowerResult> {
    return this.power(ref, options, 'stop');
  }

  /**
   * Counts a cluster's readers: members with `IsClusterWriter: false` (an empty cluster has 0).
   *
   * @param ref - the stack.
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster does not exist.
   * @remarks IAM: `rds:DescribeDBClusters`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const readers = await aurora.getReaderCount(StackReference.Blue);
   * ```
   */
  async getReaderCount(ref: StackReference): Promise<number> {
    return (await this.getClusterState(ref)).readerCount;
  }

  /**
   * Sets the Application Auto Scaling `MinCapacity` (`rds:cluster:ReadReplicaCount`) of `ref`'s cluster to the
   * partner cluster's reader count, raising `MaxCapacity` if it is lower. Auto Scaling then adds the readers.
   *
   * @param ref - the stack to scale out (typically the one about to take traffic).
   * @param options.wait - wait until that many readers exist and are `available` (default maxWaitTime 3600 s).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster has no scalable target (the message shows the
   *   `RegisterScalableTarget` call that creates one) or a cluster is missing; {@link bluegreen-toolkit!WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `application-autoscaling:DescribeScalableTargets`,
   *   `application-autoscaling:RegisterScalableTarget`, and `rds:DescribeDBInstances` when waiting.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const result = await aurora.scaleOut(StackReference.Green, { wait: true });
   * console.log(`min readers ${result.previousMinCapacity} → ${result.minCapacity}`);
   * ```
   */
  async scaleOut(ref: StackReference, options: WaitableOptions = {}): Promise<ScaleResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(options.wait, { maxWaitTime: 3600, minDelay: 10, maxDelay: 60 });
    const partner = opposite(stack);
    const partnerReaderCount = (await this.getClusterState(partner)).readerCount;
    const result = await setMinCapacity(
      this.applicationAutoScaling,
      this.logger,
      this.target(stack),
      partnerReaderCount,
      `the ${partner} cluster's reader count`,
    );
    result.partnerReaderCount = partnerReaderCount;
    if (wait && partnerReaderCount > 0)
      result.availableReaders = await waitForReaders(this.rds, this.target(stack), partnerReaderCount, wait);
    return result;
  }

  /**
   * Sets the `MinCapacity` of `ref`'s cluster back to its configured `minReaders` (default 0). Auto Scaling removes
   * surplus readers later, through its scale-in policy; this call does not delete readers.
   *
   * @param ref - the stack to scale in (typically the one that no longer takes traffic).
   * @param options.wait - wait until the scalable target reports the new minimum (default maxWaitTime 300 s).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster has no scalable target; {@link bluegreen-toolkit!WaitTimeoutError}.
   * @remarks IAM: `application-autoscaling:DescribeScalableTargets`, `application-autoscaling:RegisterScalableTarget`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * await aurora.scaleIn(StackReference.Blue);
   * ```
   */
  async scaleIn(ref: StackReference, options: WaitableOptions = {}): Promise<ScaleResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(options.wait, { maxWaitTime: 300, minDelay: 2, maxDelay: 10 });
    const target = pick(this.#config.clusters, stack).minReaders;
    const result = await setMinCapacity(this.applicationAutoScaling, this.logger, this.target(stack), target, 'the configured minReaders');
    if (wait) await waitForMinCapacity(this.applicationAutoScaling, `cluster:${this.clusterId(stack)}`, target, wait);
    return result;
  }

  /**
   * **Destroys the cluster and every instance in it, with all their data.** Deletes the member instances (readers, then the
   * writer), then the cluster, taking a final cluster snapshot unless `skipFinalSnapshot` is `true`. Guarded: the caller must pass the
   * identifier it expects to delete. A cluster that is already gone (or being deleted) is `already`.
   *
   * @param ref - the stack whose cluster is deleted.
   * @param options.expectedClusterIdentifier - required; must equal the configured identifier.
   * @param options.skipFinalSnapshot - default `false`.
   * @param options.finalSnapshotIdentifier - default `<cluster>-final-<YYYYMMDD>-<HHMMSS>` (UTC).
   * @param options.wait - wait until the cluster is gone (default maxWaitTime 3600 s).
   * @throws {@link bluegreen-toolkit!GuardError} (no AWS call) when `expectedClusterIdentifier` is missing or differs;
   *   {@link bluegreen-toolkit!ConfigError} for a bad snapshot identifier or `skipFinalSnapshot` with `finalSnapshotIdentifier`;
   *   {@link bluegreen-toolkit!InvalidStateError} when deletion protection is on or the snapshot identifier is taken.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:DescribeDBInstances`, `rds:DeleteDBInstance`, `rds:DeleteDBCluster`,
   *   `rds:CreateDBClusterSnapshot` (for the final snapshot). `DeleteDBCluster` is retried with backoff while RDS still
   *   reports members that are not yet `deleting` (up to `wait.maxWaitTime`, or 900 s without `wait`).
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * await aurora.deleteDatabase(StackReference.Blue, { expectedClusterIdentifier: 'orders-blue', wait: true });
   * ```
   */
  async deleteDatabase(ref: StackReference, options: DeleteDatabaseOptions): Promise<DeleteDatabaseResult> {
    const stack = this.parseRef(ref);
    const id = this.clusterId(stack);
    const given = options === undefined ? {} : requireObject(options, 'deleteDatabase options');
    assertExpectedCluster(given.expectedClusterIdentifier, id, stack);
    const skip = optionalBoolean(given.skipFinalSnapshot, 'skipFinalSnapshot', false);
    if (skip && given.finalSnapshotIdentifier !== undefined) {
      throw new ConfigError('Pass either skipFinalSnapshot: true or finalSnapshotIdentifier, not both.');
    }
    const snapshotId = skip
      ? undefined
      : given.finalSnapshotIdentifier === undefined
        ? finalSnapshotIdentifier(id)
        : requireSnapshotIdentifier(given.finalSnapshotIdentifier, 'finalSnapshotIdentifier');
    const wait = this.waitOptions(given.wait as WaitableOptions['wait'], { maxWaitTime: 3600, minDelay: 10, maxDelay: 60 });

    const cluster = await describeCluster(this.rds, id);
    if (!cluster || cluster.Status === 'deleting') {
      if (cluster && wait) await waitForClusterGone(this.rds, id, wait);
      return {
        outcome: 'already',
        message: `cluster ${id} is ${cluster ? 'already being deleted' : 'already gone'}`,
        clusterIdentifier: id,
        deletedInstances: [],
      };
    }
    // Readers first, then the writer (AWS's documented order: no needless failover while the cluster is torn down).
    const memberIds = (writer: boolean) =>
      (cluster.DBClusterMembers ?? [])
        .filter((m) => (m.IsClusterWriter === true) === writer)
        .map((m) => m.DBInstanceIdentifier)
        .filter((m): m is string => !!m);
    const groups = [memberIds(false), memberIds(true)];
    const members = groups.flat();
    const deleted: boolean[] = [];
    for (const group of groups)
      deleted.push(...(await mapLimit(group, this.#config.concurrency, (instance) => deleteInstance(this.rds, instance))));
    await deleteCluster(this.rds, id, snapshotId, wait);
    if (wait) await waitForClusterGone(this.rds, id, wait);
    const result: DeleteDatabaseResult = {
      outcome: 'changed',
      message: `deleting cluster ${id} and ${members.length} instance(s)${snapshotId ? ` with final snapshot ${snapshotId}` : ' without a final snapshot'}`,
      clusterIdentifier: id,
      deletedInstances: members.filter((_, i) => deleted[i]),
    };
    if (snapshotId) result.finalSnapshotIdentifier = snapshotId;
    this.logger.info(`AuroraTools: ${result.message}`, { stack });
    return result;
  }

  /**
   * Handles an RDS event notification delivered through SNS: when a DB instance was created
   * (`RDS-EVENT-0005`) in one of the configured clusters, copies the cluster's tags (never reserved `aws:` tags)
   * plus the configured `readerTags` to it. Retries `InvalidDBInstanceState` with backoff.
   *
   * @param record - one `SNSEventRecord` (from `@types/aws-lambda`) of the RDS event subscription's topic.
   * @param options.retry - overrides the tool's `instanceStateRetry`.
   * @returns `ignored` for other events and for instances outside the configured clusters (matched exactly, by the
   *   instance's `DBClusterIdentifier`); `already` when the instance has every tag.
   * @throws {@link bluegreen-toolkit!MalformedInputError} for a malformed record/message; {@link bluegreen-toolkit!InvalidStateError} when retries are
   *   exhausted.
   * @remarks IAM: `rds:DescribeDBInstances`, `rds:DescribeDBClusters`, `rds:AddTagsToResource`.
   * @example
   * ```ts
   * import type { SNSHandler } from 'aws-lambda';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * export const handler: SNSHandler = async (event) => {
   *   for (const record of event.Records) await aurora.applyTags(record);
   * };
   * ```
   */
  async applyTags(record: SnsRecordLike, options: ApplyTagsOptions = {}): Promise<ApplyTagsResult> {
    const retry = resolveRetry(requireObject(options, 'applyTags options').retry, this.#config.retry, 'retry');
    const target = await eventTarget(this.rds, this.clusterIdentifiers, record, (e) => isCreated(e));
    if ('ignored' in target) return { ...target.ignored, appliedTags: [] };
    const { base, instance, arn } = target;
    const cluster = await requireCluster(this.rds, base.clusterIdentifier as string, base.stack as StackReference);
    const wanted = new Map<string, string>();
    for (const tag of cluster.TagList ?? []) {
      if (tag.Key && !tag.Key.toLowerCase().startsWith('aws:')) wanted.set(tag.Key, tag.Value ?? '');
    }
    for (const [key, value] of Object.entries(this.#config.readerTags)) wanted.set(key, value);
    const current = new Map((instance.TagList ?? []).map((t) => [t.Key, t.Value ?? '']));
    const missing = [...wanted].filter(([k, v]) => current.get(k) !== v).map(([Key, Value]) => ({ Key, Value }));
    if (missing.length === 0) {
      return {
        ...base,
        outcome: 'already',
        message: `instance ${base.instanceIdentifier} already has the cluster's tags`,
        appliedTags: [],
      };
    }
    await retryInstanceState(this.logger, `tagging ${base.instanceIdentifier}`, retry, () =>
      this.rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: missing })),
    );
    return {
      ...base,
      outcome: 'changed',
      message: `tagged instance ${base.instanceIdentifier} with ${missing.length} tag(s)`,
      appliedTags: missing,
    };
  }

  /**
   * Handles an RDS event notification delivered through SNS: when a DB instance of a configured cluster was created
   * (`RDS-EVENT-0005`), or reported "Performance Insights has been disabled", turns Performance Insights on for it
   * (`ModifyDBInstance`, applied immediately). Retries `InvalidDBInstanceState` with backoff.
   *
   * @param record - one `SNSEventRecord` of the RDS event subscription's topic.
   * @param options.reEnableIfDisabled - act on "Performance Insights has been disabled" (default `true`).
   * @param options.retentionPeriod - days to keep the data (default: RDS's).
   * @param options.kmsKeyId - KMS key for the data (default: RDS's).
   * @param options.retry - overrides the tool's `instanceStateRetry`.
   * @throws {@link bluegreen-toolkit!MalformedInputError}; {@link bluegreen-toolkit!InvalidStateError} when retries are exhausted.
   * @remarks IAM: `rds:DescribeDBInstances`, `rds:ModifyDBInstance` (and `kms:CreateGrant`/`kms:DescribeKey` for a
   *   customer-managed key).
   * @example
   * ```ts
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const result = await aurora.enablePerformanceInsights(record, { retentionPeriod: 7 });
   * ```
   */
  async enablePerformanceInsights(record: SnsRecordLike, options: EnablePerformanceInsightsOptions = {}): Promise<RdsEventResult> {
    const given = requireObject(options, 'enablePerformanceInsights options') as EnablePerformanceInsightsOptions;
    const reEnable = optionalBoolean(given.reEnableIfDisabled, 'reEnableIfDisabled', true);
    const retention =
      given.retentionPeriod === undefined ? undefined : requireInteger(given.retentionPeriod, 'retentionPeriod', { min: 1, max: 731 });
    if (given.kmsKeyId !== undefined && (typeof given.kmsKeyId !== 'string' || given.kmsKeyId.length === 0)) {
      throw new ConfigError('kmsKeyId must be a non-empty string (key ARN, key id, alias ARN or alias name).');
    }
    const retry = resolveRetry(given.retry, this.#config.retry, 'retry');
    const target = await eventTarget(
      this.rds,
      this.clusterIdentifiers,
      record,
      (e) => isCreated(e) || (reEnable && e.eventMessage === PI_DISABLED_MESSAGE),
    );
    if ('ignored' in target) return target.ignored;
    const { base, instance } = target;
    if (instance.PerformanceInsightsEnabled) {
      return { ...base, outcome: 'already', message: `Performance Insights is already on for ${base.instanceIdentifier}` };
    }
    await retryInstanceState(this.logger, `enabling Performance Insights on ${base.instanceIdentifier}`, retry, () =>
      this.rds.send(
        new ModifyDBInstanceCommand({
          DBInstanceIdentifier: instance.DBInstanceIdentifier,
          EnablePerformanceInsights: true,
          ApplyImmediately: true,
          ...(retention === undefined ? {} : { PerformanceInsightsRetentionPeriod: retention }),
          ...(given.kmsKeyId === undefined ? {} : { PerformanceInsightsKMSKeyId: given.kmsKeyId }),
        }),
      ),
    );
    return { ...base, outcome: 'changed', message: `enabled Performance Insights on ${base.instanceIdentifier}` };
  }

  /**
   * The reader instances of the stack's cluster that are `available` now (the flip waits on this after a scale-out).
   *
   * @param ref - the stack.
   * @returns their instance identifiers.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:DescribeDBInstances`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraTools({ clusters, clientConfig: { region: 'eu-west-1' } });
   * console.log(await aurora.getAvailableReaders(StackReference.Green));
   * ```
   */
  async getAvailableReaders(ref: StackReference): Promise<string[]> {
    const state = await this.getClusterState(ref);
    return availableReaders(this.rds, state.clusterIdentifier, state.readers);
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private clusterId(stack: StackReference): string {
    return pick(this.#config.clusters, stack).clusterIdentifier;
  }

  private target(stack: StackReference): { stack: StackReference; clusterIdentifier: string } {
    return { stack, clusterIdentifier: this.clusterId(stack) };
  }

  private async power(ref: StackReference, options: WaitableOptions, action: 'start' | 'stop'): Promise<ClusterPowerResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(requireObject(options, `${action}Database options`).wait as WaitableOptions['wait'], {
      maxWaitTime: 1800,
      minDelay: 10,
      maxDelay: 60,
    });
    const id = this.clusterId(stack);
    const goal = action === 'start' ? 'available' : 'stopped';
    const decide = action === 'start' ? startDecision : stopDecision;
    const before = (await requireCluster(this.rds, id, stack)).Status as Status;
    let decision = decide(before);
    if (decision === 'invalid') {
      throw new InvalidStateError(`Cannot ${action} cluster ${id}: ${stateHint(before, action)}.`, { state: before });
    }
    if (decision !== 'already') {
      try {
        await this.rds.send(
          action === 'start'
            ? new StartDBClusterCommand({ DBClusterIdentifier: id })
            : new StopDBClusterCommand({ DBClusterIdentifier: id }),
        );
      } catch (error) {
        if (!isAwsError(error, 'InvalidDBClusterStateFault', 'InvalidDBClusterState')) throw error;
        // The status moved between our read and the call: classify again.
        const now = (await requireCluster(this.rds, id, stack)).Status as Status;
        if (decide(now) !== 'already') {
          throw new InvalidStateError(`Cannot ${action} cluster ${id}: ${stateHint(now, action)}.`, { state: now, cause: error });
        }
        decision = 'already';
      }
    }
    const result: ClusterPowerResult = {
      outcome: decision === 'already' ? 'already' : 'changed',
      message:
        decision === 'already' ? `cluster ${id} is already ${before}` : `${action === 'start' ? 'starting' : 'stopping'} cluster ${id}`,
      clusterIdentifier: id,
      previousStatus: before,
    };
    if (wait) result.finalStatus = await waitForStatus(this.rds, id, goal, wait);
    return result;
  }
}

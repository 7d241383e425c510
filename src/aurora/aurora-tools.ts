import {
  ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import {
  AddTagsToResourceCommand,
  type DBCluster,
  type DBInstance,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  paginateDescribeDBInstances,
  RDSClient,
  StartDBClusterCommand,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import {
  BaseTool,
  backoffDelay,
  ConfigError,
  InvalidStateError,
  isAwsError,
  mapLimit,
  opposite,
  optionalBoolean,
  type Pair,
  pick,
  type ResolvedWaitOptions,
  ResourceNotFoundError,
  requireInteger,
  requireObject,
  StackReference,
  sleep,
  waitFor,
} from '../core/index.js';
import { BROKEN_STATUSES, startDecision, stateHint, stopDecision } from './cluster-status.js';
import { assertExpectedCluster, finalSnapshotIdentifier, requireSnapshotIdentifier } from './identifiers.js';
import { type AuroraToolsOptions, type ResolvedAuroraConfig, type ResolvedRetry, resolveAuroraConfig, resolveRetry } from './options.js';
import {
  DB_INSTANCE_CREATED_EVENT_ID,
  parseRdsEventRecord,
  type RdsEventNotification,
  requireInstanceArn,
  type SnsRecordLike,
} from './rds-event.js';
import type {
  ApplyTagsResult,
  AuroraClusterState,
  AuroraClusterStatus,
  ClusterPowerResult,
  DeleteDatabaseOptions,
  DeleteDatabaseResult,
  InstanceStateRetry,
  RdsEventResult,
  ScaleResult,
  UnrecognisedClusterStatus,
  WaitableOptions,
} from './types.js';
import { isAuroraClusterStatus } from './types.js';

const NAMESPACE = 'rds';
const DIMENSION = 'rds:cluster:ReadReplicaCount';
const PI_DISABLED_MESSAGE = 'Performance Insights has been disabled';
const CREATED_MESSAGE = 'DB instance created';

type Status = AuroraClusterStatus | UnrecognisedClusterStatus;

/** Options of {@link AuroraTools.enablePerformanceInsights}. */
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

/** Options of {@link AuroraTools.applyTags}. */
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
   * @throws {@link ConfigError} for a missing or malformed option, or `clients` together with `clientConfig`.
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
   * @throws {@link ConfigError} for a bad `ref`; {@link ResourceNotFoundError} when the cluster does not exist.
   * @remarks IAM: `rds:DescribeDBClusters`.
   * @example
   * ```ts
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const state = await aurora.getClusterState(StackReference.Blue);
   * if (state.status === 'available') console.log(`${state.readerCount} readers`);
   * ```
   */
  async getClusterState(ref: StackReference): Promise<AuroraClusterState> {
    const stack = this.parseRef(ref);
    const id = this.clusterId(stack);
    return toState(stack, id, await this.requireCluster(id, stack));
  }

  /**
   * Starts a stopped cluster. Already running (or starting, or busy with maintenance, backups, ...) is `already`.
   *
   * @param ref - the stack.
   * @param options.wait - wait until the cluster is `available` (default maxWaitTime 1800 s).
   * @throws {@link InvalidStateError} when the status does not allow a start (stopping, deleting, failed, ...);
   *   {@link ResourceNotFoundError}; {@link WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:StartDBCluster`.
   * @example
   * ```ts
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
   * @throws {@link InvalidStateError} when the status does not allow a stop (RDS stops only an `available`
   *   cluster); {@link ResourceNotFoundError}; {@link WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:StopDBCluster`.
   * @example
   * ```ts
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
   * @throws {@link ResourceNotFoundError} when the cluster does not exist.
   * @remarks IAM: `rds:DescribeDBClusters`.
   * @example
   * ```ts
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
   * @throws {@link ResourceNotFoundError} when the cluster has no scalable target (the message shows the
   *   `RegisterScalableTarget` call that creates one) or a cluster is missing; {@link WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `application-autoscaling:DescribeScalableTargets`,
   *   `application-autoscaling:RegisterScalableTarget`, and `rds:DescribeDBInstances` when waiting.
   * @example
   * ```ts
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
    const result = await this.setMinCapacity(stack, partnerReaderCount, `the ${partner} cluster's reader count`);
    result.partnerReaderCount = partnerReaderCount;
    if (wait && partnerReaderCount > 0) result.availableReaders = await this.waitForReaders(stack, partnerReaderCount, wait);
    return result;
  }

  /**
   * Sets the `MinCapacity` of `ref`'s cluster back to its configured `minReaders` (default 0). Auto Scaling removes
   * surplus readers later, through its scale-in policy; this call does not delete readers.
   *
   * @param ref - the stack to scale in (typically the one that no longer takes traffic).
   * @param options.wait - wait until the scalable target reports the new minimum (default maxWaitTime 300 s).
   * @throws {@link ResourceNotFoundError} when the cluster has no scalable target; {@link WaitTimeoutError}.
   * @remarks IAM: `application-autoscaling:DescribeScalableTargets`, `application-autoscaling:RegisterScalableTarget`.
   * @example
   * ```ts
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * await aurora.scaleIn(StackReference.Blue);
   * ```
   */
  async scaleIn(ref: StackReference, options: WaitableOptions = {}): Promise<ScaleResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(options.wait, { maxWaitTime: 300, minDelay: 2, maxDelay: 10 });
    const target = pick(this.#config.clusters, stack).minReaders;
    const result = await this.setMinCapacity(stack, target, 'the configured minReaders');
    if (wait) {
      const resourceId = `cluster:${this.clusterId(stack)}`;
      await waitFor(
        async () => {
          const current = await this.findScalableTarget(resourceId);
          return current?.MinCapacity === target ? { done: true, value: current } : { done: false, state: current?.MinCapacity };
        },
        { ...wait, description: `scalable target ${resourceId} to report MinCapacity ${target}` },
      );
    }
    return result;
  }

  /**
   * **Destroys the cluster and every instance in it, with all their data.** Deletes the member instances, then the
   * cluster, taking a final cluster snapshot unless `skipFinalSnapshot` is `true`. Guarded: the caller must pass the
   * identifier it expects to delete. A cluster that is already gone (or being deleted) is `already`.
   *
   * @param ref - the stack whose cluster is deleted.
   * @param options.expectedClusterIdentifier - required; must equal the configured identifier.
   * @param options.skipFinalSnapshot - default `false`.
   * @param options.finalSnapshotIdentifier - default `<cluster>-final-<YYYYMMDD>-<HHMMSS>` (UTC).
   * @param options.wait - wait until the cluster is gone (default maxWaitTime 3600 s).
   * @throws {@link GuardError} (no AWS call) when `expectedClusterIdentifier` is missing or differs;
   *   {@link ConfigError} for a bad snapshot identifier or `skipFinalSnapshot` with `finalSnapshotIdentifier`;
   *   {@link InvalidStateError} when deletion protection is on or the snapshot identifier is taken.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:DeleteDBInstance`, `rds:DeleteDBCluster`,
   *   `rds:CreateDBClusterSnapshot` (for the final snapshot).
   * @example
   * ```ts
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

    const cluster = await this.describeCluster(id);
    if (!cluster || cluster.Status === 'deleting') {
      if (cluster && wait) await this.waitForClusterGone(id, wait);
      return {
        outcome: 'already',
        message: `cluster ${id} is ${cluster ? 'already being deleted' : 'already gone'}`,
        clusterIdentifier: id,
        deletedInstances: [],
      };
    }
    const members = (cluster.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier).filter((m): m is string => !!m);
    const deleted = await mapLimit(members, this.#config.concurrency, (instance) => this.deleteInstance(instance));
    await this.deleteClusterCall(id, snapshotId, wait);
    if (wait) await this.waitForClusterGone(id, wait);
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
   * @throws {@link MalformedInputError} for a malformed record/message; {@link InvalidStateError} when retries are
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
    const target = await this.eventTarget(record, (e) => isCreated(e));
    if ('ignored' in target) return { ...target.ignored, appliedTags: [] };
    const { base, instance, arn } = target;
    const cluster = await this.requireCluster(base.clusterIdentifier as string, base.stack as StackReference);
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
    await this.retryInstanceState(`tagging ${base.instanceIdentifier}`, retry, () =>
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
   * @throws {@link MalformedInputError}; {@link InvalidStateError} when retries are exhausted.
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
    const target = await this.eventTarget(record, (e) => isCreated(e) || (reEnable && e.eventMessage === PI_DISABLED_MESSAGE));
    if ('ignored' in target) return target.ignored;
    const { base, instance } = target;
    if (instance.PerformanceInsightsEnabled) {
      return { ...base, outcome: 'already', message: `Performance Insights is already on for ${base.instanceIdentifier}` };
    }
    await this.retryInstanceState(`enabling Performance Insights on ${base.instanceIdentifier}`, retry, () =>
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

  // ---- internals -------------------------------------------------------------------------------------------------

  private clusterId(stack: StackReference): string {
    return pick(this.#config.clusters, stack).clusterIdentifier;
  }

  private async describeCluster(id: string): Promise<DBCluster | undefined> {
    try {
      const { DBClusters = [] } = await this.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
      return DBClusters.find((c) => c.DBClusterIdentifier?.toLowerCase() === id.toLowerCase());
    } catch (error) {
      if (isAwsError(error, 'DBClusterNotFoundFault', 'DBClusterNotFound')) return undefined;
      throw error;
    }
  }

  private async requireCluster(id: string, stack: StackReference): Promise<DBCluster> {
    const cluster = await this.describeCluster(id);
    if (!cluster) {
      throw new ResourceNotFoundError(
        `The ${stack} Aurora cluster ${id} does not exist (check clusters.${stack}.clusterIdentifier and the region).`,
        {
          resource: id,
        },
      );
    }
    return cluster;
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
    const before = (await this.requireCluster(id, stack)).Status as Status;
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
        const now = (await this.requireCluster(id, stack)).Status as Status;
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
    if (wait) result.finalStatus = await this.waitForStatus(id, goal, wait);
    return result;
  }

  private async waitForStatus(id: string, goal: string, wait: ResolvedWaitOptions): Promise<Status> {
    return waitFor<Status>(
      async () => {
        const cluster = await this.describeCluster(id);
        if (!cluster) throw new ResourceNotFoundError(`Cluster ${id} disappeared while waiting for it to be ${goal}.`, { resource: id });
        const status = cluster.Status as Status;
        if (status === goal) return { done: true, value: status };
        if (BROKEN_STATUSES.includes(status)) {
          throw new InvalidStateError(`Cluster ${id} became ${status} while waiting for it to be ${goal}.`, { state: status });
        }
        return { done: false, state: status };
      },
      { ...wait, description: `cluster ${id} to be ${goal}` },
    );
  }

  private async findScalableTarget(resourceId: string): Promise<ScalableTarget | undefined> {
    const pages = paginateDescribeScalableTargets(
      { client: this.applicationAutoScaling },
      { ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, ResourceIds: [resourceId] },
    );
    for await (const page of pages) {
      const found = page.ScalableTargets?.find((t) => t.ResourceId === resourceId && t.ScalableDimension === DIMENSION);
      if (found) return found;
    }
    return undefined;
  }

  private async setMinCapacity(stack: StackReference, min: number, why: string): Promise<ScaleResult> {
    const id = this.clusterId(stack);
    const resourceId = `cluster:${id}`;
    const target = await this.findScalableTarget(resourceId);
    if (!target) {
      throw new ResourceNotFoundError(
        `The ${stack} cluster ${id} has no Application Auto Scaling scalable target for its readers. Register one, for example: ` +
          `aws application-autoscaling register-scalable-target --service-namespace rds --scalable-dimension ${DIMENSION} ` +
          `--resource-id ${resourceId} --min-capacity ${min} --max-capacity 15 ` +
          `(SDK: new RegisterScalableTargetCommand({ ServiceNamespace: 'rds', ScalableDimension: '${DIMENSION}', ResourceId: '${resourceId}', MinCapacity: ${min}, MaxCapacity: 15 })).`,
        { resource: resourceId },
      );
    }
    const previousMin = target.MinCapacity ?? 0;
    const previousMax = target.MaxCapacity ?? 0;
    const max = Math.max(previousMax, min);
    const base = {
      clusterIdentifier: id,
      resourceId,
      previousMinCapacity: previousMin,
      minCapacity: min,
      previousMaxCapacity: previousMax,
      maxCapacity: max,
    };
    if (previousMin === min && previousMax >= min) {
      return { ...base, outcome: 'already', message: `${resourceId} already has MinCapacity ${min} (${why})` };
    }
    await this.applicationAutoScaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: NAMESPACE,
        ScalableDimension: DIMENSION,
        ResourceId: resourceId,
        MinCapacity: min,
        ...(max > previousMax ? { MaxCapacity: max } : {}),
      }),
    );
    this.logger.info(`AuroraTools: ${resourceId} MinCapacity ${previousMin} -> ${min} (${why})`, { stack });
    return {
      ...base,
      outcome: 'changed',
      message: `set ${resourceId} MinCapacity ${previousMin} → ${min} (${why})${max > previousMax ? `, MaxCapacity → ${max}` : ''}`,
    };
  }

  private async waitForReaders(stack: StackReference, count: number, wait: ResolvedWaitOptions): Promise<string[]> {
    const id = this.clusterId(stack);
    return waitFor(
      async () => {
        const cluster = await this.requireCluster(id, stack);
        const readers = new Set(
          (cluster.DBClusterMembers ?? []).filter((m) => m.IsClusterWriter === false).map((m) => m.DBInstanceIdentifier),
        );
        const available: string[] = [];
        for await (const page of paginateDescribeDBInstances(
          { client: this.rds },
          { Filters: [{ Name: 'db-cluster-id', Values: [id] }] },
        )) {
          for (const instance of page.DBInstances ?? []) {
            if (readers.has(instance.DBInstanceIdentifier) && instance.DBInstanceStatus === 'available')
              available.push(instance.DBInstanceIdentifier as string);
          }
        }
        return available.length >= count
          ? { done: true, value: available.sort() }
          : { done: false, state: { readers: readers.size, available } };
      },
      { ...wait, description: `${count} available reader(s) in cluster ${id}` },
    );
  }

  private async deleteInstance(instance: string): Promise<boolean> {
    try {
      await this.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instance }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) return false;
      if (isAwsError(error, 'InvalidDBInstanceState', 'InvalidDBInstanceStateFault')) {
        // Already being deleted is fine; any other state is reported.
        const { DBInstances = [] } = await this.rds
          .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }))
          .catch(() => ({ DBInstances: [] as DBInstance[] }));
        const status = DBInstances[0]?.DBInstanceStatus;
        if (status === undefined || status === 'deleting') return false;
        throw new InvalidStateError(`Cannot delete instance ${instance}: it is ${status}.`, { state: status, cause: error });
      }
      throw error;
    }
  }

  private async deleteClusterCall(id: string, snapshotId: string | undefined, wait: ResolvedWaitOptions | undefined): Promise<void> {
    const send = () =>
      this.rds.send(
        new DeleteDBClusterCommand(
          snapshotId
            ? { DBClusterIdentifier: id, FinalDBSnapshotIdentifier: snapshotId }
            : { DBClusterIdentifier: id, SkipFinalSnapshot: true },
        ),
      );
    // RDS refuses to delete a cluster while a member is not yet in 'deleting'; retry until the instance deletes land.
    await waitFor(
      async () => {
        try {
          await send();
          return { done: true, value: undefined };
        } catch (error) {
          if (isAwsError(error, 'DBClusterNotFoundFault', 'DBClusterNotFound')) return { done: true, value: undefined };
          if (isAwsError(error, 'InvalidParameterCombination') && /deletion protection/i.test(String((error as Error).message))) {
            throw new InvalidStateError(
              `Cluster ${id} has deletion protection on: turn it off (ModifyDBCluster DeletionProtection=false) if you really mean to delete it.`,
              { state: 'deletion-protection', cause: error },
            );
          }
          if (isAwsError(error, 'DBClusterSnapshotAlreadyExistsFault')) {
            throw new InvalidStateError(
              `Final snapshot ${snapshotId} already exists: pass another finalSnapshotIdentifier. Cluster ${id} was not deleted.`,
              {
                state: 'snapshot-exists',
                cause: error,
              },
            );
          }
          if (isAwsError(error, 'InvalidDBClusterStateFault', 'InvalidDBClusterState'))
            return { done: false, state: (error as Error).message };
          throw error;
        }
      },
      {
        maxWaitTime: wait?.maxWaitTime ?? 900,
        minDelay: 5,
        maxDelay: 30,
        ...(wait?.abortSignal ? { abortSignal: wait.abortSignal } : {}),
        description: `RDS to accept deleting cluster ${id}`,
      },
    );
  }

  private async waitForClusterGone(id: string, wait: ResolvedWaitOptions): Promise<void> {
    await waitFor(
      async () => {
        const cluster = await this.describeCluster(id);
        return cluster ? { done: false, state: cluster.Status } : { done: true, value: undefined };
      },
      { ...wait, description: `cluster ${id} to be deleted` },
    );
  }

  private async eventTarget(
    record: SnsRecordLike,
    relevant: (event: RdsEventNotification) => boolean,
  ): Promise<{ ignored: RdsEventResult } | { base: RdsEventResult; instance: DBInstance; arn: string }> {
    const event = parseRdsEventRecord(record);
    const base: RdsEventResult = { outcome: 'ignored', message: '', instanceIdentifier: event.sourceId };
    if (event.eventId) base.eventId = event.eventId;
    if (event.eventSource !== 'db-instance' || !relevant(event)) {
      return {
        ignored: {
          ...base,
          message: `ignored ${event.eventSource} event ${event.eventId ?? ''} "${event.eventMessage}"`.replace('  ', ' '),
        },
      };
    }
    const arn = requireInstanceArn(event);
    let instance: DBInstance | undefined;
    try {
      const { DBInstances = [] } = await this.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: arn }));
      instance = DBInstances[0];
    } catch (error) {
      if (!isAwsError(error, 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) throw error;
    }
    if (!instance) return { ignored: { ...base, message: `ignored: instance ${event.sourceId} no longer exists` } };
    const clusterId = instance.DBClusterIdentifier?.toLowerCase();
    const stack = [StackReference.Blue, StackReference.Green].find((s) => this.clusterId(s).toLowerCase() === clusterId);
    if (!stack) {
      return {
        ignored: {
          ...base,
          message: `ignored: instance ${event.sourceId} is not in cluster ${this.clusterIdentifiers.blue} or ${this.clusterIdentifiers.green}`,
        },
      };
    }
    return { base: { ...base, stack, clusterIdentifier: this.clusterId(stack) }, instance, arn };
  }

  private async retryInstanceState<T>(what: string, retry: ResolvedRetry, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!isAwsError(error, 'InvalidDBInstanceState', 'InvalidDBInstanceStateFault')) throw error;
        if (attempt >= retry.attempts) {
          throw new InvalidStateError(`Gave up ${what}: the instance was still in a state that refuses it after ${attempt} attempt(s).`, {
            state: 'InvalidDBInstanceState',
            cause: error,
          });
        }
        const pause = backoffDelay(attempt, retry);
        this.logger.warn(`AuroraTools: ${what} refused (InvalidDBInstanceState), retrying in ${Math.round(pause / 1000)}s`, { attempt });
        await sleep(pause, retry.abortSignal, what);
      }
    }
  }
}

function isCreated(event: RdsEventNotification): boolean {
  return event.eventId === undefined ? event.eventMessage === CREATED_MESSAGE : event.eventId === DB_INSTANCE_CREATED_EVENT_ID;
}

function toState(stack: StackReference, id: string, cluster: DBCluster): AuroraClusterState {
  const members = (cluster.DBClusterMembers ?? [])
    .filter((m) => typeof m.DBInstanceIdentifier === 'string')
    .map((m) => ({
      instanceIdentifier: m.DBInstanceIdentifier as string,
      isWriter: m.IsClusterWriter === true,
      ...(m.PromotionTier === undefined ? {} : { promotionTier: m.PromotionTier }),
    }));
  const readers = members.filter((m) => !m.isWriter).map((m) => m.instanceIdentifier);
  const status = (cluster.Status ?? 'unknown') as Status;
  const state: AuroraClusterState = {
    stack,
    clusterIdentifier: id,
    status,
    recognisedStatus: isAuroraClusterStatus(status),
    members,
    readers,
    readerCount: readers.length,
  };
  const writer = members.find((m) => m.isWriter)?.instanceIdentifier;
  if (writer) state.writer = writer;
  if (cluster.DBClusterArn) state.clusterArn = cluster.DBClusterArn;
  if (cluster.Engine) state.engine = cluster.Engine;
  return state;
}

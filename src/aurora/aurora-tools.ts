import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { RDSClient } from '@aws-sdk/client-rds';
import {
  BaseTool,
  ConfigError,
  type Logger,
  opposite,
  type Pair,
  pick,
  type ResolvedWaitOptions,
  requireObject,
  type StackReference,
  type WaitOptions,
  type WaitSetting,
} from '../core/index.js';
import { availableReaders, registerReaderCapacity } from './available-readers.js';
import { requireCluster, toState } from './cluster-ops.js';
import { type AuroraToolsOptions, type ResolvedAuroraConfig, resolveAuroraConfig } from './options.js';
import { power } from './power.js';
import { setMinCapacity, waitForMinCapacity } from './reader-scaling.js';
import { scaleOut } from './scale-out.js';
import { type StopCheck, stopRefusal } from './stop-check.js';
import type { AuroraClusterState, ClusterPowerResult, ScaleResult, WaitableOptions } from './types.js';

/**
 * See {@link AuroraTools.operations}.
 *
 * @internal
 */
export interface ToolOperations {
  parseRef(ref: unknown): StackReference;
  waitOptions(setting: WaitSetting | undefined, defaults: WaitOptions): ResolvedWaitOptions | undefined;
  logger: Logger;
  clusterIdentifier(stack: StackReference): string;
}

/**
 * Blue/green tools for a pair of Aurora DB clusters: state, start/stop, reader scaling through Application Auto
 * Scaling. Guarded deletion is the standalone {@link deleteDatabase} of the same subpath, so hooks that never delete
 * a cluster do not carry it. The RDS event handlers that tag new readers and enable Performance Insights on them are {@link bluegreen-toolkit/aurora-events!AuroraEventTools} (subpath `bluegreen-toolkit/aurora-events`), so a hook
 * importing this class does not carry them.
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
    const id = this.#clusterId(stack);
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
    return this.#power(ref, options, 'start');
  }

  /**
   * Stops an available cluster. Already stopped or stopping is `already`. A cluster AWS cannot stop (global database
   * member, Serverless v1, parallel query, multi-master: see {@link AuroraTools.checkStoppable}) is refused before any
   * StopDBCluster call. **AWS starts a stopped cluster again by itself after seven days** (Aurora User Guide,
   * "Stopping and starting an Amazon Aurora DB cluster"): billing resumes then; stop it again or delete its instances.
   *
   * @param ref - the stack.
   * @param options.wait - wait until the cluster is `stopped` (default maxWaitTime 1800 s).
   * @throws {@link bluegreen-toolkit!InvalidStateError} when the status does not allow a stop (RDS stops only an `available`
   *   cluster), or with `state: 'stop-unsupported'` for a cluster AWS cannot stop;
   *   {@link bluegreen-toolkit!ResourceNotFoundError}; {@link bluegreen-toolkit!WaitTimeoutError}.
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
    return this.#power(ref, options, 'stop');
  }

  /**
   * Whether AWS can stop this cluster at all (read-only, one `DescribeDBClusters`): `{ stoppable: false, reason }` for
   * an Aurora global database member, an Aurora Serverless v1 cluster (`EngineMode: serverless`) and a parallel-query
   * or multi-master cluster (`EngineMode`), which StopDBCluster refuses (Aurora User Guide, "Stopping and starting an
   * Amazon Aurora DB cluster", Limitations). The current status is not considered: {@link AuroraTools.stopDatabase}
   * handles that (`already` when stopped, `InvalidStateError` while busy). Use it to leave the stop out of a plan.
   *
   * @param ref - the stack.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad `ref`; {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster does not exist.
   * @remarks IAM: `rds:DescribeDBClusters`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const check = await aurora.checkStoppable(StackReference.Blue);
   * if (check.stoppable) await aurora.stopDatabase(StackReference.Blue);
   * else console.log(`not stopping: ${check.reason}`);
   * ```
   */
  async checkStoppable(ref: StackReference): Promise<StopCheck> {
    const stack = this.parseRef(ref);
    const reason = stopRefusal(await requireCluster(this.rds, this.#clusterId(stack), stack));
    return reason === undefined ? { stoppable: true } : { stoppable: false, reason };
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
   * Raises the Application Auto Scaling `MinCapacity` (`rds:cluster:ReadReplicaCount`) of `ref`'s cluster to the
   * partner cluster's number of **available** readers (readers being created, deleted or failed do not count), or to
   * `ref`'s configured `minReaders` when that is higher, raising `MaxCapacity` if it is lower. It never lowers the
   * minimum (`already` when it is higher). Auto Scaling then adds the readers. Refused before any change for a cluster
   * that is not `available` or is a secondary cluster of an Aurora global database: Aurora Auto Scaling scales neither
   * (Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas").
   *
   * @param ref - the stack to scale out (typically the one about to take traffic).
   * @param options.wait - wait until that many readers exist and are `available` (default maxWaitTime 3600 s).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster has no scalable target (the message shows the
   *   `RegisterScalableTarget` call that creates one) or a cluster is missing; {@link bluegreen-toolkit!InvalidStateError} (nothing
   *   changed) for a cluster that is not `available` or a global secondary; {@link bluegreen-toolkit!WaitTimeoutError}.
   * @remarks IAM: `rds:DescribeDBClusters`, `rds:DescribeDBInstances`, `rds:DescribeGlobalClusters` (global database
   *   members only), `application-autoscaling:DescribeScalableTargets`, `application-autoscaling:RegisterScalableTarget`.
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
    const own = { ...this.#target(stack), minReaders: pick(this.#config.clusters, stack).minReaders };
    const clients = { rds: this.rds, aas: this.applicationAutoScaling, logger: this.logger, dryRun: this.dryRun };
    return scaleOut(clients, own, this.#target(opposite(stack)), wait);
  }

  /**
   * Sets the `MinCapacity` of `ref`'s cluster back to its configured `minReaders` (default 0). This call deletes no
   * reader. Aurora Auto Scaling later removes surplus readers **that it created** through its scale-in policy; readers
   * created any other way (by hand, CloudFormation, CreateDBInstance) stay until you delete them: "Aurora Auto Scaling
   * only removes Aurora Replicas that it created" (Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas").
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
    const result = await setMinCapacity(this.applicationAutoScaling, this.logger, this.#target(stack), target, 'the configured minReaders');
    if (wait) await waitForMinCapacity(this.applicationAutoScaling, `cluster:${this.#clusterId(stack)}`, target, wait);
    return result;
  }

  /**
   * What the subpath's standalone operations ({@link deleteDatabase}) need from the tool: its reference parsing, its
   * dry-run-aware wait resolution and its logger.
   *
   * @internal
   */
  get operations(): ToolOperations {
    return {
      parseRef: (ref) => this.parseRef(ref),
      waitOptions: (setting, defaults) => this.waitOptions(setting, defaults),
      logger: this.logger,
      clusterIdentifier: (stack) => this.#clusterId(stack),
    };
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
   * const aurora = new AuroraTools({
   *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
   *   clientConfig: { region: 'eu-west-1' },
   * });
   * console.log(await aurora.getAvailableReaders(StackReference.Green));
   * ```
   */
  async getAvailableReaders(ref: StackReference): Promise<string[]> {
    const state = await this.getClusterState(ref);
    return availableReaders(this.rds, state.clusterIdentifier, state.readers);
  }
  /**
   * Registers the reader scalable target `resourceId` (`cluster:<id>`, from a {@link ScaleResult}) with exactly these
   * capacities: the exact undo of a scale-out or scale-in (the flip uses it).
   *
   * @param resourceId - the scalable target's resource id.
   * @param minCapacity - the minimum reader count to restore.
   * @param maxCapacity - the maximum reader count to restore.
   * @remarks IAM: `application-autoscaling:RegisterScalableTarget`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraTools({
   *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
   *   clientConfig: { region: 'eu-west-1' },
   * });
   * const scaled = await aurora.scaleOut(StackReference.Green);
   * // put it back: the capacities from before the scale-out
   * await aurora.restoreReaderCapacity(scaled.resourceId, scaled.previousMinCapacity, scaled.previousMaxCapacity);
   * ```
   */
  async restoreReaderCapacity(resourceId: string, minCapacity: number, maxCapacity: number): Promise<void> {
    await registerReaderCapacity(this.applicationAutoScaling, resourceId, minCapacity, maxCapacity);
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #clusterId(stack: StackReference): string {
    return pick(this.#config.clusters, stack).clusterIdentifier;
  }

  #target(stack: StackReference): { stack: StackReference; clusterIdentifier: string } {
    return { stack, clusterIdentifier: this.#clusterId(stack) };
  }

  #power(ref: StackReference, options: WaitableOptions, action: 'start' | 'stop'): Promise<ClusterPowerResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(requireObject(options, `${action}Database options`).wait as WaitableOptions['wait'], {
      maxWaitTime: 1800,
      minDelay: 10,
      maxDelay: 60,
    });
    return power(this.rds, this.#target(stack), wait, action);
  }
}

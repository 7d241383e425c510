import { RDSClient } from '@aws-sdk/client-rds';
import type { ToolInternals } from '../core/base-tool.js';
import { BaseTool, ConfigError, type Pair, pick, requireObject, type StackReference } from '../core/index.js';
import { requireCluster, toState } from './cluster-ops.js';
import { type AuroraToolsOptions, type ResolvedAuroraConfig, resolveAuroraConfig } from './options.js';
import { power } from './power.js';
import { type StopCheck, stopRefusal } from './stop-check.js';
import type { AuroraClusterConfig, AuroraClusterState, ClusterPowerResult, WaitableOptions } from './types.js';

/**
 * See {@link AuroraTools.operations}.
 *
 * @internal
 */
export interface ToolOperations extends ToolInternals {
  cluster(stack: StackReference): Required<AuroraClusterConfig>;
}

/**
 * Blue/green tools for a pair of Aurora DB clusters: state, start/stop, whether a cluster can be stopped. RDS client
 * only. Reader scaling through Application Auto Scaling (what the whole-stack flip also does) is the subclass
 * {@link AuroraScalingTools} of the same subpath, guarded deletion the standalone {@link deleteDatabase}, so hooks that
 * only start and stop a cluster carry neither. The RDS event handlers that tag new readers and enable Performance
 * Insights on them are {@link bluegreen-toolkit/aurora-events!AuroraEventTools} (subpath `bluegreen-toolkit/aurora-events`).
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
 * ```
 */
export class AuroraTools extends BaseTool {
  /** The RDS client. */
  readonly rds: RDSClient;
  readonly #config: ResolvedAuroraConfig;

  /**
   * @param options - see {@link AuroraToolsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} for a missing or malformed option, `clients` together with
   *   `clientConfig`, or a `clients` key this class does not use (`applicationAutoScaling` is {@link AuroraScalingTools}').
   */
  constructor(options: AuroraToolsOptions) {
    super(options, 'AuroraTools');
    this.#config = resolveAuroraConfig(options);
    const { clients, clientConfig } = options;
    if (clients !== undefined && clientConfig !== undefined) {
      throw new ConfigError('Pass either clients or clientConfig to AuroraTools, not both.');
    }
    const given = clients === undefined ? {} : requireObject(clients, 'clients');
    if ('applicationAutoScaling' in given && new.target === AuroraTools)
      throw new ConfigError('clients.applicationAutoScaling is for reader scaling: use AuroraScalingTools (bluegreen-toolkit/aurora).');
    this.rds = this.createClient(RDSClient, { awsSdkV3Client: clients?.rds, clientConfig }, options, {
      client: 'clients.rds',
      config: 'clientConfig',
    });
  }

  /** The validated configuration of the stack's cluster. @internal */
  protected cluster(stack: StackReference): Required<AuroraClusterConfig> {
    return pick(this.#config.clusters, stack);
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
   * What the subpath's standalone operations ({@link deleteDatabase}) need from the tool: its reference parsing, its
   * dry-run-aware wait resolution and its logger.
   *
   * @internal
   */
  get operations(): ToolOperations {
    // The tool itself, seen through those protected members (call them as methods of the returned object).
    return this as unknown as ToolOperations;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #clusterId(stack: StackReference): string {
    return this.cluster(stack).clusterIdentifier;
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

import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { opposite, type StackReference } from '../core/index.js';
import { AuroraTools } from './aurora-tools.js';
import { availableReaders, registerReaderCapacity } from './available-readers.js';
import type { AuroraScalingToolsOptions } from './options.js';
import { findScalableTarget, setMinCapacity, waitForMinCapacity } from './reader-scaling.js';
import { scaleOut } from './scale-out.js';
import type { ReaderCapacity, ScaleResult, WaitableOptions } from './types.js';

/**
 * {@link AuroraTools} plus reader scaling through Application Auto Scaling: {@link AuroraScalingTools.scaleOut}
 * (match the partner's readers), {@link AuroraScalingTools.scaleIn}, {@link AuroraScalingTools.getAvailableReaders}
 * and {@link AuroraScalingTools.restoreReaderCapacity}. This is the Aurora tool of the whole-stack flip (which scales
 * the target's readers out and the old stack's in); a hook that only starts and stops a cluster imports
 * {@link AuroraTools} and carries neither this code nor the Application Auto Scaling client.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { AuroraScalingTools } from 'bluegreen-toolkit/aurora';
 *
 * const aurora = new AuroraScalingTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await aurora.startDatabase(StackReference.Green, { wait: true });
 * await aurora.scaleOut(StackReference.Green, { wait: { maxWaitTime: 1800 } });
 * ```
 */
export class AuroraScalingTools extends AuroraTools {
  /** The Application Auto Scaling client. */
  readonly applicationAutoScaling: ApplicationAutoScalingClient;

  /**
   * @param options - see {@link AuroraScalingToolsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} for a missing or malformed option, or `clients` together with `clientConfig`.
   */
  constructor(options: AuroraScalingToolsOptions) {
    super(options);
    this.applicationAutoScaling = this.createClient(
      ApplicationAutoScalingClient,
      { awsSdkV3Client: options.clients?.applicationAutoScaling, clientConfig: options.clientConfig },
      options,
      { client: 'clients.applicationAutoScaling', config: 'clientConfig' },
    );
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
   * import { AuroraScalingTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraScalingTools({
   *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
   * });
   * const result = await aurora.scaleOut(StackReference.Green, { wait: true });
   * console.log(`min readers ${result.previousMinCapacity} → ${result.minCapacity}`);
   * ```
   */
  async scaleOut(ref: StackReference, options: WaitableOptions = {}): Promise<ScaleResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(options.wait, { maxWaitTime: 3600, minDelay: 10, maxDelay: 60 });
    const own = { ...this.#target(stack), minReaders: this.cluster(stack).minReaders };
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
   * import { AuroraScalingTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraScalingTools({
   *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
   * });
   * await aurora.scaleIn(StackReference.Blue);
   * ```
   */
  async scaleIn(ref: StackReference, options: WaitableOptions = {}): Promise<ScaleResult> {
    const stack = this.parseRef(ref);
    const wait = this.waitOptions(options.wait, { maxWaitTime: 300, minDelay: 2, maxDelay: 10 });
    const target = this.#target(stack);
    const min = this.cluster(stack).minReaders;
    const result = await setMinCapacity(this.applicationAutoScaling, this.logger, target, min, 'the configured minReaders');
    if (wait) await waitForMinCapacity(this.applicationAutoScaling, `cluster:${target.clusterIdentifier}`, min, wait);
    return result;
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
   * import { AuroraScalingTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraScalingTools({
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
   * The reader scalable target of the stack's cluster as it is now: its resource id and its `MinCapacity` /
   * `MaxCapacity` (`rds:cluster:ReadReplicaCount`), or `null` when the cluster has none registered. Read-only: the
   * flip takes it just before a scale-out or scale-in, so an undo after a failure (also one whose change landed while
   * its answer was lost) puts exactly these capacities back with {@link AuroraScalingTools.restoreReaderCapacity}.
   *
   * @param ref - the stack.
   * @remarks IAM: `application-autoscaling:DescribeScalableTargets`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { AuroraScalingTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraScalingTools({
   *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
   *   clientConfig: { region: 'eu-west-1' },
   * });
   * const before = await aurora.getReaderCapacity(StackReference.Green); // { resourceId, minCapacity, maxCapacity } | null
   * ```
   */
  async getReaderCapacity(ref: StackReference): Promise<ReaderCapacity | null> {
    const resourceId = `cluster:${this.cluster(this.parseRef(ref)).clusterIdentifier}`;
    const target = await findScalableTarget(this.applicationAutoScaling, resourceId);
    if (!target) return null;
    return { resourceId, minCapacity: target.MinCapacity ?? 0, maxCapacity: target.MaxCapacity ?? 0 };
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
   * import { AuroraScalingTools } from 'bluegreen-toolkit/aurora';
   *
   * const aurora = new AuroraScalingTools({
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

  #target(stack: StackReference): { stack: StackReference; clusterIdentifier: string } {
    return { stack, clusterIdentifier: this.cluster(stack).clusterIdentifier };
  }
}

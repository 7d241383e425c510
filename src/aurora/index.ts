/**
 * `bluegreen-toolkit/aurora`: {@link AuroraTools} for a blue/green pair of Aurora DB clusters (state, start/stop:
 * RDS client only), {@link AuroraScalingTools} (the same plus reader scaling through Application Auto Scaling, as the
 * whole-stack flip uses it) and the standalone guarded {@link deleteDatabase}; the RDS event handlers are in
 * `bluegreen-toolkit/aurora-events`. Imports only `@aws-sdk/client-rds`, `@aws-sdk/client-application-auto-scaling`
 * (for `AuroraScalingTools`) and the core.
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
 * console.log(await aurora.getClusterState(StackReference.Blue));
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/aurora
 */
export { AuroraScalingTools } from './aurora-scaling-tools.js';
export { AuroraTools } from './aurora-tools.js';
export { deleteDatabase } from './delete-database.js';
export {
  assertExpectedCluster,
  finalSnapshotIdentifier,
  isValidSnapshotIdentifier,
  requireClusterIdentifier,
  requireSnapshotIdentifier,
} from './identifiers.js';
export type { AuroraScalingToolsOptions, AuroraToolsOptions } from './options.js';
export type { StopCheck } from './stop-check.js';
export {
  AURORA_CLUSTER_STATUSES,
  type AuroraClusterConfig,
  type AuroraClusterMember,
  type AuroraClusterState,
  type AuroraClusterStatus,
  type ClusterPowerResult,
  type DeleteDatabaseOptions,
  type DeleteDatabaseResult,
  isAuroraClusterStatus,
  type ReaderCapacity,
  type ScaleResult,
  type UnrecognisedClusterStatus,
  type WaitableOptions,
} from './types.js';

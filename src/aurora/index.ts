/**
 * `bluegreen-toolkit/aurora`: {@link AuroraTools} for a blue/green pair of Aurora DB clusters (RDS + Application
 * Auto Scaling); the RDS event handlers are in `bluegreen-toolkit/aurora-events`. Imports only `@aws-sdk/client-rds`, `@aws-sdk/client-application-auto-scaling` and the core.
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
export { AuroraTools } from './aurora-tools.js';
export { deleteDatabase } from './delete-database.js';
export {
  assertExpectedCluster,
  finalSnapshotIdentifier,
  isValidSnapshotIdentifier,
  requireClusterIdentifier,
  requireSnapshotIdentifier,
} from './identifiers.js';
export type { AuroraToolsOptions } from './options.js';
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
  type ScaleResult,
  type UnrecognisedClusterStatus,
  type WaitableOptions,
} from './types.js';

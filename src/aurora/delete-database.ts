// deleteDatabase: the standalone guarded deletion of `bluegreen-toolkit/aurora` (a hook importing only AuroraTools
// does not carry it).
//
// AWS behaviour it guards against:
// - Deletion protection covers the cluster, not its instances: DeleteDBInstance of every member succeeds and only
//   DeleteDBCluster then fails with `InvalidParameterCombination: Cannot delete protected Cluster, please disable
//   deletion protection and try again.` (RDS API Reference, DBCluster.DeletionProtection: "The database can't be
//   deleted when deletion protection is enabled"), leaving a cluster with no instance and no endpoint. So the flag is
//   read from the first DescribeDBClusters and the delete is refused before any DeleteDBInstance.
// - A member of an Aurora global database cannot simply be deleted: DeleteDBCluster answers
//   `InvalidGlobalClusterStateFault: Unable to delete cluster that is a primary member of global cluster while there are
//   other global cluster members`, and deleting a primary's last instance `InvalidDBClusterStateFault: Cannot delete the
//   last instance of the master cluster` (errors reported in gruntwork-io/cloud-nuke#597 and rebuy-de/aws-nuke#570);
//   the cluster must first be removed with RemoveFromGlobalCluster (Aurora User Guide, "Removing a cluster from an
//   Amazon Aurora global database"). Membership is `DBCluster.GlobalClusterIdentifier` or, for SDKs/regions that do not
//   return it, a `GlobalClusterMembers[].DBClusterArn` of DescribeGlobalClusters (paginated; its only filter is region).
import { type DBCluster, paginateDescribeGlobalClusters, type RDSClient } from '@aws-sdk/client-rds';
import {
  ConfigError,
  InvalidStateError,
  type Logger,
  mapLimit,
  optionalBoolean,
  type ResolvedWaitOptions,
  requireInteger,
  requireObject,
  type StackReference,
} from '../core/index.js';
import type { AuroraTools } from './aurora-tools.js';
import { deleteCluster, deleteInstance, describeCluster, waitForClusterGone } from './cluster-ops.js';
import { assertExpectedCluster, finalSnapshotIdentifier, requireSnapshotIdentifier } from './identifiers.js';
import type { DeleteDatabaseOptions, DeleteDatabaseResult, WaitableOptions } from './types.js';

/** The global database `cluster` belongs to, or `undefined`. */
export async function globalClusterOf(rds: RDSClient, cluster: DBCluster): Promise<string | undefined> {
  if (cluster.GlobalClusterIdentifier) return cluster.GlobalClusterIdentifier;
  const arn = cluster.DBClusterArn;
  if (!arn) return undefined;
  for await (const page of paginateDescribeGlobalClusters({ client: rds }, {})) {
    for (const global of page.GlobalClusters ?? []) {
      if ((global.GlobalClusterMembers ?? []).some((m) => m.DBClusterArn === arn)) return global.GlobalClusterIdentifier ?? 'unnamed';
    }
  }
  return undefined;
}

/** Refuses, before anything is deleted, a cluster that RDS would refuse to delete once its instances were gone. */
export async function assertDeletable(rds: RDSClient, id: string, cluster: DBCluster): Promise<void> {
  if (cluster.DeletionProtection === true) {
    throw new InvalidStateError(
      `Cluster ${id} has deletion protection on, so RDS would delete its instances and then refuse to delete the cluster: ` +
        'turn it off (ModifyDBCluster DeletionProtection=false) if you really mean to delete it. Nothing was deleted.',
      { state: 'deletion-protection' },
    );
  }
  const global = await globalClusterOf(rds, cluster);
  if (global !== undefined) {
    throw new InvalidStateError(
      `Cluster ${id} is a member of the Aurora global database ${global}: remove it first (RemoveFromGlobalCluster), ` +
        'then delete it. Nothing was deleted.',
      { state: 'global-member' },
    );
  }
}

/** The whole delete once the input is validated: guards, readers, writer, cluster, optional wait. */
async function deleteClusterAndInstances(
  rds: RDSClient,
  logger: Logger,
  target: { stack: StackReference; clusterIdentifier: string },
  options: { snapshotId: string | undefined; wait: ResolvedWaitOptions | undefined; concurrency: number },
): Promise<DeleteDatabaseResult> {
  const { stack, clusterIdentifier: id } = target;
  const { snapshotId, wait } = options;
  const cluster = await describeCluster(rds, id);
  if (!cluster || cluster.Status === 'deleting') {
    if (cluster && wait) await waitForClusterGone(rds, id, wait);
    return {
      outcome: 'already',
      message: `cluster ${id} is ${cluster ? 'already being deleted' : 'already gone'}`,
      clusterIdentifier: id,
      deletedInstances: [],
    };
  }
  await assertDeletable(rds, id, cluster);
  // Readers first, then the writer (AWS's documented order: no needless failover while the cluster is torn down).
  const memberIds = (writer: boolean) =>
    (cluster.DBClusterMembers ?? [])
      .filter((m) => (m.IsClusterWriter === true) === writer)
      .map((m) => m.DBInstanceIdentifier)
      .filter((m): m is string => !!m);
  const groups = [memberIds(false), memberIds(true)];
  const members = groups.flat();
  const deleted: boolean[] = [];
  for (const group of groups) deleted.push(...(await mapLimit(group, options.concurrency, (instance) => deleteInstance(rds, instance))));
  await deleteCluster(rds, id, snapshotId, wait);
  if (wait) await waitForClusterGone(rds, id, wait);
  const result: DeleteDatabaseResult = {
    outcome: 'changed',
    message: `deleting cluster ${id} and ${members.length} instance(s)${snapshotId ? ` with final snapshot ${snapshotId}` : ' without a final snapshot'}`,
    clusterIdentifier: id,
    deletedInstances: members.filter((_, i) => deleted[i]),
  };
  if (snapshotId) result.finalSnapshotIdentifier = snapshotId;
  logger.info(`deleteDatabase: ${result.message}`, { stack });
  return result;
}

/**
 * **Destroys the cluster and every instance in it, with all their data.** Deletes the member instances (readers, then the
 * writer), then the cluster, taking a final cluster snapshot unless `skipFinalSnapshot` is `true`. Guarded: the caller must pass the
 * identifier it expects to delete. A cluster that is already gone (or being deleted) is `already`. A cluster with
 * deletion protection, or a member of an Aurora global database, is refused **before any instance is deleted** (RDS
 * deletes the instances of a protected cluster and only then refuses the cluster).
 *
 * @param aurora - the tools of the cluster pair (their RDS client, logger and dry-run setting are used).
 * @param ref - the stack whose cluster is deleted.
 * @param options.expectedClusterIdentifier - required; must equal the configured identifier.
 * @param options.skipFinalSnapshot - default `false`.
 * @param options.finalSnapshotIdentifier - default `<cluster>-final-<YYYYMMDD>-<HHMMSS>` (UTC).
 * @param options.wait - wait until the cluster is gone (default maxWaitTime 3600 s).
 * @param options.concurrency - how many instances are deleted at once (default 5, 1–50).
 * @throws {@link bluegreen-toolkit!GuardError} (no AWS call) when `expectedClusterIdentifier` is missing or differs;
 *   {@link bluegreen-toolkit!ConfigError} for a bad snapshot identifier or `skipFinalSnapshot` with `finalSnapshotIdentifier`;
 *   {@link bluegreen-toolkit!InvalidStateError} (nothing deleted) when deletion protection is on (`state: 'deletion-protection'`)
 *   or the cluster is in a global database (`state: 'global-member'`), and when the snapshot identifier is taken.
 * @remarks IAM: `rds:DescribeDBClusters`, `rds:DescribeGlobalClusters`, `rds:DescribeDBInstances`, `rds:DeleteDBInstance`, `rds:DeleteDBCluster`,
 *   `rds:CreateDBClusterSnapshot` (for the final snapshot). `DeleteDBCluster` is retried with backoff while RDS still
 *   reports members that are not yet `deleting` (up to `wait.maxWaitTime`, or 900 s without `wait`).
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { AuroraTools, deleteDatabase } from 'bluegreen-toolkit/aurora';
 *
 * const aurora = new AuroraTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await deleteDatabase(aurora, StackReference.Blue, { expectedClusterIdentifier: 'orders-blue', wait: true });
 * ```
 */
export async function deleteDatabase(
  aurora: AuroraTools,
  ref: StackReference,
  options: DeleteDatabaseOptions,
): Promise<DeleteDatabaseResult> {
  const ops = aurora.operations;
  const stack = ops.parseRef(ref);
  const id = ops.cluster(stack).clusterIdentifier;
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
  const concurrency =
    given.concurrency === undefined ? 5 : requireInteger(given.concurrency, 'deleteDatabase options.concurrency', { min: 1, max: 50 });
  const wait = ops.waitOptions(given.wait as WaitableOptions['wait'], { maxWaitTime: 3600, minDelay: 10, maxDelay: 60 });
  return deleteClusterAndInstances(aurora.rds, ops.logger, { stack, clusterIdentifier: id }, { snapshotId, wait, concurrency });
}

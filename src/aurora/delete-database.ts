// deleteDatabase (internal: not exported from the subpath).
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
import { InvalidStateError, type Logger, mapLimit, type ResolvedWaitOptions, type StackReference } from '../core/index.js';
import { deleteCluster, deleteInstance, describeCluster, waitForClusterGone } from './cluster-ops.js';
import type { DeleteDatabaseResult } from './types.js';

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

/** The whole delete: guards, readers, writer, cluster, optional wait. */
export async function deleteDatabase(
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
  logger.info(`AuroraTools: ${result.message}`, { stack });
  return result;
}

// RDS calls shared by the AuroraTools methods (internal: not exported from the subpath).
import {
  type DBCluster,
  type DBInstance,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import {
  InvalidStateError,
  isAwsError,
  type ResolvedWaitOptions,
  ResourceNotFoundError,
  type StackReference,
  waitFor,
} from '../core/index.js';
import { BROKEN_STATUSES } from './cluster-status.js';
import { type AuroraClusterState, type AuroraClusterStatus, isAuroraClusterStatus, type UnrecognisedClusterStatus } from './types.js';

/** A cluster status as read from RDS. */
export type Status = AuroraClusterStatus | UnrecognisedClusterStatus;

/** DescribeDBClusters for one identifier; `undefined` when it does not exist. */
export async function describeCluster(rds: RDSClient, id: string): Promise<DBCluster | undefined> {
  try {
    const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    return DBClusters.find((c) => c.DBClusterIdentifier?.toLowerCase() === id.toLowerCase());
  } catch (error) {
    if (isAwsError(error, 'DBClusterNotFoundFault', 'DBClusterNotFound')) return undefined;
    throw error;
  }
}

/** Like {@link describeCluster}, but a missing cluster is a ResourceNotFoundError naming the config path. */
export async function requireCluster(rds: RDSClient, id: string, stack: StackReference): Promise<DBCluster> {
  const cluster = await describeCluster(rds, id);
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

/** Polls until the cluster reports `goal`; fails fast on a status it cannot come back from. */
export async function waitForStatus(rds: RDSClient, id: string, goal: string, wait: ResolvedWaitOptions): Promise<Status> {
  return waitFor<Status>(
    async () => {
      const cluster = await describeCluster(rds, id);
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

/** Polls until DescribeDBClusters no longer finds the cluster. */
export async function waitForClusterGone(rds: RDSClient, id: string, wait: ResolvedWaitOptions): Promise<void> {
  await waitFor(
    async () => {
      const cluster = await describeCluster(rds, id);
      return cluster ? { done: false, state: cluster.Status } : { done: true, value: undefined };
    },
    { ...wait, description: `cluster ${id} to be deleted` },
  );
}

/** Deletes one member instance; `false` when it was already gone or being deleted. */
export async function deleteInstance(rds: RDSClient, instance: string): Promise<boolean> {
  try {
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: instance }));
    return true;
  } catch (error) {
    if (isAwsError(error, 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) return false;
    if (isAwsError(error, 'InvalidDBInstanceState', 'InvalidDBInstanceStateFault')) {
      // Already being deleted is fine; any other state is reported.
      const { DBInstances = [] } = await rds
        .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: instance }))
        .catch(() => ({ DBInstances: [] as DBInstance[] }));
      const status = DBInstances[0]?.DBInstanceStatus;
      if (status === undefined || status === 'deleting') return false;
      throw new InvalidStateError(`Cannot delete instance ${instance}: it is ${status}.`, { state: status, cause: error });
    }
    throw error;
  }
}

/**
 * DeleteDBCluster, with the final snapshot unless `snapshotId` is undefined. RDS refuses while a member instance is
 * not yet `deleting`, so the call is retried until the instance deletions land (up to `wait.maxWaitTime`, else 900 s).
 */
export async function deleteCluster(
  rds: RDSClient,
  id: string,
  snapshotId: string | undefined,
  wait: ResolvedWaitOptions | undefined,
): Promise<void> {
  const input = snapshotId
    ? { DBClusterIdentifier: id, FinalDBSnapshotIdentifier: snapshotId }
    : { DBClusterIdentifier: id, SkipFinalSnapshot: true };
  await waitFor(
    async () => {
      try {
        await rds.send(new DeleteDBClusterCommand(input));
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

/** Turns a DBCluster into the typed {@link AuroraClusterState}. */
export function toState(stack: StackReference, id: string, cluster: DBCluster): AuroraClusterState {
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

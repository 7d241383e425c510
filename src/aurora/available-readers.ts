import { type ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';

/**
 * Which of `readers` (instance identifiers of the cluster) are `available`: DescribeDBInstances filtered by
 * `db-cluster-id`, every page (internal: used by {@link AuroraScalingTools.getAvailableReaders}).
 */
export async function availableReaders(rds: RDSClient, clusterIdentifier: string, readers: readonly string[]): Promise<string[]> {
  const wanted = new Set(readers);
  const available: string[] = [];
  let marker: string | undefined;
  do {
    const page = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [clusterIdentifier] }], Marker: marker }),
    );
    for (const i of page.DBInstances ?? [])
      if (i.DBInstanceIdentifier && wanted.has(i.DBInstanceIdentifier) && i.DBInstanceStatus === 'available')
        available.push(i.DBInstanceIdentifier);
    marker = page.Marker;
  } while (marker);
  return available;
}

/**
 * Registers the cluster's reader scalable target with exactly these capacities (internal: used by
 * {@link AuroraScalingTools.restoreReaderCapacity}, the flip's exact undo of a scale-out).
 */
export async function registerReaderCapacity(
  aas: ApplicationAutoScalingClient,
  resourceId: string,
  minCapacity: number,
  maxCapacity: number,
): Promise<void> {
  await aas.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'rds',
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      ResourceId: resourceId,
      MinCapacity: minCapacity,
      MaxCapacity: maxCapacity,
    }),
  );
}

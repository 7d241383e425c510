import { DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';

/**
 * Which of `readers` (instance identifiers of the cluster) are `available`: DescribeDBInstances filtered by
 * `db-cluster-id`, every page (internal: used by {@link AuroraTools.getAvailableReaders}).
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

// Aurora clusters and reader scalable targets in the emulator, shared by the Aurora integration tests.
import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { CreateDBClusterCommand, CreateDBInstanceCommand, DescribeDBClustersCommand, type RDSClient, type Tag } from '@aws-sdk/client-rds';

export const BLUE = 'orders-blue';
export const GREEN = 'orders-green';
export const ENGINE = 'aurora-postgresql';
/** The Application Auto Scaling dimension of Aurora readers. */
export const DIMENSION = 'rds:cluster:ReadReplicaCount';

/** Cluster and scalable-target helpers over the given clients. */
export function auroraFixtures(clients: () => { rds: RDSClient; aas: ApplicationAutoScalingClient }) {
  /** Adds an instance to the cluster; returns its ARN. */
  async function addInstance(clusterId: string, id: string): Promise<string> {
    const { DBInstance } = await clients().rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: id,
        DBClusterIdentifier: clusterId,
        Engine: ENGINE,
        DBInstanceClass: 'db.r6g.large',
      }),
    );
    return DBInstance?.DBInstanceArn as string;
  }
  /** A cluster with a writer `<id>-writer` and `readers` readers `<id>-reader-<n>`, read once so it is `available`. */
  async function createCluster(
    id: string,
    readers: number,
    extra: { Tags?: Tag[]; DeletionProtection?: boolean; GlobalClusterIdentifier?: string } = {},
  ): Promise<void> {
    const { rds } = clients();
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: id,
        Engine: ENGINE,
        MasterUsername: 'admin1',
        MasterUserPassword: 'password123',
        ...extra,
      }),
    );
    await addInstance(id, `${id}-writer`);
    for (let i = 1; i <= readers; i++) await addInstance(id, `${id}-reader-${i}`);
    // moto reports a new cluster as 'creating' exactly once; read it so the tests start from 'available'.
    await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
  }
  /** Registers the cluster's reader scalable target. */
  async function registerTarget(id: string, min: number, max: number): Promise<void> {
    await clients().aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'rds',
        ResourceId: `cluster:${id}`,
        ScalableDimension: DIMENSION,
        MinCapacity: min,
        MaxCapacity: max,
      }),
    );
  }
  /** The cluster's reader scalable target as registered now, or `undefined`. */
  async function readTarget(id: string): Promise<ScalableTarget | undefined> {
    const { ScalableTargets = [] } = await clients().aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'rds', ResourceIds: [`cluster:${id}`], ScalableDimension: DIMENSION }),
    );
    return ScalableTargets[0];
  }
  return { addInstance, createCluster, registerTarget, readTarget };
}

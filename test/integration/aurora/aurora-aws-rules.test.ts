import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  CreateGlobalClusterCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import { AuroraScalingTools, AuroraTools, deleteDatabase } from '../../../src/aurora/index.js';
import { InvalidStateError, StackReference } from '../../../src/index.js';
import { auroraFixtures, BLUE, ENGINE, GREEN } from '../../support/aurora-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

// The rules the emulator can show, read back from its state: RDS refuses to delete a protected cluster only after its
// instances are gone (RDS API Reference, DBCluster.DeletionProtection); global database members cannot be stopped
// (Aurora User Guide, "Stopping and starting an Amazon Aurora DB cluster"); Aurora Auto Scaling scales only an
// available cluster and no global secondary (Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas").
describe('Class: AuroraTools (moto) - real AWS rules', () => {
  const aws = useEmulator({ resetEach: true });
  let rds: RDSClient;
  let aas: ApplicationAutoScalingClient;
  let tools: AuroraTools;
  /** The reader scaling (AuroraScalingTools: AuroraTools plus the Application Auto Scaling client). */
  let scaling: AuroraScalingTools;

  beforeEach(() => {
    rds = new RDSClient(aws.clientConfig());
    aas = new ApplicationAutoScalingClient(aws.clientConfig());
    tools = new AuroraTools({
      clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN } },
      clientConfig: aws.clientConfig(),
    });
    scaling = new AuroraScalingTools({
      clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN } },
      clientConfig: aws.clientConfig(),
    });
  });

  const { createCluster, registerTarget: register, readTarget } = auroraFixtures(() => ({ rds, aas }));
  const instances = async (id: string) => {
    const { DBInstances = [] } = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [id] }] }));
    return DBInstances.map((i) => i.DBInstanceIdentifier).sort();
  };
  const minCapacity = async (id: string) => (await readTarget(id))?.MinCapacity;

  describe('Method: deleteDatabase', () => {
    it('refuses a cluster with deletion protection and every instance is still there', async () => {
      await createCluster(BLUE, 2, { DeletionProtection: true });
      await assert.rejects(
        deleteDatabase(tools, StackReference.Blue, { expectedClusterIdentifier: BLUE, skipFinalSnapshot: true }),
        (e: unknown) => e instanceof InvalidStateError && e.state === 'deletion-protection',
      );
      assert.deepEqual(await instances(BLUE), [`${BLUE}-reader-1`, `${BLUE}-reader-2`, `${BLUE}-writer`]);
      const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: BLUE }));
      assert.equal(DBClusters[0]?.Status, 'available');
    });

    it('refuses a member of a global database and every instance is still there', async () => {
      await rds.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'orders-global', Engine: ENGINE }));
      await createCluster(BLUE, 1, { GlobalClusterIdentifier: 'orders-global' });
      await assert.rejects(
        deleteDatabase(tools, StackReference.Blue, { expectedClusterIdentifier: BLUE, skipFinalSnapshot: true }),
        (e: unknown) => e instanceof InvalidStateError && e.state === 'global-member',
      );
      assert.deepEqual(await instances(BLUE), [`${BLUE}-reader-1`, `${BLUE}-writer`]);
    });
  });

  describe('Method: checkStoppable / stopDatabase', () => {
    it('a global database member is not stoppable, and stopDatabase leaves it available', async () => {
      await rds.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'orders-global', Engine: ENGINE }));
      await createCluster(BLUE, 0, { GlobalClusterIdentifier: 'orders-global' });
      await createCluster(GREEN, 0);
      const check = await tools.checkStoppable(StackReference.Blue);
      assert.equal(check.stoppable, false);
      assert.match(check.stoppable ? '' : check.reason, /global database/);
      assert.deepEqual(await tools.checkStoppable(StackReference.Green), { stoppable: true });
      await assert.rejects(
        tools.stopDatabase(StackReference.Blue),
        (e: unknown) => e instanceof InvalidStateError && e.state === 'stop-unsupported',
      );
      assert.equal((await tools.getClusterState(StackReference.Blue)).status, 'available');
    });
  });

  describe('AuroraScalingTools, Method: scaleOut', () => {
    it('refuses a stopped target cluster and leaves its MinCapacity as it was', async () => {
      await createCluster(BLUE, 2);
      await createCluster(GREEN, 0);
      await register(GREEN, 0, 15);
      await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: GREEN }));
      await assert.rejects(scaling.scaleOut(StackReference.Green), (e: unknown) => e instanceof InvalidStateError && e.state === 'stopped');
      assert.equal(await minCapacity(GREEN), 0);
    });

    it('refuses a secondary cluster of a global database and leaves its MinCapacity as it was', async () => {
      await rds.send(new CreateGlobalClusterCommand({ GlobalClusterIdentifier: 'orders-global', Engine: ENGINE }));
      await createCluster(BLUE, 2, { GlobalClusterIdentifier: 'orders-global' }); // the first member is the primary
      await createCluster(GREEN, 0, { GlobalClusterIdentifier: 'orders-global' });
      await register(GREEN, 0, 15);
      await assert.rejects(
        scaling.scaleOut(StackReference.Green),
        (e: unknown) => e instanceof InvalidStateError && e.state === 'global-secondary',
      );
      assert.equal(await minCapacity(GREEN), 0);
    });

    it('never lowers the MinCapacity: green at 3, blue with 1 reader', async () => {
      await createCluster(BLUE, 1);
      await createCluster(GREEN, 3);
      await register(GREEN, 3, 15);
      const result = await scaling.scaleOut(StackReference.Green);
      assert.equal(result.outcome, 'already');
      assert.equal(await minCapacity(GREEN), 3);
    });
  });
});

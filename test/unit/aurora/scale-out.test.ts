import { strict as assert } from 'node:assert';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  type DBCluster,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AuroraScalingTools } from '../../../src/aurora/index.js';
import { InvalidStateError, StackReference } from '../../../src/index.js';
import { BLUE, CLUSTERS, cluster, GREEN, makeScalingTools } from './fixtures.js';

// Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas": "Aurora Auto Scaling only scales a DB cluster
// if the DB cluster is in the available state"; "Aurora global databases currently don't support Aurora Auto Scaling
// for secondary DB clusters". RDS API Reference, DBInstance.DBInstanceStatus (creating, deleting, failed, available...).
const DIMENSION = 'rds:cluster:ReadReplicaCount' as const;
const target = (id: string, min: number, max: number) => ({
  ServiceNamespace: 'rds' as const,
  ResourceId: `cluster:${id}`,
  ScalableDimension: DIMENSION,
  MinCapacity: min,
  MaxCapacity: max,
  RoleARN: 'arn:aws:iam::123456789012:role/aas',
  CreationTime: new Date(0),
});

describe('Class: AuroraScalingTools', () => {
  const rds = mockClient(RDSClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  beforeEach(() => {
    rds.reset();
    aas.reset();
  });

  const given = (id: string, c: DBCluster, statuses: string[] = []) => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: id }).resolves({ DBClusters: [c] });
    rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-cluster-id', Values: [id] }] }).resolves({
      DBInstances: [
        { DBInstanceIdentifier: `${id}-w`, DBInstanceStatus: 'available' },
        ...statuses.map((DBInstanceStatus, i) => ({ DBInstanceIdentifier: `${id}-r${i + 1}`, DBInstanceStatus })),
      ],
    });
  };

  describe('Method: scaleOut', () => {
    it('follows the RDS DBInstance statuses: counts only the partner readers that are available (creating, deleting, failed do not count)', async () => {
      given(BLUE, cluster(BLUE, 'available', 0));
      given(GREEN, cluster(GREEN, 'available', 4), ['available', 'creating', 'deleting', 'failed']);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(BLUE, 0, 15)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      const result = await makeScalingTools().scaleOut(StackReference.Blue);
      assert.equal(result.partnerReaderCount, 1);
      assert.equal(result.minCapacity, 1);
      assert.deepEqual(
        aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input.MinCapacity),
        [1],
      );
    });

    it("never lowers the target's MinCapacity (a scale-in): green at 2, blue with 1 available reader is 'already'", async () => {
      given(BLUE, cluster(BLUE, 'available', 1), ['available']);
      given(GREEN, cluster(GREEN, 'available', 2), ['available', 'available']);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 2, 15)] });
      const result = await makeScalingTools().scaleOut(StackReference.Green);
      assert.equal(result.outcome, 'already');
      assert.equal(result.minCapacity, 2);
      assert.equal(result.partnerReaderCount, 1);
      assert.match(result.message, /never lowers/);
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 0);
    });

    it("raises the minimum to the target's configured minReaders when the partner has fewer available readers", async () => {
      given(BLUE, cluster(BLUE, 'available', 1), ['creating']);
      given(GREEN, cluster(GREEN, 'available', 0));
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 0, 15)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      const result = await makeScalingTools().scaleOut(StackReference.Green); // green has minReaders: 1
      assert.equal(result.minCapacity, 1);
      assert.match(result.message, /minReaders 1/);
    });

    for (const status of ['stopped', 'starting', 'creating', 'backing-up', 'modifying']) {
      it(`follows the Aurora Auto Scaling guide: refuses a ${status} target cluster before any Application Auto Scaling call`, async () => {
        given(GREEN, cluster(GREEN, status, 0));
        given(BLUE, cluster(BLUE, 'available', 2), ['available', 'available']);
        await assert.rejects(makeScalingTools().scaleOut(StackReference.Green), (e: unknown) => {
          assert.ok(e instanceof InvalidStateError);
          assert.equal(e.state, status);
          assert.match(e.message, /only scales an available cluster/);
          return true;
        });
        assert.equal(aas.calls().length, 0);
      });
    }

    it('in a dry run, reports the call for a stopped target (an earlier, unsent StartDBCluster would have started it)', async () => {
      given(GREEN, cluster(GREEN, 'stopped', 0));
      given(BLUE, cluster(BLUE, 'available', 2), ['available', 'available']);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 0, 15)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      // aws-sdk-client-mock replaces send(), so the dry-run middleware that would record this call is not in the way:
      // the mock sees the call the dry run makes (the flip's dry-run integration test shows it recorded, not sent).
      const tools = new AuroraScalingTools({ clusters: CLUSTERS, clientConfig: { region: 'us-east-1' }, dryRun: true });
      const result = await tools.scaleOut(StackReference.Green);
      assert.equal(result.minCapacity, 2);
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 1);
      await assert.rejects(makeScalingTools().scaleOut(StackReference.Green), InvalidStateError, 'a real run refuses it');
    });

    it('follows the Aurora Auto Scaling guide: refuses a secondary cluster of a global database before any Application Auto Scaling call', async () => {
      const green = { ...cluster(GREEN, 'available', 0), GlobalClusterIdentifier: 'orders-global' };
      given(GREEN, green);
      given(BLUE, cluster(BLUE, 'available', 2), ['available', 'available']);
      rds.on(DescribeGlobalClustersCommand).resolves({
        GlobalClusters: [
          {
            GlobalClusterIdentifier: 'orders-global',
            GlobalClusterMembers: [
              { DBClusterArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:orders-primary', IsWriter: true },
              { DBClusterArn: green.DBClusterArn, IsWriter: false },
            ],
          },
        ],
      });
      await assert.rejects(makeScalingTools().scaleOut(StackReference.Green), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.equal(e.state, 'global-secondary');
        assert.match(e.message, /orders-global/);
        return true;
      });
      assert.deepEqual(rds.commandCalls(DescribeGlobalClustersCommand)[0]?.args[0].input, { GlobalClusterIdentifier: 'orders-global' });
      assert.equal(aas.calls().length, 0);
    });

    it('scales the primary (writer) cluster of a global database', async () => {
      const green = { ...cluster(GREEN, 'available', 0), GlobalClusterIdentifier: 'orders-global' };
      given(GREEN, green);
      given(BLUE, cluster(BLUE, 'available', 2), ['available', 'available']);
      rds.on(DescribeGlobalClustersCommand).resolves({
        GlobalClusters: [
          { GlobalClusterIdentifier: 'orders-global', GlobalClusterMembers: [{ DBClusterArn: green.DBClusterArn, IsWriter: true }] },
        ],
      });
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 0, 15)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      assert.equal((await makeScalingTools().scaleOut(StackReference.Green)).minCapacity, 2);
    });
  });
});

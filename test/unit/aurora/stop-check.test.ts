import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { type DBCluster, DescribeDBClustersCommand, RDSClient, StopDBClusterCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError, InvalidStateError, ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { awsError, BLUE, cluster, makeTools } from './fixtures.js';

// Aurora User Guide, "Stopping and starting an Amazon Aurora DB cluster", Limitations, and the SSM runbook
// AWS-StartStopAuroraCluster: StopDBCluster refuses a global database member, Aurora Serverless v1, a parallel-query
// and a multi-master cluster. DBCluster fields from the RDS API Reference: EngineMode, GlobalClusterIdentifier.
const kinds: [string, Partial<DBCluster>, RegExp][] = [
  ['a global database member (GlobalClusterIdentifier)', { GlobalClusterIdentifier: 'orders-global' }, /global database orders-global/],
  ['an Aurora Serverless v1 cluster (EngineMode serverless)', { EngineMode: 'serverless' }, /Serverless v1/],
  ['a parallel-query cluster (EngineMode parallelquery)', { EngineMode: 'parallelquery' }, /parallel query/],
  ['a multi-master cluster (EngineMode multimaster)', { EngineMode: 'multimaster' }, /multi-master/],
  ['an old global cluster (EngineMode global)', { EngineMode: 'global' }, /global database/],
];

describe('Class: AuroraTools', () => {
  const rds = mockClient(RDSClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  beforeEach(() => {
    rds.reset();
    aas.reset();
  });

  describe('Method: checkStoppable', () => {
    for (const [what, fields, reason] of kinds) {
      it(`follows the Aurora User Guide stop/start Limitations: ${what} is not stoppable, with the reason (one DescribeDBClusters)`, async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...cluster(BLUE, 'available', 1), ...fields }] });
        const check = await makeTools().checkStoppable(StackReference.Blue);
        assert.equal(check.stoppable, false);
        assert.match(check.stoppable ? '' : check.reason, reason);
        assert.match(check.stoppable ? '' : check.reason, /aurora-cluster-stop-start/);
        assert.equal(rds.calls().length, 1);
        assert.equal(aas.calls().length, 0);
      });
    }

    it('is stoppable for a provisioned or Serverless v2 cluster (EngineMode provisioned), whatever its status', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...cluster(BLUE, 'backing-up', 2), EngineMode: 'provisioned' }] });
      assert.deepEqual(await makeTools().checkStoppable(StackReference.Blue), { stoppable: true });
      assert.equal(rds.calls().length, 1);
    });

    it('throws ResourceNotFoundError for a missing cluster and ConfigError for a bad ref (no call)', async () => {
      rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault', `DBCluster ${BLUE} not found.`));
      await assert.rejects(makeTools().checkStoppable(StackReference.Blue), ResourceNotFoundError);
      rds.reset();
      await assert.rejects(makeTools().checkStoppable('purple' as StackReference), ConfigError);
      assert.equal(rds.calls().length, 0);
    });
  });

  describe('Method: stopDatabase', () => {
    for (const [what, fields, reason] of kinds) {
      it(`follows the Aurora User Guide stop/start Limitations: refuses ${what} before any StopDBCluster`, async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...cluster(BLUE, 'available', 1), ...fields }] });
        rds.on(StopDBClusterCommand).resolves({});
        const error = await makeTools()
          .stopDatabase(StackReference.Blue)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        assert.ok(error instanceof InvalidStateError);
        assert.equal(error.state, 'stop-unsupported');
        assert.match(error.message, reason);
        assert.equal(rds.commandCalls(StopDBClusterCommand).length, 0);
      });
    }

    it('follows the StopDBCluster API reference: an InvalidDBClusterStateFault for an available cluster names the kinds AWS cannot stop', async () => {
      // Parallel query turned on through the aurora_parallel_query parameter is not visible in DescribeDBClusters.
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 1)] });
      rds
        .on(StopDBClusterCommand)
        .rejects(awsError('InvalidDBClusterStateFault', 'Stop-db-cluster is not supported for these configurations'));
      await assert.rejects(makeTools().stopDatabase(StackReference.Blue), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.match(e.message, /parallel query/);
        assert.doesNotMatch(e.message, /does not allow it/);
        return true;
      });
    });

    it('says in its result that AWS starts a stopped cluster again after seven days', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 1)] });
      rds.on(StopDBClusterCommand).resolves({});
      const result = await makeTools().stopDatabase(StackReference.Blue);
      assert.equal(result.outcome, 'changed');
      assert.match(result.message, /after 7 days/);
    });
  });
});

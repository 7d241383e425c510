import { strict as assert } from 'node:assert';
import {
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeGlobalClustersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { deleteDatabase } from '../../../src/aurora/index.js';
import { InvalidStateError, StackReference } from '../../../src/index.js';
import { BLUE, cluster, makeTools } from './fixtures.js';

// RDS API Reference, DBCluster.DeletionProtection ("The database can't be deleted when deletion protection is
// enabled") covers the cluster only: DeleteDBInstance of its members succeeds and DeleteDBCluster then answers
// InvalidParameterCombination "Cannot delete protected Cluster, please disable deletion protection and try again.".
// A global database member must be removed (RemoveFromGlobalCluster) before it is deleted; DescribeGlobalClusters
// lists the members (GlobalClusterMembers[].DBClusterArn) and pages with Marker.
describe('Class: AuroraTools', () => {
  const rds = mockClient(RDSClient);
  beforeEach(() => {
    rds.reset();
    rds.on(DeleteDBInstanceCommand).resolves({});
    rds.on(DeleteDBClusterCommand).resolves({});
  });
  const deletes = () => rds.commandCalls(DeleteDBInstanceCommand).length + rds.commandCalls(DeleteDBClusterCommand).length;
  const ok = { expectedClusterIdentifier: BLUE, skipFinalSnapshot: true };

  describe('Method: deleteDatabase', () => {
    it('follows the RDS API Reference (DBCluster.DeletionProtection): refuses a protected cluster before any DeleteDBInstance', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...cluster(BLUE, 'available', 2), DeletionProtection: true }] });
      await assert.rejects(deleteDatabase(makeTools(), StackReference.Blue, ok), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.equal(e.state, 'deletion-protection');
        assert.match(e.message, /Nothing was deleted/);
        return true;
      });
      assert.equal(deletes(), 0);
      assert.equal(rds.commandCalls(DescribeGlobalClustersCommand).length, 0);
    });

    it('refuses a member of a global database (DBCluster.GlobalClusterIdentifier) before any DeleteDBInstance', async () => {
      rds
        .on(DescribeDBClustersCommand)
        .resolves({ DBClusters: [{ ...cluster(BLUE, 'available', 1), GlobalClusterIdentifier: 'orders-global' }] });
      await assert.rejects(
        deleteDatabase(makeTools(), StackReference.Blue, ok),
        (e: unknown) => e instanceof InvalidStateError && e.state === 'global-member' && /RemoveFromGlobalCluster/.test(e.message),
      );
      assert.equal(deletes(), 0);
    });

    it('finds global membership through every DescribeGlobalClusters page when DescribeDBClusters does not report it', async () => {
      const blue = cluster(BLUE, 'available', 1);
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [blue] });
      rds
        .on(DescribeGlobalClustersCommand)
        .resolvesOnce({ GlobalClusters: [{ GlobalClusterIdentifier: 'other', GlobalClusterMembers: [] }], Marker: 'm1' })
        .resolves({
          GlobalClusters: [
            { GlobalClusterIdentifier: 'orders-global', GlobalClusterMembers: [{ DBClusterArn: blue.DBClusterArn, IsWriter: true }] },
          ],
        });
      await assert.rejects(deleteDatabase(makeTools(), StackReference.Blue, ok), /global database orders-global/);
      assert.equal(rds.commandCalls(DescribeGlobalClustersCommand)[1]?.args[0].input.Marker, 'm1');
      assert.equal(deletes(), 0);
    });
  });
});

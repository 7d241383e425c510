import { strict as assert } from 'node:assert';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../../src/index.js';
import { arnOf, cluster, created, GREEN, makeEvents } from './fixtures.js';

// RDS API Reference, ModifyDBInstance, PerformanceInsightsRetentionPeriod: "Valid Values: 7; month * 31, where month is
// a number of months from 1-23. Examples: 93 (3 months * 31), 341 (11 months * 31), 589 (19 months * 31); 731. If you
// specify a retention period that isn't valid, such as 94, Amazon RDS returns an error." The error is
// InvalidParameterValue, sent for every event, so the tool refuses such a value before any call.
const ID = 'orders-green-reader-1';
const ARN = arnOf(ID);
const record = () => created(ID);

describe('Class: AuroraEventTools', () => {
  const rds = mockClient(RDSClient);
  beforeEach(() => {
    rds.reset();
    rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [{ DBInstanceIdentifier: ID, DBInstanceArn: ARN, DBClusterIdentifier: GREEN, DBInstanceStatus: 'available' }],
    });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'available', 1)] });
    rds.on(ModifyDBInstanceCommand).resolves({});
  });

  describe('Method: enablePerformanceInsights', () => {
    for (const days of [1, 10, 30, 32, 94, 100, 365, 714, 730, 732, 7.5, Number.NaN]) {
      it(`follows the RDS API Reference (PerformanceInsightsRetentionPeriod): ${days} days is a ConfigError with zero AWS calls`, async () => {
        await assert.rejects(
          makeEvents().enablePerformanceInsights(record(), { retentionPeriod: days }),
          (e: unknown) => e instanceof ConfigError && /7, a number of months \(1-23\) times 31/.test(e.message),
        );
        assert.equal(rds.calls().length, 0);
      });
    }

    for (const days of [7, 31, 93, 341, 589, 713, 731]) {
      it(`follows the RDS API Reference (PerformanceInsightsRetentionPeriod): sends ${days} days`, async () => {
        const result = await makeEvents().enablePerformanceInsights(record(), { retentionPeriod: days });
        assert.equal(result.outcome, 'changed');
        assert.equal(rds.commandCalls(ModifyDBInstanceCommand)[0]?.args[0].input.PerformanceInsightsRetentionPeriod, days);
      });
    }
  });
});

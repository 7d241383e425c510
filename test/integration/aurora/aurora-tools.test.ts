import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient, DeregisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { SNSEventRecord } from 'aws-lambda';
import { AuroraScalingTools, AuroraTools, deleteDatabase } from '../../../src/aurora/index.js';
import { AuroraEventTools } from '../../../src/aurora-events/index.js';
import { DryRunRecorder, GuardError, ResourceNotFoundError, StackReference, WaitTimeoutError } from '../../../src/index.js';
import { auroraFixtures, BLUE, DIMENSION, GREEN } from '../../support/aurora-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: AuroraTools (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let rds: RDSClient;
  let aas: ApplicationAutoScalingClient;
  let tools: AuroraTools;
  /** The reader scaling (AuroraScalingTools: AuroraTools plus the Application Auto Scaling client). */
  let scaling: AuroraScalingTools;
  let events: AuroraEventTools;

  const { addInstance, createCluster, registerTarget, readTarget } = auroraFixtures(() => ({ rds, aas }));
  async function clusterStatus(id: string): Promise<string | undefined> {
    const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    return DBClusters[0]?.Status;
  }
  function snsRecord(instanceId: string, arn: string, eventId = 'RDS-EVENT-0005', message = 'DB instance created'): SNSEventRecord {
    return {
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:rds-events:1',
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: new Date().toISOString(),
        Signature: 'EXAMPLE',
        SigningCertUrl: 'EXAMPLE',
        MessageId: 'm-1',
        Message: JSON.stringify({
          'Event Source': 'db-instance',
          'Event Time': '2025-01-02 03:04:05.857',
          'Identifier Link': `https://console.aws.amazon.com/rds/home?region=us-east-1#dbinstance:id=${instanceId}`,
          'Source ID': instanceId,
          'Source ARN': arn,
          'Event ID': `http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html#${eventId}`,
          'Event Message': message,
        }),
        MessageAttributes: {},
        Type: 'Notification',
        UnsubscribeUrl: 'EXAMPLE',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:rds-events',
        Subject: 'RDS Notification Message',
      },
    };
  }

  beforeEach(async () => {
    rds = new RDSClient(aws.clientConfig());
    aas = new ApplicationAutoScalingClient(aws.clientConfig());
    tools = new AuroraTools({
      clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN, minReaders: 1 } },
      clientConfig: aws.clientConfig(),
    });
    scaling = new AuroraScalingTools({
      clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN, minReaders: 1 } },
      clientConfig: aws.clientConfig(),
    });
    events = new AuroraEventTools({
      clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN } },
      clientConfig: aws.clientConfig(),
      readerTags: { Role: 'reader' },
    });
    await createCluster(BLUE, 2, {
      Tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'aws:cloudformation:stack-name', Value: 'orders-blue' },
      ],
    });
    await createCluster(GREEN, 0, { Tags: [{ Key: 'team', Value: 'payments' }] });
  });

  describe('Method: getClusterState / getReaderCount', () => {
    it('reads the writer and readers of a cluster with writer + readers, and 0 for a writer-only cluster', async () => {
      const blue = await tools.getClusterState(StackReference.Blue);
      assert.equal(blue.status, 'available');
      assert.equal(blue.recognisedStatus, true);
      assert.equal(blue.writer, `${BLUE}-writer`);
      assert.deepEqual(blue.readers.sort(), [`${BLUE}-reader-1`, `${BLUE}-reader-2`]);
      assert.equal(await tools.getReaderCount(StackReference.Blue), 2);
      assert.equal(await tools.getReaderCount(StackReference.Green), 0);
    });

    it('reports a missing cluster as ResourceNotFoundError', async () => {
      const other = new AuroraTools({
        clusters: { blue: { clusterIdentifier: 'nowhere-blue' }, green: { clusterIdentifier: GREEN } },
        clientConfig: aws.clientConfig(),
      });
      await assert.rejects(other.getClusterState(StackReference.Blue), ResourceNotFoundError);
    });
  });

  describe('Method: stopDatabase / startDatabase', () => {
    it('stops and starts the cluster, idempotently, and the status reads back', async () => {
      const stopped = await tools.stopDatabase(StackReference.Blue, { wait: { maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 } });
      assert.equal(stopped.outcome, 'changed');
      assert.equal(stopped.finalStatus, 'stopped');
      assert.equal(await clusterStatus(BLUE), 'stopped');
      assert.equal((await tools.stopDatabase(StackReference.Blue)).outcome, 'already');

      const started = await tools.startDatabase(StackReference.Blue, { wait: { maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 } });
      assert.equal(started.outcome, 'changed');
      assert.equal(started.previousStatus, 'stopped');
      assert.equal(await clusterStatus(BLUE), 'available');
      assert.equal((await tools.startDatabase(StackReference.Blue)).outcome, 'already');
      assert.equal(await clusterStatus(GREEN), 'available', 'the other stack is untouched');
    });

    it('in dry-run records StopDBCluster and leaves the cluster running', async () => {
      const recorder = new DryRunRecorder();
      const dry = new AuroraTools({
        clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN } },
        clientConfig: aws.clientConfig(),
        dryRun: recorder,
      });
      const result = await dry.stopDatabase(StackReference.Blue, { wait: true });
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(
        recorder.calls.map((c) => c.operation),
        ['StopDBCluster'],
      );
      assert.equal(await clusterStatus(BLUE), 'available');
    });
  });

  describe('AuroraScalingTools, Method: scaleOut / scaleIn', () => {
    it("raises the ref cluster's MinCapacity (and MaxCapacity) to the partner's reader count, then back to minReaders", async () => {
      await registerTarget(GREEN, 0, 1);
      const out = await scaling.scaleOut(StackReference.Green);
      assert.equal(out.outcome, 'changed');
      assert.equal(out.partnerReaderCount, 2);
      const after = await readTarget(GREEN);
      assert.equal(after?.MinCapacity, 2);
      assert.equal(after?.MaxCapacity, 2);
      assert.equal((await scaling.scaleOut(StackReference.Green)).outcome, 'already');

      const back = await scaling.scaleIn(StackReference.Green, { wait: { maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 } });
      assert.equal(back.outcome, 'changed');
      assert.equal((await readTarget(GREEN))?.MinCapacity, 1);
      assert.equal((await readTarget(GREEN))?.MaxCapacity, 2, 'MaxCapacity is left alone on scale-in');
      assert.equal((await scaling.scaleIn(StackReference.Green)).outcome, 'already');
    });

    it('waits until the readers exist (moto does not add readers itself: the test creates them, as Auto Scaling would)', async () => {
      await registerTarget(GREEN, 0, 15);
      await addInstance(GREEN, 'application-autoscaling-11111111-aaaa');
      await addInstance(GREEN, 'application-autoscaling-22222222-bbbb');
      const out = await scaling.scaleOut(StackReference.Green, { wait: { maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 } });
      assert.deepEqual(out.availableReaders, ['application-autoscaling-11111111-aaaa', 'application-autoscaling-22222222-bbbb']);
      assert.equal((await readTarget(GREEN))?.MinCapacity, 2);
    });

    it('times out with WaitTimeoutError when no readers come (moto never adds them)', async () => {
      await registerTarget(GREEN, 0, 15);
      await assert.rejects(
        scaling.scaleOut(StackReference.Green, { wait: { maxWaitTime: 1, minDelay: 0.2, maxDelay: 0.2 } }),
        WaitTimeoutError,
      );
      assert.equal((await readTarget(GREEN))?.MinCapacity, 2, 'the minimum was still raised');
    });

    it('getReaderCapacity reads the scalable target (null without one), and restoreReaderCapacity puts those capacities back', async () => {
      assert.equal(await scaling.getReaderCapacity(StackReference.Green), null);
      await registerTarget(GREEN, 1, 3);
      const before = await scaling.getReaderCapacity(StackReference.Green);
      assert.deepEqual(before, { resourceId: `cluster:${GREEN}`, minCapacity: 1, maxCapacity: 3 });
      await scaling.scaleOut(StackReference.Green);
      assert.equal((await readTarget(GREEN))?.MinCapacity, 2);
      await scaling.restoreReaderCapacity(before?.resourceId as string, before?.minCapacity as number, before?.maxCapacity as number);
      const after = await readTarget(GREEN);
      assert.deepEqual([after?.MinCapacity, after?.MaxCapacity], [1, 3]);
    });

    it('reports a missing scalable target with the call that registers one, and changes nothing', async () => {
      await registerTarget(BLUE, 0, 2);
      await aas.send(
        new DeregisterScalableTargetCommand({ ServiceNamespace: 'rds', ResourceId: `cluster:${BLUE}`, ScalableDimension: DIMENSION }),
      );
      await assert.rejects(
        scaling.scaleIn(StackReference.Blue),
        (e: unknown) => e instanceof ResourceNotFoundError && /register-scalable-target/.test(e.message),
      );
      assert.equal(await readTarget(BLUE), undefined);
    });
  });

  describe('Method: deleteDatabase', () => {
    it('refuses a mismatched guard and leaves the cluster in place', async () => {
      await assert.rejects(deleteDatabase(tools, StackReference.Blue, { expectedClusterIdentifier: GREEN }), GuardError);
      assert.equal(await clusterStatus(BLUE), 'available');
    });

    it('deletes the instances and the cluster with a final snapshot, then reports already', async () => {
      const result = await deleteDatabase(tools, StackReference.Blue, {
        expectedClusterIdentifier: BLUE,
        wait: { maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.5 },
      });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.deletedInstances.length, 3);
      await assert.rejects(
        rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: BLUE })),
        (e: Error) => e.name === 'DBClusterNotFoundFault',
      );
      const { DBInstances = [] } = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [BLUE] }] }));
      assert.equal(DBInstances.length, 0);
      const { DBClusterSnapshots = [] } = await rds.send(
        new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: result.finalSnapshotIdentifier as string }),
      );
      assert.equal(DBClusterSnapshots[0]?.DBClusterIdentifier, BLUE);
      assert.equal(DBClusterSnapshots[0]?.SnapshotType, 'manual');
      assert.equal((await deleteDatabase(tools, StackReference.Blue, { expectedClusterIdentifier: BLUE })).outcome, 'already');
      assert.equal(await clusterStatus(GREEN), 'available', 'the partner is untouched');
    });

    it('takes no snapshot when skipFinalSnapshot is true', async () => {
      await deleteDatabase(tools, StackReference.Green, { expectedClusterIdentifier: GREEN, skipFinalSnapshot: true });
      const { DBClusterSnapshots = [] } = await rds.send(
        new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: GREEN, SnapshotType: 'manual' }),
      );
      assert.equal(DBClusterSnapshots.length, 0);
    });
  });

  describe('Method: AuroraEventTools.applyTags', () => {
    it("copies the cluster's tags (without aws: tags) plus readerTags to a new reader, idempotently", async () => {
      const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: BLUE }));
      assert.ok(
        DBClusters[0]?.TagList?.some((t) => t.Key === 'aws:cloudformation:stack-name'),
        'the cluster really carries a reserved aws: tag',
      );
      const id = 'application-autoscaling-d1583f39';
      const arn = await addInstance(BLUE, id);
      const first = await events.applyTags(snsRecord(id, arn));
      assert.equal(first.outcome, 'changed');
      const { TagList = [] } = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
      assert.deepEqual(TagList.map((t) => `${t.Key}=${t.Value}`).sort(), ['Role=reader', 'team=payments']);
      assert.equal((await events.applyTags(snsRecord(id, arn))).outcome, 'already');
    });

    it('ignores an instance of a cluster whose name only starts like a configured one', async () => {
      await createCluster(`${GREEN}-old`, 0, { Tags: [{ Key: 'team', Value: 'legacy' }] });
      const arn = await addInstance(`${GREEN}-old`, 'legacy-reader');
      const result = await events.applyTags(snsRecord('legacy-reader', arn));
      assert.equal(result.outcome, 'ignored');
      const { TagList = [] } = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
      assert.deepEqual(TagList, []);
    });
  });

  describe('Method: AuroraEventTools.enablePerformanceInsights', () => {
    it('sends ModifyDBInstance for a new reader (moto keeps the retention period but does not report PerformanceInsightsEnabled)', async () => {
      const id = 'application-autoscaling-5e5e5e5e';
      const arn = await addInstance(GREEN, id);
      const result = await events.enablePerformanceInsights(snsRecord(id, arn), { retentionPeriod: 31 });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.stack, StackReference.Green);
      const { DBInstances = [] } = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      assert.equal(DBInstances[0]?.PerformanceInsightsRetentionPeriod, 31);
    });

    it('ignores other events and leaves the instance unchanged', async () => {
      const id = 'application-autoscaling-6f6f6f6f';
      const arn = await addInstance(GREEN, id);
      const result = await events.enablePerformanceInsights(snsRecord(id, arn, 'RDS-EVENT-0006', 'DB instance restarted'), {
        retentionPeriod: 31,
      });
      assert.equal(result.outcome, 'ignored');
      const { DBInstances = [] } = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      assert.notEqual(DBInstances[0]?.PerformanceInsightsRetentionPeriod, 31);
    });
  });
});

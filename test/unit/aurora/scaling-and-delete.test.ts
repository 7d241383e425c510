import { strict as assert } from 'node:assert';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { deleteDatabase, finalSnapshotIdentifier, isValidSnapshotIdentifier } from '../../../src/aurora/index.js';
import {
  BatchError,
  ConfigError,
  GuardError,
  InvalidStateError,
  ResourceNotFoundError,
  StackReference,
  WaitTimeoutError,
} from '../../../src/index.js';
import { awsError, BLUE, cluster, GREEN, makeScalingTools, makeTools } from './fixtures.js';

const DIMENSION = 'rds:cluster:ReadReplicaCount';
/** DescribeDBInstances of a cluster from the fixture: the writer and `readers` readers, the readers in `status`. */
const instancesOf = (id: string, readers: number, status = 'available') => ({
  DBInstances: [
    { DBInstanceIdentifier: `${id}-w`, DBInstanceStatus: 'available' },
    ...Array.from({ length: readers }, (_, i) => ({ DBInstanceIdentifier: `${id}-r${i + 1}`, DBInstanceStatus: status })),
  ],
});
const target = (id: string, min: number, max: number) => ({
  ServiceNamespace: 'rds' as const,
  ResourceId: `cluster:${id}`,
  ScalableDimension: DIMENSION as 'rds:cluster:ReadReplicaCount',
  MinCapacity: min,
  MaxCapacity: max,
  RoleARN: 'arn:aws:iam::123456789012:role/aas',
  CreationTime: new Date(0),
});

/** Drops keys whose value is undefined (the SDK paginators send MaxResults/NextToken: undefined). */
const defined = (input: unknown) => JSON.parse(JSON.stringify(input));

describe('Class: AuroraScalingTools (reader scaling), and deleteDatabase', () => {
  const rds = mockClient(RDSClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  beforeEach(() => {
    rds.reset();
    aas.reset();
  });
  const totalCalls = () => rds.calls().length + aas.calls().length;

  describe('Method: scaleOut', () => {
    /** BLUE (the partner) with `blueReaders` available readers; GREEN (the target) available. */
    const givenPair = (blueReaders: number, green = cluster(GREEN, 'available', 0)) => {
      rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: BLUE }).resolves({ DBClusters: [cluster(BLUE, 'available', blueReaders)] });
      rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: GREEN }).resolves({ DBClusters: [green] });
      rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-cluster-id', Values: [BLUE] }] }).resolves(instancesOf(BLUE, blueReaders));
    };
    it("sets the ref cluster's MinCapacity to the partner's reader count (exact calls)", async () => {
      givenPair(3);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 1, 5)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      const result = await makeScalingTools().scaleOut(StackReference.Green);
      assert.equal(result.outcome, 'changed');
      assert.equal(result.partnerReaderCount, 3);
      assert.equal(result.previousMinCapacity, 1);
      assert.equal(result.minCapacity, 3);
      assert.equal(result.maxCapacity, 5);
      assert.deepEqual(
        rds.commandCalls(DescribeDBClustersCommand).map((c) => c.args[0].input),
        [{ DBClusterIdentifier: GREEN }, { DBClusterIdentifier: BLUE }],
        'the target first (its status), then the partner',
      );
      assert.deepEqual(defined(rds.commandCalls(DescribeDBInstancesCommand)[0]?.args[0].input), {
        Filters: [{ Name: 'db-cluster-id', Values: [BLUE] }],
      });
      assert.deepEqual(defined(aas.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input), {
        ServiceNamespace: 'rds',
        ScalableDimension: DIMENSION,
        ResourceIds: [`cluster:${GREEN}`],
      });
      assert.deepEqual(
        aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input),
        [{ ServiceNamespace: 'rds', ScalableDimension: DIMENSION, ResourceId: `cluster:${GREEN}`, MinCapacity: 3 }],
      );
    });

    it('raises MaxCapacity when it is below the new minimum', async () => {
      givenPair(4);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 0, 2)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      const result = await makeScalingTools().scaleOut(StackReference.Green);
      assert.equal(result.maxCapacity, 4);
      assert.deepEqual(aas.commandCalls(RegisterScalableTargetCommand)[0]?.args[0].input, {
        ServiceNamespace: 'rds',
        ScalableDimension: DIMENSION,
        ResourceId: `cluster:${GREEN}`,
        MinCapacity: 4,
        MaxCapacity: 4,
      });
    });

    it("is 'already' (no RegisterScalableTarget) when MinCapacity already matches", async () => {
      givenPair(2);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 2, 15)] });
      const result = await makeScalingTools().scaleOut(StackReference.Green);
      assert.equal(result.outcome, 'already');
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 0);
    });

    it('follows DescribeScalableTargets pagination', async () => {
      givenPair(1);
      aas
        .on(DescribeScalableTargetsCommand)
        .resolvesOnce({ ScalableTargets: [target('other', 0, 1)], NextToken: 't1' })
        .resolves({ ScalableTargets: [target(GREEN, 0, 3)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      const result = await makeScalingTools().scaleOut(StackReference.Green);
      assert.equal(result.outcome, 'changed');
      assert.equal(aas.commandCalls(DescribeScalableTargetsCommand).length, 2);
      assert.equal(aas.commandCalls(DescribeScalableTargetsCommand)[1]?.args[0].input.NextToken, 't1');
    });

    it('explains how to register a missing scalable target', async () => {
      givenPair(2);
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
      await assert.rejects(
        makeScalingTools().scaleOut(StackReference.Green),
        (e: unknown) =>
          e instanceof ResourceNotFoundError &&
          e.resource === `cluster:${GREEN}` &&
          e.message.includes('register-scalable-target --service-namespace rds --scalable-dimension rds:cluster:ReadReplicaCount') &&
          e.message.includes(`RegisterScalableTargetCommand({ ServiceNamespace: 'rds'`),
      );
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 0);
    });

    it('fails with ResourceNotFoundError when the partner cluster is missing', async () => {
      rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: GREEN }).resolves({ DBClusters: [cluster(GREEN, 'available', 0)] });
      rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: BLUE }).rejects(awsError('DBClusterNotFoundFault'));
      await assert.rejects(
        makeScalingTools().scaleOut(StackReference.Green),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === BLUE,
      );
      assert.equal(aas.calls().length, 0);
    });

    it('rejects bad input before any call', async () => {
      await assert.rejects(makeScalingTools().scaleOut('GREEN ' as StackReference), ConfigError);
      await assert.rejects(makeScalingTools().scaleOut(StackReference.Green, { wait: { minDelay: 9, maxDelay: 1 } }), ConfigError);
      assert.equal(totalCalls(), 0);
    });

    describe('with wait', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      });
      afterEach(() => clock.restore());

      it('waits until the readers exist and are available, reading every DescribeDBInstances page', async () => {
        rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: BLUE }).resolves({ DBClusters: [cluster(BLUE, 'available', 2)] });
        rds
          .on(DescribeDBClustersCommand, { DBClusterIdentifier: GREEN })
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'available', 0)] }) // the status check
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'available', 0)] })
          .resolves({ DBClusters: [cluster(GREEN, 'available', 2)] });
        rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-cluster-id', Values: [BLUE] }] }).resolves(instancesOf(BLUE, 2));
        rds
          .on(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-cluster-id', Values: [GREEN] }] })
          .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: `${GREEN}-w`, DBInstanceStatus: 'available' }] })
          .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: `${GREEN}-r1`, DBInstanceStatus: 'creating' }], Marker: 'm1' })
          .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: `${GREEN}-r2`, DBInstanceStatus: 'available' }] })
          .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: `${GREEN}-r1`, DBInstanceStatus: 'available' }], Marker: 'm2' })
          .resolves({ DBInstances: [{ DBInstanceIdentifier: `${GREEN}-r2`, DBInstanceStatus: 'available' }] });
        aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 0, 15)] });
        aas.on(RegisterScalableTargetCommand).resolves({});
        const promise = makeScalingTools().scaleOut(StackReference.Green, { wait: { minDelay: 1, maxDelay: 2 } });
        await clock.runAllAsync();
        const result = await promise;
        assert.deepEqual(result.availableReaders, [`${GREEN}-r1`, `${GREEN}-r2`]);
        const instanceCalls = rds
          .commandCalls(DescribeDBInstancesCommand)
          .map((c) => c.args[0].input)
          .filter((input) => input.Filters?.[0]?.Values?.[0] === GREEN);
        assert.deepEqual(defined(instanceCalls[0]), { Filters: [{ Name: 'db-cluster-id', Values: [GREEN] }] });
        assert.equal(instanceCalls[2]?.Marker, 'm1');
        assert.equal(instanceCalls.length, 5);
      });

      it('times out with WaitTimeoutError when the readers never come (the moto gap, simulated)', async () => {
        givenPair(1);
        rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-cluster-id', Values: [GREEN] }] }).resolves({ DBInstances: [] });
        aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 0, 15)] });
        aas.on(RegisterScalableTargetCommand).resolves({});
        const promise = makeScalingTools().scaleOut(StackReference.Green, { wait: { maxWaitTime: 30, minDelay: 5, maxDelay: 5 } });
        const check = assert.rejects(promise, (e: unknown) => e instanceof WaitTimeoutError && /1 available reader/.test(e.message));
        await clock.runAllAsync();
        await check;
      });
    });
  });

  describe('Method: scaleIn', () => {
    it('sets MinCapacity back to the configured minReaders', async () => {
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 4, 15)] });
      aas.on(RegisterScalableTargetCommand).resolves({});
      const result = await makeScalingTools().scaleIn(StackReference.Green);
      assert.equal(result.outcome, 'changed');
      assert.equal(result.minCapacity, 1);
      assert.deepEqual(aas.commandCalls(RegisterScalableTargetCommand)[0]?.args[0].input, {
        ServiceNamespace: 'rds',
        ScalableDimension: DIMENSION,
        ResourceId: `cluster:${GREEN}`,
        MinCapacity: 1,
      });
      assert.equal(rds.calls().length, 0, 'scale-in needs no RDS call');
    });

    it("defaults minReaders to 0 and is 'already' on a repeat", async () => {
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(BLUE, 0, 15)] });
      const result = await makeScalingTools().scaleIn(StackReference.Blue);
      assert.equal(result.outcome, 'already');
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 0);
    });

    it('waits until the scalable target reports the new minimum', async () => {
      const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        aas
          .on(DescribeScalableTargetsCommand)
          .resolvesOnce({ ScalableTargets: [target(GREEN, 3, 15)] })
          .resolvesOnce({ ScalableTargets: [target(GREEN, 3, 15)] })
          .resolves({ ScalableTargets: [target(GREEN, 1, 15)] });
        aas.on(RegisterScalableTargetCommand).resolves({});
        const promise = makeScalingTools().scaleIn(StackReference.Green, { wait: true });
        await clock.runAllAsync();
        assert.equal((await promise).minCapacity, 1);
        assert.equal(aas.commandCalls(DescribeScalableTargetsCommand).length, 3);
      } finally {
        clock.restore();
      }
    });

    it('lets a ValidationException from RegisterScalableTarget through', async () => {
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [target(GREEN, 3, 15)] });
      aas.on(RegisterScalableTargetCommand).rejects(awsError('ValidationException'));
      await assert.rejects(makeScalingTools().scaleIn(StackReference.Green), (e: Error) => e.name === 'ValidationException');
    });
  });

  describe('Method: deleteDatabase', () => {
    const ok = { expectedClusterIdentifier: BLUE };
    // The global-membership check (DescribeGlobalClusters) finds no global database in these tests.
    beforeEach(() => rds.on(DescribeGlobalClustersCommand).resolves({ GlobalClusters: [] }));

    for (const [what, options] of [
      ['no options', undefined],
      ['no expected identifier', {}],
      ['the partner identifier', { expectedClusterIdentifier: GREEN }],
      ['an empty identifier', { expectedClusterIdentifier: '' }],
    ] as const) {
      it(`refuses with a GuardError and zero calls for ${what}`, async () => {
        await assert.rejects(deleteDatabase(makeTools(), StackReference.Blue, options as never), GuardError);
        assert.equal(totalCalls(), 0);
      });
    }

    for (const [what, options] of [
      ['a bad snapshot identifier', { ...ok, finalSnapshotIdentifier: 'snap--1' }],
      ['a snapshot identifier starting with a digit', { ...ok, finalSnapshotIdentifier: '1snap' }],
      ['skip together with an identifier', { ...ok, skipFinalSnapshot: true, finalSnapshotIdentifier: 'snap-1' }],
      ['a non-boolean skip', { ...ok, skipFinalSnapshot: 'yes' }],
      ['a concurrency of 0', { ...ok, concurrency: 0 }],
      ['a fractional concurrency', { ...ok, concurrency: 2.5 }],
    ] as const) {
      it(`rejects ${what} with a ConfigError and zero calls`, async () => {
        await assert.rejects(deleteDatabase(makeTools(), StackReference.Blue, options as never), ConfigError);
        assert.equal(totalCalls(), 0);
      });
    }

    it('deletes every instance, then the cluster with a generated final snapshot', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 2)] });
      rds.on(DeleteDBInstanceCommand).resolves({});
      rds.on(DeleteDBClusterCommand).resolves({});
      const result = await deleteDatabase(makeTools(), StackReference.Blue, { expectedClusterIdentifier: BLUE.toUpperCase() });
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(result.deletedInstances, [`${BLUE}-r1`, `${BLUE}-r2`, `${BLUE}-w`]);
      assert.equal(
        rds.commandCalls(DeleteDBInstanceCommand).at(-1)?.args[0].input.DBInstanceIdentifier,
        `${BLUE}-w`,
        'the writer goes last',
      );
      assert.deepEqual(
        rds
          .commandCalls(DeleteDBInstanceCommand)
          .map((c) => c.args[0].input.DBInstanceIdentifier)
          .sort(),
        [`${BLUE}-r1`, `${BLUE}-r2`, `${BLUE}-w`],
      );
      const calls = rds.commandCalls(DeleteDBClusterCommand);
      assert.equal(calls.length, 1);
      const input = calls[0]?.args[0].input;
      assert.equal(input?.DBClusterIdentifier, BLUE);
      assert.equal(input?.SkipFinalSnapshot, undefined);
      assert.match(input?.FinalDBSnapshotIdentifier ?? '', new RegExp(`^${BLUE}-final-\\d{8}-\\d{6}$`));
      assert.equal(result.finalSnapshotIdentifier, input?.FinalDBSnapshotIdentifier);
      assert.ok(isValidSnapshotIdentifier(result.finalSnapshotIdentifier as string));
      const order = rds.calls().map((c) => (c.args[0] as object).constructor.name);
      assert.ok(order.lastIndexOf('DeleteDBInstanceCommand') < order.indexOf('DeleteDBClusterCommand'), 'instances first');
    });

    it('skips the snapshot only when told to, and uses a given identifier otherwise', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...cluster(BLUE, 'available'), DBClusterMembers: [] }] });
      rds.on(DeleteDBClusterCommand).resolves({});
      await deleteDatabase(makeTools(), StackReference.Blue, { ...ok, skipFinalSnapshot: true });
      await deleteDatabase(makeTools(), StackReference.Blue, { ...ok, finalSnapshotIdentifier: 'keep-me-1' });
      assert.deepEqual(
        rds.commandCalls(DeleteDBClusterCommand).map((c) => c.args[0].input),
        [
          { DBClusterIdentifier: BLUE, SkipFinalSnapshot: true },
          { DBClusterIdentifier: BLUE, FinalDBSnapshotIdentifier: 'keep-me-1' },
        ],
      );
      assert.equal(rds.commandCalls(DeleteDBInstanceCommand).length, 0);
    });

    it("is 'already' for a missing or deleting cluster, without deleting anything", async () => {
      rds
        .on(DescribeDBClustersCommand)
        .rejectsOnce(awsError('DBClusterNotFoundFault'))
        .resolves({ DBClusters: [cluster(BLUE, 'deleting', 1)] });
      const tools = makeTools();
      assert.equal((await deleteDatabase(tools, StackReference.Blue, ok)).outcome, 'already');
      assert.equal((await deleteDatabase(tools, StackReference.Blue, ok)).outcome, 'already');
      assert.equal(rds.commandCalls(DeleteDBInstanceCommand).length + rds.commandCalls(DeleteDBClusterCommand).length, 0);
    });

    it('treats an instance that is gone or already deleting as done', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 2)] });
      rds
        .on(DeleteDBInstanceCommand, { DBInstanceIdentifier: `${BLUE}-r1` })
        .rejects(awsError('DBInstanceNotFoundFault', 'gone', 'DBInstanceNotFound'));
      rds
        .on(DeleteDBInstanceCommand, { DBInstanceIdentifier: `${BLUE}-r2` })
        .rejects(awsError('InvalidDBInstanceStateFault', 'deleting', 'InvalidDBInstanceState'));
      rds.on(DeleteDBInstanceCommand, { DBInstanceIdentifier: `${BLUE}-w` }).resolves({});
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: `${BLUE}-r2`, DBInstanceStatus: 'deleting' }] });
      rds.on(DeleteDBClusterCommand).resolves({});
      const result = await deleteDatabase(makeTools(), StackReference.Blue, { ...ok, skipFinalSnapshot: true });
      assert.deepEqual(result.deletedInstances, [`${BLUE}-w`]);
      assert.equal(rds.commandCalls(DeleteDBInstanceCommand).length, 3);
      assert.equal(rds.commandCalls(DeleteDBClusterCommand).length, 1);
    });

    it('does not delete the cluster when an instance cannot be deleted', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 1)] });
      rds.on(DeleteDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'busy', 'InvalidDBInstanceState'));
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: `${BLUE}-w`, DBInstanceStatus: 'modifying' }] });
      await assert.rejects(
        deleteDatabase(makeTools(), StackReference.Blue, ok),
        (e: unknown) => e instanceof BatchError && e.failures.every((f) => f.error instanceof InvalidStateError),
      );
      assert.equal(rds.commandCalls(DeleteDBInstanceCommand).length, 1, 'the writer is kept when a reader cannot be deleted');
      assert.equal(rds.commandCalls(DeleteDBClusterCommand).length, 0);
    });

    it('reports deletion protection and a taken snapshot identifier as InvalidStateError', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ...cluster(BLUE, 'available'), DBClusterMembers: [] }] });
      rds
        .on(DeleteDBClusterCommand)
        .rejectsOnce(
          awsError('InvalidParameterCombination', 'Cannot delete protected Cluster, please disable deletion protection and try again.'),
        )
        .rejects(awsError('DBClusterSnapshotAlreadyExistsFault'));
      await assert.rejects(
        deleteDatabase(makeTools(), StackReference.Blue, ok),
        (e: unknown) => e instanceof InvalidStateError && /deletion protection/.test(e.message),
      );
      await assert.rejects(
        deleteDatabase(makeTools(), StackReference.Blue, ok),
        (e: unknown) => e instanceof InvalidStateError && /already exists/.test(e.message),
      );
    });

    describe('with fake timers', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers({ now: Date.UTC(2025, 0, 2, 3, 4, 5), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      });
      afterEach(() => clock.restore());

      it('retries DeleteDBCluster while RDS still sees members that are not deleting', async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 1)] });
        rds.on(DeleteDBInstanceCommand).resolves({});
        rds
          .on(DeleteDBClusterCommand)
          .rejectsOnce(
            awsError('InvalidDBClusterStateFault', 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.'),
          )
          .resolves({});
        const promise = deleteDatabase(makeTools(), StackReference.Blue, ok);
        await clock.runAllAsync();
        const result = await promise;
        assert.equal(result.finalSnapshotIdentifier, `${BLUE}-final-20250102-030405`);
        assert.equal(rds.commandCalls(DeleteDBClusterCommand).length, 2);
      });

      it('waits until the cluster is gone', async () => {
        rds
          .on(DescribeDBClustersCommand)
          .resolvesOnce({ DBClusters: [cluster(BLUE, 'available', 0)] })
          .resolvesOnce({ DBClusters: [cluster(BLUE, 'deleting', 0)] })
          .rejects(awsError('DBClusterNotFoundFault'));
        rds.on(DeleteDBInstanceCommand).resolves({});
        rds.on(DeleteDBClusterCommand).resolves({});
        const promise = deleteDatabase(makeTools(), StackReference.Blue, { ...ok, wait: true });
        await clock.runAllAsync();
        assert.equal((await promise).outcome, 'changed');
        assert.equal(rds.commandCalls(DescribeDBClustersCommand).length, 3);
      });
    });
  });

  describe('Function: finalSnapshotIdentifier', () => {
    it('is always a valid snapshot identifier', () => {
      const at = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
      assert.equal(finalSnapshotIdentifier('orders-blue', at), 'orders-blue-final-20250102-030405');
      for (const id of ['a', 'A1', `x${'-y'.repeat(31)}`, 'abc-', '9bad', 'a--b']) {
        const snapshot = finalSnapshotIdentifier(id, at);
        assert.ok(isValidSnapshotIdentifier(snapshot), `${id} → ${snapshot}`);
        assert.ok(snapshot.length <= 255);
      }
    });
  });
});

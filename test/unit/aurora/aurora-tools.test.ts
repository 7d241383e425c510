import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { DescribeDBClustersCommand, RDSClient, StartDBClusterCommand, StopDBClusterCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { AURORA_CLUSTER_STATUSES, AuroraScalingTools, AuroraTools, isAuroraClusterStatus } from '../../../src/aurora/index.js';
import {
  ConfigError,
  InvalidStateError,
  ResourceNotFoundError,
  StackReference,
  WaitAbortedError,
  WaitTimeoutError,
} from '../../../src/index.js';
import { awsError, BLUE, CLUSTERS, cluster, GREEN, makeTools } from './fixtures.js';

describe('Class: AuroraTools', () => {
  const rds = mockClient(RDSClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  beforeEach(() => {
    rds.reset();
    aas.reset();
  });
  const totalCalls = () => rds.calls().length + aas.calls().length;

  describe('Constructor', () => {
    const bad: [string, unknown, RegExp][] = [
      ['no clusters', {}, /clusters must be an object/],
      ['a missing side', { clusters: { blue: { clusterIdentifier: BLUE } } }, /clusters\.green is missing/],
      [
        'an invalid identifier',
        { clusters: { ...CLUSTERS, blue: { clusterIdentifier: '1-bad' } } },
        /clusters\.blue\.clusterIdentifier '1-bad' is not valid/,
      ],
      ['a double hyphen', { clusters: { ...CLUSTERS, blue: { clusterIdentifier: 'a--b' } } }, /clusters\.blue\.clusterIdentifier/],
      ['a trailing hyphen', { clusters: { ...CLUSTERS, blue: { clusterIdentifier: 'ab-' } } }, /clusters\.blue\.clusterIdentifier/],
      [
        'the same cluster twice',
        { clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: BLUE.toUpperCase() } } },
        /clusters\.blue\.clusterIdentifier and clusters\.green\.clusterIdentifier both select Aurora cluster/,
      ],
      [
        'a negative minReaders',
        { clusters: { ...CLUSTERS, green: { clusterIdentifier: GREEN, minReaders: -1 } } },
        /minReaders must be >= 0/,
      ],
      ['an unknown key', { clusters: { ...CLUSTERS, green: { clusterIdentifier: GREEN, minReader: 1 } } }, /unknown key 'minReader'/],
      [
        'readerTags (an AuroraEventTools option)',
        { clusters: CLUSTERS, readerTags: { Role: 'reader' } },
        /readerTags is an option of AuroraEventTools \(bluegreen-toolkit\/aurora-events\)/,
      ],
      [
        'concurrency (a deleteDatabase option)',
        { clusters: CLUSTERS, concurrency: 5 },
        /concurrency is an option of deleteDatabase now: deleteDatabase\(aurora, ref, \{ expectedClusterIdentifier, concurrency \}\)/,
      ],
      [
        'instanceStateRetry (an AuroraEventTools option)',
        { clusters: CLUSTERS, instanceStateRetry: { attempts: 3 } },
        /new AuroraEventTools\(\{ clusters, clientConfig, instanceStateRetry \}\)/,
      ],
      ['clients with clientConfig', { clusters: CLUSTERS, clients: {}, clientConfig: { region: 'x' } }, /either clients or clientConfig/],
      [
        'dry-run with an injected client',
        { clusters: CLUSTERS, clients: { rds: new RDSClient({}) }, dryRun: true },
        /dryRun cannot be combined/,
      ],
    ];
    for (const [what, options, message] of bad) {
      it(`rejects ${what} with a ConfigError`, () => {
        assert.throws(
          () => new AuroraTools(options as never),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
      });
    }

    it('rejects clients.applicationAutoScaling with a ConfigError pointing to AuroraScalingTools (reader scaling moved there)', () => {
      assert.throws(
        () =>
          new AuroraTools({
            clusters: CLUSTERS,
            clients: { rds: new RDSClient({}), applicationAutoScaling: new ApplicationAutoScalingClient({}) },
          } as never),
        (e: unknown) => e instanceof ConfigError && /use AuroraScalingTools \(bluegreen-toolkit\/aurora\)/.test(e.message),
      );
    });

    it('uses an injected RDS client as it is and constructs no Application Auto Scaling client', () => {
      const injected = new RDSClient({ region: 'eu-west-1' });
      const tools = new AuroraTools({ clusters: CLUSTERS, clients: { rds: injected } });
      assert.equal(tools.rds, injected);
      assert.equal('applicationAutoScaling' in tools, false);
      assert.equal('scaleOut' in tools, false);
    });

    it('creates the RDS client from clientConfig and accepts a JSON config', () => {
      const tools = new AuroraTools(JSON.parse(JSON.stringify({ clusters: CLUSTERS, clientConfig: { region: 'eu-west-1' } })));
      assert.ok(tools.rds instanceof RDSClient);
      assert.deepEqual(tools.clusterIdentifiers, { blue: BLUE, green: GREEN });
    });
  });

  describe('Subclass: AuroraScalingTools (constructor)', () => {
    it('is an AuroraTools; uses an injected client as it is and creates the one left out', () => {
      const injected = new RDSClient({ region: 'eu-west-1' });
      const tools = new AuroraScalingTools({ clusters: CLUSTERS, clients: { rds: injected } });
      assert.ok(tools instanceof AuroraTools);
      assert.equal(tools.rds, injected);
      assert.ok(tools.applicationAutoScaling instanceof ApplicationAutoScalingClient);
    });

    it('creates both clients from clientConfig and accepts a JSON config', () => {
      const tools = new AuroraScalingTools(JSON.parse(JSON.stringify({ clusters: CLUSTERS, clientConfig: { region: 'eu-west-1' } })));
      assert.ok(tools.rds instanceof RDSClient);
      assert.ok(tools.applicationAutoScaling instanceof ApplicationAutoScalingClient);
      assert.deepEqual(tools.clusterIdentifiers, { blue: BLUE, green: GREEN });
    });

    it('validates like AuroraTools (a bad cluster pair, clients with clientConfig, dry-run with an injected client)', () => {
      assert.throws(() => new AuroraScalingTools({ clusters: { blue: { clusterIdentifier: BLUE } } } as never), ConfigError);
      assert.throws(
        () => new AuroraScalingTools({ clusters: CLUSTERS, clients: {}, clientConfig: { region: 'x' } } as never),
        /either clients or clientConfig/,
      );
      assert.throws(
        () =>
          new AuroraScalingTools({
            clusters: CLUSTERS,
            clients: { applicationAutoScaling: new ApplicationAutoScalingClient({}) },
            dryRun: true,
          }),
        /dryRun cannot be combined with clients\.applicationAutoScaling/,
      );
    });
  });
  describe('Method: getClusterState', () => {
    it('returns the typed status, writer and readers, calling DescribeDBClusters once with the identifier', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'backing-up', 2)] });
      const state = await makeTools().getClusterState(StackReference.Green);
      assert.equal(state.status, 'backing-up');
      assert.equal(state.recognisedStatus, true);
      assert.equal(state.writer, `${GREEN}-w`);
      assert.deepEqual(state.readers, [`${GREEN}-r1`, `${GREEN}-r2`]);
      assert.equal(state.readerCount, 2);
      assert.equal(state.clusterArn, `arn:aws:rds:us-east-1:123456789012:cluster:${GREEN}`);
      assert.equal(rds.commandCalls(DescribeDBClustersCommand).length, 1);
      assert.deepEqual(rds.commandCalls(DescribeDBClustersCommand)[0]?.args[0].input, { DBClusterIdentifier: GREEN });
    });

    it('passes every documented status through and flags an unrecognised one', async () => {
      const tools = makeTools();
      for (const status of [...AURORA_CLUSTER_STATUSES, 'brand-new-status']) {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, status)] });
        const state = await tools.getClusterState(StackReference.Blue);
        assert.equal(state.status, status);
        assert.equal(state.recognisedStatus, status !== 'brand-new-status');
      }
      assert.equal(isAuroraClusterStatus('stopped'), true);
      assert.equal(AURORA_CLUSTER_STATUSES.length, 22);
    });

    it('maps DBClusterNotFoundFault to ResourceNotFoundError naming the config path', async () => {
      rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault'));
      await assert.rejects(
        makeTools().getClusterState(StackReference.Blue),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === BLUE && /clusters\.blue\.clusterIdentifier/.test(e.message),
      );
    });

    it('rejects a bad stack reference before any call', async () => {
      await assert.rejects(makeTools().getClusterState('purple' as StackReference), ConfigError);
      assert.equal(totalCalls(), 0);
    });

    it('lets other AWS errors through unchanged', async () => {
      rds.on(DescribeDBClustersCommand).rejects(awsError('AccessDenied'));
      await assert.rejects(makeTools().getClusterState(StackReference.Blue), (e: Error) => e.name === 'AccessDenied');
    });
  });

  describe('Method: getReaderCount', () => {
    it('counts members with IsClusterWriter false', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 3)] });
      assert.equal(await makeTools().getReaderCount(StackReference.Blue), 3);
    });

    it('is 0, never -1, for a cluster without members or with only a writer', async () => {
      rds
        .on(DescribeDBClustersCommand)
        .resolvesOnce({ DBClusters: [{ ...cluster(BLUE, 'available'), DBClusterMembers: [] }] })
        .resolves({ DBClusters: [cluster(BLUE, 'available', 0)] });
      const tools = makeTools();
      assert.equal(await tools.getReaderCount(StackReference.Blue), 0);
      assert.equal(await tools.getReaderCount(StackReference.Blue), 0);
    });
  });

  describe('Method: startDatabase', () => {
    it('starts a stopped cluster with one StartDBCluster call', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'stopped')] });
      rds.on(StartDBClusterCommand).resolves({});
      const result = await makeTools().startDatabase(StackReference.Green);
      assert.equal(result.outcome, 'changed');
      assert.equal(result.previousStatus, 'stopped');
      assert.deepEqual(
        rds.commandCalls(StartDBClusterCommand).map((c) => c.args[0].input),
        [{ DBClusterIdentifier: GREEN }],
      );
    });

    for (const status of ['available', 'starting', 'creating', 'backing-up', 'modifying', 'upgrading', 'failing-over']) {
      it(`is 'already' and sends nothing when the cluster is ${status}`, async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, status)] });
        const result = await makeTools().startDatabase(StackReference.Green);
        assert.equal(result.outcome, 'already');
        assert.equal(rds.commandCalls(StartDBClusterCommand).length, 0);
      });
    }

    for (const status of ['stopping', 'deleting', 'cloning-failed', 'migration-failed', 'inaccessible-encryption-credentials', 'mystery']) {
      it(`throws InvalidStateError for a ${status} cluster`, async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, status)] });
        await assert.rejects(
          makeTools().startDatabase(StackReference.Green),
          (e: unknown) => e instanceof InvalidStateError && e.state === status,
        );
        assert.equal(rds.commandCalls(StartDBClusterCommand).length, 0);
      });
    }

    it('treats InvalidDBClusterStateFault as already when the cluster started meanwhile', async () => {
      rds
        .on(DescribeDBClustersCommand)
        .resolvesOnce({ DBClusters: [cluster(GREEN, 'stopped')] })
        .resolves({ DBClusters: [cluster(GREEN, 'starting')] });
      rds.on(StartDBClusterCommand).rejects(awsError('InvalidDBClusterStateFault'));
      const result = await makeTools().startDatabase(StackReference.Green);
      assert.equal(result.outcome, 'already');
      assert.equal(rds.commandCalls(StartDBClusterCommand).length, 1);
      assert.equal(rds.commandCalls(DescribeDBClustersCommand).length, 2, 'read again after the race');
    });

    it('reports InvalidDBClusterStateFault as InvalidStateError (with the AWS error as cause) otherwise', async () => {
      rds
        .on(DescribeDBClustersCommand)
        .resolvesOnce({ DBClusters: [cluster(GREEN, 'stopped')] })
        .resolves({ DBClusters: [cluster(GREEN, 'deleting')] });
      rds.on(StartDBClusterCommand).rejects(awsError('InvalidDBClusterStateFault'));
      await assert.rejects(
        makeTools().startDatabase(StackReference.Green),
        (e: unknown) => e instanceof InvalidStateError && (e.cause as Error).name === 'InvalidDBClusterStateFault',
      );
    });

    it('throws ResourceNotFoundError for a missing cluster', async () => {
      rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault'));
      await assert.rejects(makeTools().startDatabase(StackReference.Green), ResourceNotFoundError);
    });

    it('rejects bad wait options before any call', async () => {
      await assert.rejects(makeTools().startDatabase(StackReference.Green, { wait: { maxWaitTime: -1 } }), ConfigError);
      await assert.rejects(makeTools().startDatabase(StackReference.Green, { wait: 'yes' as never }), ConfigError);
      assert.equal(totalCalls(), 0);
    });

    describe('with wait', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      });
      afterEach(() => clock.restore());

      it('polls until available (stopped → starting → available)', async () => {
        rds
          .on(DescribeDBClustersCommand)
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'stopped')] })
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'stopped')] })
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'starting')] })
          .resolves({ DBClusters: [cluster(GREEN, 'available')] });
        rds.on(StartDBClusterCommand).resolves({});
        const promise = makeTools().startDatabase(StackReference.Green, { wait: { minDelay: 1, maxDelay: 2 } });
        await clock.runAllAsync();
        const result = await promise;
        assert.equal(result.finalStatus, 'available');
        assert.equal(rds.commandCalls(DescribeDBClustersCommand).length, 4);
      });

      it('fails fast when the cluster becomes deleting while waiting', async () => {
        rds
          .on(DescribeDBClustersCommand)
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'stopped')] })
          .resolves({ DBClusters: [cluster(GREEN, 'deleting')] });
        rds.on(StartDBClusterCommand).resolves({});
        const promise = makeTools().startDatabase(StackReference.Green, { wait: true });
        const check = assert.rejects(promise, (e: unknown) => e instanceof InvalidStateError && e.state === 'deleting');
        await clock.runAllAsync();
        await check;
      });

      it('times out with WaitTimeoutError carrying the last status', async () => {
        rds
          .on(DescribeDBClustersCommand)
          .resolvesOnce({ DBClusters: [cluster(GREEN, 'stopped')] })
          .resolves({ DBClusters: [cluster(GREEN, 'starting')] });
        rds.on(StartDBClusterCommand).resolves({});
        const promise = makeTools().startDatabase(StackReference.Green, { wait: { maxWaitTime: 60, minDelay: 5, maxDelay: 10 } });
        const check = assert.rejects(promise, (e: unknown) => e instanceof WaitTimeoutError && e.lastState === 'starting');
        await clock.runAllAsync();
        await check;
      });

      it('stops waiting when the abort signal fires', async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'starting')] });
        const controller = new AbortController();
        const promise = makeTools().startDatabase(StackReference.Green, {
          wait: { abortSignal: controller.signal, minDelay: 5, maxDelay: 5 },
        });
        const check = assert.rejects(promise, WaitAbortedError);
        await clock.tickAsync(1000);
        controller.abort();
        await clock.runAllAsync();
        await check;
      });
    });
  });

  describe('Method: stopDatabase', () => {
    it('stops an available cluster with one StopDBCluster call', async () => {
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 1)] });
      rds.on(StopDBClusterCommand).resolves({});
      const result = await makeTools().stopDatabase(StackReference.Blue);
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(
        rds.commandCalls(StopDBClusterCommand).map((c) => c.args[0].input),
        [{ DBClusterIdentifier: BLUE }],
      );
    });

    for (const status of ['stopped', 'stopping']) {
      it(`is 'already' for a ${status} cluster (idempotent repeat)`, async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, status)] });
        const result = await makeTools().stopDatabase(StackReference.Blue);
        assert.equal(result.outcome, 'already');
        assert.match(result.message, new RegExp(`already ${status}`));
        assert.equal(rds.commandCalls(StopDBClusterCommand).length, 0);
      });
    }

    for (const status of ['starting', 'backing-up', 'deleting', 'failing-over']) {
      it(`throws InvalidStateError for a ${status} cluster, saying why`, async () => {
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, status)] });
        await assert.rejects(
          makeTools().stopDatabase(StackReference.Blue),
          (e: unknown) => e instanceof InvalidStateError && e.message.includes(status),
        );
        assert.equal(rds.commandCalls(StopDBClusterCommand).length, 0);
      });
    }

    it('waits until stopped', async () => {
      const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        rds
          .on(DescribeDBClustersCommand)
          .resolvesOnce({ DBClusters: [cluster(BLUE, 'available')] })
          .resolvesOnce({ DBClusters: [cluster(BLUE, 'stopping')] })
          .resolves({ DBClusters: [cluster(BLUE, 'stopped')] });
        rds.on(StopDBClusterCommand).resolves({});
        const promise = makeTools().stopDatabase(StackReference.Blue, { wait: true });
        await clock.runAllAsync();
        assert.equal((await promise).finalStatus, 'stopped');
      } finally {
        clock.restore();
      }
    });
  });
});

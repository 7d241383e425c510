import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  AddTagsToResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { AuroraEventTools, parseRdsEventRecord } from '../../../src/aurora-events/index.js';
import { ConfigError, InvalidStateError, MalformedInputError, StackReference, WaitAbortedError } from '../../../src/index.js';
import { ACCOUNT, arnOf, awsError, BLUE, CLUSTERS, cluster, created as createdEvent, GREEN, makeEvents, record } from './fixtures.js';

const READER = 'application-autoscaling-d1583f39-ab0b-4d73-87e4-4db2d83476b3';
const created = (id = READER, overrides: Record<string, unknown> = {}) => createdEvent(id, overrides);
describe('Class: AuroraEventTools', () => {
  const rds = mockClient(RDSClient);
  const aas = mockClient(ApplicationAutoScalingClient);
  beforeEach(() => {
    rds.reset();
    aas.reset();
  });
  const totalCalls = () => rds.calls().length + aas.calls().length;
  const instance = (clusterId: string | undefined, extra: Record<string, unknown> = {}) => ({
    DBInstances: [
      {
        DBInstanceIdentifier: READER,
        DBInstanceArn: arnOf(READER),
        DBClusterIdentifier: clusterId,
        DBInstanceStatus: 'creating',
        ...extra,
      },
    ],
  });

  describe('Constructor', () => {
    const bad: [string, () => unknown, RegExp][] = [
      ['no clusters', () => new AuroraEventTools({} as never), /clusters must be an object/],
      [
        'the same cluster twice',
        () => makeEvents({ clusters: { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: BLUE } } }),
        /both select Aurora cluster/,
      ],
      ['a client and clientConfig', () => makeEvents({ clientConfig: { region: 'x' } } as never), /either awsSdkV3Client or clientConfig/],
      ['a reserved readerTags key', () => makeEvents({ readerTags: { 'aws:x': 'y' } }), /reserved 'aws:' prefix/],
      [
        'a readerTags value too long',
        () => makeEvents({ readerTags: { Role: 'x'.repeat(257) } }),
        /readerTags\.Role must be a string of at most 256/,
      ],
      ['bad retry attempts', () => makeEvents({ instanceStateRetry: { attempts: 0 } }), /instanceStateRetry\.attempts must be >= 1/],
      [
        'a negative retry delay',
        () => makeEvents({ instanceStateRetry: { minDelay: -1 } }),
        /Invalid instanceStateRetry\.minDelay -1 \(number\): expected a number of seconds >= 0/,
      ],
      [
        'a retry minDelay above maxDelay',
        () => makeEvents({ instanceStateRetry: { minDelay: 10, maxDelay: 2 } }),
        /Invalid instanceStateRetry options: minDelay \(10s\) is greater than maxDelay \(2s\)/,
      ],
      ['a retry that is not an object', () => makeEvents({ instanceStateRetry: 3 as never }), /instanceStateRetry must be an object/],
    ];
    for (const [what, make, message] of bad) {
      it(`rejects ${what} with a ConfigError, before any call`, () => {
        assert.throws(make, (e: unknown) => e instanceof ConfigError && message.test(e.message));
        assert.equal(totalCalls(), 0);
      });
    }

    it('uses an injected RDS client as it is, or creates one from clientConfig', () => {
      const injected = new RDSClient({ region: 'eu-west-1' });
      assert.equal(new AuroraEventTools({ clusters: CLUSTERS, awsSdkV3Client: injected }).rds, injected);
      assert.ok(new AuroraEventTools({ clusters: CLUSTERS, clientConfig: { region: 'eu-west-1' } }).rds instanceof RDSClient);
    });
  });

  describe('Function: parseRdsEventRecord', () => {
    it('reads the documented keys and the event id from either docs host', () => {
      const event = parseRdsEventRecord(created());
      assert.deepEqual(event, {
        eventSource: 'db-instance',
        eventMessage: 'DB instance created',
        sourceId: READER,
        sourceArn: arnOf(READER),
        eventId: 'RDS-EVENT-0005',
        eventTime: '2025-01-02 03:04:05.857',
      });
      const other = parseRdsEventRecord(
        created(READER, {
          'Event ID': 'http://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0003',
          Tags: { team: 'x' },
        }),
      );
      assert.equal(other.eventId, 'RDS-EVENT-0003');
      assert.deepEqual(other.tags, { team: 'x' });
    });

    const malformed: [string, unknown][] = [
      ['null', null],
      ['a record without Sns', { EventSource: 'aws:sns' }],
      ['a non-string message', { Sns: { Message: 42 } }],
      ['a non-JSON message', record('This is not JSON')],
      ['a JSON array', record('[1,2]')],
      ['a message without "Source ID"', record({ 'Event Source': 'db-instance', 'Event Message': 'DB instance created' })],
      ['an "Event ID" without an RDS event id', created(READER, { 'Event ID': 'http://example.com/#nothing' })],
    ];
    for (const [what, input] of malformed) {
      it(`throws MalformedInputError for ${what}`, () => {
        assert.throws(() => parseRdsEventRecord(input), MalformedInputError);
      });
    }
  });

  describe('Method: applyTags', () => {
    it("copies the cluster's tags except aws: ones, plus readerTags, to the instance named by the Source ARN", async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(GREEN, { TagList: [{ Key: 'team', Value: 'payments' }] }));
      rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [
          cluster(GREEN, 'available', 1, [
            { Key: 'team', Value: 'payments' },
            { Key: 'cost-centre', Value: '42' },
            { Key: 'aws:cloudformation:stack-name', Value: 'orders-green' },
            { Key: 'AWS:Something', Value: 'reserved' },
          ]),
        ],
      });
      rds.on(AddTagsToResourceCommand).resolves({});
      const result = await makeEvents({ readerTags: { Role: 'reader' } }).applyTags(created());
      assert.equal(result.outcome, 'changed');
      assert.equal(result.stack, StackReference.Green);
      assert.equal(result.clusterIdentifier, GREEN);
      assert.equal(result.eventId, 'RDS-EVENT-0005');
      assert.deepEqual(rds.commandCalls(DescribeDBInstancesCommand)[0]?.args[0].input, { DBInstanceIdentifier: arnOf(READER) });
      assert.deepEqual(rds.commandCalls(DescribeDBClustersCommand)[0]?.args[0].input, { DBClusterIdentifier: GREEN });
      assert.deepEqual(
        rds.commandCalls(AddTagsToResourceCommand).map((c) => c.args[0].input),
        [
          {
            ResourceName: arnOf(READER),
            Tags: [
              { Key: 'cost-centre', Value: '42' },
              { Key: 'Role', Value: 'reader' },
            ],
          },
        ],
      );
    });

    it('uses the Source ARN as sent, so every partition works', async () => {
      const arn = arnOf(READER, 'aws-cn');
      rds.on(DescribeDBInstancesCommand).resolves(instance(BLUE));
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(BLUE, 'available', 1, [{ Key: 'team', Value: 'x' }])] });
      rds.on(AddTagsToResourceCommand).resolves({});
      await makeEvents().applyTags(created(READER, { 'Source ARN': arn }));
      assert.equal(rds.commandCalls(AddTagsToResourceCommand)[0]?.args[0].input.ResourceName, arn);
    });

    it("is 'already' when the instance has every tag (idempotent repeat)", async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(GREEN, { TagList: [{ Key: 'team', Value: 'x' }] }));
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'available', 1, [{ Key: 'team', Value: 'x' }])] });
      const result = await makeEvents().applyTags(created());
      assert.equal(result.outcome, 'already');
      assert.equal(rds.commandCalls(AddTagsToResourceCommand).length, 0);
    });

    it('ignores an instance of another cluster, even one whose name starts with a configured one', async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(`${GREEN}-old`));
      const result = await makeEvents().applyTags(created());
      assert.equal(result.outcome, 'ignored');
      assert.match(result.message, /not in cluster/);
      assert.equal(rds.commandCalls(DescribeDBClustersCommand).length + rds.commandCalls(AddTagsToResourceCommand).length, 0);
    });

    it('ignores a standalone instance and an instance that is gone', async () => {
      rds
        .on(DescribeDBInstancesCommand)
        .resolvesOnce(instance(undefined))
        .rejects(awsError('DBInstanceNotFoundFault', 'gone', 'DBInstanceNotFound'));
      const tools = makeEvents();
      assert.equal((await tools.applyTags(created())).outcome, 'ignored');
      assert.match((await tools.applyTags(created())).message, /no longer exists/);
      assert.equal(rds.commandCalls(AddTagsToResourceCommand).length, 0);
    });

    for (const [what, message] of [
      [
        'another event id',
        {
          'Event ID': 'http://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0003',
          'Event Message': 'DB instance deleted',
        },
      ],
      [
        'a cluster event',
        {
          'Event Source': 'db-cluster',
          'Event ID': 'http://docs.aws.amazon.com/x.html#RDS-EVENT-0170',
          'Event Message': 'DB cluster created',
        },
      ],
      ['a creation message with a different event id', { 'Event ID': 'http://docs.aws.amazon.com/x.html#RDS-EVENT-0003' }],
    ] as const) {
      it(`ignores ${what} without any AWS call`, async () => {
        const result = await makeEvents().applyTags(created(READER, message));
        assert.equal(result.outcome, 'ignored');
        assert.deepEqual(result.appliedTags, []);
        assert.equal(totalCalls(), 0);
      });
    }

    it('recognises a notification without "Event ID" by its documented message', async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(GREEN));
      rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'available', 1, [{ Key: 'team', Value: 'x' }])] });
      rds.on(AddTagsToResourceCommand).resolves({});
      const message = JSON.parse(created().Sns.Message);
      delete message['Event ID'];
      assert.equal((await makeEvents().applyTags(record(message))).outcome, 'changed');
    });

    for (const [what, overrides] of [
      ['no Source ARN', { 'Source ARN': undefined }],
      ['a cluster ARN', { 'Source ARN': `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:${GREEN}` }],
      ['an ARN of another instance', { 'Source ARN': arnOf('someone-else') }],
    ] as const) {
      it(`throws MalformedInputError for ${what}, before any call`, async () => {
        await assert.rejects(makeEvents().applyTags(created(READER, overrides)), MalformedInputError);
        assert.equal(totalCalls(), 0);
      });
    }

    it('rejects a bad retry option before any call', async () => {
      await assert.rejects(makeEvents().applyTags(created(), { retry: { attempts: 0 } }), ConfigError);
      assert.equal(totalCalls(), 0);
    });

    describe('retrying InvalidDBInstanceState', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
        rds.on(DescribeDBInstancesCommand).resolves(instance(GREEN));
        rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(GREEN, 'available', 1, [{ Key: 'team', Value: 'x' }])] });
      });
      afterEach(() => clock.restore());

      it('retries with backoff and succeeds', async () => {
        rds
          .on(AddTagsToResourceCommand)
          .rejectsOnce(awsError('InvalidDBInstanceStateFault', 'not available', 'InvalidDBInstanceState'))
          .rejectsOnce(awsError('InvalidDBInstanceStateFault', 'not available', 'InvalidDBInstanceState'))
          .resolves({});
        const promise = makeEvents().applyTags(created(), { retry: { attempts: 3, minDelay: 1, maxDelay: 4 } });
        await clock.runAllAsync();
        assert.equal((await promise).outcome, 'changed');
        assert.equal(rds.commandCalls(AddTagsToResourceCommand).length, 3);
      });

      it('throws InvalidStateError when the attempts are exhausted', async () => {
        rds.on(AddTagsToResourceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'not available', 'InvalidDBInstanceState'));
        const promise = makeEvents({ instanceStateRetry: { attempts: 4, minDelay: 1, maxDelay: 2 } }).applyTags(created());
        const check = assert.rejects(promise, (e: unknown) => e instanceof InvalidStateError && /after 4 attempt/.test(e.message));
        await clock.runAllAsync();
        await check;
        assert.equal(rds.commandCalls(AddTagsToResourceCommand).length, 4);
      });

      it('stops retrying when the abort signal fires', async () => {
        rds.on(AddTagsToResourceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'not available', 'InvalidDBInstanceState'));
        const controller = new AbortController();
        const promise = makeEvents().applyTags(created(), { retry: { abortSignal: controller.signal } });
        const check = assert.rejects(promise, WaitAbortedError);
        await clock.tickAsync(100);
        controller.abort();
        await clock.runAllAsync();
        await check;
      });

      it('does not retry other errors', async () => {
        rds.on(AddTagsToResourceCommand).rejects(awsError('AccessDenied'));
        await assert.rejects(makeEvents().applyTags(created()), (e: Error) => e.name === 'AccessDenied');
        assert.equal(rds.commandCalls(AddTagsToResourceCommand).length, 1);
      });
    });
  });

  describe('Method: enablePerformanceInsights', () => {
    it('turns Performance Insights on for a new instance of a configured cluster (exact call)', async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(BLUE, { PerformanceInsightsEnabled: false }));
      rds.on(ModifyDBInstanceCommand).resolves({});
      const result = await makeEvents().enablePerformanceInsights(created(), { retentionPeriod: 7, kmsKeyId: 'alias/pi' });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.stack, StackReference.Blue);
      assert.deepEqual(
        rds.commandCalls(ModifyDBInstanceCommand).map((c) => c.args[0].input),
        [
          {
            DBInstanceIdentifier: READER,
            EnablePerformanceInsights: true,
            ApplyImmediately: true,
            PerformanceInsightsRetentionPeriod: 7,
            PerformanceInsightsKMSKeyId: 'alias/pi',
          },
        ],
      );
    });

    it("is 'already' when it is on", async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(BLUE, { PerformanceInsightsEnabled: true }));
      assert.equal((await makeEvents().enablePerformanceInsights(created())).outcome, 'already');
      assert.equal(rds.commandCalls(ModifyDBInstanceCommand).length, 0);
    });

    it('acts on "Performance Insights has been disabled" unless reEnableIfDisabled is false', async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance(BLUE));
      rds.on(ModifyDBInstanceCommand).resolves({});
      const disabled = created(READER, { 'Event ID': undefined, 'Event Message': 'Performance Insights has been disabled' });
      assert.equal((await makeEvents().enablePerformanceInsights(disabled)).outcome, 'changed');
      rds.resetHistory();
      const result = await makeEvents().enablePerformanceInsights(disabled, { reEnableIfDisabled: false });
      assert.equal(result.outcome, 'ignored');
      assert.equal(totalCalls(), 0);
    });

    it('ignores instances outside the configured clusters', async () => {
      rds.on(DescribeDBInstancesCommand).resolves(instance('orders'));
      assert.equal((await makeEvents().enablePerformanceInsights(created())).outcome, 'ignored');
      assert.equal(rds.commandCalls(ModifyDBInstanceCommand).length, 0);
    });

    it('rejects bad options and malformed messages before any call', async () => {
      await assert.rejects(makeEvents().enablePerformanceInsights(created(), { retentionPeriod: 0 }), ConfigError);
      await assert.rejects(makeEvents().enablePerformanceInsights(created(), { kmsKeyId: '' }), ConfigError);
      await assert.rejects(makeEvents().enablePerformanceInsights(created(), { reEnableIfDisabled: 'no' as never }), ConfigError);
      await assert.rejects(makeEvents().enablePerformanceInsights(record('{"Event Source": 1}')), MalformedInputError);
      assert.equal(totalCalls(), 0);
    });

    it('retries InvalidDBInstanceState and throws when exhausted', async () => {
      const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        rds.on(DescribeDBInstancesCommand).resolves(instance(BLUE));
        rds.on(ModifyDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'creating', 'InvalidDBInstanceState'));
        const promise = makeEvents().enablePerformanceInsights(created(), { retry: { attempts: 2, minDelay: 60, maxDelay: 60 } });
        const check = assert.rejects(
          promise,
          (e: unknown) => e instanceof InvalidStateError && (e.cause as Error).name === 'InvalidDBInstanceStateFault',
        );
        await clock.runAllAsync();
        await check;
        assert.equal(rds.commandCalls(ModifyDBInstanceCommand).length, 2);
      } finally {
        clock.restore();
      }
    });
  });
});

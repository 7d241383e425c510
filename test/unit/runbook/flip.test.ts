import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { mockClient } from 'aws-sdk-client-mock';
import { AuroraScalingTools } from '../../../src/aurora/index.js';
import { ConfigError, LiveStackError, StackReference } from '../../../src/index.js';
import {
  AlarmGateError,
  bluegreenFlip,
  type FlipLease,
  LeaseHeldError,
  LeaseLostError,
  type LeaseRecord,
  loadStackConfig,
  RunbookError,
  type StackConfig,
  validateStackConfig,
} from '../../../src/runbook/index.js';
import { FakeStack, FULL, INSTANT } from './fake-stack.js';
import { memoryLease } from './memory-lease.js';

const names = async (config: StackConfig, phase: 'prepare' | 'finish' | 'all', target: StackReference, options = {}) =>
  (await bluegreenFlip(config, { ...INSTANT, tools: new FakeStack().tools(), ...options }).runbook(phase, target)).stepNames;

describe('Function: bluegreenFlip', () => {
  describe('Method: plan / runbook', () => {
    it('prepare(green): database, store, consumers, then subscriptions (with the SNS propagation dwell) and alarm actions', async () => {
      assert.deepEqual(await names(FULL, 'prepare', StackReference.Green), [
        'aurora: start green database',
        'aurora: scale out green readers to match blue',
        "dynamodb: reset green table from blue's definition",
        'lambda: rebind green mappings to the new green table stream',
        'kinesis: register green consumer',
        'ecs: enable green service',
        'lambda: enable green event source mappings',
        'lambda: enable green rules',
        'sns: enable green subscriptions',
        'cloudwatch: enable green alarm actions',
      ]);
    });

    it('finish(green): gate, subscriptions off, drain, consumers off, clean-up; purge is opt-in, DLQ purge separately', async () => {
      const all = await names(FULL, 'finish', StackReference.Green);
      assert.deepEqual(all, [
        'cloudwatch: check no green alarm is in ALARM',
        'sns: disable blue subscriptions',
        'sqs: wait for blue queues to drain',
        'lambda: disable blue rules',
        'lambda: disable blue event source mappings',
        'kinesis: deregister blue consumer',
        'cloudwatch: disable blue alarm actions',
        'ecs: disable blue service',
        'aurora: scale in blue readers',
        'aurora: stop blue database',
      ]);
      assert.ok((await names(FULL, 'finish', StackReference.Green, { purgeOldQueues: true })).includes('sqs: purge blue queue'));
      assert.ok(
        (await names(FULL, 'finish', StackReference.Green, { purgeOldQueues: true, purgeOldDlq: true })).includes(
          'sqs: purge blue queue and DLQ',
        ),
      );
      const trimmed = await names(FULL, 'finish', StackReference.Green, { drain: false, stopOldDatabase: false, alarmGate: false });
      assert.deepEqual(
        all.filter((n) => !trimmed.includes(n)),
        ['cloudwatch: check no green alarm is in ALARM', 'sqs: wait for blue queues to drain', 'aurora: stop blue database'],
      );
    });

    it('the dwell and settle waits are data on the steps (SNS: 900 s by default, after on and after off)', async () => {
      const plan = await bluegreenFlip(FULL, { lock: false, tools: new FakeStack().tools() }).plan('all', StackReference.Green);
      const step = (name: string) => plan.steps.find((s) => s.name === name);
      assert.equal(step('sns: enable green subscriptions')?.dwellSeconds, 900);
      assert.equal(step('sns: disable blue subscriptions')?.dwellSeconds, 900);
      assert.equal(step('aurora: start green database')?.settle?.maxWaitSeconds, 1800);
      assert.match(
        step('sqs: wait for blue queues to drain')?.settle?.description ?? '',
        /empty for 60s \(3 readings\) and no NumberOfMessagesSent/,
      );
      assert.equal(step('sqs: wait for blue queues to drain')?.settle?.minDelaySeconds, 30);
      assert.equal(step('aurora: stop blue database')?.bestEffort, true);
    });

    it('only configured services contribute steps', async () => {
      assert.deepEqual(await names({ sqs: FULL.sqs, lambda: FULL.lambda }, 'all', StackReference.Blue), [
        'lambda: enable blue event source mappings',
        'lambda: enable blue rules',
        'sqs: wait for green queues to drain',
        'lambda: disable green rules',
        'lambda: disable green event source mappings',
      ]);
    });

    it('rejects a bad target or phase with a ConfigError before any call', async () => {
      const fake = new FakeStack();
      const flip = bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() });
      await assert.rejects(flip.prepare('purple' as StackReference), ConfigError);
      await assert.rejects(flip.runbook('sideways' as never, StackReference.Green), /Unknown flip phase 'sideways'/);
      assert.deepEqual(fake.calls, []);
    });

    it('a cluster AWS cannot stop (checkStoppable) is left out of the plan, said so in the notes', async () => {
      const fake = new FakeStack();
      fake.stoppable = { stoppable: false, reason: 'it is a member of global cluster g1' };
      const plan = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).plan('finish', StackReference.Green);
      assert.ok(!plan.steps.some((s) => s.name === 'aurora: stop blue database'));
      assert.deepEqual(plan.notes, ['aurora: the blue database is not stopped: it is a member of global cluster g1']);
    });
  });

  describe('Method: flip / finish / prepare', () => {
    it('flip(green) makes green live and blue idle, calling each tool on the right stack', async () => {
      const fake = new FakeStack();
      const report = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).flip(StackReference.Green);
      assert.equal(report.succeeded, true);
      assert.deepEqual(fake.state.green, {
        ...fake.state.green,
        cluster: 'available',
        mappings: true,
        subscriptions: true,
        ecs: 2,
        consumer: true,
        tableItems: 0,
      });
      assert.deepEqual(
        {
          cluster: fake.state.blue.cluster,
          mappings: fake.state.blue.mappings,
          subs: fake.state.blue.subscriptions,
          ecs: fake.state.blue.ecs,
          consumer: fake.state.blue.consumer,
          minReaders: fake.state.blue.minReaders,
        },
        { cluster: 'stopped', mappings: false, subs: false, ecs: 0, consumer: false, minReaders: 0 },
      );
      assert.ok(!fake.writes.some((w) => w.includes('purgeQueues')), 'no purge unless asked');
    });

    it('the alarm gate throws AlarmGateError (not ConfigError) and changes nothing', async () => {
      const fake = new FakeStack();
      fake.state.green = { ...fake.state.blue };
      fake.inAlarm = ['green-errors'];
      const error = (await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() })
        .finish(StackReference.Green)
        .catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.ok(error.cause instanceof AlarmGateError);
      assert.deepEqual((error.cause as AlarmGateError).inAlarm, ['green-errors']);
      assert.match(error.message, /alarms in ALARM: green-errors/);
      assert.deepEqual(fake.writes, []);
    });

    for (const step of [
      'lambda.disableEventMappings(blue)',
      'sns.disableSubscription(blue)',
      'ecs.disableService(blue)',
      'kinesis.deregisterConsumer(blue)',
    ]) {
      it(`a ${step} that lands but whose response is lost is undone too: every resource is as before the run`, async () => {
        const fake = new FakeStack();
        fake.state.green = { ...fake.state.blue, tableItems: 1 };
        const before = structuredClone(fake.state);
        fake.fail(step, { applied: true });
        const error = (await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() })
          .finish(StackReference.Green)
          .catch((e) => e)) as RunbookError;
        assert.ok(error instanceof RunbookError);
        assert.equal(error.failedStep.replace(/^(\w+): (\w+) blue (.*)$/, '$1'), step.split('.')[0]);
        assert.deepEqual(fake.state, before);
        assert.deepEqual(error.leftToFix, []);
      });
    }

    it('steps that reported already are not reversed (scale-in already at 0 stays at 0 after a later failure)', async () => {
      const fake = new FakeStack();
      fake.state.green = { ...fake.state.blue };
      fake.state.blue.minReaders = 0;
      // The purge (after the scale-in) fails: everything this run changed is undone, the scale-in that changed nothing is not.
      fake.fail('sqs.purgeQueues(blue)');
      const events: string[] = [];
      const error = (await bluegreenFlip(FULL, {
        ...INSTANT,
        purgeOldQueues: true,
        tools: fake.tools(),
        onEvent: (e) => events.push(`${e.type}:${e.step}`),
      })
        .finish(StackReference.Green)
        .catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.equal(fake.state.blue.minReaders, 0);
      assert.ok(!fake.calls.includes('aurora.scaleOut(blue)'));
      assert.ok(events.includes('not-reversed:aurora: scale in blue readers'));
      assert.equal(error.report.steps.find((s) => s.name === 'aurora: scale in blue readers')?.status, 'already');
      assert.equal(fake.state.blue.mappings, true, 'the rest was undone');
    });

    it('the undo of a scale-out restores exactly the capacities it replaced (its ScaleResult), not the configured minimum', async () => {
      const aas = mockClient(ApplicationAutoScalingClient);
      aas.on(RegisterScalableTargetCommand).resolves({});
      const fake = new FakeStack();
      const tools = fake.tools();
      const aurora = tools.aurora as unknown as Record<string, unknown>;
      aurora.applicationAutoScaling = new ApplicationAutoScalingClient({ region: 'eu-west-1' });
      // The flip undoes through AuroraScalingTools.restoreReaderCapacity: the real method, on the fake's client.
      aurora.restoreReaderCapacity = AuroraScalingTools.prototype.restoreReaderCapacity;
      aurora.scaleOut = async () => ({
        outcome: 'changed',
        message: 'min 1 → 2',
        resourceId: 'cluster:db-green',
        previousMinCapacity: 1,
        previousMaxCapacity: 3,
        minCapacity: 2,
        maxCapacity: 3,
        partnerReaderCount: 0,
      });
      fake.fail('kinesis.registerConsumer(green)');
      await assert.rejects(bluegreenFlip(FULL, { ...INSTANT, tools }).prepare(StackReference.Green), RunbookError);
      assert.deepEqual(
        aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input),
        [
          {
            ServiceNamespace: 'rds',
            ScalableDimension: 'rds:cluster:ReadReplicaCount',
            ResourceId: 'cluster:db-green',
            MinCapacity: 1,
            MaxCapacity: 3,
          },
        ],
      );
      assert.ok(!fake.calls.includes('aurora.scaleIn(green)'), 'not the configured minReaders');
      aas.restore();
    });

    it('a scale-out whose change landed but whose answer was lost: the undo puts back the capacity its snapshot read (not the configured minimum)', async () => {
      const fake = new FakeStack();
      fake.state.green.minReaders = 1; // set by hand before the flip; the configured minReaders is 0
      fake.state.blue.minReaders = 3;
      fake.fail('aurora.scaleOut(green)', { applied: true, times: 1, error: () => new Error('socket hang up (ECONNRESET)') });
      const error = (await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() })
        .prepare(StackReference.Green)
        .catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.ok(fake.calls.includes('aurora.getReaderCapacity(green)'), 'the snapshot was read before the scale-out');
      assert.equal(fake.state.green.minReaders, 1, 'back to what it was, not to 0');
      assert.ok(fake.calls.includes('aurora.restoreReaderCapacity(green, 1)'));
      assert.ok(!fake.calls.includes('aurora.scaleIn(green)'));
      assert.deepEqual(error.leftToFix, []);
    });

    it('an undo that keeps failing is retried, then listed in leftToFix with what to do by hand', async () => {
      const fake = new FakeStack();
      fake.state.green = { ...fake.state.blue };
      fake.fail('lambda.disableEventMappings(blue)');
      fake.fail('sns.enableSubscription(blue)');
      const error = (await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() })
        .finish(StackReference.Green)
        .catch((e) => e)) as RunbookError;
      assert.equal(fake.calls.filter((c) => c === 'sns.enableSubscription(blue)').length, 3);
      assert.deepEqual(
        error.leftToFix.map((f) => f.step),
        ['sns: disable blue subscriptions'],
      );
      assert.match(error.message, /UNDO FAILED \(still applied, fix by hand\)/);
    });

    it('a refused stop of the old cluster is a warning: the finish phase is not undone', async () => {
      const fake = new FakeStack();
      fake.state.green = { ...fake.state.blue };
      fake.fail('aurora.stopDatabase(blue)', { error: () => new Error('InvalidDBClusterStateFault: cluster is busy') });
      const report = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).finish(StackReference.Green);
      assert.equal(report.succeeded, true);
      assert.deepEqual(
        report.warnings.map((w) => [w.step, w.message]),
        [['aurora: stop blue database', 'InvalidDBClusterStateFault: cluster is busy']],
      );
      assert.equal(fake.state.blue.mappings, false);
      assert.equal(fake.state.blue.subscriptions, false);
    });

    it('a Kinesis consumer that mappings read from is kept registered (its mappings are toggled)', async () => {
      const fake = new FakeStack();
      fake.state.green = { ...fake.state.blue };
      const tools = fake.tools();
      (tools.lambda as unknown as { listEventSourceMappings: unknown }).listEventSourceMappings = async (ref: StackReference) => [
        { uuid: `m-${ref}`, state: fake.state[ref].mappings ? 'Enabled' : 'Disabled', eventSourceArn: `arn:consumer-${ref}` },
      ];
      const report = await bluegreenFlip(FULL, { ...INSTANT, tools }).finish(StackReference.Green);
      assert.equal(fake.state.blue.consumer, true);
      assert.equal(fake.state.blue.mappings, false);
      assert.match(report.steps.find((s) => s.name === 'kinesis: deregister blue consumer')?.message ?? '', /kept registered/);
    });
  });

  describe('Live-state awareness', () => {
    it('a re-run of a completed flip (no lock) makes zero mutating calls and leaves the live table as it is', async () => {
      const fake = new FakeStack();
      await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).flip(StackReference.Green);
      fake.state.green.tableItems = 7; // written by the now-live green stack
      fake.writes.length = 0;
      const report = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).flip(StackReference.Green);
      assert.equal(report.succeeded, true);
      assert.deepEqual(fake.writes, []);
      assert.equal(fake.state.green.tableItems, 7);
      assert.ok(!fake.calls.slice(-40).includes('dynamodb.resetTable(green)'));
    });

    it('the classic re-run bug: prepare --to green twice does not reset the green table the second time', async () => {
      const fake = new FakeStack();
      await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).prepare(StackReference.Green);
      fake.state.green.tableItems = 4;
      const plan = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).plan('prepare', StackReference.Green);
      assert.match(plan.notes.join(), /green table t-green is NOT reset: AWS shows the green stack consuming/);
      await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() }).prepare(StackReference.Green);
      assert.equal(fake.state.green.tableItems, 4);
    });

    it('resetTable and purgeQueues are handed the live stack, and refuse it with LiveStackError', async () => {
      const fake = new FakeStack();
      const tools = fake.tools();
      await assert.rejects(
        (tools.dynamodb as never as { resetTable: (r: StackReference, o: object) => Promise<unknown> }).resetTable(StackReference.Blue, {
          liveStack: StackReference.Blue,
        }),
        LiveStackError,
      );
      const fake2 = new FakeStack();
      fake2.state.green = { ...fake2.state.blue };
      await bluegreenFlip(FULL, { ...INSTANT, tools: fake2.tools(), purgeOldQueues: true }).finish(StackReference.Green);
      assert.ok(fake2.writes.includes('sqs.purgeQueues(blue)'));
      assert.ok(fake2.calls.includes('sqs.purgeQueues(blue)'), 'the DLQ is not purged unless purgeOldDlq');
    });

    it('with a lease: the progress is recorded, and a re-run of the completed flip makes no call to the stack at all', async () => {
      const shared: { record?: LeaseRecord } = {};
      const fake = new FakeStack();
      await bluegreenFlip(FULL, { ...INSTANT, lock: undefined, lease: memoryLease(shared, 'ci-1'), tools: fake.tools() }).flip(
        StackReference.Green,
      );
      assert.equal(shared.record?.live, StackReference.Green);
      assert.equal(shared.record?.progress?.status, 'succeeded');
      assert.equal(shared.record?.held, false);
      const before = fake.calls.length;
      fake.writes.length = 0;
      const report = await bluegreenFlip(FULL, {
        ...INSTANT,
        lock: undefined,
        lease: memoryLease(shared, 'ci-2'),
        tools: fake.tools(),
      }).flip(StackReference.Green);
      assert.ok(report.steps.every((s) => s.status === 'skipped'));
      assert.deepEqual(fake.writes, []);
      // Only the plan's read-only cross-check ran (what AWS shows as live, and whether the old cluster can stop).
      assert.ok(fake.calls.slice(before).every((c) => /\.(list|get|describe|check)/.test(c) || c.startsWith('aurora.checkStoppable')));
    });

    it('a second flip while the lease is held fails fast with LeaseHeldError naming the holder, before any call to the stack', async () => {
      const shared: { record?: LeaseRecord } = {
        record: { lockId: 'pair', held: true, holder: 'ci-1', leaseId: 'ci-1', expiresAt: Date.now() + 60_000 },
      };
      const fake = new FakeStack();
      const error = await bluegreenFlip(FULL, { ...INSTANT, lock: undefined, lease: memoryLease(shared, 'ci-2'), tools: fake.tools() })
        .flip(StackReference.Green)
        .catch((e) => e);
      assert.ok(error instanceof LeaseHeldError);
      assert.equal(error.holder, 'ci-1');
      assert.deepEqual(fake.calls, []);
    });

    it('a lease lost mid-run stops the flip without undoing (another flip may own the pair now)', async () => {
      const shared: { record?: LeaseRecord } = {};
      const fake = new FakeStack();
      const lease = memoryLease(shared, 'ci-1');
      const error = (await bluegreenFlip(FULL, {
        ...INSTANT,
        lock: undefined,
        lease,
        tools: fake.tools(),
        onEvent: (e) => {
          if (e.type === 'done' && e.step === 'aurora: start green database' && shared.record)
            shared.record = { ...shared.record, holder: 'ci-2', leaseId: 'ci-2' };
        },
      })
        .flip(StackReference.Green)
        .catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.ok(error.cause instanceof LeaseLostError);
      assert.equal(fake.state.green.cluster, 'available', 'not undone');
      assert.deepEqual(error.undone, []);
    });
  });

  describe('Function: validateStackConfig / loadStackConfig', () => {
    for (const [label, input, message] of [
      ['a non-object', 'stack', /must be an object/],
      [
        'an unknown section',
        { sqs: FULL.sqs, rds: {} },
        /unknown key 'rds': use region, endpoint, lock and the service sections aurora, dynamodb/,
      ],
      ['no service', { region: 'eu-west-1' }, /lists no service/],
      ['a section that is not an object', { sqs: [] }, /stack config\.sqs must be an object/],
      ['a non-URL endpoint', { sqs: FULL.sqs, endpoint: 'localhost:4566' }, /endpoint 'localhost:4566' is not valid: use an http\(s\) URL/],
      ['a non-string region', { sqs: FULL.sqs, region: 5 }, /region must be a string/],
      ['a lock without tableName', { sqs: FULL.sqs, lock: {} }, /lock\.tableName/],
      ['a lock with an unknown key', { sqs: FULL.sqs, lock: { tableName: 'locks', ttl: 5 } }, /lock has an unknown key 'ttl'/],
    ] as const) {
      it(`rejects ${label} with a ConfigError`, () => {
        assert.throws(
          () => validateStackConfig(input),
          (e: unknown) => e instanceof ConfigError && (message as RegExp).test(e.message),
        );
      });
    }

    it('with a lock table too, a section the tool rejects is a ConfigError before any AWS call (the lease is not read)', async () => {
      const reads: string[] = [];
      const lease = { read: async () => void reads.push('read'), acquire: async () => void reads.push('acquire') } as unknown as FlipLease;
      const flip = bluegreenFlip({ sqs: { queues: { blue: { queueName: 'a' } } }, lock: { tableName: 'locks' } }, { lease });
      await assert.rejects(flip.flip(StackReference.Green), (e: Error) => e.name === 'ConfigError');
      assert.deepEqual(reads, []);
    });

    it('a section the tool rejects is a ConfigError naming the path, before any AWS call', async () => {
      const flip = bluegreenFlip({ sqs: { queues: { blue: { queueName: 'a' } } } });
      // By name: under mocha + tsx the lazily imported service module may load its own copy of core (the published
      // ESM and CJS builds each load one), so instanceof across that boundary is not what this test checks.
      await assert.rejects(
        flip.prepare(StackReference.Green),
        (e: Error) => e.name === 'ConfigError' && /queues\.green is missing/.test(e.message),
      );
    });

    it('loads JSON and JS modules, and says what is wrong with a bad file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bluegreen-config-'));
      writeFileSync(join(dir, 'stack.json'), JSON.stringify({ sqs: FULL.sqs }));
      assert.deepEqual(await loadStackConfig(join(dir, 'stack.json')), { sqs: FULL.sqs });
      writeFileSync(join(dir, 'stack.mjs'), `export default ${JSON.stringify({ lambda: FULL.lambda })};`);
      assert.deepEqual(await loadStackConfig(join(dir, 'stack.mjs')), { lambda: FULL.lambda });
      writeFileSync(join(dir, 'bad.json'), '{ "sqs": ');
      await assert.rejects(
        loadStackConfig(join(dir, 'bad.json')),
        (e: unknown) => e instanceof ConfigError && /is not valid JSON/.test(e.message),
      );
      await assert.rejects(
        loadStackConfig(join(dir, 'missing.json')),
        (e: unknown) => e instanceof ConfigError && /Cannot read stack config/.test(e.message),
      );
      await assert.rejects(loadStackConfig(''), ConfigError);
    });
  });
});

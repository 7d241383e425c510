import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, StackReference } from '../../../src/index.js';
import {
  bluegreenFlip,
  loadStackConfig,
  RunbookError,
  type StackConfig,
  type StackTools,
  validateStackConfig,
} from '../../../src/runbook/index.js';

const pair = <T>(blue: T, green: T) => ({ blue, green });
const FULL: StackConfig = {
  region: 'eu-west-1',
  aurora: { clusters: pair({ clusterIdentifier: 'db-blue' }, { clusterIdentifier: 'db-green' }) },
  dynamodb: { tables: pair({ tableName: 't-blue' }, { tableName: 't-green' }) },
  sqs: { queues: pair({ queueName: 'q-blue', dlqName: 'q-blue-dlq' }, { queueName: 'q-green', dlqName: 'q-green-dlq' }) },
  sns: {
    subscriptions: pair(
      [{ subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:t:1' }],
      [{ subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:t:2' }],
    ),
  },
  kinesis: { consumers: pair({ streamName: 's', consumerName: 'c-blue' }, { streamName: 's', consumerName: 'c-green' }) },
  lambda: { functions: pair({ functionName: 'f-blue', alias: 'live' }, { functionName: 'f-green', alias: 'live' }) },
  cloudwatch: { alarms: pair({ prefix: 'blue-' }, { prefix: 'green-' }) },
  ecs: { services: pair({ cluster: 'c', service: 's-blue', desiredCount: 2 }, { cluster: 'c', service: 's-green', desiredCount: 2 }) },
};

/** Fake tools that record every call as "section.method(ref)"; `fail` makes one call throw. */
function fakeTools(calls: string[], options: { fail?: string; inAlarm?: string[] } = {}): StackTools {
  const tool = (section: string) =>
    new Proxy(
      {},
      {
        get: (_t, method: string) => async (ref: unknown) => {
          const call = `${section}.${method}(${String(ref)})`;
          calls.push(call);
          if (call === options.fail) throw new Error(`${call} failed`);
          if (method === 'getAlarmStates') return { alarms: [], inAlarm: options.inAlarm ?? [] };
          if (method === 'waitForDrain') return { queues: [], total: 0 };
          return { outcome: 'changed', message: call };
        },
      },
    );
  return Object.fromEntries(
    ['aurora', 'dynamodb', 'sqs', 'sns', 'kinesis', 'lambda', 'cloudwatch', 'ecs'].map((s) => [s, tool(s)]),
  ) as unknown as StackTools;
}

describe('Function: bluegreenFlip', () => {
  describe('Method: steps / runbook', () => {
    it('prepare(green) switches green on, in the documented order', async () => {
      const names = (await bluegreenFlip(FULL, { tools: fakeTools([]) }).runbook('prepare', StackReference.Green)).stepNames;
      assert.deepEqual(names, [
        'aurora: start green database',
        'aurora: scale out green readers to match blue',
        "dynamodb: reset green table from blue's definition",
        'kinesis: register green consumer',
        'ecs: enable green service',
        'sns: enable green subscriptions',
        'lambda: enable green event source mappings',
        'lambda: enable green rules',
        'cloudwatch: enable green alarm actions',
      ]);
    });

    it('finish(green) switches blue off after the alarm gate; options drop the drain, purge, stop and gate steps', async () => {
      const all = (await bluegreenFlip(FULL, { tools: fakeTools([]) }).runbook('finish', StackReference.Green)).stepNames;
      assert.equal(all[0], 'cloudwatch: check no green alarm is in ALARM');
      assert.equal(all.at(-1), 'aurora: stop blue database');
      assert.equal(all.length, 11);
      const trimmed = (
        await bluegreenFlip(FULL, {
          tools: fakeTools([]),
          drain: false,
          purgeOldQueues: false,
          stopOldDatabase: false,
          alarmGate: false,
        }).runbook('finish', StackReference.Green)
      ).stepNames;
      assert.deepEqual(
        all.filter((n) => !trimmed.includes(n)),
        [
          'cloudwatch: check no green alarm is in ALARM',
          'sqs: wait for blue queues to drain',
          'sqs: purge blue queues',
          'aurora: stop blue database',
        ],
      );
    });

    it('only configured services contribute steps', async () => {
      const names = (
        await bluegreenFlip({ sqs: FULL.sqs, lambda: FULL.lambda }, { tools: fakeTools([]) }).runbook('all', StackReference.Blue)
      ).stepNames;
      assert.deepEqual(names, [
        'lambda: enable blue event source mappings',
        'lambda: enable blue rules',
        'sqs: wait for green queues to drain',
        'lambda: disable green rules',
        'lambda: disable green event source mappings',
        'sqs: purge green queues',
      ]);
    });

    it('rejects a bad target or phase with a ConfigError before any call', async () => {
      const calls: string[] = [];
      const flip = bluegreenFlip(FULL, { tools: fakeTools(calls) });
      await assert.rejects(flip.prepare('purple' as StackReference), ConfigError);
      await assert.rejects(flip.runbook('sideways' as never, StackReference.Green), /Unknown flip phase 'sideways'/);
      assert.deepEqual(calls, []);
    });
  });

  describe('Method: finish', () => {
    it('calls each tool on the right stack, in order', async () => {
      const calls: string[] = [];
      await bluegreenFlip(FULL, { tools: fakeTools(calls) }).finish(StackReference.Green);
      assert.deepEqual(calls, [
        'cloudwatch.getAlarmStates(green)',
        'sns.disableSubscription(blue)',
        'sqs.waitForDrain(blue)',
        'lambda.disableRules(blue)',
        'lambda.disableEventMappings(blue)',
        'kinesis.deregisterConsumer(blue)',
        'cloudwatch.disableAlarmActions(blue)',
        'ecs.disableService(blue)',
        'aurora.scaleIn(blue)',
        'sqs.purgeQueues(blue)',
        'aurora.stopDatabase(blue)',
      ]);
    });

    it('refuses to switch the old stack off while a target alarm is in ALARM, changing nothing', async () => {
      const calls: string[] = [];
      const error = (await bluegreenFlip(FULL, { tools: fakeTools(calls, { inAlarm: ['green-errors'] }) })
        .finish(StackReference.Green)
        .catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.match(error.message, /alarms in ALARM: green-errors/);
      assert.deepEqual(calls, ['cloudwatch.getAlarmStates(green)']);
    });

    it('a failure undoes the failed step, then the completed steps with their inverse calls, in reverse', async () => {
      const calls: string[] = [];
      await assert.rejects(
        bluegreenFlip(FULL, { tools: fakeTools(calls, { fail: 'kinesis.deregisterConsumer(blue)' }) }).finish(StackReference.Green),
        RunbookError,
      );
      assert.deepEqual(calls.slice(calls.indexOf('kinesis.deregisterConsumer(blue)') + 1), [
        'kinesis.registerConsumer(blue)',
        'lambda.enableEventMappings(blue)',
        'lambda.enableRules(blue)',
        'sns.enableSubscription(blue)',
      ]);
    });
  });

  describe('Function: validateStackConfig / loadStackConfig', () => {
    for (const [label, input, message] of [
      ['a non-object', 'stack', /must be an object/],
      [
        'an unknown section',
        { sqs: FULL.sqs, rds: {} },
        /unknown key 'rds': use region, endpoint and the service sections aurora, dynamodb/,
      ],
      ['no service', { region: 'eu-west-1' }, /lists no service/],
      ['a section that is not an object', { sqs: [] }, /stack config\.sqs must be an object/],
      ['a non-URL endpoint', { sqs: FULL.sqs, endpoint: 'localhost:4566' }, /endpoint 'localhost:4566' is not valid: use an http\(s\) URL/],
      ['a non-string region', { sqs: FULL.sqs, region: 5 }, /region must be a string/],
    ] as const) {
      it(`rejects ${label} with a ConfigError`, () => {
        assert.throws(
          () => validateStackConfig(input),
          (e: unknown) => e instanceof ConfigError && (message as RegExp).test(e.message),
        );
      });
    }

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

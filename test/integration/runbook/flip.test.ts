import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { provisionDemo } from '../../../examples/demo/provision.js';
import { main } from '../../../src/cli/main.js';
import { DryRunRecorder, StackReference } from '../../../src/index.js';
import {
  bluegreenFlip,
  createStackTools,
  getStatusBoard,
  LeaseHeldError,
  RunbookError,
  type StackConfig,
  type StackTools,
  type StatusBoard,
} from '../../../src/runbook/index.js';
import { startRecordingProxy } from '../../support/recording-proxy.js';
import { useEmulator } from '../../support/use-emulator.js';

const FAST = { maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 };
/** The drain scaled down (moto's depths are exact and it publishes no SQS metrics): 2 empty readings 0.3 s apart. */
const DRAIN = { maxWaitTime: 30, windowSeconds: 0.3, zeroReadings: 2 };
/** FlipOptions with every AWS-true wait scaled down for the emulator (SNS's 15-minute dwell → 0.1 s). */
const SCALED = { wait: FAST, drain: DRAIN, propagationDwellSeconds: 0.1, undoRetryDelaySeconds: 0.1 };
/** The board without its timestamp and without volatile raw details (ARNs, times). */
const cells = (board: StatusBoard) => board.rows.map((r) => `${r.section}/${r.label}: ${r.blue} | ${r.green}`);
const cell = (board: StatusBoard, section: string, label: string) => board.rows.find((r) => r.section === section && r.label === label);

/** Tools whose `method` on `section` throws (for calls on the `only` stack, when given) — to fail a chosen flip step. */
function breakTool(tools: StackTools, section: keyof StackTools, method: string, only?: StackReference): StackTools {
  const original = tools[section] as unknown as Record<string, (...args: unknown[]) => unknown>;
  const broken = new Proxy(original, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        if (only === undefined || args[0] === only) return Promise.reject(new Error(`injected failure in ${String(section)}.${method}`));
        return value.apply(target, args);
      };
    },
  });
  return { ...tools, [section]: broken };
}

describe('Function: bluegreenFlip (whole stack, emulator)', function () {
  this.timeout(120_000);
  const aws = useEmulator({ resetEach: true });
  let config: StackConfig;
  let tools: StackTools;

  beforeEach(async () => {
    ({ config } = (await provisionDemo(aws.clientConfig(), { prefix: 'it', lockTable: true })) as { config: StackConfig });
    tools = await createStackTools(config, { clientConfig: aws.clientConfig() });
  });

  it('flip → green then → blue switches every service, read back from the emulator after each flip', async () => {
    const before = await getStatusBoard(tools);
    assert.equal(cell(before, 'aurora', 'cluster')?.green, 'stopped');
    assert.equal(cell(before, 'sqs', 'DLQ depth')?.blue.startsWith('3 '), true);

    const toGreen = await bluegreenFlip(config, { clientConfig: aws.clientConfig(), tools, ...SCALED }).flip(StackReference.Green);
    assert.equal(toGreen.succeeded, true);
    const green = await getStatusBoard(tools);
    assert.deepEqual(
      [
        'aurora/cluster',
        'sns/subscriptions',
        'kinesis/consumer',
        'lambda/event source mappings',
        'lambda/rules',
        'cloudwatch/alarm actions',
        'sqs/DLQ depth',
      ].map((key) => {
        const [section, label] = key.split('/') as [string, string];
        const row = cell(green, section, label);
        return [key, row?.blue, row?.green];
      }),
      [
        ['aurora/cluster', 'stopped', 'available'],
        ['sns/subscriptions', '0/1 enabled', '1/1 enabled'],
        ['kinesis/consumer', 'not registered', 'ACTIVE'],
        ['lambda/event source mappings', '0/2 enabled', '2/2 enabled'],
        ['lambda/rules', '0/1 enabled', '1/1 enabled'],
        ['cloudwatch/alarm actions', '0/2 enabled', '2/2 enabled'],
        // Purging is opt-in and a DLQ is never purged by default: blue's failed messages are kept.
        ['sqs/DLQ depth', '3 (visible 3, in flight 0, delayed 0)', '3 (visible 3, in flight 0, delayed 0)'],
      ],
    );
    assert.match(cell(green, 'ecs', 'service desired/running')?.blue ?? '', /^0\//);
    assert.match(cell(green, 'ecs', 'service desired/running')?.green ?? '', /^2\//);
    // The green table was recreated from blue's definition: blue has TTL on, green did not before the flip.
    const ttl = await new DynamoDBClient(aws.clientConfig()).send(new DescribeTimeToLiveCommand({ TableName: 'it-sessions-green' }));
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED');

    await bluegreenFlip(config, { clientConfig: aws.clientConfig(), tools, ...SCALED, purgeOldQueues: true, purgeOldDlq: true }).flip(
      StackReference.Blue,
    );
    const blue = await getStatusBoard(tools);
    assert.equal(cell(blue, 'aurora', 'cluster')?.blue, 'available');
    assert.equal(cell(blue, 'aurora', 'cluster')?.green, 'stopped');
    assert.equal(cell(blue, 'sns', 'subscriptions')?.blue, '1/1 enabled');
    assert.equal(cell(blue, 'sns', 'subscriptions')?.green, '0/1 enabled');
    assert.equal(cell(blue, 'lambda', 'event source mappings')?.green, '0/2 enabled');
    assert.equal(cell(blue, 'sqs', 'DLQ depth')?.green, '0 (visible 0, in flight 0, delayed 0)', 'purgeOldDlq: true purged it');
  });

  for (const lock of ['with the lease', 'without a lock table'] as const) {
    it(`a re-run of a completed flip (${lock}) makes zero mutating calls (counted at the emulator) and keeps the live table's items`, async () => {
      const proxy = await startRecordingProxy(aws.endpoint());
      try {
        const clientConfig = { ...aws.clientConfig(), endpoint: proxy.endpoint };
        const options = { clientConfig, ...SCALED, ...(lock === 'without a lock table' ? { lock: false as const } : {}) };
        await bluegreenFlip(config, options).flip(StackReference.Green);
        const dynamo = new DynamoDBClient(aws.clientConfig());
        await dynamo.send(new PutItemCommand({ TableName: 'it-sessions-green', Item: { pk: { S: 'order-1' }, user: { S: 'u1' } } }));
        const once = cells(await getStatusBoard(tools));
        proxy.requests.length = 0;
        const again = await bluegreenFlip(config, options).flip(StackReference.Green);
        assert.equal(again.succeeded, true);
        // Not one mutating call: neither to the stack nor to the lock table (the lease is read, not taken, when its
        // record shows this flip complete and AWS agrees).
        assert.deepEqual(
          proxy.mutating().map((r) => r.operation),
          [],
        );
        const item = await dynamo.send(new GetItemCommand({ TableName: 'it-sessions-green', Key: { pk: { S: 'order-1' } } }));
        assert.equal(item.Item?.user?.S, 'u1', 'the now-live green table kept its item');
        assert.deepEqual(cells(await getStatusBoard(tools)), once);
      } finally {
        await proxy.close();
      }
    });
  }

  it('the lease records the live stack; a second flip while it is held fails fast naming the holder, before any call to the stack', async () => {
    const flip = bluegreenFlip(config, { clientConfig: aws.clientConfig(), tools, ...SCALED });
    await flip.flip(StackReference.Green);
    const record = await flip.lease()?.read();
    assert.equal(record?.live, StackReference.Green);
    assert.equal(record?.held, false);
    assert.equal(record?.progress?.status, 'succeeded');
    const holder = bluegreenFlip(config, { clientConfig: aws.clientConfig(), lock: { holder: 'ci-run-1' } }).lease();
    await holder?.acquire({ target: StackReference.Blue, phase: 'all' });
    const proxy = await startRecordingProxy(aws.endpoint());
    try {
      const error = await bluegreenFlip(config, { clientConfig: { ...aws.clientConfig(), endpoint: proxy.endpoint }, ...SCALED })
        .flip(StackReference.Blue)
        .catch((e) => e);
      assert.ok(error instanceof LeaseHeldError, String(error));
      assert.equal(error.holder, 'ci-run-1');
      assert.deepEqual(
        proxy.requests.map((r) => r.operation),
        ['GetItem', 'UpdateItem'],
        'only the lease: its read, then the refused conditional write',
      );
    } finally {
      await proxy.close();
    }
  });

  it('dry-run sends no mutating call (counted at the emulator through a recording proxy) and changes nothing', async () => {
    const proxy = await startRecordingProxy(aws.endpoint());
    try {
      const before = cells(await getStatusBoard(tools));
      const recorder = new DryRunRecorder();
      const report = await bluegreenFlip(config, {
        clientConfig: { ...aws.clientConfig(), endpoint: proxy.endpoint },
        dryRun: recorder,
        ...SCALED,
        purgeOldQueues: true,
      }).flip(StackReference.Green);
      assert.equal(report.dryRun, true);
      assert.ok(proxy.requests.length > 0, 'read-only calls reached the emulator');
      assert.deepEqual(proxy.mutating(), [], 'no mutating call reached the emulator');
      const operations = new Set(recorder.calls.map((c) => c.operation));
      for (const op of [
        'StartDBCluster',
        'DeleteTable',
        'SetSubscriptionAttributes',
        'UpdateEventSourceMapping',
        'EnableAlarmActions',
        'UpdateService',
        'PurgeQueue',
      ]) {
        assert.ok(operations.has(op), `${op} was recorded (recorded: ${[...operations].join(', ')})`);
      }
      assert.deepEqual(cells(await getStatusBoard(tools)), before);
    } finally {
      await proxy.close();
    }
  });

  for (const [section, method, only, step] of [
    ['aurora', 'scaleOut', StackReference.Green, 'aurora: scale out green readers to match blue'],
    ['eventbridge', 'enableRules', StackReference.Green, 'lambda: enable green rules'],
    ['cloudwatch', 'disableAlarmActions', StackReference.Blue, 'cloudwatch: disable blue alarm actions'],
  ] as const) {
    it(`a failure at '${step}' undoes it and the completed steps in reverse and leaves the stacks as they were`, async () => {
      const before = cells(await getStatusBoard(tools));
      const flip = bluegreenFlip(config, {
        clientConfig: aws.clientConfig(),
        tools: breakTool(tools, section, method, only),
        ...SCALED,
      });
      const error = (await flip.flip(StackReference.Green).catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError, String(error));
      assert.equal(error.failedStep, step);
      assert.deepEqual(error.undoFailures, []);
      const undoable = error.report.steps.filter((s) => s.status === 'not-undoable').map((s) => s.name);
      assert.deepEqual(error.undone, [step, ...[...error.ran].reverse().filter((name) => !undoable.includes(name))]);
      assert.deepEqual(error.leftToFix, []);
      const after = cells(await getStatusBoard(tools));
      // The DynamoDB reset has no undo (a recreated empty table stays); every other cell is as before.
      assert.deepEqual(after, before);
    });
  }

  it('resume continues where a stopped run left off (undoOnFailure: false, then resumeFrom the failed step)', async () => {
    const broken = bluegreenFlip(config, {
      clientConfig: aws.clientConfig(),
      tools: breakTool(tools, 'eventbridge', 'enableRules'),
      ...SCALED,
    });
    const error = (await broken.flip(StackReference.Green, { undoOnFailure: false }).catch((e) => e)) as RunbookError;
    assert.equal(error.failedStep, 'lambda: enable green rules');
    const stopped = await getStatusBoard(tools);
    assert.equal(cell(stopped, 'lambda', 'event source mappings')?.green, '2/2 enabled', 'steps before the failure stay applied');
    assert.equal(cell(stopped, 'lambda', 'rules')?.green, '0/1 enabled');

    const fixed = bluegreenFlip(config, { clientConfig: aws.clientConfig(), tools, ...SCALED });
    const names = (await fixed.runbook('all', StackReference.Green)).stepNames;
    const report = await fixed.flip(StackReference.Green, { from: error.failedStep });
    assert.equal(report.succeeded, true);
    assert.equal(report.steps.filter((s) => s.status === 'skipped').length, names.indexOf(error.failedStep));
    const done = await getStatusBoard(tools);
    assert.equal(cell(done, 'lambda', 'rules')?.green, '1/1 enabled');
    assert.equal(cell(done, 'aurora', 'cluster')?.blue, 'stopped');
  });

  describe('CLI: bluegreen status / flip', () => {
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(args, {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
      });
      return { code, out: out.join(''), err: err.join('') };
    };
    const writeConfig = () => {
      const dir = mkdtempSync(join(tmpdir(), 'bluegreen-cli-'));
      const file = join(dir, 'stack.json');
      writeFileSync(file, JSON.stringify({ ...config, region: 'us-east-1', endpoint: aws.endpoint() }));
      return file;
    };

    it('status prints both stacks side by side, and --json for machines', async () => {
      const file = writeConfig();
      const table = await run(['status', '--config', file]);
      assert.equal(table.code, 0, table.err);
      assert.match(table.out, /\| service +\| what +\| blue +\| green +\|/);
      assert.match(table.out, /\| aurora +\| cluster +\| available +\| stopped +\|/);
      const json = await run(['status', '--config', file, '--json']);
      const board = JSON.parse(json.out) as StatusBoard;
      assert.equal(cell(board, 'sns', 'subscriptions')?.blue, '1/1 enabled');
      assert.deepEqual(board.inAlarm, { blue: [], green: [] });
    });

    it('flip --dry-run prints the calls it would make and changes nothing; --plan lists the steps', async () => {
      const file = writeConfig();
      const before = cells(await getStatusBoard(tools));
      const plan = await run(['flip', '--config', file, '--to', 'green', '--plan']);
      assert.equal(plan.code, 0, plan.err);
      assert.match(plan.out, /^1\. aurora: start green database \(waits for green cluster available\)$/m);
      assert.match(plan.out, /sns: enable green subscriptions \(dwell 900s\)/);
      const dry = await run(['flip', '--config', file, '--to', 'GREEN', '--dry-run']);
      assert.equal(dry.code, 0, dry.err);
      assert.match(dry.out, /would call RDS\.StartDBCluster/);
      assert.match(dry.out, /mutating calls recorded, none sent/);
      assert.deepEqual(cells(await getStatusBoard(tools)), before);
    });

    it('flip runs under the lease (a second flip while it is held exits 1 naming the holder); lock status / break', async () => {
      const file = writeConfig();
      const flip = await run(['flip', '--config', file, '--to', 'green', '--dwell', '0.1', '--drain-window', '0.3']);
      assert.equal(flip.code, 0, flip.err);
      assert.doesNotMatch(flip.err, /no lock table/);
      const status = await run(['lock', 'status', '--config', file]);
      assert.equal(status.code, 0, status.err);
      assert.match(status.out, /^ {2}free \(last held by /m);
      assert.match(status.out, /live stack \(recorded\): green/);
      assert.match(status.out, /last flip: to green \(all\), succeeded/);
      const holder = bluegreenFlip(config, { clientConfig: aws.clientConfig(), lock: { holder: 'release-42@ci' } }).lease();
      await holder?.acquire({ target: StackReference.Blue, phase: 'all' });
      const blocked = await run(['flip', '--config', file, '--to', 'blue', '--dwell', '0.1']);
      assert.equal(blocked.code, 1);
      assert.match(blocked.err, /held by release-42@ci \(flipping to blue, phase all\).*Nothing was changed/);
      const json = JSON.parse((await run(['lock', 'status', '--config', file, '--json'])).out) as { held: boolean; leaseId: string };
      assert.equal(json.held, true);
      const broken = await run(['lock', 'break', '--config', file, '--lease-id', json.leaseId]);
      assert.equal(broken.code, 0, broken.err);
      assert.match(broken.out, /broke lock .*: it was held by release-42@ci/);
      assert.equal((await run(['lock', 'break', '--config', file, '--force'])).code, 1, 'nothing left to break');
      assert.equal((await run(['lock', 'break', '--config', file])).code, 2, 'break needs --lease-id or --force');
      const unlocked = JSON.stringify({ ...config, lock: undefined, region: 'us-east-1', endpoint: aws.endpoint() });
      const bare = join(mkdtempSync(join(tmpdir(), 'bluegreen-cli-')), 'stack.json');
      writeFileSync(bare, unlocked);
      const warned = await run(['flip', '--config', bare, '--to', 'green', '--plan']);
      assert.match(warned.err, /warning: no lock table in the stack config/);
    });

    it('rejects a bad --to and a missing --config with exit code 2 and a message', async () => {
      const bad = await run(['flip', '--config', writeConfig(), '--to', 'purple']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /Invalid --to 'purple': expected 'blue' or 'green'/);
      const missing = await run(['status']);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /--config <file> is required/);
    });
  });
});

import { strict as assert } from 'node:assert';
import {
  CloudWatchClient,
  type CompositeAlarm,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchTools } from '../../../src/cloudwatch/index.js';
import { BatchError, ConfigError, StackReference } from '../../../src/index.js';

const metric = (name: string, actionsEnabled: boolean, state: MetricAlarm['StateValue'] = 'OK'): MetricAlarm => ({
  AlarmName: name,
  ActionsEnabled: actionsEnabled,
  StateValue: state,
});
const composite = (name: string, actionsEnabled: boolean, state: CompositeAlarm['StateValue'] = 'OK'): CompositeAlarm => ({
  AlarmName: name,
  ActionsEnabled: actionsEnabled,
  StateValue: state,
});

/** Answers DescribeAlarms like CloudWatch: filter by prefix or names, pages of MaxRecords, NextToken = next offset. */
/**
 * Serves DescribeAlarms pages over `all`; returns a copy of each request as it was sent (the SDK paginator reuses one
 * input object for every page, so the recorded command inputs all show the last token).
 */
function serveAlarms(mock: ReturnType<typeof mockClient>, all: (MetricAlarm | CompositeAlarm)[], composites = new Set<string>()) {
  const requests: DescribeAlarmsCommandInput[] = [];
  mock.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => {
    requests.push({ ...input });
    assert.ok(!(input.AlarmNamePrefix && input.AlarmNames), 'AlarmNamePrefix and AlarmNames cannot be combined');
    assert.ok((input.AlarmNames?.length ?? 0) <= 100, 'at most 100 AlarmNames');
    const types = input.AlarmTypes ?? ['MetricAlarm'];
    const matched = all.filter(
      (a) =>
        (input.AlarmNamePrefix === undefined || a.AlarmName?.startsWith(input.AlarmNamePrefix)) &&
        (input.AlarmNames === undefined || input.AlarmNames.includes(a.AlarmName as string)) &&
        types.includes(composites.has(a.AlarmName as string) ? 'CompositeAlarm' : 'MetricAlarm'),
    );
    const start = Number(input.NextToken ?? 0);
    const size = input.MaxRecords ?? 50;
    const page = matched.slice(start, start + size);
    return {
      MetricAlarms: page.filter((a) => !composites.has(a.AlarmName as string)),
      CompositeAlarms: page.filter((a) => composites.has(a.AlarmName as string)),
      NextToken: start + size < matched.length ? String(start + size) : undefined,
    };
  });
  return requests;
}

describe('Class: CloudWatchTools', () => {
  const client = new CloudWatchClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const cw = mockClient(CloudWatchClient);
  beforeEach(() => cw.reset());
  after(() => cw.restore());

  const tools = (blue: object = { prefix: 'orders-blue-' }, green: object = { prefix: 'orders-green-' }, extra: object = {}) =>
    new CloudWatchTools({ alarms: { blue, green } as never, awsSdkV3Client: client, ...extra });

  describe('Constructor', () => {
    const bad: [string, () => unknown, RegExp][] = [
      ['missing alarms', () => new CloudWatchTools({ awsSdkV3Client: client } as never), /alarms must be an object/],
      [
        'a pair without green',
        () => new CloudWatchTools({ alarms: { blue: { prefix: 'a' } }, awsSdkV3Client: client } as never),
        /alarms\.green is missing/,
      ],
      ['a selector with neither prefix nor names', () => tools({}), /alarms\.blue selects no alarms/],
      ['suffix without prefix', () => tools({ names: ['a'], suffix: '-x' }), /alarms\.blue\.suffix needs alarms\.blue\.prefix/],
      ['an empty prefix', () => tools({ prefix: '' }), /alarms\.blue\.prefix must not be empty/],
      ['a non-string name', () => tools({ names: ['ok', 3] }), /alarms\.blue\.names\[1\] must be a string/],
      ['an empty names list', () => tools({ names: [] }), /alarms\.blue\.names must have at least 1/],
      ['an unknown key', () => tools({ prefix: 'a', regex: '.*' }), /unknown key 'regex'/],
      ['a bad concurrency', () => tools(undefined, undefined, { concurrency: 0 }), /concurrency must be >= 1/],
      [
        'a client and a clientConfig',
        () =>
          new CloudWatchTools({
            alarms: { blue: { prefix: 'a' }, green: { prefix: 'b' } },
            awsSdkV3Client: client,
            clientConfig: {},
          } as never),
        /either awsSdkV3Client or clientConfig/,
      ],
    ];
    for (const [what, make, message] of bad) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, () => {
        assert.throws(make, (e: unknown) => e instanceof ConfigError && message.test(e.message));
        assert.equal(cw.calls().length, 0);
      });
    }
  });

  describe('Method: enableAlarmActions', () => {
    it('for 250 alarms reads DescribeAlarms page by page and calls EnableAlarmActions exactly 3 times (100, 100, 50)', async () => {
      const alarms = Array.from({ length: 250 }, (_, i) => metric(`orders-green-${String(i).padStart(3, '0')}`, false));
      const requests = serveAlarms(cw, [...alarms, metric('orders-blue-x', false)]);
      cw.on(EnableAlarmActionsCommand).resolves({});
      const result = await tools().enableAlarmActions(StackReference.Green);
      const describes = cw.commandCalls(DescribeAlarmsCommand);
      assert.equal(describes.length, 3);
      assert.deepEqual(
        requests.map((input) => [input.AlarmNamePrefix, input.NextToken, input.MaxRecords]),
        [
          ['orders-green-', undefined, 100],
          ['orders-green-', '100', 100],
          ['orders-green-', '200', 100],
        ],
      );
      for (const c of describes) assert.deepEqual(c.args[0].input.AlarmTypes, ['MetricAlarm', 'CompositeAlarm']);
      const enables = cw.commandCalls(EnableAlarmActionsCommand);
      assert.equal(enables.length, 3);
      assert.deepEqual(
        enables.map((c) => c.args[0].input.AlarmNames?.length),
        [100, 100, 50],
      );
      const sent = enables.flatMap((c) => c.args[0].input.AlarmNames ?? []);
      assert.deepEqual([...sent].sort(), alarms.map((a) => a.AlarmName).sort());
      assert.equal(cw.commandCalls(DisableAlarmActionsCommand).length, 0);
      assert.equal(result.outcome, 'changed');
      assert.equal(result.changed.length, 250);
      assert.deepEqual(result.already, []);
    });

    it('sends only alarms whose actions are disabled, and nothing at all (never an empty list) when all are enabled', async () => {
      serveAlarms(
        cw,
        [metric('orders-green-a', true), metric('orders-green-b', false), composite('orders-green-c', false)],
        new Set(['orders-green-c']),
      );
      cw.on(EnableAlarmActionsCommand).resolves({});
      const first = await tools().enableAlarmActions(StackReference.Green);
      assert.deepEqual(cw.commandCalls(EnableAlarmActionsCommand)[0]?.args[0].input.AlarmNames, ['orders-green-b', 'orders-green-c']);
      assert.deepEqual(first.already, ['orders-green-a']);

      cw.reset();
      serveAlarms(cw, [metric('orders-green-a', true), composite('orders-green-c', true)], new Set(['orders-green-c']));
      const second = await tools().enableAlarmActions(StackReference.Green);
      assert.equal(cw.commandCalls(EnableAlarmActionsCommand).length, 0);
      assert.equal(second.outcome, 'already');
      assert.deepEqual(second.already, ['orders-green-a', 'orders-green-c']);
    });

    it('keeps going when one batch fails and reports the failure as a BatchError', async () => {
      serveAlarms(
        cw,
        Array.from({ length: 150 }, (_, i) => metric(`orders-green-${String(i).padStart(3, '0')}`, false)),
      );
      cw.on(EnableAlarmActionsCommand)
        .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDenied' }))
        .resolves({});
      await assert.rejects(tools(undefined, undefined, { concurrency: 1 }).enableAlarmActions(StackReference.Green), BatchError);
      assert.equal(cw.commandCalls(EnableAlarmActionsCommand).length, 2);
    });

    it('rejects a bad stack reference or options before any call', async () => {
      await assert.rejects(tools().enableAlarmActions('purple' as StackReference), ConfigError);
      await assert.rejects(tools().enableAlarmActions(StackReference.Blue, { concurrency: 1.5 }), ConfigError);
      assert.equal(cw.calls().length, 0);
    });
  });

  describe('Method: disableAlarmActions', () => {
    it('for 250 alarms calls DisableAlarmActions exactly 3 times with at most 100 names each', async () => {
      serveAlarms(
        cw,
        Array.from({ length: 250 }, (_, i) => metric(`orders-blue-${i}`, true)),
      );
      cw.on(DisableAlarmActionsCommand).resolves({});
      const result = await tools().disableAlarmActions(StackReference.Blue);
      const calls = cw.commandCalls(DisableAlarmActionsCommand);
      assert.equal(calls.length, 3);
      for (const c of calls) assert.ok((c.args[0].input.AlarmNames?.length ?? 0) > 0 && (c.args[0].input.AlarmNames?.length ?? 0) <= 100);
      assert.equal(new Set(calls.flatMap((c) => c.args[0].input.AlarmNames)).size, 250);
      assert.equal(cw.commandCalls(EnableAlarmActionsCommand).length, 0);
      assert.equal(result.changed.length, 250);
    });

    it('sends each full batch of 100 while the next DescribeAlarms page is read (pages + 1 round trips, not pages + batches)', async () => {
      serveAlarms(
        cw,
        Array.from({ length: 250 }, (_, i) => metric(`orders-blue-${String(i).padStart(3, '0')}`, true)),
      );
      cw.on(DisableAlarmActionsCommand).resolves({});
      await tools().disableAlarmActions(StackReference.Blue);
      const order = cw.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name);
      assert.deepEqual(order, [
        'DescribeAlarmsCommand',
        'DisableAlarmActionsCommand',
        'DescribeAlarmsCommand',
        'DisableAlarmActionsCommand',
        'DescribeAlarmsCommand',
        'DisableAlarmActionsCommand',
      ]);
      assert.deepEqual(
        cw.commandCalls(DisableAlarmActionsCommand).map((c) => c.args[0].input.AlarmNames?.[0]),
        ['orders-blue-000', 'orders-blue-100', 'orders-blue-200'],
      );
    });

    it('never has more than `concurrency` calls in flight while pages keep arriving', async () => {
      serveAlarms(
        cw,
        Array.from({ length: 500 }, (_, i) => metric(`orders-blue-${String(i).padStart(3, '0')}`, true)),
      );
      let inFlight = 0;
      let most = 0;
      cw.on(DisableAlarmActionsCommand).callsFake(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return {};
      });
      const result = await tools(undefined, undefined, { concurrency: 2 }).disableAlarmActions(StackReference.Blue);
      assert.equal(cw.commandCalls(DisableAlarmActionsCommand).length, 5);
      assert.equal(most, 2);
      assert.equal(result.changed.length, 500);
    });

    it('when a DescribeAlarms page fails part-way, lets the batches already sent finish and rethrows the read error', async () => {
      const alarms = Array.from({ length: 250 }, (_, i) => metric(`orders-blue-${String(i).padStart(3, '0')}`, true));
      serveAlarms(cw, alarms);
      cw.on(DescribeAlarmsCommand, { NextToken: '100' }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
      let finished = 0;
      cw.on(DisableAlarmActionsCommand).callsFake(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        finished++;
        return {};
      });
      await assert.rejects(tools().disableAlarmActions(StackReference.Blue), (e: unknown) => (e as Error).name === 'Throttling');
      assert.equal(cw.commandCalls(DisableAlarmActionsCommand).length, 1);
      assert.equal(finished, 1, 'the batch sent before the failed page finished before the error was thrown');
    });

    it('applies the suffix to prefix matches and adds explicit names (chunks of 100), reporting missing ones', async () => {
      const names = Array.from({ length: 150 }, (_, i) => `extra-${i}`);
      serveAlarms(cw, [
        metric('orders-blue-errors-critical', true),
        metric('orders-blue-latency-warning', true),
        ...names.slice(0, 149).map((n) => metric(n, true)),
      ]);
      cw.on(DisableAlarmActionsCommand).resolves({});
      const result = await tools({ prefix: 'orders-blue-', suffix: '-critical', names }).disableAlarmActions(StackReference.Blue);
      const describes = cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
      assert.equal(describes.filter((i) => i.AlarmNames).length, 2);
      assert.deepEqual(
        describes.filter((i) => i.AlarmNames).map((i) => i.AlarmNames?.length),
        [100, 50],
      );
      assert.deepEqual(result.missing, ['extra-149']);
      assert.ok(result.changed.includes('orders-blue-errors-critical'));
      assert.ok(!result.changed.includes('orders-blue-latency-warning'));
      assert.equal(result.changed.length, 150);
      assert.deepEqual(
        cw.commandCalls(DisableAlarmActionsCommand).map((c) => c.args[0].input.AlarmNames?.length),
        [100, 50],
      );
    });

    it('with no matching alarm makes no Disable call and says so', async () => {
      serveAlarms(cw, []);
      const result = await tools().disableAlarmActions(StackReference.Blue);
      assert.equal(result.outcome, 'already');
      assert.match(result.message, /no alarm of the blue stack matched/);
      assert.equal(cw.commandCalls(DisableAlarmActionsCommand).length, 0);
    });
  });

  describe('Method: getAlarmStates', () => {
    it('returns exactly { alarms: { name, type, state, actionsEnabled }[], inAlarm } for metric and composite alarms', async () => {
      serveAlarms(
        cw,
        [
          metric('orders-green-b', true, 'ALARM'),
          composite('orders-green-a', false, 'INSUFFICIENT_DATA'),
          metric('orders-green-c', true, 'OK'),
          composite('orders-green-d', true, 'ALARM'),
        ],
        new Set(['orders-green-a', 'orders-green-d']),
      );
      const states = await tools().getAlarmStates(StackReference.Green);
      assert.deepEqual(states, {
        alarms: [
          { name: 'orders-green-a', type: 'composite', state: 'INSUFFICIENT_DATA', actionsEnabled: false },
          { name: 'orders-green-b', type: 'metric', state: 'ALARM', actionsEnabled: true },
          { name: 'orders-green-c', type: 'metric', state: 'OK', actionsEnabled: true },
          { name: 'orders-green-d', type: 'composite', state: 'ALARM', actionsEnabled: true },
        ],
        inAlarm: ['orders-green-b', 'orders-green-d'],
      });
      assert.equal(cw.commandCalls(DescribeAlarmsCommand).length, 1);
      assert.equal(cw.calls().length, 1);
    });

    it('stops when DescribeAlarms repeats a NextToken instead of looping forever', async () => {
      cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [metric('orders-green-a', true)], NextToken: 'same' });
      const states = await tools().getAlarmStates(StackReference.Green);
      assert.equal(cw.commandCalls(DescribeAlarmsCommand).length, 2);
      assert.deepEqual(
        states.alarms.map((a) => a.name),
        ['orders-green-a'],
      );
    });

    it('rejects a bad stack reference before any call', async () => {
      await assert.rejects(tools().getAlarmStates(undefined as never), ConfigError);
      assert.equal(cw.calls().length, 0);
    });
  });
});

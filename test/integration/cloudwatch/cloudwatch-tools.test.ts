import { strict as assert } from 'node:assert';
import { CloudWatchClient, PutCompositeAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchTools } from '../../../src/cloudwatch/index.js';
import { StackReference } from '../../../src/index.js';
import { type CloudWatchAlarmsDouble, startCloudWatchAlarmsDouble } from '../../support/cloudwatch-alarms-double.js';
import { alarmActionsEnabled, metricAlarm } from '../../support/cloudwatch-fixtures.js';
import { emulatorClientConfig } from '../../support/emulator.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: CloudWatchTools (moto: metric alarms)', () => {
  const aws = useEmulator({ resetEach: true });
  let client: CloudWatchClient;
  const blue = Array.from({ length: 120 }, (_, i) => `orders-blue-${String(i).padStart(3, '0')}`);
  const green = Array.from({ length: 5 }, (_, i) => `orders-green-${i}`);

  beforeEach(async () => {
    client = new CloudWatchClient(aws.clientConfig());
    for (const name of [...blue, ...green]) await client.send(metricAlarm(name, name !== 'orders-blue-007'));
  });

  const tools = (alarms = { blue: { prefix: 'orders-blue-' }, green: { prefix: 'orders-green-' } }) =>
    new CloudWatchTools({ alarms, clientConfig: aws.clientConfig() });

  describe('Method: disableAlarmActions / enableAlarmActions', () => {
    it("switches ActionsEnabled of exactly the stack's alarms, and a repeat is already", async () => {
      const disabled = await tools().disableAlarmActions(StackReference.Blue);
      assert.equal(disabled.outcome, 'changed');
      assert.equal(disabled.changed.length, 119);
      assert.deepEqual(disabled.already, ['orders-blue-007']);
      let state = await alarmActionsEnabled(client);
      for (const name of blue) assert.equal(state[name], false, name);
      for (const name of green) assert.equal(state[name], true, name);

      const again = await tools().disableAlarmActions(StackReference.Blue);
      assert.equal(again.outcome, 'already');
      assert.equal(again.already.length, 120);

      const enabled = await tools().enableAlarmActions(StackReference.Blue);
      assert.equal(enabled.changed.length, 120);
      state = await alarmActionsEnabled(client);
      for (const name of blue) assert.equal(state[name], true, name);
    });

    it('uses the suffix and explicit names, and reports configured names that do not exist', async () => {
      const result = await tools({
        blue: { prefix: 'orders-blue-', suffix: '9' } as never,
        green: { names: ['orders-green-1', 'orders-green-4', 'orders-green-missing'] } as never,
      }).disableAlarmActions(StackReference.Green);
      assert.deepEqual(result.changed, ['orders-green-1', 'orders-green-4']);
      assert.deepEqual(result.missing, ['orders-green-missing']);
      const state = await alarmActionsEnabled(client);
      assert.deepEqual(
        green.map((n) => state[n]),
        [true, false, true, true, false],
      );
      const blueResult = await tools({
        blue: { prefix: 'orders-blue-', suffix: '9' } as never,
        green: { prefix: 'x' } as never,
      }).disableAlarmActions(StackReference.Blue);
      assert.equal(blueResult.changed.length, 12);
      assert.ok(blueResult.changed.every((n) => n.endsWith('9')));
      assert.equal(Object.entries(await alarmActionsEnabled(client)).filter(([n, on]) => n.startsWith('orders-blue-') && !on).length, 13);
    });
  });

  describe('Method: getAlarmStates', () => {
    it('reports state and actionsEnabled as moto has them, and lists the alarms in ALARM', async () => {
      await client.send(new SetAlarmStateCommand({ AlarmName: 'orders-green-2', StateValue: 'ALARM', StateReason: 'test' }));
      const states = await tools().getAlarmStates(StackReference.Green);
      assert.deepEqual(states.inAlarm, ['orders-green-2']);
      assert.equal(states.alarms.length, 5);
      assert.deepEqual(states.alarms[2], { name: 'orders-green-2', type: 'metric', state: 'ALARM', actionsEnabled: true });
      const blueStates = await tools().getAlarmStates(StackReference.Blue);
      assert.deepEqual(blueStates.inAlarm, []);
      assert.equal(blueStates.alarms.find((a) => a.name === 'orders-blue-007')?.actionsEnabled, false);
    });
  });
});

describe('Class: CloudWatchTools (CloudWatch test double: composite alarms and DescribeAlarms paging, which moto 5.2.5 lacks)', () => {
  let double: CloudWatchAlarmsDouble;
  let client: CloudWatchClient;
  const config = () => ({ ...emulatorClientConfig(double.endpoint) });

  beforeEach(async () => {
    double = await startCloudWatchAlarmsDouble();
    client = new CloudWatchClient(config());
    for (let i = 0; i < 240; i++) await client.send(metricAlarm(`orders-green-m${String(i).padStart(3, '0')}`));
    for (let i = 0; i < 10; i++) {
      await client.send(new PutCompositeAlarmCommand({ AlarmName: `orders-green-c${i}`, AlarmRule: 'ALARM("orders-green-m000")' }));
    }
    await client.send(metricAlarm('orders-blue-m0'));
    double.calls.length = 0;
  });
  afterEach(() => double.close());

  const tools = () =>
    new CloudWatchTools({ alarms: { blue: { prefix: 'orders-blue-' }, green: { prefix: 'orders-green-' } }, clientConfig: config() });

  it('disables 240 metric + 10 composite alarms with 3 DisableAlarmActions calls over HTTP, then enables them back', async () => {
    const result = await tools().disableAlarmActions(StackReference.Green);
    assert.equal(result.changed.length, 250);
    const describes = double.calls.filter((c) => c.operation === 'DescribeAlarms');
    assert.equal(describes.length, 3, 'DescribeAlarms read over 3 pages of 100');
    const disables = double.calls.filter((c) => c.operation === 'DisableAlarmActions');
    assert.deepEqual(
      disables.map((c) => (c.input.AlarmNames as string[]).length),
      [100, 100, 50],
    );
    let state = await alarmActionsEnabled(client);
    assert.equal(Object.entries(state).filter(([n, on]) => n.startsWith('orders-green-') && !on).length, 250);
    assert.equal(state['orders-blue-m0'], true);
    assert.equal(state['orders-green-c3'], false, 'composite alarms are switched too');

    double.calls.length = 0;
    const enabled = await tools().enableAlarmActions(StackReference.Green);
    assert.equal(enabled.changed.length, 250);
    assert.equal(double.calls.filter((c) => c.operation === 'EnableAlarmActions').length, 3);
    state = await alarmActionsEnabled(client);
    assert.ok(Object.entries(state).every(([, on]) => on));

    double.calls.length = 0;
    const again = await tools().enableAlarmActions(StackReference.Green);
    assert.equal(again.outcome, 'already');
    assert.equal(double.calls.filter((c) => c.operation === 'EnableAlarmActions').length, 0, 'never an empty or redundant call');
  });

  it('getAlarmStates types composite alarms and gates on their ALARM state', async () => {
    await client.send(new SetAlarmStateCommand({ AlarmName: 'orders-green-c4', StateValue: 'ALARM', StateReason: 'child in alarm' }));
    await client.send(new SetAlarmStateCommand({ AlarmName: 'orders-green-m017', StateValue: 'OK', StateReason: 'ok' }));
    const states = await tools().getAlarmStates(StackReference.Green);
    assert.equal(states.alarms.length, 250);
    assert.deepEqual(states.inAlarm, ['orders-green-c4']);
    assert.deepEqual(
      states.alarms.find((a) => a.name === 'orders-green-c4'),
      { name: 'orders-green-c4', type: 'composite', state: 'ALARM', actionsEnabled: true },
    );
    assert.equal(states.alarms.find((a) => a.name === 'orders-green-m017')?.state, 'OK');
    assert.equal(states.alarms.find((a) => a.name === 'orders-green-m018')?.state, 'INSUFFICIENT_DATA');
  });
});

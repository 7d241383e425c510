import { strict as assert } from 'node:assert';
import { CloudWatchClient, DescribeAlarmsCommand, DisableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { GetSubscriptionAttributesCommand, SetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { CloudWatchTools } from '../../../src/cloudwatch/index.js';
import { ConfigError, StackReference } from '../../../src/index.js';
import { SnsTools } from '../../../src/sns/index.js';

// The flip's exact undo switches back only what a run changed: the tools take `only: [...]` (the resources to
// touch). A bad `only` is a ConfigError before any AWS call; the resources outside it are neither read nor changed.
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:orders';
const A = `${TOPIC}:11111111-1111-4111-8111-111111111111`;
const B = `${TOPIC}:22222222-2222-4222-8222-222222222222`;
const G = `${TOPIC}:33333333-3333-4333-8333-333333333333`;

describe('Option: only (the resources a toggle touches, for the flip’s exact undo)', () => {
  // Made in before(), not at load time: another file's mockClient(...).restore() would otherwise undo these stubs.
  let sns: AwsClientStub<SNSClient>;
  let cw: AwsClientStub<CloudWatchClient>;
  before(() => {
    sns = mockClient(SNSClient);
    cw = mockClient(CloudWatchClient);
  });
  afterEach(() => {
    sns.reset();
    cw.reset();
  });
  after(() => {
    sns.restore();
    cw.restore();
  });

  it('SnsTools.disableSubscription: only the listed subscriptions of the stack are read and changed', async () => {
    sns
      .on(GetSubscriptionAttributesCommand)
      .resolves({ Attributes: { FilterPolicy: '{"type":["order"]}', FilterPolicyScope: 'MessageAttributes' } });
    sns.on(SetSubscriptionAttributesCommand).resolves({});
    const tools = new SnsTools({
      subscriptions: { blue: [{ subscriptionArn: A }, { subscriptionArn: B }], green: [{ subscriptionArn: G }] },
    });
    const result = await tools.disableSubscription(StackReference.Blue, { only: [B] });
    assert.deepEqual(
      result.subscriptions.map((s) => s.subscriptionArn),
      [B],
    );
    const touched = [...sns.commandCalls(GetSubscriptionAttributesCommand), ...sns.commandCalls(SetSubscriptionAttributesCommand)].map(
      (c) => c.args[0].input.SubscriptionArn,
    );
    assert.ok(touched.length > 0 && touched.every((arn) => arn === B));
  });

  it('a bad only (not an array of strings) is a ConfigError naming options.only, with 0 AWS calls', async () => {
    const tools = new SnsTools({ subscriptions: { blue: [{ subscriptionArn: A }], green: [{ subscriptionArn: G }] } });
    await assert.rejects(tools.enableSubscription(StackReference.Blue, { only: A as unknown as string[] }), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /options\.only must be an array/);
      return true;
    });
    const alarms = new CloudWatchTools({ alarms: { blue: { prefix: 'blue-' }, green: { prefix: 'green-' } } });
    await assert.rejects(alarms.disableAlarmActions(StackReference.Blue, { only: [1] as unknown as string[] }), ConfigError);
    assert.equal(sns.calls().length + cw.calls().length, 0);
  });

  it('CloudWatchTools.disableAlarmActions: alarms outside only keep their actions and are not reported', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: 'blue-errors', ActionsEnabled: true, StateValue: 'OK' },
        { AlarmName: 'blue-throttles', ActionsEnabled: true, StateValue: 'OK' },
      ],
    });
    cw.on(DisableAlarmActionsCommand).resolves({});
    const alarms = new CloudWatchTools({ alarms: { blue: { prefix: 'blue-' }, green: { prefix: 'green-' } } });
    const result = await alarms.disableAlarmActions(StackReference.Blue, { only: ['blue-throttles'] });
    assert.deepEqual({ changed: result.changed, already: result.already }, { changed: ['blue-throttles'], already: [] });
    assert.deepEqual(
      cw.commandCalls(DisableAlarmActionsCommand).map((c) => c.args[0].input.AlarmNames),
      [['blue-throttles']],
    );
  });
});

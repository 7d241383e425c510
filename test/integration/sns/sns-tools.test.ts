import { strict as assert } from 'node:assert';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DryRunRecorder, ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { SNS_DISABLED_KEY, SnsTools } from '../../../src/sns/index.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: SnsTools (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeEach(() => {
    sns = new SNSClient(aws.clientConfig());
    sqs = new SQSClient(aws.clientConfig());
  });

  async function queue(name: string) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl as string, arn: attrs.Attributes?.QueueArn as string };
  }

  async function subscribe(topicArn: string, queueArn: string, attributes: Record<string, string> = {}) {
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        ReturnSubscriptionArn: true,
        Attributes: { RawMessageDelivery: 'true', ...attributes },
      }),
    );
    return SubscriptionArn as string;
  }

  async function attributes(arn: string) {
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    return Attributes ?? {};
  }

  async function bodies(url: string): Promise<string[]> {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    return (Messages ?? []).map((m) => m.Body as string).sort();
  }

  async function setup(filter: Record<string, string> = {}) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'orders' }));
    const blueQueue = await queue('orders-blue');
    const greenQueue = await queue('orders-green');
    const blueArn = await subscribe(TopicArn as string, blueQueue.arn, filter);
    const greenArn = await subscribe(TopicArn as string, greenQueue.arn, filter);
    const tools = new SnsTools({
      subscriptions: { blue: { subscriptionArn: blueArn }, green: [{ subscriptionArn: greenArn }] },
      clientConfig: aws.clientConfig(),
    });
    return { topicArn: TopicArn as string, blueQueue, greenQueue, blueArn, greenArn, tools };
  }

  describe('Method: disableSubscription / enableSubscription', () => {
    it('keeps a MessageAttributes filter policy byte for byte through disable → disable → enable → enable', async () => {
      const policy = '{ "type" : ["order", "refund"],\n  "region": [{"prefix": "eu-"}] }';
      const { blueArn, greenArn, tools } = await setup({ FilterPolicy: policy });
      const before = await attributes(blueArn);
      assert.equal(before.FilterPolicy, policy);
      assert.equal(before.FilterPolicyScope, 'MessageAttributes');

      const first = await tools.disableSubscription(StackReference.Blue);
      assert.equal(first.outcome, 'changed');
      const disabled = await attributes(blueArn);
      assert.deepEqual(Object.keys(JSON.parse(disabled.FilterPolicy as string)), [SNS_DISABLED_KEY]);
      assert.equal(disabled.FilterPolicyScope, 'MessageAttributes');

      const second = await tools.disableSubscription(StackReference.Blue);
      assert.equal(second.outcome, 'already');
      assert.equal((await attributes(blueArn)).FilterPolicy, disabled.FilterPolicy, 'not wrapped twice');

      assert.equal((await tools.enableSubscription(StackReference.Blue)).outcome, 'changed');
      const restored = await attributes(blueArn);
      assert.equal(restored.FilterPolicy, policy);
      assert.equal(restored.FilterPolicyScope, 'MessageAttributes');
      assert.equal((await tools.enableSubscription(StackReference.Blue)).outcome, 'already');
      assert.equal((await attributes(blueArn)).FilterPolicy, policy);
      assert.equal((await attributes(greenArn)).FilterPolicy, policy, 'the other stack is untouched');
    });

    it('restores a nested MessageBody policy and its scope', async () => {
      const policy = '{"order":{"status":["paid"],"total":[{"numeric":[">",100]}]}}';
      const { blueArn, tools } = await setup({ FilterPolicyScope: 'MessageBody', FilterPolicy: policy });
      await tools.disableSubscription(StackReference.Blue);
      await tools.disableSubscription(StackReference.Blue);
      assert.equal((await attributes(blueArn)).FilterPolicyScope, 'MessageAttributes');
      await tools.enableSubscription(StackReference.Blue);
      await tools.enableSubscription(StackReference.Blue);
      const restored = await attributes(blueArn);
      assert.equal(restored.FilterPolicy, policy);
      assert.equal(restored.FilterPolicyScope, 'MessageBody');
    });

    it('gives a subscription that had no filter policy none again (no FilterPolicy, no FilterPolicyScope)', async () => {
      const { blueArn, tools } = await setup();
      const before = await attributes(blueArn);
      assert.equal(before.FilterPolicy, undefined);
      assert.equal(before.FilterPolicyScope, undefined);
      await tools.disableSubscription(StackReference.Blue);
      assert.ok((await attributes(blueArn)).FilterPolicy?.includes(SNS_DISABLED_KEY));
      await tools.enableSubscription(StackReference.Blue);
      const after = await attributes(blueArn);
      assert.equal(after.FilterPolicy, undefined);
      assert.equal(after.FilterPolicyScope, undefined);
    });

    it('a published message reaches only the enabled stack, then both after enabling (SQS subscriptions)', async () => {
      const { topicArn, blueQueue, greenQueue, tools } = await setup({ FilterPolicy: '{"type":["order"]}' });
      const publish = (body: string) =>
        sns.send(
          new PublishCommand({
            TopicArn: topicArn,
            Message: body,
            MessageAttributes: { type: { DataType: 'String', StringValue: 'order' } },
          }),
        );
      await tools.disableSubscription(StackReference.Blue);
      await publish('while-blue-disabled');
      assert.deepEqual(await bodies(blueQueue.url), []);
      assert.deepEqual(await bodies(greenQueue.url), ['while-blue-disabled']);

      await tools.enableSubscription(StackReference.Blue);
      await publish('after-enable');
      assert.deepEqual(await bodies(blueQueue.url), ['after-enable']);
      // The restored user policy filters again: a message without the attribute does not reach blue.
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'no-attributes' }));
      assert.deepEqual(await bodies(blueQueue.url), []);
    });

    it('handles several subscriptions on several topics for one stack', async () => {
      const { TopicArn: a } = await sns.send(new CreateTopicCommand({ Name: 'a' }));
      const { TopicArn: b } = await sns.send(new CreateTopicCommand({ Name: 'b' }));
      const q = await queue('q');
      const arns = [await subscribe(a as string, q.arn, { FilterPolicy: '{"x":["1"]}' }), await subscribe(b as string, q.arn)];
      const other = await subscribe(a as string, (await queue('other')).arn);
      const tools = new SnsTools({
        subscriptions: { blue: arns.map((subscriptionArn) => ({ subscriptionArn })), green: { subscriptionArn: other } },
        clientConfig: aws.clientConfig(),
      });
      const result = await tools.disableSubscription(StackReference.Blue);
      assert.deepEqual(
        result.subscriptions.map((s) => s.outcome),
        ['changed', 'changed'],
      );
      const states = await tools.getSubscriptionStates(StackReference.Blue);
      assert.deepEqual(
        states.map((s) => [s.topicArn, s.enabled, s.filterPolicy]),
        [
          [a, false, '{"x":["1"]}'],
          [b, false, null],
        ],
      );
      await tools.enableSubscription(StackReference.Blue);
      assert.equal((await attributes(arns[0] as string)).FilterPolicy, '{"x":["1"]}');
      assert.equal((await attributes(arns[1] as string)).FilterPolicy, undefined);
    });

    it('dry-run reads the real subscription, records the Set calls and changes nothing', async () => {
      const { blueArn } = await setup({ FilterPolicy: '{"type":["order"]}' });
      const recorder = new DryRunRecorder();
      const dry = new SnsTools({
        subscriptions: {
          blue: { subscriptionArn: blueArn },
          green: { subscriptionArn: `${blueArn.slice(0, blueArn.lastIndexOf(':'))}:00000000-0000-4000-8000-000000000000` },
        },
        clientConfig: aws.clientConfig(),
        dryRun: recorder,
      });
      const result = await dry.disableSubscription(StackReference.Blue);
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(
        recorder.calls.map((c) => [c.operation, (c.input as { AttributeName: string }).AttributeName]),
        [['SetSubscriptionAttributes', 'FilterPolicy']],
      );
      assert.equal((await attributes(blueArn)).FilterPolicy, '{"type":["order"]}');
    });

    it('a deleted subscription is a ResourceNotFoundError', async () => {
      const { blueArn, tools } = await setup();
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: blueArn }));
      await assert.rejects(tools.disableSubscription(StackReference.Blue), (e: unknown) => {
        const cause = (e as { failures?: { error: unknown }[] }).failures?.[0]?.error;
        return cause instanceof ResourceNotFoundError && cause.resource === blueArn;
      });
    });
  });

  describe('Method: getSubscriptionStates', () => {
    it('reports topic, protocol, endpoint and enabled as read from SNS', async () => {
      const { topicArn, blueQueue, blueArn, tools } = await setup({ FilterPolicy: '{"type":["order"]}' });
      await tools.disableSubscription(StackReference.Blue);
      assert.deepEqual(await tools.getSubscriptionStates(StackReference.Blue), [
        {
          subscriptionArn: blueArn,
          topicArn,
          protocol: 'sqs',
          endpoint: blueQueue.arn,
          enabled: false,
          filterPolicy: '{"type":["order"]}',
          filterPolicyScope: 'MessageAttributes',
        },
      ]);
      assert.equal((await tools.getSubscriptionStates(StackReference.Green))[0]?.enabled, true);
    });
  });
});

import { strict as assert } from 'node:assert';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateDBClusterCommand,
  DescribeDBClustersCommand,
  RDSClient,
  StartDBClusterCommand,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { StackReference } from '../../../src/index.js';
import { SnsTools } from '../../../src/sns/index.js';
import { sleep, useAccountTrueWorld } from '../../support/account-true/use-world.js';
import { createLambdaRole, createTestFunction } from '../../support/lambda-fixtures.js';

async function queueWithArn(sqs: SQSClient, name: string) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl as string, arn: attrs.Attributes?.QueueArn as string };
}

async function depth(sqs: SQSClient, url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes.ApproximateNumberOfMessages);
}

describe('account-true world (proxy in front of moto)', function () {
  this.timeout(60_000);
  const worlds = useAccountTrueWorld();
  const aws = worlds.aws;

  it('SNS (filter policies, "up to 15 minutes"): a change reads back at once but delivery follows the old policy until the delay passed', async () => {
    const world = await worlds.start({ sns: { propagation: 60 } });
    const sns = new SNSClient(world.clientConfig());
    const sqs = new SQSClient(world.clientConfig());
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'orders' }));
    const queue = await queueWithArn(sqs, 'orders-blue');
    const sub = await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify({ type: ['order'] }), RawMessageDelivery: 'true' },
      }),
    );
    const arn = sub.SubscriptionArn as string;
    const publish = () =>
      sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { type: { DataType: 'String', StringValue: 'order' } } }));
    const tools = new SnsTools({
      subscriptions: { blue: [{ subscriptionArn: arn }], green: [{ subscriptionArn: `${arn}0` }] },
      clientConfig: world.clientConfig(),
    });

    const disabled = await tools.disableSubscription(StackReference.Blue);
    assert.equal(disabled.outcome, 'changed');
    const [state] = await tools.getSubscriptionStates(StackReference.Blue);
    assert.equal(state?.enabled, false, 'the control plane reads the blocking policy back at once');
    const raw = await new SNSClient(world.motoConfig()).send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    assert.equal(raw.Attributes?.FilterPolicy, JSON.stringify({ type: ['order'] }), 'moto still holds the effective (old) policy');
    assert.deepEqual(world.sns.pendingSubscriptions(), [arn]);

    await publish();
    assert.equal(await depth(new SQSClient(world.motoConfig()), queue.url), 1, 'delivered: the old policy is still effective');
    await sleep(1200); // 72 AWS seconds > 60
    await publish();
    assert.equal(await depth(new SQSClient(world.motoConfig()), queue.url), 1, 'not delivered: the blocking policy is effective now');
    assert.deepEqual(world.sns.pendingSubscriptions(), []);

    assert.equal((await tools.enableSubscription(StackReference.Blue)).outcome, 'changed');
    await publish();
    assert.equal(await depth(new SQSClient(world.motoConfig()), queue.url), 1, 're-enabled, but not effective yet: the message is dropped');
    await world.settle();
    await publish();
    assert.equal(await depth(new SQSClient(world.motoConfig()), queue.url), 2);
  });

  it('SQS (GetQueueAttributes, "at least 1 minute"): ApproximateNumberOfMessages reports the truth of a minute ago', async () => {
    const world = await worlds.start();
    const sqs = new SQSClient(world.clientConfig());
    const raw = new SQSClient(world.motoConfig());
    const queue = await queueWithArn(sqs, 'lagging');
    for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: `m${i}` }));
    assert.equal(await depth(raw, queue.url), 3, 'moto has the 3 messages');
    assert.equal(await depth(sqs, queue.url), 0, 'the lagging counter still says 0');
    await sleep(1500);
    assert.equal(await depth(sqs, queue.url), 3, 'a minute (scaled) later it has caught up');
  });

  it('Lambda (ESM State): a disable walks Disabling → Disabled; an update meanwhile is ResourceInUseException', async () => {
    const world = await worlds.start({ lambda: { transition: 60 } });
    await createLambdaRole(aws.endpoint());
    const lambda = new LambdaClient(world.clientConfig({ maxAttempts: 1 }));
    await createTestFunction(lambda, 'worker');
    const queue = await queueWithArn(new SQSClient(world.clientConfig()), 'work');
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: 'worker', EventSourceArn: queue.arn, Enabled: true }),
    );
    assert.equal(created.State, 'Creating');
    const uuid = created.UUID as string;
    assert.equal(await world.lambda.polling(uuid), false, 'no poller while Creating');
    await sleep(1100);
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State, 'Enabled');
    assert.equal(await world.lambda.polling(uuid), true);

    const disabling = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
    assert.equal(disabling.State, 'Disabling');
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State, 'Disabling');
    assert.equal(await world.lambda.polling(uuid), true, 'the poller runs until the mapping is Disabled');
    const busy = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true })).catch((e: Error) => e);
    assert.equal((busy as Error).name, 'ResourceInUseException');
    assert.equal((busy as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
    const raw = await new LambdaClient(world.motoConfig()).send(new GetEventSourceMappingCommand({ UUID: uuid }));
    assert.equal(raw.State, 'Disabled', 'moto itself switched at once');
    await sleep(1100);
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State, 'Disabled');
    assert.equal(await world.lambda.polling(uuid), false);
  });

  it('RDS (Aurora stop/start): stopping → stopped and starting → available; a second call meanwhile is InvalidDBClusterStateFault', async () => {
    const world = await worlds.start({ rds: { start: 60, stop: 60 } });
    const rds = new RDSClient(world.clientConfig({ maxAttempts: 1 }));
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'db',
        Engine: 'aurora-postgresql',
        MasterUsername: 'u',
        MasterUserPassword: 'password-1',
      }),
    );
    const status = async () => (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'db' }))).DBClusters?.[0]?.Status;
    const stopped = await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: 'db' }));
    assert.equal(stopped.DBCluster?.Status, 'stopping');
    assert.equal(await status(), 'stopping');
    const again = await rds.send(new StartDBClusterCommand({ DBClusterIdentifier: 'db' })).catch((e: Error) => e);
    assert.equal((again as Error).name, 'InvalidDBClusterStateFault');
    assert.match((again as Error).message, /is in stopping state/);
    await sleep(1100);
    assert.equal(await status(), 'stopped');
    assert.equal((await rds.send(new StartDBClusterCommand({ DBClusterIdentifier: 'db' }))).DBCluster?.Status, 'starting');
    assert.equal(await status(), 'starting');
    await sleep(1100);
    assert.equal(await status(), 'available');
  });

  it('CloudWatch (AWS/SQS NumberOfMessagesSent): sends and SNS deliveries by the effective filter, as moto delivered them', async () => {
    const world = await worlds.start({ sns: { propagation: 600 } });
    const sns = new SNSClient(world.clientConfig());
    const sqs = new SQSClient(world.clientConfig());
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'events' }));
    const subscribe = async (name: string, policy: object) => {
      const queue = await queueWithArn(sqs, name);
      const attributes = { FilterPolicy: JSON.stringify(policy), RawMessageDelivery: 'true' };
      const sub = await sns.send(
        new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, ReturnSubscriptionArn: true, Attributes: attributes }),
      );
      return { ...queue, sub: sub.SubscriptionArn as string };
    };
    const orders = await subscribe('q-orders', { type: ['order'] });
    const refunds = await subscribe('q-refunds', { type: [{ prefix: 'refund' }], amount: [{ exists: true }] });
    const start = Date.now();
    const publish = (attrs: Record<string, string>) =>
      sns.send(
        new PublishCommand({
          TopicArn,
          Message: 'm',
          MessageAttributes: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
        }),
      );
    await publish({ type: 'order' });
    await publish({ type: 'refund-full', amount: '3' });
    await publish({ type: 'refund-full' });
    await publish({ type: 'other' });
    await sqs.send(new SendMessageCommand({ QueueUrl: orders.url, MessageBody: 'direct' }));
    // Disabled now, but not effective for 10 (scaled) minutes: the next order is still delivered and counted.
    await new SnsTools({
      subscriptions: { blue: [{ subscriptionArn: orders.sub }], green: [{ subscriptionArn: refunds.sub }] },
      clientConfig: world.clientConfig(),
    }).disableSubscription(StackReference.Blue);
    await publish({ type: 'order' });

    const raw = new SQSClient(world.motoConfig());
    assert.deepEqual([await depth(raw, orders.url), await depth(raw, refunds.url)], [3, 1], 'what moto delivered');
    const { MetricDataResults = [] } = await new CloudWatchClient(world.clientConfig()).send(
      new GetMetricDataCommand({
        StartTime: new Date(start - 1000),
        EndTime: new Date(Date.now() + 1000),
        MetricDataQueries: ['q-orders', 'q-refunds'].map((queue, i) => ({
          Id: `q${i}`,
          MetricStat: {
            Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent', Dimensions: [{ Name: 'QueueName', Value: queue }] },
            Period: 1,
            Stat: 'Sum',
          },
        })),
      }),
    );
    const sums = MetricDataResults.map((r) => (r.Values ?? []).reduce((a, b) => a + b, 0));
    assert.deepEqual(sums, [3, 1], 'what the metric reports matches what moto delivered');
  });

  it('faults: reset after forwarding applies the call although the caller sees a reset; reset before forwarding does not', async () => {
    const world = await worlds.start({
      faults: [
        { kind: 'reset-after', service: 'sqs', operation: 'CreateQueue', times: 1 },
        { kind: 'reset-before', service: 'sqs', operation: 'CreateQueue', times: 1 },
      ],
    });
    const sqs = new SQSClient(world.clientConfig({ maxAttempts: 1 }));
    const raw = new SQSClient(world.motoConfig());
    const names = async () => ((await raw.send(new ListQueuesCommand({}))).QueueUrls ?? []).map((u) => u.slice(u.lastIndexOf('/') + 1));
    const lost = await sqs.send(new CreateQueueCommand({ QueueName: 'applied-but-lost' })).catch((e: Error) => e);
    assert.ok(lost instanceof Error, 'the caller saw an error');
    assert.deepEqual(await names(), ['applied-but-lost'], 'and yet moto applied it');
    const refused = await sqs.send(new CreateQueueCommand({ QueueName: 'never-arrived' })).catch((e: Error) => e);
    assert.ok(refused instanceof Error);
    assert.deepEqual(await names(), ['applied-but-lost']);
    assert.deepEqual(
      world.log.calls.map((c) => [c.operation, c.fault, c.forwarded]),
      [
        ['CreateQueue', 'reset-after', true],
        ['CreateQueue', 'reset-before', false],
      ],
    );
    assert.deepEqual(world.log.counts(), { 'sqs.CreateQueue': 2 });
  });

  it('faults: the SDK retries throttling and 5xx; the log counts every attempt and which were faulted', async () => {
    const world = await worlds.start({
      faults: [
        { kind: 'throttle', service: 'sns', operation: 'CreateTopic', times: 1 },
        { kind: 'server-error', service: 'sns', operation: 'CreateTopic', times: 1 },
      ],
    });
    const sns = new SNSClient({ ...world.clientConfig({ maxAttempts: 3 }), retryStrategy: undefined });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'retried' }));
    assert.match(String(TopicArn), /:retried$/);
    assert.deepEqual(
      world.log.calls.map((c) => c.fault ?? 'ok'),
      ['throttle', 'server-error', 'ok'],
    );
    assert.deepEqual(world.faults.injected(), [1, 1]);
  });
});

/**
 * Provisions a blue and a green stack in the local AWS emulator for the demo (and the flip tests): for each stack an
 * Aurora cluster with a writer and readers plus an auto scaling target, SQS queues with DLQs, SQS subscriptions on a
 * shared SNS topic, a Kinesis consumer name on a shared stream, a Lambda function with event source mappings and an
 * EventBridge rule, CloudWatch alarms, a DynamoDB table and an ECS service. Returns the stack config that drives the
 * flip and the status board.
 */

import { deflateRawSync } from 'node:zlib';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  LambdaClient,
  PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { CreateDBClusterCommand, CreateDBInstanceCommand, RDSClient, StopDBClusterCommand } from '@aws-sdk/client-rds';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { StackReference } from '../../src/index.js';
import { KinesisTools } from '../../src/kinesis/index.js';
import { SnsTools } from '../../src/sns/index.js';
import { createEmulatorRole } from '../../test/support/iam.js';

type ClientConfig = Record<string, unknown>;
const STACKS = ['blue', 'green'] as const;

/** A minimal zip archive holding one file (moto stores Lambda code; it never runs it here). */
function zipOf(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const compressed = deflateRawSync(data);
  const crc = crc32(data);
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  const localSize = local.length + nameBuf.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBuf.length, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, nameBuf, compressed, central, nameBuf, end]);
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The names of every resource, per stack. */
export function demoNames(prefix = 'shop') {
  const per = (stack: string) => ({
    cluster: `${prefix}-db-${stack}`,
    queue: `${prefix}-orders-${stack}`,
    dlq: `${prefix}-orders-${stack}-dlq`,
    functionName: `${prefix}-worker-${stack}`,
    rule: `${prefix}-nightly-${stack}`,
    alarmPrefix: `${prefix}-${stack}-`,
    table: `${prefix}-sessions-${stack}`,
    consumer: `${prefix}-analytics-${stack}`,
    service: `${prefix}-api-${stack}`,
  });
  return { topic: `${prefix}-events`, stream: `${prefix}-clicks`, ecsCluster: `${prefix}-cluster`, blue: per('blue'), green: per('green') };
}

/** Creates both stacks and returns the stack config (JSON) for the flip. `live` is the stack that starts live. */
export async function provisionDemo(
  clientConfig: ClientConfig,
  options: { prefix?: string; live?: 'blue' | 'green'; readers?: number; lockTable?: boolean } = {},
) {
  const names = demoNames(options.prefix);
  const live = options.live ?? 'blue';
  const readers = options.readers ?? 2;
  const rds = new RDSClient(clientConfig);
  const aas = new ApplicationAutoScalingClient(clientConfig);
  const sqs = new SQSClient(clientConfig);
  const sns = new SNSClient(clientConfig);
  const kinesis = new KinesisClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  const events = new EventBridgeClient(clientConfig);
  const cloudwatch = new CloudWatchClient(clientConfig);
  const dynamo = new DynamoDBClient(clientConfig);
  const ecs = new ECSClient(clientConfig);

  const role = await createEmulatorRole(clientConfig.endpoint as string, `${options.prefix ?? 'shop'}-worker-role`);
  const topic = await sns.send(new CreateTopicCommand({ Name: names.topic }));
  await kinesis.send(new CreateStreamCommand({ StreamName: names.stream, ShardCount: 1 }));
  const stream = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: names.stream }));
  const streamArn = stream.StreamDescriptionSummary?.StreamARN as string;
  await ecs.send(new CreateClusterCommand({ clusterName: names.ecsCluster }));
  const taskDef = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${names.ecsCluster}-api`,
      containerDefinitions: [{ name: 'api', image: 'public.ecr.aws/nginx/nginx:latest', memory: 256 }],
    }),
  );

  const subscriptions = { blue: [] as { subscriptionArn: string }[], green: [] as { subscriptionArn: string }[] };
  for (const stack of STACKS) {
    const n = names[stack];
    // Aurora: a writer and `readers` readers, plus the auto scaling target for the reader count.
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: n.cluster,
        Engine: 'aurora-postgresql',
        MasterUsername: 'demo',
        MasterUserPassword: 'demo-password-1',
        Tags: [
          { Key: 'stack', Value: stack },
          { Key: 'team', Value: 'shop' },
        ],
      }),
    );
    for (let i = 0; i <= readers; i++) {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: `${n.cluster}-${i}`,
          DBClusterIdentifier: n.cluster,
          Engine: 'aurora-postgresql',
          DBInstanceClass: 'db.r6g.large',
        }),
      );
    }
    await aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'rds',
        ResourceId: `cluster:${n.cluster}`,
        ScalableDimension: 'rds:cluster:ReadReplicaCount',
        MinCapacity: 0,
        MaxCapacity: 4,
      }),
    );

    // SQS: the queue with its DLQ; a few messages waiting in each.
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: n.dlq }));
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes
      ?.QueueArn as string;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: n.queue,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) },
      }),
    );
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes
      ?.QueueArn as string;
    for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl: dlq.QueueUrl, MessageBody: `failed order ${i}` }));

    // SNS: the stack's queue subscribed to the shared topic with a user filter policy.
    const sub = await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify({ type: ['order'] }), RawMessageDelivery: 'true' },
      }),
    );
    subscriptions[stack] = [{ subscriptionArn: sub.SubscriptionArn as string }];

    // Lambda: the worker with a `live` alias, its SQS and Kinesis event source mappings, and a scheduled rule.
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: n.functionName,
        Runtime: 'nodejs20.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf('index.js', 'exports.handler = async () => ({})') },
      }),
    );
    const version = await lambda.send(new PublishVersionCommand({ FunctionName: n.functionName }));
    await lambda.send(new CreateAliasCommand({ FunctionName: n.functionName, Name: 'live', FunctionVersion: version.Version as string }));
    const enabled = stack === live;
    await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: n.functionName, EventSourceArn: queueArn, BatchSize: 10, Enabled: enabled }),
    );
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.FunctionArn,
        EventSourceArn: streamArn,
        StartingPosition: 'LATEST',
        Enabled: enabled,
      }),
    );
    await events.send(new PutRuleCommand({ Name: n.rule, ScheduleExpression: 'rate(1 day)', State: enabled ? 'ENABLED' : 'DISABLED' }));
    await events.send(new PutTargetsCommand({ Rule: n.rule, Targets: [{ Id: 'worker', Arn: fn.FunctionArn as string }] }));

    // CloudWatch: two metric alarms; actions on only for the live stack. (moto 5.2.5 has no PutCompositeAlarm.)
    for (const metric of ['Errors', 'Throttles']) {
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: `${n.alarmPrefix}worker-${metric.toLowerCase()}`,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: n.functionName }],
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          ActionsEnabled: enabled,
          AlarmActions: [`arn:aws:sns:us-east-1:123456789012:${names.topic}`],
        }),
      );
    }
    // DynamoDB: the session store (the live one is the schema source when the other is reset).
    await dynamo.send(
      new CreateTableCommand({
        TableName: n.table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'user', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          { IndexName: 'by-user', KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
        ],
        Tags: [{ Key: 'stack', Value: stack }],
      }),
    );
    if (stack === live)
      await dynamo.send(
        new UpdateTimeToLiveCommand({ TableName: n.table, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } }),
      );

    // ECS: the API service (desired 2 when live, 0 otherwise).
    await ecs.send(
      new CreateServiceCommand({
        cluster: names.ecsCluster,
        serviceName: n.service,
        taskDefinition: taskDef.taskDefinition?.taskDefinitionArn,
        desiredCount: 2,
      }),
    );
    if (!enabled) await ecs.send(new UpdateServiceCommand({ cluster: names.ecsCluster, service: n.service, desiredCount: 0 }));
  }

  // The idle stack starts switched off, the live one on: its database stopped, its SNS subscription blocked (with
  // SnsTools, which keeps the filter policy to restore), and only the live stack's Kinesis consumer registered.
  const idle = live === 'blue' ? 'green' : 'blue';
  // The flip lease's lock table (as infra/lock-table.yaml defines it: partition key lockId), when asked for.
  const lockTableName = `${options.prefix ?? 'shop'}-flip-locks`;
  if (options.lockTable)
    await dynamo.send(
      new CreateTableCommand({
        TableName: lockTableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      }),
    );
  await rds.send(new StopDBClusterCommand({ DBClusterIdentifier: names[idle].cluster }));
  await new SnsTools({ subscriptions, clientConfig }).disableSubscription(idle === 'blue' ? StackReference.Blue : StackReference.Green);
  const consumers = { blue: { streamArn, consumerName: names.blue.consumer }, green: { streamArn, consumerName: names.green.consumer } };
  await new KinesisTools({ consumers, clientConfig }).registerConsumer(live === 'blue' ? StackReference.Blue : StackReference.Green);

  return {
    names,
    config: {
      ...(options.lockTable ? { lock: { tableName: lockTableName } } : {}),
      aurora: {
        clusters: {
          blue: { clusterIdentifier: names.blue.cluster, minReaders: 0 },
          green: { clusterIdentifier: names.green.cluster, minReaders: 0 },
        },
      },
      sqs: {
        queues: {
          blue: { queueName: names.blue.queue, dlqName: names.blue.dlq },
          green: { queueName: names.green.queue, dlqName: names.green.dlq },
        },
      },
      sns: { subscriptions: { blue: subscriptions.blue, green: subscriptions.green } },
      kinesis: {
        consumers: { blue: { streamArn, consumerName: names.blue.consumer }, green: { streamArn, consumerName: names.green.consumer } },
      },
      lambda: {
        functions: {
          blue: { functionName: names.blue.functionName, alias: 'live' },
          green: { functionName: names.green.functionName, alias: 'live' },
        },
      },
      cloudwatch: { alarms: { blue: { prefix: names.blue.alarmPrefix }, green: { prefix: names.green.alarmPrefix } } },
      dynamodb: { tables: { blue: { tableName: names.blue.table }, green: { tableName: names.green.table } } },
      ecs: {
        services: {
          blue: { cluster: names.ecsCluster, service: names.blue.service, desiredCount: 2 },
          green: { cluster: names.ecsCluster, service: names.green.service, desiredCount: 2 },
        },
      },
    },
  };
}

import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { AuroraTools } from '../../src/aurora/index.js';
import { CloudWatchTools } from '../../src/cloudwatch/index.js';
import { DynamoTools } from '../../src/dynamodb/index.js';
import { EcsTools } from '../../src/ecs/index.js';
import { EcsTaskSetDeployment } from '../../src/ecs-task-sets/index.js';
import { ConfigError } from '../../src/index.js';
import { KinesisTools } from '../../src/kinesis/index.js';
import { LambdaTools } from '../../src/lambda/index.js';
import { SnsTools } from '../../src/sns/index.js';
import { SqsTools } from '../../src/sqs/index.js';

/**
 * The cross-tool catalogue of blue/green configurations that select one resource (or overlapping resources) on both
 * sides. Each one must be refused at construction with a ConfigError naming both paths, before any AWS call: every
 * client class the tools use is stubbed and the calls are counted.
 */
interface Case {
  tool: string;
  name: string;
  build: () => unknown;
  /** The two config paths the message must name. */
  paths: [string, string];
}

const REGION = { region: 'eu-west-1' };
const ACCOUNT = '123456789012';
const fnArn = (name: string, account = ACCOUNT, region = 'eu-west-1') => `arn:aws:lambda:${region}:${account}:function:${name}`;
const subArn = (topic: string, id: string) => `arn:aws:sns:eu-west-1:${ACCOUNT}:${topic}:${id}`;
const streamArn = (name: string) => `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/${name}`;

const sqs = (blue: object, green: object) => () => new SqsTools({ queues: { blue, green } as never, clientConfig: REGION });
const lambda = (blue: object, green: object) => () => new LambdaTools({ functions: { blue, green } as never, clientConfig: REGION });
const sns = (blue: unknown, green: unknown) => () => new SnsTools({ subscriptions: { blue, green } as never, clientConfig: REGION });
const alarms = (blue: object, green: object) => () => new CloudWatchTools({ alarms: { blue, green } as never, clientConfig: REGION });
const tables = (blue: string, green: string) => () =>
  new DynamoTools({ tables: { blue: { tableName: blue }, green: { tableName: green } }, clientConfig: REGION });
const consumers = (blue: object, green: object) => () => new KinesisTools({ consumers: { blue, green } as never, clientConfig: REGION });
const services = (blue: object, green: object) => () => new EcsTools({ services: { blue, green } as never, clientConfig: REGION } as never);
const ecsArn = (what: string) => `arn:aws:ecs:eu-west-1:${ACCOUNT}:${what}`;
const LISTENER_RULE = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/2/3`;
const clusters = (blue: string, green: string) => () =>
  new AuroraTools({ clusters: { blue: { clusterIdentifier: blue }, green: { clusterIdentifier: green } }, clientConfig: REGION } as never);

const CATALOGUE: Case[] = [
  // SQS: a queue or DLQ of one stack that is a queue or DLQ of the other.
  {
    tool: 'SqsTools',
    name: 'the same queue on both sides',
    build: sqs({ queueName: 'orders' }, { queueName: 'orders' }),
    paths: ['queues.blue.queueName', 'queues.green.queueName'],
  },
  {
    tool: 'SqsTools',
    name: 'the same queue with two different DLQs',
    build: sqs({ queueName: 'orders', dlqName: 'orders-blue-dlq' }, { queueName: 'orders', dlqName: 'orders-green-dlq' }),
    paths: ['queues.blue.queueName', 'queues.green.queueName'],
  },
  {
    tool: 'SqsTools',
    name: 'one DLQ shared by both stacks',
    build: sqs({ queueName: 'orders-blue', dlqName: 'orders-dlq' }, { queueName: 'orders-green', dlqName: 'orders-dlq' }),
    paths: ['queues.blue.dlqName', 'queues.green.dlqName'],
  },
  {
    tool: 'SqsTools',
    name: "blue's queue is green's DLQ",
    build: sqs({ queueName: 'orders-blue' }, { queueName: 'orders-green', dlqName: 'orders-blue' }),
    paths: ['queues.blue.queueName', 'queues.green.dlqName'],
  },
  {
    tool: 'SqsTools',
    name: "blue's DLQ is green's queue",
    build: sqs({ queueName: 'orders-blue', dlqName: 'orders-green' }, { queueName: 'orders-green' }),
    paths: ['queues.blue.dlqName', 'queues.green.queueName'],
  },
  {
    tool: 'SqsTools',
    name: 'the same FIFO queue, both in the same named owner account',
    build: sqs({ queueName: 'orders.fifo', ownerAccountId: '111111111111' }, { queueName: 'orders.fifo', ownerAccountId: '111111111111' }),
    paths: ['queues.blue.queueName', 'queues.green.queueName'],
  },
  {
    tool: 'SqsTools',
    name: "a shared DLQ, one side in the caller's account (which may be the named owner)",
    build: sqs(
      { queueName: 'orders-blue', dlqName: 'orders-dlq', ownerAccountId: '111111111111' },
      { queueName: 'orders-green', dlqName: 'orders-dlq' },
    ),
    paths: ['queues.blue.dlqName', 'queues.green.dlqName'],
  },
  // Lambda: the same function on both sides (whatever its form, whatever the aliases).
  {
    tool: 'LambdaTools',
    name: 'the same function name',
    build: lambda({ functionName: 'orders' }, { functionName: 'orders' }),
    paths: ['functions.blue.functionName', 'functions.green.functionName'],
  },
  {
    tool: 'LambdaTools',
    name: 'one function, two aliases',
    build: lambda({ functionName: 'orders', alias: 'blue' }, { functionName: 'orders', alias: 'green' }),
    paths: ['functions.blue.functionName', 'functions.green.functionName'],
  },
  {
    tool: 'LambdaTools',
    name: 'the same function ARN',
    build: lambda({ functionName: fnArn('orders') }, { functionName: fnArn('orders'), eventBuses: ['orders'] }),
    paths: ['functions.blue.functionName', 'functions.green.functionName'],
  },
  {
    tool: 'LambdaTools',
    name: 'the same function ARN, an alias on one side only',
    build: lambda({ functionName: fnArn('orders'), alias: 'live' }, { functionName: fnArn('orders') }),
    paths: ['functions.blue.functionName', 'functions.green.functionName'],
  },
  {
    tool: 'LambdaTools',
    name: "a name on one side, that function's ARN on the other",
    build: lambda({ functionName: 'orders', alias: 'live' }, { functionName: fnArn('orders'), alias: 'live' }),
    paths: ['functions.blue.functionName', 'functions.green.functionName'],
  },
  // SNS: the same subscription ARN on both sides.
  {
    tool: 'SnsTools',
    name: 'one subscription on both sides',
    build: sns({ subscriptionArn: subArn('orders', 'a1') }, { subscriptionArn: subArn('orders', 'a1') }),
    paths: ['subscriptions.blue.subscriptionArn', 'subscriptions.green.subscriptionArn'],
  },
  {
    tool: 'SnsTools',
    name: 'a shared subscription in the middle of two lists',
    build: sns(
      [{ subscriptionArn: subArn('orders', 'b1') }, { subscriptionArn: subArn('audit', 'shared') }],
      [{ subscriptionArn: subArn('audit', 'shared') }, { subscriptionArn: subArn('orders', 'g1') }],
    ),
    paths: ['subscriptions.blue[1].subscriptionArn', 'subscriptions.green[0].subscriptionArn'],
  },
  {
    tool: 'SnsTools',
    name: 'a single subscription on one side found in the list of the other',
    build: sns({ subscriptionArn: subArn('orders', 'x9') }, [
      { subscriptionArn: subArn('orders', 'g1') },
      { subscriptionArn: subArn('orders', 'x9') },
    ]),
    paths: ['subscriptions.blue.subscriptionArn', 'subscriptions.green[1].subscriptionArn'],
  },
  // CloudWatch: equal or overlapping selections.
  {
    tool: 'CloudWatchTools',
    name: 'equal prefixes',
    build: alarms({ prefix: 'orders-' }, { prefix: 'orders-' }),
    paths: ['alarms.blue.prefix', 'alarms.green.prefix'],
  },
  {
    tool: 'CloudWatchTools',
    name: "blue's prefix 'orders' also selects green's 'orders-green-…'",
    build: alarms({ prefix: 'orders' }, { prefix: 'orders-green-' }),
    paths: ['alarms.blue.prefix', 'alarms.green.prefix'],
  },
  {
    tool: 'CloudWatchTools',
    name: "green's prefix 'orders' also selects blue's 'orders-blue-…'",
    build: alarms({ prefix: 'orders-blue-' }, { prefix: 'orders' }),
    paths: ['alarms.blue.prefix', 'alarms.green.prefix'],
  },
  {
    tool: 'CloudWatchTools',
    name: 'one prefix, a suffix on one side only',
    build: alarms({ prefix: 'orders-', suffix: '-blue' }, { prefix: 'orders-' }),
    paths: ['alarms.blue.prefix', 'alarms.green.prefix'],
  },
  {
    tool: 'CloudWatchTools',
    name: 'one prefix, suffixes where one ends the other',
    build: alarms({ prefix: 'orders-', suffix: '-critical' }, { prefix: 'orders-', suffix: 'critical' }),
    paths: ['alarms.blue.prefix', 'alarms.green.prefix'],
  },
  {
    tool: 'CloudWatchTools',
    name: 'an explicit alarm name in both',
    build: alarms({ names: ['orders-latency', 'orders-blue-5xx'] }, { prefix: 'orders-green-', names: ['orders-latency'] }),
    paths: ['alarms.blue.names[0]', 'alarms.green.names[0]'],
  },
  {
    tool: 'CloudWatchTools',
    name: "a blue alarm name that green's prefix selects",
    build: alarms({ prefix: 'orders-blue-', names: ['orders-green-composite'] }, { prefix: 'orders-green-' }),
    paths: ['alarms.blue.names[0]', 'alarms.green.prefix'],
  },
  {
    tool: 'CloudWatchTools',
    name: "a green alarm name that blue's prefix and suffix select",
    build: alarms({ prefix: 'orders', suffix: '-blue' }, { prefix: 'payments-green-', names: ['payments-green-x', 'orders-db-blue'] }),
    paths: ['alarms.blue.prefix', 'alarms.green.names[1]'],
  },
  {
    tool: 'CloudWatchTools',
    name: "green names only alarms, one of which blue's prefix selects",
    build: alarms({ prefix: 'orders' }, { names: ['payments-green-cpu', 'orders-green-cpu'] }),
    paths: ['alarms.blue.prefix', 'alarms.green.names[1]'],
  },
  // DynamoDB: the same table.
  {
    tool: 'DynamoTools',
    name: 'the same table',
    build: tables('orders', 'orders'),
    paths: ['tables.blue.tableName', 'tables.green.tableName'],
  },
  // Kinesis: the same consumer of the same stream, however the stream is named.
  {
    tool: 'KinesisTools',
    name: 'the same consumer name on the same stream name',
    build: consumers({ streamName: 'orders', consumerName: 'app' }, { streamName: 'orders', consumerName: 'app' }),
    paths: ['consumers.blue.consumerName', 'consumers.green.consumerName'],
  },
  {
    tool: 'KinesisTools',
    name: 'the same consumer, the stream by name on one side and by ARN on the other',
    build: consumers({ streamName: 'orders', consumerName: 'app' }, { streamArn: streamArn('orders'), consumerName: 'app' }),
    paths: ['consumers.blue.consumerName', 'consumers.green.consumerName'],
  },
  {
    tool: 'KinesisTools',
    name: 'the same consumer on the same stream ARN',
    build: consumers({ streamArn: streamArn('orders'), consumerName: 'app' }, { streamArn: streamArn('orders'), consumerName: 'app' }),
    paths: ['consumers.blue.consumerName', 'consumers.green.consumerName'],
  },
  // Aurora: the same cluster (identifiers are case-insensitive).
  {
    tool: 'AuroraTools',
    name: 'the same cluster identifier',
    build: clusters('orders-db', 'orders-db'),
    paths: ['clusters.blue.clusterIdentifier', 'clusters.green.clusterIdentifier'],
  },
  {
    tool: 'AuroraTools',
    name: 'the same cluster identifier in another case',
    build: clusters('Orders-DB', 'orders-db'),
    paths: ['clusters.blue.clusterIdentifier', 'clusters.green.clusterIdentifier'],
  },
  // ECS: the same service of the same cluster, however either is named (cases from B1's EcsTools).
  {
    tool: 'EcsTools',
    name: 'the same service in the same cluster',
    build: services({ cluster: 'shop', service: 'orders', desiredCount: 1 }, { cluster: 'shop', service: 'orders', desiredCount: 1 }),
    paths: ['services.blue.service', 'services.green.service'],
  },
  {
    tool: 'EcsTools',
    name: "a service ARN on one side, that service's name on the other",
    build: services(
      { cluster: 'shop', service: ecsArn('service/shop/orders'), desiredCount: 1 },
      { cluster: 'shop', service: 'orders', desiredCount: 1 },
    ),
    paths: ['services.blue.service', 'services.green.service'],
  },
  {
    tool: 'EcsTools',
    name: 'a cluster ARN on one side, its name on the other',
    build: services(
      { cluster: ecsArn('cluster/shop'), service: 'orders', desiredCount: 1 },
      { cluster: 'shop', service: 'orders', desiredCount: 2 },
    ),
    paths: ['services.blue.service', 'services.green.service'],
  },
  {
    tool: 'EcsTools',
    name: 'an old-format service ARN (no cluster in it) and the name',
    build: services(
      { cluster: 'shop', service: ecsArn('service/orders'), desiredCount: 1 },
      { cluster: 'shop', service: 'orders', desiredCount: 1 },
    ),
    paths: ['services.blue.service', 'services.green.service'],
  },
  {
    tool: 'EcsTaskSetDeployment',
    name: 'one listener rule for production and test traffic',
    build: () =>
      new EcsTaskSetDeployment({
        cluster: 'prod',
        service: 'web',
        productionRuleArn: LISTENER_RULE,
        testRuleArn: LISTENER_RULE,
        container: { name: 'app', port: 8080 },
        targetGroup: { vpcId: 'vpc-0abc', port: 8080 },
        launchType: 'FARGATE',
        clientConfig: REGION,
      } as never),
    paths: ['productionRuleArn', 'testRuleArn'],
  },
];

/** Disjoint configurations next to the refused ones: each must construct (so the catalogue cannot pass vacuously). */
const ACCEPTED: { tool: string; build: () => unknown }[] = [
  {
    tool: 'SqsTools',
    build: sqs({ queueName: 'orders-blue', dlqName: 'orders-blue-dlq' }, { queueName: 'orders-green', dlqName: 'orders-green-dlq' }),
  },
  {
    tool: 'SqsTools',
    build: sqs({ queueName: 'orders', ownerAccountId: '111111111111' }, { queueName: 'orders', ownerAccountId: '222222222222' }),
  },
  {
    tool: 'LambdaTools',
    build: lambda({ functionName: fnArn('orders', '111111111111') }, { functionName: fnArn('orders', '222222222222') }),
  },
  { tool: 'SnsTools', build: sns({ subscriptionArn: subArn('orders', 'b1') }, { subscriptionArn: subArn('orders', 'g1') }) },
  { tool: 'CloudWatchTools', build: alarms({ prefix: 'orders-', suffix: '-blue' }, { prefix: 'orders-', suffix: '-green' }) },
  { tool: 'CloudWatchTools', build: alarms({ prefix: 'orders-blue-', names: ['orders-x'] }, { prefix: 'orders-green-' }) },
  {
    tool: 'KinesisTools',
    build: consumers({ streamName: 'orders', consumerName: 'app' }, { streamName: 'orders', consumerName: 'app-green' }),
  },
  { tool: 'DynamoTools', build: tables('orders-blue', 'orders-green') },
  { tool: 'AuroraTools', build: clusters('orders-blue', 'orders-green') },
  {
    tool: 'EcsTools',
    build: services(
      { cluster: 'shop-blue', service: 'orders', desiredCount: 1 },
      { cluster: 'shop-green', service: 'orders', desiredCount: 1 },
    ),
  },
];

const CLIENTS = [
  SQSClient,
  SNSClient,
  LambdaClient,
  EventBridgeClient,
  CloudWatchClient,
  DynamoDBClient,
  KinesisClient,
  RDSClient,
  ECSClient,
  ApplicationAutoScalingClient,
  ElasticLoadBalancingV2Client,
];

describe('Config catalogue: one resource on both stacks', () => {
  let stubs: ReturnType<typeof mockClient>[];
  beforeEach(() => {
    stubs = CLIENTS.map((client) => mockClient(client as never));
  });
  afterEach(() => {
    for (const stub of stubs) stub.restore();
  });
  const awsCalls = () => stubs.reduce((sum, stub) => sum + stub.calls().length, 0);

  it(`has at least 30 refused configurations across the tools (${CATALOGUE.length})`, () => {
    assert.ok(CATALOGUE.length >= 30, `only ${CATALOGUE.length} cases`);
  });

  for (const c of CATALOGUE) {
    it(`${c.tool}: ${c.name} → ConfigError naming ${c.paths.join(' and ')}, zero AWS calls`, () => {
      assert.throws(c.build, (error: unknown) => {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
        for (const path of c.paths) assert.ok(error.message.includes(path), `message does not name ${path}: ${error.message}`);
        return true;
      });
      assert.equal(awsCalls(), 0);
    });
  }

  for (const [i, c] of ACCEPTED.entries()) {
    it(`${c.tool}: disjoint configuration #${i + 1} is accepted, zero AWS calls`, () => {
      assert.doesNotThrow(c.build);
      assert.equal(awsCalls(), 0);
    });
  }
});

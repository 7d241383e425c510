/** The cases of config-catalogue.test.ts: configurations that select one resource on both stacks, and disjoint ones. */
import { AuroraTools } from '../../src/aurora/index.js';
import { CloudWatchTools } from '../../src/cloudwatch/index.js';
import { DynamoTools } from '../../src/dynamodb/index.js';
import { EcsTools } from '../../src/ecs/index.js';
import { EcsTaskSetDeployment } from '../../src/ecs-task-sets/index.js';
import { KinesisTools } from '../../src/kinesis/index.js';
import { LambdaTools } from '../../src/lambda/index.js';
import { SnsTools } from '../../src/sns/index.js';
import { SqsTools } from '../../src/sqs/index.js';

/** A refused configuration: the ConfigError must name both `paths`. */
export interface Case {
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
/** An EcsTools service config: `desiredCount` 1 unless given. */
const svc = (cluster: string, service: string, desiredCount = 1) => ({ cluster, service, desiredCount });
const ecsArn = (what: string) => `arn:aws:ecs:eu-west-1:${ACCOUNT}:${what}`;
const LISTENER_RULE = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:listener-rule/app/web/1/2/3`;
const clusters = (blue: string, green: string) => () =>
  new AuroraTools({ clusters: { blue: { clusterIdentifier: blue }, green: { clusterIdentifier: green } }, clientConfig: REGION } as never);

/**
 * One refused configuration: its name, how to build the tool, and the config paths below `<root>.blue` and
 * `<root>.green` that the ConfigError must name (e.g. `.queueName`, `[1].subscriptionArn`).
 */
type Row = [name: string, build: () => unknown, bluePath: string, greenPath: string];
const refused = (tool: string, root: string, rows: Row[]): Case[] =>
  rows.map(([name, build, blue, green]) => ({ tool, name, build, paths: [`${root}.blue${blue}`, `${root}.green${green}`] }));

export const CATALOGUE: Case[] = [
  // SQS: a queue or DLQ of one stack that is a queue or DLQ of the other.
  ...refused('SqsTools', 'queues', [
    ['the same queue on both sides', sqs({ queueName: 'orders' }, { queueName: 'orders' }), '.queueName', '.queueName'],
    [
      'the same queue with two different DLQs',
      sqs({ queueName: 'orders', dlqName: 'orders-blue-dlq' }, { queueName: 'orders', dlqName: 'orders-green-dlq' }),
      '.queueName',
      '.queueName',
    ],
    [
      'one DLQ shared by both stacks',
      sqs({ queueName: 'orders-blue', dlqName: 'orders-dlq' }, { queueName: 'orders-green', dlqName: 'orders-dlq' }),
      '.dlqName',
      '.dlqName',
    ],
    [
      "blue's queue is green's DLQ",
      sqs({ queueName: 'orders-blue' }, { queueName: 'orders-green', dlqName: 'orders-blue' }),
      '.queueName',
      '.dlqName',
    ],
    [
      "blue's DLQ is green's queue",
      sqs({ queueName: 'orders-blue', dlqName: 'orders-green' }, { queueName: 'orders-green' }),
      '.dlqName',
      '.queueName',
    ],
    [
      'the same FIFO queue, both in the same named owner account',
      sqs({ queueName: 'orders.fifo', ownerAccountId: '111111111111' }, { queueName: 'orders.fifo', ownerAccountId: '111111111111' }),
      '.queueName',
      '.queueName',
    ],
    [
      "a shared DLQ, one side in the caller's account (which may be the named owner)",
      sqs(
        { queueName: 'orders-blue', dlqName: 'orders-dlq', ownerAccountId: '111111111111' },
        { queueName: 'orders-green', dlqName: 'orders-dlq' },
      ),
      '.dlqName',
      '.dlqName',
    ],
  ]),
  // Lambda: the same function on both sides (whatever its form, whatever the aliases).
  ...refused('LambdaTools', 'functions', [
    ['the same function name', lambda({ functionName: 'orders' }, { functionName: 'orders' }), '.functionName', '.functionName'],
    [
      'one function, two aliases',
      lambda({ functionName: 'orders', alias: 'blue' }, { functionName: 'orders', alias: 'green' }),
      '.functionName',
      '.functionName',
    ],
    [
      'the same function ARN',
      lambda({ functionName: fnArn('orders') }, { functionName: fnArn('orders'), eventBuses: ['orders'] }),
      '.functionName',
      '.functionName',
    ],
    [
      'the same function ARN, an alias on one side only',
      lambda({ functionName: fnArn('orders'), alias: 'live' }, { functionName: fnArn('orders') }),
      '.functionName',
      '.functionName',
    ],
    [
      "a name on one side, that function's ARN on the other",
      lambda({ functionName: 'orders', alias: 'live' }, { functionName: fnArn('orders'), alias: 'live' }),
      '.functionName',
      '.functionName',
    ],
  ]),
  // SNS: the same subscription ARN on both sides.
  ...refused('SnsTools', 'subscriptions', [
    [
      'one subscription on both sides',
      sns({ subscriptionArn: subArn('orders', 'a1') }, { subscriptionArn: subArn('orders', 'a1') }),
      '.subscriptionArn',
      '.subscriptionArn',
    ],
    [
      'a shared subscription in the middle of two lists',
      sns(
        [{ subscriptionArn: subArn('orders', 'b1') }, { subscriptionArn: subArn('audit', 'shared') }],
        [{ subscriptionArn: subArn('audit', 'shared') }, { subscriptionArn: subArn('orders', 'g1') }],
      ),
      '[1].subscriptionArn',
      '[0].subscriptionArn',
    ],
    [
      'a single subscription on one side found in the list of the other',
      sns({ subscriptionArn: subArn('orders', 'x9') }, [
        { subscriptionArn: subArn('orders', 'g1') },
        { subscriptionArn: subArn('orders', 'x9') },
      ]),
      '.subscriptionArn',
      '[1].subscriptionArn',
    ],
  ]),
  // CloudWatch: equal or overlapping selections.
  ...refused('CloudWatchTools', 'alarms', [
    ['equal prefixes', alarms({ prefix: 'orders-' }, { prefix: 'orders-' }), '.prefix', '.prefix'],
    [
      "blue's prefix 'orders' also selects green's 'orders-green-…'",
      alarms({ prefix: 'orders' }, { prefix: 'orders-green-' }),
      '.prefix',
      '.prefix',
    ],
    [
      "green's prefix 'orders' also selects blue's 'orders-blue-…'",
      alarms({ prefix: 'orders-blue-' }, { prefix: 'orders' }),
      '.prefix',
      '.prefix',
    ],
    ['one prefix, a suffix on one side only', alarms({ prefix: 'orders-', suffix: '-blue' }, { prefix: 'orders-' }), '.prefix', '.prefix'],
    [
      'one prefix, suffixes where one ends the other',
      alarms({ prefix: 'orders-', suffix: '-critical' }, { prefix: 'orders-', suffix: 'critical' }),
      '.prefix',
      '.prefix',
    ],
    [
      'an explicit alarm name in both',
      alarms({ names: ['orders-latency', 'orders-blue-5xx'] }, { prefix: 'orders-green-', names: ['orders-latency'] }),
      '.names[0]',
      '.names[0]',
    ],
    [
      "a blue alarm name that green's prefix selects",
      alarms({ prefix: 'orders-blue-', names: ['orders-green-composite'] }, { prefix: 'orders-green-' }),
      '.names[0]',
      '.prefix',
    ],
    [
      "a green alarm name that blue's prefix and suffix select",
      alarms({ prefix: 'orders', suffix: '-blue' }, { prefix: 'payments-green-', names: ['payments-green-x', 'orders-db-blue'] }),
      '.prefix',
      '.names[1]',
    ],
    [
      "green names only alarms, one of which blue's prefix selects",
      alarms({ prefix: 'orders' }, { names: ['payments-green-cpu', 'orders-green-cpu'] }),
      '.prefix',
      '.names[1]',
    ],
  ]),
  // DynamoDB: the same table.
  ...refused('DynamoTools', 'tables', [['the same table', tables('orders', 'orders'), '.tableName', '.tableName']]),
  // Kinesis: the same consumer of the same stream, however the stream is named.
  ...refused('KinesisTools', 'consumers', [
    [
      'the same consumer name on the same stream name',
      consumers({ streamName: 'orders', consumerName: 'app' }, { streamName: 'orders', consumerName: 'app' }),
      '.consumerName',
      '.consumerName',
    ],
    [
      'the same consumer, the stream by name on one side and by ARN on the other',
      consumers({ streamName: 'orders', consumerName: 'app' }, { streamArn: streamArn('orders'), consumerName: 'app' }),
      '.consumerName',
      '.consumerName',
    ],
    [
      'the same consumer on the same stream ARN',
      consumers({ streamArn: streamArn('orders'), consumerName: 'app' }, { streamArn: streamArn('orders'), consumerName: 'app' }),
      '.consumerName',
      '.consumerName',
    ],
  ]),
  // Aurora: the same cluster (identifiers are case-insensitive).
  ...refused('AuroraTools', 'clusters', [
    ['the same cluster identifier', clusters('orders-db', 'orders-db'), '.clusterIdentifier', '.clusterIdentifier'],
    ['the same cluster identifier in another case', clusters('Orders-DB', 'orders-db'), '.clusterIdentifier', '.clusterIdentifier'],
  ]),
  // ECS: the same service of the same cluster, however either is named (cases from B1's EcsTools).
  ...refused('EcsTools', 'services', [
    ['the same service in the same cluster', services(svc('shop', 'orders'), svc('shop', 'orders')), '.service', '.service'],
    [
      "a service ARN on one side, that service's name on the other",
      services(svc('shop', ecsArn('service/shop/orders')), svc('shop', 'orders')),
      '.service',
      '.service',
    ],
    [
      'a cluster ARN on one side, its name on the other',
      services(svc(ecsArn('cluster/shop'), 'orders'), svc('shop', 'orders', 2)),
      '.service',
      '.service',
    ],
    [
      'an old-format service ARN (no cluster in it) and the name',
      services(svc('shop', ecsArn('service/orders')), svc('shop', 'orders')),
      '.service',
      '.service',
    ],
  ]),
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
export const ACCEPTED: { tool: string; build: () => unknown }[] = [
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
    build: services(svc('shop-blue', 'orders'), svc('shop-green', 'orders')),
  },
];

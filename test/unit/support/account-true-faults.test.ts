import { strict as assert } from 'node:assert';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { RDSClient, StartDBClusterCommand } from '@aws-sdk/client-rds';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { FaultPlan, seededRandom } from '../../support/account-true/faults.js';
import { type AccountTrueWorld, startAccountTrueWorld } from '../../support/account-true/index.js';
import { parseCall } from '../../support/account-true/wire.js';

type Send = (config: Record<string, unknown>) => Promise<unknown>;
// Other unit files stub `XClient.prototype.send` class-wide (aws-sdk-client-mock) and some never restore it; this file
// must make the real HTTP call to the world, so it sends through the SDK's base class (smithy's Client.prototype.send).
const realSend = (client: object, command: object): Promise<unknown> => {
  const base = Object.getPrototypeOf(Object.getPrototypeOf(client)) as { send: (command: object) => Promise<unknown> };
  return base.send.call(client, command);
};
// One call per protocol family: AWS Query (SNS, RDS), AWS JSON 1.0 (SQS, DynamoDB, CloudWatch), JSON 1.1 (ECS), REST-JSON (Lambda).
// The third column is the error name the SDK gives (SNS's wire code `Throttled` is modelled as ThrottledException).
const CALLS: [string, string, string, Send][] = [
  [
    'sns',
    'query',
    'ThrottledException',
    (c) => realSend(new SNSClient(c), new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: 'm' })),
  ],
  ['rds', 'query', 'Throttling', (c) => realSend(new RDSClient(c), new StartDBClusterCommand({ DBClusterIdentifier: 'db' }))],
  [
    'sqs',
    'json 1.0',
    'Throttling',
    (c) => realSend(new SQSClient(c), new GetQueueAttributesCommand({ QueueUrl: 'http://127.0.0.1:1/123456789012/q' })),
  ],
  ['dynamodb', 'json 1.0', 'ThrottlingException', (c) => realSend(new DynamoDBClient(c), new DescribeTableCommand({ TableName: 't' }))],
  ['monitoring', 'json 1.0', 'ThrottlingException', (c) => realSend(new CloudWatchClient(c), new DescribeAlarmsCommand({}))],
  ['ecs', 'json 1.1', 'ThrottlingException', (c) => realSend(new ECSClient(c), new DescribeServicesCommand({ services: ['s'] }))],
  [
    'lambda',
    'rest-json',
    'TooManyRequestsException',
    (c) => realSend(new LambdaClient(c), new UpdateEventSourceMappingCommand({ UUID: 'u', Enabled: false })),
  ],
];

describe('account-true world: faults in each protocol’s real error shape (no emulator needed: nothing is forwarded)', () => {
  let world: AccountTrueWorld;
  // Nothing listens on port 9: a call that was forwarded by mistake fails with a 502, not with the expected error.
  beforeEach(async () => {
    world = await startAccountTrueWorld('http://127.0.0.1:9');
  });
  afterEach(async () => world.close());

  for (const [service, protocol, code, send] of CALLS) {
    it(`${service} (${protocol}): throttling is ${code}, parsed by the SDK as a throttling error; a 5xx is a transient server fault`, async () => {
      world.faults.add({ kind: 'throttle', service, times: 1 }, { kind: 'server-error', service, times: 1 });
      const throttled = (await send(world.clientConfig({ maxAttempts: 1 })).catch((e) => e)) as Error & {
        $metadata: { httpStatusCode: number };
      };
      assert.equal(throttled.name, code, String(throttled));
      assert.equal(
        isThrottlingError(throttled as never),
        true,
        `${code} (HTTP ${throttled.$metadata.httpStatusCode}) is retried as throttling`,
      );
      const failed = (await send(world.clientConfig({ maxAttempts: 1 })).catch((e) => e)) as Error & { $fault: string };
      assert.equal(failed.$fault, 'server');
      // 500 is one of the SDK's transient status codes: retried like a throttle, without the throttling back-off.
      assert.equal(isTransientError(failed as never), true, String(failed));
      assert.deepEqual(
        world.log.calls.map((c) => [c.service, c.fault, c.forwarded]),
        [
          [service, 'throttle', false],
          [service, 'server-error', false],
        ],
      );
    });
  }

  it('a reset before forwarding reaches the SDK as a transient network error (retried), and nothing is forwarded', async () => {
    world.faults.add({ kind: 'reset-before', service: 'sqs' });
    const error = (await realSend(
      new SQSClient(world.clientConfig({ maxAttempts: 1 })),
      new GetQueueAttributesCommand({ QueueUrl: 'http://127.0.0.1:1/123456789012/q' }),
    ).catch((e) => e)) as Error;
    assert.equal(isTransientError(error as never), true, `${error.name}: ${error.message}`);
    assert.deepEqual(
      world.log.counts(() => true),
      { 'sqs.GetQueueAttributes': 1 },
    );
    assert.equal(world.log.calls[0]?.forwarded, false);
  });
});

describe('account-true world: fault plan and call parsing', () => {
  it('the same seed injects the same faults; rate, times and after are honoured', () => {
    const run = (seed: number) => {
      const plan = new FaultPlan(seededRandom(seed));
      plan.add({ kind: 'throttle', rate: 0.3, after: 2, times: 5 });
      return Array.from({ length: 40 }, () => plan.pick({ service: 'sqs', operation: 'SendMessage', mutating: true }) ?? '-');
    };
    assert.deepEqual(run(42), run(42));
    assert.notDeepEqual(run(42), run(43));
    const faults = run(42);
    assert.deepEqual(faults.slice(0, 2), ['-', '-'], 'the first two calls are skipped');
    assert.equal(faults.filter((f) => f === 'throttle').length, 5, 'at most 5 injections, and 40 calls at 30 % reach 5');
  });

  it('mutatingOnly spares reads; service and operation narrow a rule', () => {
    const plan = new FaultPlan(seededRandom(1));
    plan.add({ kind: 'reset-after', service: 'lambda', mutatingOnly: true });
    assert.equal(plan.pick({ service: 'lambda', operation: 'GetEventSourceMapping', mutating: false }), undefined);
    assert.equal(plan.pick({ service: 'sqs', operation: 'PurgeQueue', mutating: true }), undefined);
    assert.equal(plan.pick({ service: 'lambda', operation: 'UpdateEventSourceMapping', mutating: true }), 'reset-after');
  });

  it('parses service, operation and mutability from each protocol (SigV4 scope, X-Amz-Target, Action=, REST path)', () => {
    const auth = (service: string) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host`,
    });
    const json = parseCall('POST', '/', { ...auth('sqs'), 'x-amz-target': 'AmazonSQS.PurgeQueue' }, Buffer.from('{"QueueUrl":"u"}'));
    assert.deepEqual(
      [json.service, json.protocol, json.operation, json.mutating, json.input.QueueUrl],
      ['sqs', 'json', 'PurgeQueue', true, 'u'],
    );
    const query = parseCall('POST', '/', auth('rds'), Buffer.from('Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier=db'));
    assert.deepEqual([query.service, query.protocol, query.operation, query.mutating], ['rds', 'query', 'DescribeDBClusters', false]);
    const rest = parseCall('PUT', '/2015-03-31/event-source-mappings/abc-1', auth('lambda'), Buffer.from('{"Enabled":false}'));
    assert.deepEqual([rest.operation, rest.mutating, rest.resourceId], ['UpdateEventSourceMapping', true, 'abc-1']);
    const list = parseCall('GET', '/2015-03-31/event-source-mappings/?FunctionName=f', auth('lambda'), Buffer.alloc(0));
    assert.deepEqual([list.operation, list.mutating], ['ListEventSourceMappings', false]);
  });
});

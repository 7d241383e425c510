import { strict as assert } from 'node:assert';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FunctionMetrics } from '../../../src/cloudwatch/index.js';
import { EventBridgeTools } from '../../../src/eventbridge/index.js';
import { ConfigError, GuardError, InvalidStateError, StackReference } from '../../../src/index.js';
import { createEventSourceMapping, deleteEventMapping, getAlias, getVersion, LambdaTools } from '../../../src/lambda/index.js';
import { createLambdaRole, createTestFunction } from '../../support/lambda-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Classes: LambdaTools, EventBridgeTools, FunctionMetrics and the bluegreen-toolkit/lambda functions (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let lambda: LambdaClient;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let blueArn: string;
  let greenArn: string;

  async function queueArn(name: string): Promise<string> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return attrs.Attributes?.QueueArn as string;
  }
  const state = async (uuid: string) => (await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State;
  const ruleState = async (name: string, bus?: string) =>
    (await events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }))).State;

  beforeEach(async () => {
    lambda = new LambdaClient(aws.clientConfig());
    events = new EventBridgeClient(aws.clientConfig());
    sqs = new SQSClient(aws.clientConfig());
    await createLambdaRole(aws.endpoint());
    blueArn = await createTestFunction(lambda, 'orders-blue');
    greenArn = await createTestFunction(lambda, 'orders-green');
    for (const fn of ['orders-blue', 'orders-green']) {
      await lambda.send(new PublishVersionCommand({ FunctionName: fn }));
    }
    await lambda.send(new CreateAliasCommand({ FunctionName: 'orders-green', Name: 'live', FunctionVersion: '1' }));
  });

  const tools = () =>
    new LambdaTools({
      functions: {
        blue: { functionName: 'orders-blue', alias: 'live' },
        green: { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] },
      },
      clientConfig: aws.clientConfig(),
    });
  // The rules that target the functions, and their metrics: each service's own tool, built on the LambdaTools.
  const rules = () => new EventBridgeTools({ lambda: tools(), clientConfig: aws.clientConfig() });
  const functionMetrics = () => new FunctionMetrics({ lambda: tools(), clientConfig: aws.clientConfig() });

  describe('Method: listEventSourceMappings', () => {
    it('finds mappings created with the function name, the function ARN and the alias ARN, each once', async () => {
      const created: string[] = [];
      for (const [i, functionName] of ['orders-green', greenArn, `${greenArn}:live`].entries()) {
        const m = await lambda.send(
          new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: await queueArn(`q-green-${i}`) }),
        );
        created.push(m.UUID as string);
      }
      const other = await lambda.send(
        new CreateEventSourceMappingCommand({ FunctionName: 'orders-blue', EventSourceArn: await queueArn('q-blue') }),
      );
      const listed = await tools().listEventSourceMappings(StackReference.Green);
      assert.deepEqual(listed.map((m) => m.uuid).sort(), [...created].sort());
      assert.ok(!listed.some((m) => m.uuid === other.UUID));
      assert.ok(listed.every((m) => m.state === 'Enabled' && m.eventSourceArn?.startsWith('arn:aws:sqs:')));
    });
  });

  describe('Functions: createEventSourceMapping / deleteEventMapping', () => {
    it('creates one mapping on the alias, is already on a repeat, and deletes it (guarded) until it is gone', async () => {
      const source = await queueArn('orders-green-in');
      const first = await createEventSourceMapping(tools(), StackReference.Green, source, { BatchSize: 5, Enabled: false, wait: true });
      assert.equal(first.outcome, 'changed');
      assert.equal(first.state, 'Disabled');
      const read = await lambda.send(new GetEventSourceMappingCommand({ UUID: first.uuid }));
      assert.equal(read.EventSourceArn, source);
      assert.equal(read.BatchSize, 5);
      assert.equal(read.State, 'Disabled');

      const second = await createEventSourceMapping(tools(), StackReference.Green, source);
      assert.equal(second.outcome, 'already');
      assert.equal(second.uuid, first.uuid);
      const all = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: source }));
      assert.equal(all.EventSourceMappings?.length, 1, 'no duplicate mapping was created');

      await assert.rejects(deleteEventMapping(tools(), first.uuid, { expectedStack: StackReference.Blue }), GuardError);
      assert.equal(await state(first.uuid), 'Disabled', 'the guard kept the mapping');

      const deleted = await deleteEventMapping(tools(), first.uuid, { expectedStack: StackReference.Green, wait: { maxWaitTime: 10 } });
      assert.equal(deleted.outcome, 'changed');
      await assert.rejects(state(first.uuid), (e: Error) => e.name === 'ResourceNotFoundException');
      const again = await deleteEventMapping(tools(), first.uuid);
      assert.equal(again.outcome, 'already');
    });
  });

  describe('Method: disableEventMappings / enableEventMappings', () => {
    it('switches every mapping of the stack (all forms), leaves the other stack alone, and is already on a repeat', async () => {
      const green: string[] = [];
      for (let i = 0; i < 6; i++) {
        const fn = i % 3 === 0 ? 'orders-green' : i % 3 === 1 ? greenArn : `${greenArn}:live`;
        const m = await lambda.send(
          new CreateEventSourceMappingCommand({ FunctionName: fn, EventSourceArn: await queueArn(`g${i}`), Enabled: i !== 4 }),
        );
        green.push(m.UUID as string);
      }
      const blue = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: blueArn, EventSourceArn: await queueArn('b0') }));

      const disabled = await tools().disableEventMappings(StackReference.Green, { concurrency: 2 });
      assert.equal(disabled.changed.length, 5);
      assert.deepEqual(disabled.already, [green[4]]);
      for (const uuid of green) assert.equal(await state(uuid), 'Disabled');
      assert.equal(await state(blue.UUID as string), 'Enabled');

      const again = await tools().disableEventMappings(StackReference.Green);
      assert.equal(again.outcome, 'already');

      const enabled = await tools().enableEventMappings(StackReference.Green);
      assert.equal(enabled.changed.length, 6);
      for (const uuid of green) assert.equal(await state(uuid), 'Enabled');
    });
  });

  describe('EventBridgeTools: disableRules / enableRules / listRules', () => {
    it('switches the rules that target the function or its alias on the default and custom buses, and only those', async () => {
      await events.send(new CreateEventBusCommand({ Name: 'orders' }));
      const rule = async (name: string, target: string, bus?: string) => {
        await events.send(
          new PutRuleCommand({
            Name: name,
            EventBusName: bus,
            ScheduleExpression: bus ? undefined : 'rate(5 minutes)',
            EventPattern: bus ? '{"source":["orders"]}' : undefined,
            State: 'ENABLED',
          }),
        );
        await events.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: [{ Id: 't1', Arn: target }] }));
      };
      await rule('green-nightly', greenArn);
      await rule('green-placed', `${greenArn}:live`, 'orders');
      await rule('blue-placed', `${blueArn}:live`, 'orders');
      await rule('other', 'arn:aws:sqs:us-east-1:123456789012:other');

      assert.deepEqual(
        (await rules().listRules(StackReference.Green)).map((r) => [r.id, r.state, r.enabled]),
        [
          ['default/green-nightly', 'ENABLED', true],
          ['orders/green-placed', 'ENABLED', true],
        ],
      );
      const disabled = await rules().disableRules(StackReference.Green);
      assert.deepEqual(disabled.changed.sort(), ['default/green-nightly', 'orders/green-placed']);
      assert.deepEqual(
        (await rules().listRules(StackReference.Green)).map((r) => r.enabled),
        [false, false],
        'listRules reads the new state back',
      );
      assert.deepEqual(await rules().listRules(StackReference.Blue), [], "blue's rule is on the orders bus, which blue does not configure");
      assert.equal(await ruleState('green-nightly'), 'DISABLED');
      assert.equal(await ruleState('green-placed', 'orders'), 'DISABLED');
      assert.equal(await ruleState('blue-placed', 'orders'), 'ENABLED');
      assert.equal(await ruleState('other'), 'ENABLED');

      assert.equal((await rules().disableRules(StackReference.Green)).outcome, 'already');
      const enabled = await rules().enableRules(StackReference.Green);
      assert.equal(enabled.changed.length, 2);
      assert.equal(await ruleState('green-nightly'), 'ENABLED');
      assert.equal(await ruleState('green-placed', 'orders'), 'ENABLED');
    });

    it('refuses a rule with a foreign target, and one shared with the other stack, leaving every rule enabled (ListTargetsByRule)', async () => {
      const rule = async (name: string, targets: string[]) => {
        await events.send(new PutRuleCommand({ Name: name, ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' }));
        await events.send(new PutTargetsCommand({ Rule: name, Targets: targets.map((Arn, i) => ({ Id: `t${i}`, Arn })) }));
      };
      await rule('blue-own', [blueArn]);
      await rule('blue-and-audit', [blueArn, await queueArn('audit')]);
      await assert.rejects(rules().disableRules(StackReference.Blue), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.match(e.message, /default\/blue-and-audit .* also targets arn:aws:sqs:[^ ]+:audit/);
        return true;
      });
      assert.equal(await ruleState('blue-own'), 'ENABLED', 'nothing was disabled, not even the rule blue owns alone');
      assert.equal(await ruleState('blue-and-audit'), 'ENABLED');

      await rule('both-stacks', [blueArn, `${greenArn}:live`]);
      // Remove the audit target so that only the rule shared with green remains in the way.
      await events.send(new RemoveTargetsCommand({ Rule: 'blue-and-audit', Ids: ['t1'] }));
      await assert.rejects(rules().disableRules(StackReference.Blue), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(
          e.message,
          /functions\.blue\.functionName and functions\.green\.functionName share EventBridge rule default\/both-stacks/,
        );
        return true;
      });
      assert.equal(await ruleState('both-stacks'), 'ENABLED');
      assert.equal(await ruleState('blue-own'), 'ENABLED');
    });
  });

  describe('Functions: getAlias / getVersion', () => {
    it('reads the version the alias points at with its routing weights, and refuses an alias on $LATEST', async () => {
      await lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'orders-green', ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]) }),
      );
      const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: 'orders-green' }));
      await lambda.send(
        new CreateAliasCommand({
          FunctionName: 'orders-green',
          Name: 'canary',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { [v2.Version as string]: 0.25 } },
        }),
      );
      const alias = await getAlias(tools(), StackReference.Green, 'canary');
      assert.equal(alias.functionVersion, '1');
      assert.deepEqual(alias.routingWeights, { [v2.Version as string]: 0.25 });
      assert.equal(alias.aliasArn, `${greenArn}:canary`);

      assert.deepEqual(await getVersion(tools(), StackReference.Green), { version: '1', routingWeights: {}, alias: 'live' });

      await lambda.send(new CreateAliasCommand({ FunctionName: 'orders-blue', Name: 'live', FunctionVersion: '$LATEST' }));
      await assert.rejects(getVersion(tools(), StackReference.Blue), InvalidStateError);
    });
  });

  describe('FunctionMetrics: getLatestMetrics', () => {
    it("returns the alias's newest datapoints from GetMetricData and null for a metric without data", async () => {
      const cw = new CloudWatchClient(aws.clientConfig());
      const dims = [
        { Name: 'FunctionName', Value: 'orders-green' },
        { Name: 'Resource', Value: 'orders-green:live' },
      ];
      // The newest complete minute is the one before the current (incomplete) minute. Near the end of a minute, start
      // in the next one so that the minute cannot roll over between writing the datapoints and reading them.
      if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 100));
      const current = Math.floor(Date.now() / 60_000) * 60_000;
      const point = (metric: string, value: number, at: number, dimensions = dims) => ({
        MetricName: metric,
        Dimensions: dimensions,
        Value: value,
        Timestamp: new Date(at),
      });
      const lastComplete = current - 60_000 + 10_000;
      await cw.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/Lambda',
          MetricData: [
            point('Errors', 3, current - 180_000),
            point('Errors', 1, lastComplete),
            // Still being filled: never read as the newest complete period.
            point('Errors', 50, current + 1_000),
            point('Invocations', 40, lastComplete),
            point('Duration', 120, lastComplete),
            point('ConcurrentExecutions', 4, lastComplete),
            point('IteratorAge', 900, lastComplete),
            point('Throttles', 7, lastComplete, [{ Name: 'FunctionName', Value: 'orders-green' }]),
          ],
        }),
      );
      const metrics = await functionMetrics().getLatestMetrics(StackReference.Green, { windowMinutes: 10 });
      assert.equal(metrics.errors, 1);
      assert.equal(metrics.invocations, 40);
      assert.equal(metrics.duration, 120);
      assert.equal(metrics.concurrentExecutions, 4);
      assert.equal(metrics.iteratorAge, 900);
      assert.equal(metrics.throttles, null, 'throttles exist only for the whole function, not for the alias');
      assert.equal(metrics.latestTimestamp?.getTime(), current - 60_000, 'the newest datapoint is the last complete period');
      assert.equal(metrics.window.end.getTime(), current);
    });
  });
});

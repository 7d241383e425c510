import { strict as assert } from 'node:assert';
import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeTools } from '../../../src/eventbridge/index.js';
import { ConfigError, InvalidStateError, ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { LambdaTools } from '../../../src/lambda/index.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';
const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

describe('Class: EventBridgeTools', () => {
  const creds = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  const lambdaClient = new LambdaClient(creds);
  const ebClient = new EventBridgeClient(creds);
  const lm = mockClient(LambdaClient);
  const eb = mockClient(EventBridgeClient);
  const allCalls = () => lm.calls().length + eb.calls().length;

  beforeEach(() => {
    lm.reset();
    eb.reset();
    lm.on(GetFunctionConfigurationCommand, { FunctionName: 'orders-green' }).resolves({ FunctionArn: `${ARN}:orders-green` });
    lm.on(GetFunctionConfigurationCommand, { FunctionName: 'orders-blue' }).resolves({ FunctionArn: `${ARN}:orders-blue` });
  });
  after(() => {
    lm.restore();
    eb.restore();
  });

  // The rules of a LambdaTools' functions (their ARNs are looked up through its Lambda client).
  const lambdaTools = (functions: object = {}) =>
    new LambdaTools({
      functions: {
        blue: { functionName: 'orders-blue', alias: 'live' },
        green: { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] },
        ...functions,
      } as never,
      clients: { lambda: lambdaClient },
    });
  const tools = (functions: object = {}, extra: object = {}) =>
    new EventBridgeTools({ lambda: lambdaTools(functions), awsSdkV3Client: ebClient, ...extra });

  describe('Constructor', () => {
    const bad: [string, () => unknown, RegExp][] = [
      ['no lambda', () => new EventBridgeTools({ awsSdkV3Client: ebClient } as never), /options\.lambda must be the LambdaTools/],
      [
        'a lambda that is not a LambdaTools',
        () => new EventBridgeTools({ lambda: {} as never, awsSdkV3Client: ebClient }),
        /options\.lambda/,
      ],
      [
        'a non-array eventBuses',
        () => tools({ green: { functionName: 'f', eventBuses: 'orders' } }),
        /functions\.green\.eventBuses must be an array/,
      ],
      ['a malformed bus name', () => tools({ green: { functionName: 'f', eventBuses: ['a bus'] } }), /functions\.green\.eventBuses\[0\]/],
      ['a bad concurrency', () => tools({}, { concurrency: 0 }), /concurrency must be >= 1/],
      [
        'a non-client',
        () => new EventBridgeTools({ lambda: lambdaTools(), awsSdkV3Client: {} as never }),
        /awsSdkV3Client must be an AWS SDK v3 client/,
      ],
    ];
    for (const [what, make, message] of bad) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, () => {
        assert.throws(make, (e: unknown) => e instanceof ConfigError && message.test(e.message));
        assert.equal(allCalls(), 0);
      });
    }
  });

  describe('Method: enableRules / disableRules', () => {
    it('lists rules targeting the function and alias ARNs on default and custom buses (all pages) and enables only disabled ones', async () => {
      eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });
      eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'default', TargetArn: `${ARN}:orders-green` }).resolves({
        RuleNames: ['nightly'],
      });
      eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'orders', TargetArn: `${ARN}:orders-green:live`, NextToken: undefined }).resolves(
        {
          RuleNames: ['placed', 'nightly'],
          NextToken: 't2',
        },
      );
      eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'orders', TargetArn: `${ARN}:orders-green:live`, NextToken: 't2' }).resolves({
        RuleNames: ['cancelled'],
      });
      eb.on(DescribeRuleCommand).resolves({ State: 'DISABLED' });
      eb.on(DescribeRuleCommand, { Name: 'placed', EventBusName: 'orders' }).resolves({ State: 'ENABLED' });
      eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'green', Arn: `${ARN}:orders-green:live` }] });
      eb.on(EnableRuleCommand).resolves({});
      const result = await tools().enableRules(StackReference.Green);
      const lists = eb.commandCalls(ListRuleNamesByTargetCommand).map((c) => c.args[0].input);
      assert.equal(lists.length, 5, 'two buses × two ARNs, plus one extra page');
      assert.deepEqual(result.changed.sort(), ['default/nightly', 'orders/cancelled', 'orders/nightly']);
      assert.deepEqual(result.already, ['orders/placed']);
      assert.deepEqual(
        eb
          .commandCalls(EnableRuleCommand)
          .map((c) => `${c.args[0].input.EventBusName}/${c.args[0].input.Name}`)
          .sort(),
        ['default/nightly', 'orders/cancelled', 'orders/nightly'],
      );
      assert.equal(eb.commandCalls(DisableRuleCommand).length, 0);
    });

    it('disables only enabled rules; a rule deleted meanwhile counts as already disabled', async () => {
      eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });
      eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'default', TargetArn: `${ARN}:orders-blue` }).resolves({
        RuleNames: ['a', 'b', 'c'],
      });
      eb.on(DescribeRuleCommand, { Name: 'a' }).resolves({ State: 'ENABLED' });
      eb.on(DescribeRuleCommand, { Name: 'b' }).resolves({ State: 'DISABLED' });
      eb.on(DescribeRuleCommand, { Name: 'c' }).rejects(awsError('ResourceNotFoundException'));
      eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'blue', Arn: `${ARN}:orders-blue` }] });
      eb.on(DisableRuleCommand).resolves({});
      const result = await tools().disableRules(StackReference.Blue);
      assert.deepEqual(result.changed, ['default/a']);
      assert.deepEqual(result.already, ['default/b', 'default/c']);
      assert.equal(eb.commandCalls(DisableRuleCommand).length, 1);
      assert.deepEqual(
        eb.commandCalls(ListRuleNamesByTargetCommand).map((c) => c.args[0].input.TargetArn),
        [`${ARN}:orders-blue`, `${ARN}:orders-blue:live`],
      );
    });

    it('enableRules: a rule deleted between listing and enabling is a ResourceNotFoundError naming it (nothing enabled)', async () => {
      eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });
      eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'default', TargetArn: `${ARN}:orders-green` }).resolves({ RuleNames: ['gone'] });
      eb.on(DescribeRuleCommand).rejects(awsError('ResourceNotFoundException'));
      await assert.rejects(
        tools().enableRules(StackReference.Green),
        (e: unknown) => e instanceof ResourceNotFoundError && /default\/gone/.test(e.message),
      );
      assert.equal(eb.commandCalls(EnableRuleCommand).length, 0);
    });

    describe('EventBridge API Reference: EnableRule/DisableRule switch the whole rule (ListTargetsByRule), managed rules refuse them', () => {
      const seedRules = (names: string[]) => {
        eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });
        eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'default', TargetArn: `${ARN}:orders-blue` }).resolves({ RuleNames: names });
        eb.on(DescribeRuleCommand).resolves({ State: 'ENABLED' });
        eb.on(DisableRuleCommand).resolves({});
      };

      it('reads every ListTargetsByRule page and disables a rule whose targets are all this function (any qualifier)', async () => {
        seedRules(['own']);
        eb.on(ListTargetsByRuleCommand, { Rule: 'own', NextToken: undefined }).resolves({
          Targets: [{ Id: '1', Arn: `${ARN}:orders-blue` }],
          NextToken: 'p2',
        });
        eb.on(ListTargetsByRuleCommand, { Rule: 'own', NextToken: 'p2' }).resolves({
          Targets: [{ Id: '2', Arn: `${ARN}:orders-blue:live` }],
        });
        const result = await tools().disableRules(StackReference.Blue);
        assert.deepEqual(result.changed, ['default/own']);
        assert.deepEqual(
          eb.commandCalls(ListTargetsByRuleCommand).map((c) => [c.args[0].input.Rule, c.args[0].input.EventBusName, c.args[0].input.Limit]),
          [
            ['own', 'default', 100],
            ['own', 'default', 100],
          ],
        );
      });

      it('refuses a rule that also targets another consumer (InvalidStateError naming it) before disabling any rule', async () => {
        seedRules(['own', 'shared']);
        eb.on(ListTargetsByRuleCommand, { Rule: 'own' }).resolves({ Targets: [{ Id: '1', Arn: `${ARN}:orders-blue` }] });
        eb.on(ListTargetsByRuleCommand, { Rule: 'shared' }).resolves({
          Targets: [
            { Id: '1', Arn: `${ARN}:orders-blue:live` },
            { Id: 'audit', Arn: 'arn:aws:sqs:us-east-1:123456789012:audit' },
          ],
        });
        await assert.rejects(tools().disableRules(StackReference.Blue), (e: unknown) => {
          assert.ok(e instanceof InvalidStateError);
          assert.match(e.message, /rule default\/shared of orders-blue: it also targets arn:aws:sqs:us-east-1:123456789012:audit/);
          return true;
        });
        assert.equal(eb.commandCalls(DisableRuleCommand).length, 0, 'nothing was disabled, not even the own rule');
      });

      it("refuses a rule that also targets the other stack's function: ConfigError naming both functions' paths", async () => {
        seedRules(['both']);
        eb.on(ListTargetsByRuleCommand).resolves({
          Targets: [
            { Id: 'b', Arn: `${ARN}:orders-blue` },
            { Id: 'g', Arn: `${ARN}:orders-green:live` },
          ],
        });
        await assert.rejects(tools().disableRules(StackReference.Blue), (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.match(e.message, /functions\.blue\.functionName and functions\.green\.functionName share EventBridge rule default\/both/);
          return true;
        });
        assert.equal(eb.commandCalls(DisableRuleCommand).length, 0);
      });

      it('skips a managed rule (DescribeRule ManagedBy; DisableRule would fail with ManagedRuleException) and reports it', async () => {
        seedRules(['own', 'managed']);
        eb.on(DescribeRuleCommand, { Name: 'managed' }).resolves({ State: 'ENABLED', ManagedBy: 'schemas.amazonaws.com' });
        eb.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: '1', Arn: `${ARN}:orders-blue` }] });
        const managedRefusal = Object.assign(
          new Error('This rule was created by an AWS service on behalf of your account. It is managed by that service.'),
          { name: 'ManagedRuleException', $metadata: { httpStatusCode: 400 } },
        );
        eb.on(DisableRuleCommand, { Name: 'managed' }).rejects(managedRefusal);
        const result = await tools().disableRules(StackReference.Blue);
        assert.deepEqual(result.changed, ['default/own']);
        assert.deepEqual(result.skipped, [{ id: 'default/managed', reason: 'managed by schemas.amazonaws.com' }]);
        assert.match(result.message, /1 managed rule\(s\) skipped: default\/managed/);
        assert.deepEqual(
          eb.commandCalls(DisableRuleCommand).map((c) => c.args[0].input.Name),
          ['own'],
        );
        assert.deepEqual(
          eb.commandCalls(ListTargetsByRuleCommand).map((c) => c.args[0].input.Rule),
          ['own'],
          'a managed rule is not inspected further',
        );
      });

      it('stops a ListTargetsByRule listing whose token comes back again (loop guard)', async () => {
        seedRules(['own']);
        eb.on(ListTargetsByRuleCommand, { NextToken: undefined }).resolves({
          Targets: [{ Id: '1', Arn: `${ARN}:orders-blue` }],
          NextToken: 'a',
        });
        eb.on(ListTargetsByRuleCommand, { NextToken: 'a' }).resolves({ Targets: [], NextToken: 'b' });
        eb.on(ListTargetsByRuleCommand, { NextToken: 'b' }).resolves({ Targets: [], NextToken: 'a' });
        await tools().disableRules(StackReference.Blue);
        assert.equal(eb.commandCalls(ListTargetsByRuleCommand).length, 3);
      });
    });

    it('listRules reads every rule with its state (read-only) and leaves out a rule deleted meanwhile', async () => {
      eb.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: [] });
      eb.on(ListRuleNamesByTargetCommand, { EventBusName: 'default', TargetArn: `${ARN}:orders-blue` }).resolves({
        RuleNames: ['b', 'a', 'gone'],
      });
      eb.on(DescribeRuleCommand, { Name: 'a' }).resolves({ State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' });
      eb.on(DescribeRuleCommand, { Name: 'b' }).resolves({ State: 'DISABLED' });
      eb.on(DescribeRuleCommand, { Name: 'gone' }).rejects(awsError('ResourceNotFoundException'));
      const rules = await tools().listRules(StackReference.Blue);
      assert.deepEqual(rules, [
        { id: 'default/a', bus: 'default', name: 'a', state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', enabled: true },
        { id: 'default/b', bus: 'default', name: 'b', state: 'DISABLED', enabled: false },
      ]);
      assert.equal(eb.commandCalls(EnableRuleCommand).length + eb.commandCalls(DisableRuleCommand).length, 0, 'read-only');
      assert.equal(eb.commandCalls(DescribeRuleCommand).length, 3);
    });

    it('rejects a bad stack reference before any call', async () => {
      await assert.rejects(tools().listRules('purple' as never), ConfigError);
      await assert.rejects(tools().enableRules(1 as never), ConfigError);
      await assert.rejects(tools().disableRules(StackReference.Blue, { concurrency: 'x' as never }), ConfigError);
      assert.equal(allCalls(), 0);
    });
  });
});

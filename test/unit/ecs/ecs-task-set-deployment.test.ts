import { strict as assert } from 'node:assert';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DescribeServicesCommand,
  DescribeTaskSetsCommand,
  ECSClient,
  type TaskSet,
  UpdateServicePrimaryTaskSetCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import {
  AlarmGateError,
  EcsTaskSetDeployment,
  type EcsTaskSetDeploymentOptions,
  isValidTargetGroupName,
  MANAGED_TAG,
  MANAGED_VALUE,
  TaskSetInFlightError,
  taskSetTargetGroupName,
} from '../../../src/ecs-task-sets/index.js';
import { ConfigError, InvalidStateError, ResourceNotFoundError, StackReference, WaitTimeoutError } from '../../../src/index.js';

import {
  BLUE_TG,
  BLUE_TS,
  forward,
  GREEN_TG,
  GREEN_TS,
  PROD_RULE,
  REGION,
  TEST_RULE,
  taskSetOptions,
} from '../../support/task-set-unit-fixtures.js';

function taskSet(arn: string, tg: string, extra: Partial<TaskSet>): TaskSet {
  return {
    taskSetArn: arn,
    status: 'ACTIVE',
    stabilityStatus: 'STEADY_STATE',
    computedDesiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
    loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 8080 }],
    ...extra,
  };
}
const blue = (extra: Partial<TaskSet> = {}) =>
  taskSet(BLUE_TS, BLUE_TG, { status: 'PRIMARY', externalId: 'old', createdAt: new Date(1000), ...extra });
const green = (extra: Partial<TaskSet> = {}) => taskSet(GREEN_TS, GREEN_TG, { externalId: 'new', createdAt: new Date(2000), ...extra });
const closed = (arn: string): Rule => ({ RuleArn: arn, Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }] });

describe('Class: EcsTaskSetDeployment', () => {
  const ecs = mockClient(ECSClient);
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const aas = mockClient(ApplicationAutoScalingClient);
  let clock: sinon.SinonFakeTimers | undefined;

  beforeEach(() => {
    ecs.reset();
    elbv2.reset();
    aas.reset();
  });
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  const options = taskSetOptions;
  const tool = (extra: Partial<EcsTaskSetDeploymentOptions> = {}) => new EcsTaskSetDeployment(options(extra));
  const calls = () => ecs.calls().length + elbv2.calls().length + aas.calls().length;

  function state(taskSets: TaskSet[], prod: Rule, test: Rule) {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE', deploymentController: { type: 'EXTERNAL' }, taskSets }] });
    elbv2.on(DescribeRulesCommand).resolves({ Rules: [prod, test] });
    elbv2.on(ModifyRuleCommand).callsFake((input) => ({ Rules: [{ RuleArn: input.RuleArn, Actions: input.Actions }] }));
  }
  const modifyCalls = (rule: string) => elbv2.commandCalls(ModifyRuleCommand).filter((c) => c.args[0].input.RuleArn === rule);
  const weightsOf = (call: ReturnType<typeof modifyCalls>[number]) =>
    call.args[0].input.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((g) => [g.TargetGroupArn, g.Weight]);

  describe('Constructor', () => {
    const bad: [string, Partial<EcsTaskSetDeploymentOptions> | Record<string, unknown>, RegExp][] = [
      ['a missing cluster', { cluster: undefined }, /cluster must be a string/],
      [
        'a malformed production rule ARN',
        { productionRuleArn: 'my-rule' },
        /productionRuleArn 'my-rule' is not valid: use a listener rule ARN/,
      ],
      ['the same rule twice', { testRuleArn: PROD_RULE }, /two different rules/],
      ['a bad VPC id', { targetGroup: { vpcId: 'default', port: 80 } }, /targetGroup.vpcId/],
      ['a bad container port', { container: { name: 'app', port: 0 } }, /container.port must be >= 1/],
      [
        'launchType and a capacity provider strategy',
        { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] },
        /launchType or capacityProviderStrategy/,
      ],
      ['clients and clientConfig', { clientConfig: { region: REGION } }, /either clients or clientConfig/],
      ['an alarm gate without getAlarmStates', { alarmGate: {} as never }, /getAlarmStates/],
      ['an unknown alarm ref', { alarmRef: 'purple' as StackReference }, /alarmRef 'purple'/],
    ];
    for (const [what, extra, message] of bad) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, () => {
        assert.throws(
          () => tool(extra as Partial<EcsTaskSetDeploymentOptions>),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(calls(), 0);
      });
    }
  });

  describe('Function: taskSetTargetGroupName', () => {
    it('is deterministic, at most 32 valid characters, and hash-truncates long names', () => {
      const long = taskSetTargetGroupName('prod', 'a-very-long-service-name-for-orders', 'build-2024-11-21-abcdef0123456789');
      assert.equal(long, taskSetTargetGroupName('prod', 'a-very-long-service-name-for-orders', 'build-2024-11-21-abcdef0123456789'));
      assert.ok(long.length <= 32, long);
      assert.ok(isValidTargetGroupName(long), long);
      assert.match(taskSetTargetGroupName('prod', 'web', 'build-42'), /^web-build-42-[0-9a-f]{6}$/);
    });
    it('cleans invalid characters and keeps names apart that clean to the same text or live in other clusters', () => {
      const dotted = taskSetTargetGroupName('prod', 'web', 'v1.2');
      const dashed = taskSetTargetGroupName('prod', 'web', 'v1-2');
      assert.ok(isValidTargetGroupName(dotted) && isValidTargetGroupName(dashed));
      assert.notEqual(dotted, dashed);
      assert.notEqual(taskSetTargetGroupName('prod', 'web', 'x'), taskSetTargetGroupName('staging', 'web', 'x'));
      assert.ok(isValidTargetGroupName(taskSetTargetGroupName('c', '--', '__')));
      assert.equal(
        taskSetTargetGroupName('arn:aws:ecs:us-east-1:1:cluster/prod', 'arn:aws:ecs:us-east-1:1:service/prod/web', 'x'),
        taskSetTargetGroupName('prod', 'web', 'x'),
      );
    });
  });

  describe('Method: deployGreen', () => {
    it('rejects a missing externalId and a non-string task definition before any AWS call', async () => {
      const d = tool();
      await assert.rejects(d.deployGreen('web:8', {} as never), /deployGreen options.externalId must be a string/);
      await assert.rejects(d.deployGreen(42 as never, { externalId: 'x' }), /taskDefinition must be a string/);
      await assert.rejects(d.deployGreen('web:8', { externalId: 'x', wait: 'long' as never }), ConfigError);
      assert.equal(calls(), 0);
    });

    it('refuses a second task set in flight with TaskSetInFlightError and changes nothing', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      await assert.rejects(tool().deployGreen('web:8', { externalId: 'newer' }), (e: unknown) => {
        assert.ok(e instanceof TaskSetInFlightError);
        assert.ok(e instanceof InvalidStateError);
        assert.equal(e.inFlightTaskSetArn, GREEN_TS);
        assert.match(e.message, /release 'new' in flight.*replace: true/);
        return true;
      });
      assert.equal(ecs.commandCalls(CreateTaskSetCommand).length, 0);
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
      assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 0);
    });

    it('creates the target group (tagged), attaches it at weight 0, creates the task set, then points the test rule at it', async () => {
      state([blue()], forward(PROD_RULE, [[BLUE_TG, 100]]), closed(TEST_RULE));
      elbv2.on(DescribeTargetGroupsCommand).rejects(Object.assign(new Error('none'), { name: 'TargetGroupNotFoundException' }));
      elbv2.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN_TG }] });
      const log: string[] = [];
      elbv2.on(ModifyRuleCommand).callsFake((input) => {
        log.push(`ModifyRule ${input.RuleArn === PROD_RULE ? 'prod' : 'test'}`);
        return { Rules: [{ RuleArn: input.RuleArn, Actions: input.Actions }] };
      });
      ecs.on(CreateTaskSetCommand).callsFake(() => {
        log.push('CreateTaskSet');
        return { taskSet: green() };
      });
      ecs.on(DescribeTaskSetsCommand).callsFake(() => {
        log.push('DescribeTaskSets');
        return { taskSets: [green()] };
      });
      elbv2.on(DescribeTargetHealthCommand).resolves({
        TargetHealthDescriptions: [{ TargetHealth: { State: 'healthy' } }, { TargetHealth: { State: 'healthy' } }],
      });
      const r = await tool().deployGreen('web:7', { externalId: 'new' });
      assert.equal(r.outcome, 'changed');
      assert.deepEqual(r.steps, { targetGroup: 'changed', productionRule: 'changed', taskSet: 'changed', testRule: 'changed' });
      const created = elbv2.commandCalls(CreateTargetGroupCommand)[0]?.args[0].input;
      assert.equal(created?.Name, taskSetTargetGroupName('prod', 'web', 'new'));
      assert.ok(created?.Tags?.some((t) => t.Key === MANAGED_TAG && t.Value === MANAGED_VALUE));
      const ts = ecs.commandCalls(CreateTaskSetCommand)[0]?.args[0].input;
      assert.deepEqual(ts?.loadBalancers, [{ targetGroupArn: GREEN_TG, containerName: 'app', containerPort: 8080 }]);
      assert.deepEqual(ts?.scale, { value: 100, unit: 'PERCENT' });
      assert.equal(ts?.externalId, 'new');
      assert.ok((ts?.clientToken?.length ?? 0) <= 36);
      const prodCall = modifyCalls(PROD_RULE)[0];
      assert.ok(prodCall);
      assert.deepEqual(weightsOf(prodCall), [
        [BLUE_TG, 100],
        [GREEN_TG, 0],
      ]);
      const testCall = modifyCalls(TEST_RULE)[0];
      assert.ok(testCall);
      assert.deepEqual(weightsOf(testCall), [[GREEN_TG, 1]]);
      assert.deepEqual(
        log,
        ['ModifyRule prod', 'CreateTaskSet', 'DescribeTaskSets', 'ModifyRule test'],
        'attach, create, wait, then open the test rule',
      );
    });

    it('times out with WaitTimeoutError naming the last counts when the task set never stabilises; the test rule is untouched', async () => {
      clock = sinon.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        closed(TEST_RULE),
      );
      elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN_TG }] });
      ecs
        .on(DescribeTaskSetsCommand)
        .resolves({ taskSets: [green({ stabilityStatus: 'STABILIZING', runningCount: 1, computedDesiredCount: 2, pendingCount: 1 })] });
      elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: 'healthy' } }] });
      const promise = tool().deployGreen('web:7', { externalId: 'new', wait: { maxWaitTime: 60, minDelay: 5, maxDelay: 10 } });
      const assertion = assert.rejects(promise, (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.match(e.message, /STEADY_STATE with running == desired/);
        assert.match(e.message, /"stabilityStatus":"STABILIZING","runningCount":1,"computedDesiredCount":2,"pendingCount":1/);
        assert.match(e.message, /"healthy":1/);
        assert.deepEqual((e.lastState as { runningCount: number }).runningCount, 1);
        return true;
      });
      await clock.runAllAsync();
      await assertion;
      assert.ok(ecs.commandCalls(DescribeTaskSetsCommand).length > 2);
      assert.equal(modifyCalls(TEST_RULE).length, 0, 'test rule not pointed at an unstable task set');
      assert.equal(ecs.commandCalls(CreateTaskSetCommand).length, 0, 'the existing task set of the same release is reused');
    });

    it('waits while targets are unhealthy (naming the reason on timeout) and completes once they are healthy', async () => {
      clock = sinon.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        closed(TEST_RULE),
      );
      elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN_TG }] });
      ecs.on(DescribeTaskSetsCommand).resolves({ taskSets: [green()] });
      const unhealthy = {
        TargetHealthDescriptions: [
          { TargetHealth: { State: 'healthy' as const } },
          { TargetHealth: { State: 'healthy' as const } },
          { TargetHealth: { State: 'unhealthy' as const, Reason: 'Target.ResponseCodeMismatch' as const } },
        ],
      };
      elbv2.on(DescribeTargetHealthCommand).resolves(unhealthy);
      const failing = tool().deployGreen('web:7', { externalId: 'new', wait: { maxWaitTime: 30, minDelay: 5, maxDelay: 5 } });
      const assertion = assert.rejects(failing, (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.match(e.message, /"unhealthy":1/);
        assert.match(e.message, /Target.ResponseCodeMismatch/);
        return true;
      });
      await clock.runAllAsync();
      await assertion;

      elbv2
        .on(DescribeTargetHealthCommand)
        .resolvesOnce(unhealthy)
        .resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: 'healthy' } }, { TargetHealth: { State: 'healthy' } }] });
      const ok = tool().deployGreen('web:7', { externalId: 'new', wait: { maxWaitTime: 30, minDelay: 5, maxDelay: 5 } });
      await clock.runAllAsync();
      const r = await ok;
      assert.equal(r.observed?.targets.healthy, 2);
      assert.equal(modifyCalls(TEST_RULE).length, 1);
    });

    it('refuses when the previous release is swapped but not cleaned up, and when the service is not EXTERNAL or missing', async () => {
      state(
        [blue({ status: 'ACTIVE' }), green({ status: 'PRIMARY' })],
        forward(PROD_RULE, [
          [GREEN_TG, 100],
          [BLUE_TG, 0],
        ]),
        closed(TEST_RULE),
      );
      await assert.rejects(tool().deployGreen('web:8', { externalId: 'next' }), /run cleanUp\(\)/);
      ecs
        .on(DescribeServicesCommand)
        .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE', deploymentController: { type: 'ECS' } }] });
      await assert.rejects(
        tool().deployGreen('web:8', { externalId: 'next' }),
        (e: unknown) => e instanceof InvalidStateError && /EXTERNAL/.test(e.message),
      );
      ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] });
      await assert.rejects(
        tool().deployGreen('web:8', { externalId: 'next' }),
        (e: unknown) => e instanceof ResourceNotFoundError && /MISSING/.test(e.message),
      );
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    });
  });

  describe('Method: shiftTraffic', () => {
    it('rejects a bad percentage or option before any AWS call', async () => {
      const d = tool();
      await assert.rejects(d.shiftTraffic(101), /percent must be <= 100/);
      await assert.rejects(d.shiftTraffic(10.5), /percent must be an integer/);
      await assert.rejects(d.shiftTraffic(10, { onAlarm: 'panic' as never }), /onAlarm/);
      await assert.rejects(d.shiftTraffic(10, { intervalSeconds: -1 }), /intervalSeconds/);
      assert.equal(calls(), 0);
    });

    it('steps linearly with bake time and an alarm check after each step; an alarm holds the last safe weight', async () => {
      clock = sinon.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 90],
          [GREEN_TG, 10],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      const gate = { getAlarmStates: sinon.stub() };
      gate.getAlarmStates
        .onCall(0)
        .resolves({ inAlarm: [] })
        .onCall(1)
        .resolves({ inAlarm: [] })
        .onCall(2)
        .resolves({ inAlarm: ['web-green-5xx'] });
      const promise = tool({ alarmGate: gate }).shiftTraffic(40, { stepPercent: 10, intervalSeconds: 60 });
      const assertion = assert.rejects(promise, (e: unknown) => {
        assert.ok(e instanceof AlarmGateError);
        assert.deepEqual(e.inAlarm, ['web-green-5xx']);
        assert.equal(e.safePercent, 20);
        assert.equal(e.attemptedPercent, 30);
        assert.equal(e.rolledBack, false);
        return true;
      });
      await clock.runAllAsync();
      await assertion;
      assert.deepEqual(modifyCalls(PROD_RULE).map(weightsOf), [
        [
          [BLUE_TG, 80],
          [GREEN_TG, 20],
        ],
        [
          [BLUE_TG, 70],
          [GREEN_TG, 30],
        ],
        [
          [BLUE_TG, 80],
          [GREEN_TG, 20],
        ],
      ]);
      assert.equal(gate.getAlarmStates.callCount, 3);
      assert.ok(gate.getAlarmStates.alwaysCalledWith(StackReference.Green));
    });

    it('changes nothing when an alarm is already in ALARM before the first step', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      const gate = { getAlarmStates: sinon.stub().resolves({ inAlarm: ['x'] }) };
      await assert.rejects(
        tool().shiftTraffic(10, { alarmGate: gate, alarmRef: StackReference.Blue }),
        (e: unknown) => e instanceof AlarmGateError && e.safePercent === 0,
      );
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
      assert.ok(gate.getAlarmStates.calledOnceWith(StackReference.Blue));
    });

    it("with onAlarm: 'rollback' rolls back: production on blue only, green task set and managed target group deleted", async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ Tags: [{ Key: MANAGED_TAG, Value: MANAGED_VALUE }] }] });
      const gate = { getAlarmStates: sinon.stub() };
      gate.getAlarmStates
        .onCall(0)
        .resolves({ inAlarm: [] })
        .resolves({ inAlarm: ['x'] });
      await assert.rejects(
        tool({ alarmGate: gate }).shiftTraffic(10, { onAlarm: 'rollback' }),
        (e: unknown) => e instanceof AlarmGateError && e.rolledBack,
      );
      const prod = modifyCalls(PROD_RULE).map(weightsOf);
      assert.deepEqual(prod, [
        [
          [BLUE_TG, 90],
          [GREEN_TG, 10],
        ],
        [[BLUE_TG, 100]],
      ]);
      assert.equal(ecs.commandCalls(DeleteTaskSetCommand)[0]?.args[0].input.taskSet, GREEN_TS);
      assert.equal(elbv2.commandCalls(DeleteTargetGroupCommand)[0]?.args[0].input.TargetGroupArn, GREEN_TG);
      assert.equal(modifyCalls(TEST_RULE)[0]?.args[0].input.Actions?.[0]?.Type, 'fixed-response');
    });
  });

  describe('Method: swap', () => {
    const suspended = (on: boolean, scheduled = on) => ({
      DynamicScalingInSuspended: on,
      DynamicScalingOutSuspended: on,
      ScheduledScalingSuspended: scheduled,
    });

    it('resumes auto scaling (to its previous state) when UpdateServicePrimaryTaskSet fails, and rethrows the failure', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 90],
          [GREEN_TG, 10],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      aas
        .on(DescribeScalableTargetsCommand)
        .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web', SuspendedState: suspended(false, true) } as never] });
      ecs.on(UpdateServicePrimaryTaskSetCommand).rejects(Object.assign(new Error('boom'), { name: 'ServerException' }));
      await assert.rejects(tool().swap(), /boom/);
      const registered = aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input);
      assert.deepEqual(
        registered.map((i) => i.SuspendedState),
        [suspended(true), suspended(false, true)],
      );
      assert.ok(registered.every((i) => i.ResourceId === 'service/prod/web' && i.ScalableDimension === 'ecs:service:DesiredCount'));
      assert.deepEqual(modifyCalls(PROD_RULE).map(weightsOf), [
        [
          [GREEN_TG, 100],
          [BLUE_TG, 0],
        ],
      ]);
    });

    it('resumes auto scaling when the production rule update fails, before the primary is touched', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      elbv2.on(ModifyRuleCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
      aas
        .on(DescribeScalableTargetsCommand)
        .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web', SuspendedState: suspended(false) } as never] });
      await assert.rejects(tool().swap(), /denied/);
      assert.deepEqual(
        aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input.SuspendedState),
        [suspended(true), suspended(false)],
      );
      assert.equal(ecs.commandCalls(UpdateServicePrimaryTaskSetCommand).length, 0);
    });

    it('leaves an already fully suspended scalable target alone, and is already when green is primary with all traffic', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      aas
        .on(DescribeScalableTargetsCommand)
        .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web', SuspendedState: suspended(true) } as never] });
      ecs.on(UpdateServicePrimaryTaskSetCommand).resolves({});
      const r = await tool().swap();
      assert.equal(r.autoScaling, 'already-suspended');
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 0);
      assert.equal(ecs.commandCalls(UpdateServicePrimaryTaskSetCommand)[0]?.args[0].input.primaryTaskSet, GREEN_TS);

      ecs.reset();
      elbv2.reset();
      aas.reset();
      state(
        [blue({ status: 'ACTIVE' }), green({ status: 'PRIMARY' })],
        forward(PROD_RULE, [
          [GREEN_TG, 100],
          [BLUE_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      const again = await tool().swap();
      assert.equal(again.outcome, 'already');
      assert.equal(aas.calls().length, 0);
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    });
  });

  describe('Method: cleanUp', () => {
    it('treats an already deleted task set and target group as done, and keeps an unmanaged target group', async () => {
      state(
        [blue({ status: 'ACTIVE' }), green({ status: 'PRIMARY' })],
        forward(PROD_RULE, [
          [GREEN_TG, 100],
          [BLUE_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      ecs.on(DeleteTaskSetCommand).rejects(Object.assign(new Error('gone'), { name: 'TaskSetNotFoundException' }));
      elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ Tags: [] }] });
      const r = await tool().cleanUp();
      assert.equal(r.steps.taskSet, 'already');
      assert.equal(r.keptTargetGroupArn, BLUE_TG);
      assert.equal(elbv2.commandCalls(DeleteTargetGroupCommand).length, 0);
      assert.deepEqual(modifyCalls(PROD_RULE).map(weightsOf), [[[GREEN_TG, 100]]]);
    });

    it('refuses while the release is not swapped', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 90],
          [GREEN_TG, 10],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      await assert.rejects(tool().cleanUp(), /run swap\(\) before cleanUp\(\)/);
      await assert.rejects(tool().cleanUp({ drainSeconds: -5 }), ConfigError);
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    });
  });

  describe('Method: status', () => {
    it('reports phase, weights, counts and target health; more than two task sets is an InvalidStateError', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 3],
          [GREEN_TG, 1],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: 'draining' } }] });
      const s = await tool().status();
      assert.equal(s.phase, 'shifting');
      assert.equal(s.greenPercent, 25);
      assert.equal(s.primary?.taskSetArn, BLUE_TS);
      assert.equal(s.targetHealth[GREEN_TG]?.draining, 1);
      state(
        [blue(), green(), green({ taskSetArn: 'x', createdAt: new Date(3000) })],
        forward(PROD_RULE, [[BLUE_TG, 1]]),
        closed(TEST_RULE),
      );
      await assert.rejects(tool().status(), (e: unknown) => e instanceof InvalidStateError && /3 task sets/.test(e.message));
    });
  });
});

import { strict as assert } from 'node:assert';
import { DescribeTaskSetsCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ModifyRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { openTestTraffic } from '../../../src/ecs-task-sets/index.js';
import { ConfigError, ResourceNotFoundError, WaitTimeoutError } from '../../../src/index.js';
import { BLUE_TG, forward, GREEN_TG, GREEN_TS, PROD_RULE, TEST_RULE } from '../../support/task-set-unit-fixtures.js';
import { blue, closed, green, useTaskSetMocks } from '../../support/task-set-unit-mocks.js';

const healthy = (n: number) => ({
  TargetHealthDescriptions: Array.from({ length: n }, () => ({ TargetHealth: { State: 'healthy' as const } })),
});

describe('Function: openTestTraffic', () => {
  const { ecs, elbv2, tool, calls, state, modifyCalls, weightsOf, fakeClock } = useTaskSetMocks();
  /** Release `new` deployed (weight 0 on production), the test rule as given. */
  const deployed = (test = closed(TEST_RULE)) =>
    state(
      [blue(), green()],
      forward(PROD_RULE, [
        [BLUE_TG, 100],
        [GREEN_TG, 0],
      ]),
      test,
    );

  it('rejects bad options and a bad targetHealth option with a ConfigError before any AWS call', async () => {
    await assert.rejects(openTestTraffic(tool(), {} as never), /openTestTraffic options.externalId must be a string/);
    await assert.rejects(openTestTraffic(tool(), { externalId: 'new', wait: 'long' as never }), ConfigError);
    await assert.rejects(openTestTraffic(tool(), { externalId: 'new', wait: { minDelay: 10, maxDelay: 5 } }), /minDelay/);
    await assert.rejects(
      openTestTraffic(tool({ targetHealth: { minHealthyTargets: -1 } }), { externalId: 'new' }),
      (e: unknown) => e instanceof ConfigError && /targetHealth.minHealthyTargets must be >= 0/.test(e.message),
    );
    await assert.rejects(
      openTestTraffic(tool({ targetHealth: { noUnhealthyTargets: 'yes' as never } }), { externalId: 'new' }),
      /targetHealth.noUnhealthyTargets must be true or false/,
    );
    await assert.rejects(openTestTraffic({} as never, { externalId: 'new' }), /needs an EcsTaskSetDeployment/);
    assert.equal(calls(), 0);
  });

  it('waits until the task set is STEADY_STATE with running == desired and healthy targets, then points the test rule at it', async () => {
    const clock = fakeClock();
    deployed();
    const log: string[] = [];
    let polls = 0;
    ecs.on(DescribeTaskSetsCommand).callsFake(() => {
      log.push(`DescribeTaskSets ${++polls}`);
      return { taskSets: [polls === 1 ? green({ stabilityStatus: 'STABILIZING', runningCount: 1, pendingCount: 1 }) : green()] };
    });
    elbv2.on(DescribeTargetHealthCommand).resolves(healthy(2));
    elbv2.on(ModifyRuleCommand).callsFake((input) => {
      log.push(`ModifyRule ${input.RuleArn === PROD_RULE ? 'prod' : 'test'}`);
      return { Rules: [{ RuleArn: input.RuleArn, Actions: input.Actions }] };
    });
    const promise = openTestTraffic(tool(), { externalId: 'new', wait: { maxWaitTime: 60, minDelay: 5, maxDelay: 5 } });
    await clock.runAllAsync();
    const r = await promise;
    assert.equal(r.outcome, 'changed');
    assert.equal(r.taskSetArn, GREEN_TS);
    assert.equal(r.targetGroupArn, GREEN_TG);
    assert.equal(r.observed?.stabilityStatus, 'STEADY_STATE');
    assert.equal(r.observed?.targets.healthy, 2);
    assert.equal(ecs.commandCalls(DescribeTaskSetsCommand).length, 2, 'one poll while STABILIZING, one when ready');
    const testCall = modifyCalls(TEST_RULE)[0];
    assert.ok(testCall);
    assert.deepEqual(weightsOf(testCall), [[GREEN_TG, 1]]);
    assert.deepEqual(
      log,
      ['DescribeTaskSets 1', 'DescribeTaskSets 2', 'ModifyRule test'],
      'the test rule changes only after the ready poll',
    );
    assert.equal(modifyCalls(PROD_RULE).length, 0, 'production traffic is not touched');
  });

  it('is already when the test rule forwards to the release (run again); nothing is modified', async () => {
    deployed(forward(TEST_RULE, [[GREEN_TG, 1]]));
    ecs.on(DescribeTaskSetsCommand).resolves({ taskSets: [green()] });
    elbv2.on(DescribeTargetHealthCommand).resolves(healthy(2));
    const r = await openTestTraffic(tool(), { externalId: 'new' });
    assert.equal(r.outcome, 'already');
    assert.equal(r.observed?.targets.healthy, 2);
    assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
  });

  it('refuses an unknown externalId (another release in flight, or none) with a ResourceNotFoundError before any change or wait', async () => {
    deployed();
    await assert.rejects(openTestTraffic(tool(), { externalId: 'other' }), (e: unknown) => {
      assert.ok(e instanceof ResourceNotFoundError);
      assert.equal(e.resource, 'other');
      assert.match(e.message, /Release 'other' has no task set in flight on service web \(release 'new' is deployed\): run deployGreen/);
      return true;
    });
    state([blue()], forward(PROD_RULE, [[BLUE_TG, 100]]), closed(TEST_RULE));
    await assert.rejects(
      openTestTraffic(tool(), { externalId: 'old' }),
      (e: unknown) => e instanceof ResourceNotFoundError && /Release 'old' has no task set in flight on service web: run/.test(e.message),
      'the live release is not in flight',
    );
    assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    assert.equal(ecs.commandCalls(DescribeTaskSetsCommand).length, 0);
    assert.equal(elbv2.commandCalls(DescribeTargetHealthCommand).length, 0);
  });

  it('times out with WaitTimeoutError naming the last counts when the task set never stabilises; the test rule is untouched', async () => {
    const clock = fakeClock();
    deployed();
    ecs
      .on(DescribeTaskSetsCommand)
      .resolves({ taskSets: [green({ stabilityStatus: 'STABILIZING', runningCount: 1, computedDesiredCount: 2, pendingCount: 1 })] });
    elbv2.on(DescribeTargetHealthCommand).resolves(healthy(1));
    const promise = openTestTraffic(tool(), { externalId: 'new', wait: { maxWaitTime: 60, minDelay: 5, maxDelay: 10 } });
    const assertion = assert.rejects(promise, (e: unknown) => {
      assert.ok(e instanceof WaitTimeoutError);
      assert.match(e.message, /task set new to be STEADY_STATE with running == desired/);
      assert.match(e.message, /"stabilityStatus":"STABILIZING","runningCount":1,"computedDesiredCount":2,"pendingCount":1/);
      assert.match(e.message, /"healthy":1/);
      assert.deepEqual((e.lastState as { runningCount: number }).runningCount, 1);
      return true;
    });
    await clock.runAllAsync();
    await assertion;
    assert.ok(ecs.commandCalls(DescribeTaskSetsCommand).length > 2);
    assert.equal(modifyCalls(TEST_RULE).length, 0, 'test rule not pointed at an unstable task set');
  });

  it('waits while targets are unhealthy (naming the reason on timeout) and completes once they are healthy', async () => {
    const clock = fakeClock();
    deployed();
    ecs.on(DescribeTaskSetsCommand).resolves({ taskSets: [green()] });
    const unhealthy = {
      TargetHealthDescriptions: [
        { TargetHealth: { State: 'healthy' as const } },
        { TargetHealth: { State: 'healthy' as const } },
        { TargetHealth: { State: 'unhealthy' as const, Reason: 'Target.ResponseCodeMismatch' as const } },
      ],
    };
    elbv2.on(DescribeTargetHealthCommand).resolves(unhealthy);
    const failing = openTestTraffic(tool(), { externalId: 'new', wait: { maxWaitTime: 30, minDelay: 5, maxDelay: 5 } });
    const assertion = assert.rejects(failing, (e: unknown) => {
      assert.ok(e instanceof WaitTimeoutError);
      assert.match(e.message, /"unhealthy":1/);
      assert.match(e.message, /Target.ResponseCodeMismatch/);
      return true;
    });
    await clock.runAllAsync();
    await assertion;
    assert.equal(modifyCalls(TEST_RULE).length, 0);

    elbv2.on(DescribeTargetHealthCommand).resolvesOnce(unhealthy).resolves(healthy(2));
    const ok = openTestTraffic(tool(), { externalId: 'new', wait: { maxWaitTime: 30, minDelay: 5, maxDelay: 5 } });
    await clock.runAllAsync();
    const r = await ok;
    assert.equal(r.observed?.targets.healthy, 2);
    assert.equal(modifyCalls(TEST_RULE).length, 1);
  });

  it('with wait: false points the test rule at the release without polling', async () => {
    deployed();
    const r = await openTestTraffic(tool(), { externalId: 'new', wait: false });
    assert.equal(r.outcome, 'changed');
    assert.equal(r.observed, undefined);
    assert.equal(modifyCalls(TEST_RULE).length, 1);
    assert.equal(ecs.commandCalls(DescribeTaskSetsCommand).length, 0);
    assert.equal(elbv2.commandCalls(DescribeTargetHealthCommand).length, 0);
  });
});

import { strict as assert } from 'node:assert';
import { DescribeScalableTargetsCommand, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { DeleteTaskSetCommand, UpdateServicePrimaryTaskSetCommand } from '@aws-sdk/client-ecs';
import {
  DeleteTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import sinon from 'sinon';
import {
  AlarmGateError,
  cleanUp,
  deploymentStatus,
  MANAGED_TAG,
  MANAGED_VALUE,
  rollback,
  shiftTraffic,
  swap,
} from '../../../src/ecs-task-sets/index.js';
import { ConfigError, InvalidStateError, StackReference } from '../../../src/index.js';
import { BLUE_TG, BLUE_TS, forward, GREEN_TG, GREEN_TS, PROD_RULE, TEST_RULE } from '../../support/task-set-unit-fixtures.js';
import { blue, closed, green, useTaskSetMocks } from '../../support/task-set-unit-mocks.js';

describe('Functions: shiftTraffic, swap, cleanUp, deploymentStatus', () => {
  const { ecs, elbv2, aas, tool, calls, state, inFlight, deployedOnly, swapped, modifyCalls, weightsOf, fakeClock } = useTaskSetMocks();

  describe('Function: shiftTraffic', () => {
    it('rejects a bad percentage or option before any AWS call', async () => {
      const d = tool();
      await assert.rejects(shiftTraffic(d, 101), /percent must be <= 100/);
      await assert.rejects(shiftTraffic(d, 10.5), /percent must be an integer/);
      await assert.rejects(shiftTraffic(d, 10, { onAlarm: 'panic' as never }), /onAlarm/);
      await assert.rejects(shiftTraffic(d, 10, { intervalSeconds: -1 }), /intervalSeconds/);
      // 0.x took onAlarm: 'rollback'; now the rollback function itself.
      await assert.rejects(
        shiftTraffic(d, 10, { onAlarm: 'rollback' as never }),
        (e: unknown) => e instanceof ConfigError && /onAlarm must be 'hold' or the rollback function/.test(e.message),
      );
      assert.equal(calls(), 0);
    });

    // The constructor's alarmGate and alarmRef are checked by shiftTraffic, the only step that uses them (so the other
    // steps' hooks do not carry the code): still a ConfigError naming the option, before any AWS call.
    for (const [what, extra, message] of [
      ['an alarm gate without getAlarmStates', { alarmGate: {} as never }, /^alarmGate must be an object with a getAlarmStates/],
      ['an unknown alarm ref', { alarmRef: 'purple' as StackReference }, /alarmRef 'purple'/],
    ] as const) {
      it(`rejects ${what} (constructor option) with a ConfigError before any AWS call`, async () => {
        await assert.rejects(shiftTraffic(tool(extra), 10), (e: unknown) => e instanceof ConfigError && message.test(e.message));
        assert.equal(calls(), 0);
      });
    }
    it('names the call option when the alarm gate of the call is bad', async () => {
      await assert.rejects(shiftTraffic(tool(), 10, { alarmGate: {} as never }), /ConfigError: shiftTraffic options.alarmGate must be/);
      await assert.rejects(shiftTraffic(tool(), 10, { alarmRef: 'x' as never }), /shiftTraffic options.alarmRef 'x'/);
      assert.equal(calls(), 0);
    });

    it('steps linearly with bake time and an alarm check after each step; an alarm holds the last safe weight', async () => {
      const clock = fakeClock();
      inFlight(90, 10);
      const gate = { getAlarmStates: sinon.stub() };
      gate.getAlarmStates
        .onCall(0)
        .resolves({ inAlarm: [] })
        .onCall(1)
        .resolves({ inAlarm: [] })
        .onCall(2)
        .resolves({ inAlarm: ['web-green-5xx'] });
      const promise = shiftTraffic(tool({ alarmGate: gate }), 40, { stepPercent: 10, intervalSeconds: 60 });
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

    it('refuses to send production traffic to a release the test rule was not opened to (openTestTraffic: its readiness wait)', async () => {
      deployedOnly();
      const gate = { getAlarmStates: sinon.stub().resolves({ inAlarm: [] }) };
      await assert.rejects(
        shiftTraffic(tool({ alarmGate: gate }), 10),
        (e: unknown) => e instanceof InvalidStateError && /not open to test traffic: run openTestTraffic\(\) first/.test(e.message),
      );
      await assert.rejects(swap(tool()), (e: unknown) => e instanceof InvalidStateError && /run openTestTraffic\(\) first/.test(e.message));
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
      assert.equal(ecs.commandCalls(UpdateServicePrimaryTaskSetCommand).length, 0);
      assert.equal(aas.calls().length, 0);
      assert.equal(gate.getAlarmStates.callCount, 0);
      // Opened (the test rule forwards to green): shifting is allowed.
      inFlight(100, 0);
      assert.equal((await shiftTraffic(tool(), 10)).outcome, 'changed');
    });

    it('changes nothing when an alarm is already in ALARM before the first step', async () => {
      inFlight(100, 0);
      const gate = { getAlarmStates: sinon.stub().resolves({ inAlarm: ['x'] }) };
      await assert.rejects(
        shiftTraffic(tool(), 10, { alarmGate: gate, alarmRef: StackReference.Blue }),
        (e: unknown) => e instanceof AlarmGateError && e.safePercent === 0,
      );
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
      assert.ok(gate.getAlarmStates.calledOnceWith(StackReference.Blue));
    });

    it('with onAlarm: rollback (the function) rolls back: production on blue only, green task set and managed target group deleted', async () => {
      inFlight(100, 0);
      elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ Tags: [{ Key: MANAGED_TAG, Value: MANAGED_VALUE }] }] });
      const gate = { getAlarmStates: sinon.stub() };
      gate.getAlarmStates
        .onCall(0)
        .resolves({ inAlarm: [] })
        .resolves({ inAlarm: ['x'] });
      await assert.rejects(
        shiftTraffic(tool({ alarmGate: gate }), 10, { onAlarm: rollback }),
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

  describe('Function: swap', () => {
    const suspended = (on: boolean, scheduled = on) => ({
      DynamicScalingInSuspended: on,
      DynamicScalingOutSuspended: on,
      ScheduledScalingSuspended: scheduled,
    });

    it('resumes auto scaling (to its previous state) when UpdateServicePrimaryTaskSet fails, and rethrows the failure', async () => {
      inFlight(90, 10);
      aas
        .on(DescribeScalableTargetsCommand)
        .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web', SuspendedState: suspended(false, true) } as never] });
      ecs.on(UpdateServicePrimaryTaskSetCommand).rejects(Object.assign(new Error('boom'), { name: 'ServerException' }));
      await assert.rejects(swap(tool()), /boom/);
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
      inFlight(100, 0);
      elbv2.on(ModifyRuleCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
      aas
        .on(DescribeScalableTargetsCommand)
        .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web', SuspendedState: suspended(false) } as never] });
      await assert.rejects(swap(tool()), /denied/);
      assert.deepEqual(
        aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input.SuspendedState),
        [suspended(true), suspended(false)],
      );
      assert.equal(ecs.commandCalls(UpdateServicePrimaryTaskSetCommand).length, 0);
    });

    it('leaves an already fully suspended scalable target alone, and is already when green is primary with all traffic', async () => {
      inFlight(100, 0);
      aas
        .on(DescribeScalableTargetsCommand)
        .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web', SuspendedState: suspended(true) } as never] });
      ecs.on(UpdateServicePrimaryTaskSetCommand).resolves({});
      const r = await swap(tool());
      assert.equal(r.autoScaling, 'already-suspended');
      assert.equal(aas.commandCalls(RegisterScalableTargetCommand).length, 0);
      assert.equal(ecs.commandCalls(UpdateServicePrimaryTaskSetCommand)[0]?.args[0].input.primaryTaskSet, GREEN_TS);

      ecs.reset();
      elbv2.reset();
      aas.reset();
      swapped();
      const again = await swap(tool());
      assert.equal(again.outcome, 'already');
      assert.equal(aas.calls().length, 0);
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    });
  });

  describe('Function: cleanUp', () => {
    it('treats an already deleted task set and target group as done, and keeps an unmanaged target group', async () => {
      swapped();
      ecs.on(DeleteTaskSetCommand).rejects(Object.assign(new Error('gone'), { name: 'TaskSetNotFoundException' }));
      elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ Tags: [] }] });
      const r = await cleanUp(tool());
      assert.equal(r.steps.taskSet, 'already');
      assert.equal(r.keptTargetGroupArn, BLUE_TG);
      assert.equal(elbv2.commandCalls(DeleteTargetGroupCommand).length, 0);
      assert.deepEqual(modifyCalls(PROD_RULE).map(weightsOf), [[[GREEN_TG, 100]]]);
    });

    it('refuses while the release is not swapped', async () => {
      inFlight(90, 10);
      await assert.rejects(cleanUp(tool()), /run swap\(\) before cleanUp\(\)/);
      await assert.rejects(cleanUp(tool(), { drainSeconds: -5 }), ConfigError);
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    });
  });

  describe('Function: deploymentStatus', () => {
    it('reports phase, weights, counts and target health; more than two task sets is an InvalidStateError', async () => {
      inFlight(3, 1);
      elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: 'draining' } }] });
      const s = await deploymentStatus(tool());
      assert.equal(s.phase, 'shifting');
      assert.equal(s.greenPercent, 25);
      assert.equal(s.primary?.taskSetArn, BLUE_TS);
      assert.equal(s.targetHealth[GREEN_TG]?.draining, 1);
      state(
        [blue(), green(), green({ taskSetArn: 'x', createdAt: new Date(3000) })],
        forward(PROD_RULE, [[BLUE_TG, 1]]),
        closed(TEST_RULE),
      );
      await assert.rejects(deploymentStatus(tool()), (e: unknown) => e instanceof InvalidStateError && /3 task sets/.test(e.message));
    });
  });
});

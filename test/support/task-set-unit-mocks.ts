/**
 * The aws-sdk-client-mock setup of the task-set step unit tests: mocked ECS, ELBv2 and Application Auto Scaling
 * clients (reset before each test), the blue/green task sets and rules they answer with, and fake timers.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand, ECSClient, type TaskSet } from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { EcsTaskSetDeployment, type EcsTaskSetDeploymentOptions } from '../../src/ecs-task-sets/index.js';
import { BLUE_TG, BLUE_TS, forward, GREEN_TG, GREEN_TS, PROD_RULE, TEST_RULE, taskSetOptions } from './task-set-unit-fixtures.js';

export function taskSet(arn: string, tg: string, extra: Partial<TaskSet>): TaskSet {
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
/** The primary task set of release `old`. */
export const blue = (extra: Partial<TaskSet> = {}) =>
  taskSet(BLUE_TS, BLUE_TG, { status: 'PRIMARY', externalId: 'old', createdAt: new Date(1000), ...extra });
/** The newer task set of release `new`. */
export const green = (extra: Partial<TaskSet> = {}) =>
  taskSet(GREEN_TS, GREEN_TG, { externalId: 'new', createdAt: new Date(2000), ...extra });
/** A rule answering with a fixed response. */
export const closed = (arn: string): Rule => ({
  RuleArn: arn,
  Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }],
});

/** Call inside a `describe`: mocks the three clients for its tests and returns the helpers. */
export function useTaskSetMocks() {
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
  const modifyCalls = (rule: string) => elbv2.commandCalls(ModifyRuleCommand).filter((c) => c.args[0].input.RuleArn === rule);
  const state = (taskSets: TaskSet[], prod: Rule, test: Rule) => {
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE', deploymentController: { type: 'EXTERNAL' }, taskSets }] });
    elbv2.on(DescribeRulesCommand).resolves({ Rules: [prod, test] });
    elbv2.on(ModifyRuleCommand).callsFake((input) => ({ Rules: [{ RuleArn: input.RuleArn, Actions: input.Actions }] }));
  };
  return {
    ecs,
    elbv2,
    aas,
    tool: (extra: Partial<EcsTaskSetDeploymentOptions> = {}) => new EcsTaskSetDeployment(taskSetOptions(extra)),
    /** AWS calls made so far, on all three clients. */
    calls: () => ecs.calls().length + elbv2.calls().length + aas.calls().length,
    /** The service has `taskSets` (EXTERNAL controller) and the rules `prod` and `test`; ModifyRule echoes its input. */
    state,
    /** A release in flight: blue primary, green active, production split `blueWeight`/`greenWeight`, the test rule on green. */
    inFlight: (blueWeight: number, greenWeight: number) =>
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, blueWeight],
          [GREEN_TG, greenWeight],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      ),
    /** Deployed, not opened: blue primary, green active at weight 0 in production, the test rule closed. */
    deployedOnly: () =>
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        closed(TEST_RULE),
      ),
    /** Swapped: green primary with all production traffic, blue still there (ACTIVE), the test rule on green. */
    swapped: () =>
      state(
        [blue({ status: 'ACTIVE' }), green({ status: 'PRIMARY' })],
        forward(PROD_RULE, [
          [GREEN_TG, 100],
          [BLUE_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      ),
    modifyCalls,
    weightsOf: (call: ReturnType<typeof modifyCalls>[number]) =>
      call.args[0].input.Actions?.[0]?.ForwardConfig?.TargetGroups?.map((g) => [g.TargetGroupArn, g.Weight]),
    /** Fake setTimeout/clearTimeout/Date from 0, restored after the test. */
    fakeClock(): sinon.SinonFakeTimers {
      clock = sinon.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      return clock;
    },
  };
}

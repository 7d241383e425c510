import { strict as assert } from 'node:assert';
import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  cleanUp,
  deployGreen,
  deploymentStatus,
  EcsTaskSetDeployment,
  type EcsTaskSetDeploymentOptions,
  MANAGED_TAG,
  openTestTraffic,
  rollback,
  shiftTraffic,
  swap,
  TaskSetInFlightError,
  taskSetTargetGroupName,
} from '../../../src/ecs-task-sets/index.js';
import { DryRunRecorder, ResourceNotFoundError, WaitTimeoutError } from '../../../src/index.js';
import { createEcsTaskSetFixture, type EcsTaskSetFixture } from '../../support/ecs-task-set-fixture.js';
import { useEmulator } from '../../support/use-emulator.js';

/** What AWS says, read back with the plain SDK. */
async function readBack(fx: EcsTaskSetFixture) {
  const { services } = await fx.ecs.send(new DescribeServicesCommand({ cluster: fx.cluster, services: [fx.service] }));
  const taskSets = (services?.[0]?.taskSets ?? []).map((t) => ({
    arn: t.taskSetArn as string,
    externalId: t.externalId,
    status: t.status,
    targetGroupArn: t.loadBalancers?.[0]?.targetGroupArn,
    taskDefinition: t.taskDefinition,
  }));
  const { Rules = [] } = await fx.elbv2.send(new DescribeRulesCommand({ RuleArns: [fx.productionRuleArn, fx.testRuleArn] }));
  const rule = (arn: string) => Rules.find((r) => r.RuleArn === arn)?.Actions?.[0];
  const prod = rule(fx.productionRuleArn);
  const test = rule(fx.testRuleArn);
  const { ScalableTargets = [] } = await fx.applicationAutoScaling.send(
    new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [`service/${fx.cluster}/${fx.service}`] }),
  );
  return {
    taskSets,
    primary: taskSets.find((t) => t.status === 'PRIMARY'),
    prodWeights: (prod?.ForwardConfig?.TargetGroups ?? []).map((g) => [g.TargetGroupArn, g.Weight]),
    testAction: test?.Type,
    testTargets: (test?.ForwardConfig?.TargetGroups ?? []).map((g) => g.TargetGroupArn),
    suspended: ScalableTargets[0]?.SuspendedState,
  };
}

async function targetGroupExists(fx: EcsTaskSetFixture, arn: string): Promise<boolean> {
  try {
    await fx.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'TargetGroupNotFoundException') return false;
    throw error;
  }
}

const RESUMED = { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false };

describe('Class: EcsTaskSetDeployment (moto: task sets report STEADY_STATE without task counts, no targets are registered)', () => {
  const aws = useEmulator({ resetEach: true });
  let fx: EcsTaskSetFixture;

  function tool(extra: Partial<EcsTaskSetDeploymentOptions> = {}): EcsTaskSetDeployment {
    return new EcsTaskSetDeployment({
      cluster: fx.cluster,
      service: fx.service,
      productionRuleArn: fx.productionRuleArn,
      testRuleArn: fx.testRuleArn,
      container: { name: 'app', port: 8080 },
      targetGroup: { vpcId: fx.vpcId, port: 8080, healthCheck: { path: '/health' } },
      networkConfiguration: { awsvpcConfiguration: { subnets: fx.subnets, securityGroups: [fx.securityGroup] } },
      launchType: 'FARGATE',
      clientConfig: aws.clientConfig(),
      ...extra,
    });
  }
  const fastWait = { maxWaitTime: 5, minDelay: 0.1, maxDelay: 0.2 };
  /** Release target groups with no deregistration delay: a rollback waits that long before deleting green (ELB default 300 s). */
  const noDrain = () => ({ targetGroup: { vpcId: fx.vpcId, port: 8080, healthCheck: { path: '/health' }, deregistrationDelaySeconds: 0 } });

  beforeEach(async () => {
    fx = await createEcsTaskSetFixture();
  });

  it('runs deployGreen → openTestTraffic → shiftTraffic(10) → swap → cleanUp twice (blue → green → blue), every step twice, asserting AWS after each', async () => {
    const d = tool();
    let previousArn = fx.blueTaskSetArn;
    let previousTg = fx.blueTargetGroupArn;
    const cycles = [
      { externalId: 'release-1', taskDefinition: `${fx.service}:2` },
      { externalId: 'release-2', taskDefinition: `${fx.service}:1` },
    ];
    for (const [index, cycle] of cycles.entries()) {
      // deployGreen
      const testBefore = (await readBack(fx)).testAction;
      const deployed = await deployGreen(d, cycle.taskDefinition, { externalId: cycle.externalId });
      assert.equal(deployed.outcome, 'changed');
      assert.equal(deployed.targetGroupName, taskSetTargetGroupName(fx.cluster, fx.service, cycle.externalId));
      assert.ok(deployed.targetGroupName.length <= 32);
      let aws1 = await readBack(fx);
      assert.equal(aws1.taskSets.length, 2);
      assert.equal(aws1.primary?.arn, previousArn, 'the previous release stays primary');
      const green = aws1.taskSets.find((t) => t.arn === deployed.taskSetArn);
      assert.equal(green?.externalId, cycle.externalId);
      assert.equal(green?.status, 'ACTIVE');
      assert.equal(green?.targetGroupArn, deployed.targetGroupArn);
      assert.ok(green?.taskDefinition?.endsWith(`task-definition/${cycle.taskDefinition}`));
      assert.deepEqual(aws1.prodWeights, [
        [previousTg, 100],
        [deployed.targetGroupArn, 0],
      ]);
      assert.equal(aws1.testAction, testBefore, 'deployGreen leaves the test rule alone');
      assert.equal(aws1.testAction, 'fixed-response');
      const { TagDescriptions } = await fx.elbv2.send(new DescribeTagsCommand({ ResourceArns: [deployed.targetGroupArn] }));
      assert.ok(TagDescriptions?.[0]?.Tags?.some((t) => t.Key === MANAGED_TAG));
      assert.equal((await deploymentStatus(d)).phase, 'deployed');
      const deployedAgain = await deployGreen(d, cycle.taskDefinition, { externalId: cycle.externalId });
      assert.equal(deployedAgain.outcome, 'already');
      assert.equal(deployedAgain.taskSetArn, deployed.taskSetArn);
      assert.deepEqual(await readBack(fx), aws1, 'the second deployGreen changed nothing');
      await assert.rejects(shiftTraffic(d, 10), /run openTestTraffic\(\) first/);
      assert.deepEqual(await readBack(fx), aws1, 'no production traffic before openTestTraffic');

      // openTestTraffic
      const opened = await openTestTraffic(d, { externalId: cycle.externalId, wait: fastWait });
      assert.equal(opened.outcome, 'changed');
      assert.equal(opened.taskSetArn, deployed.taskSetArn);
      assert.equal(opened.observed?.stabilityStatus, 'STEADY_STATE');
      aws1 = await readBack(fx);
      assert.equal(aws1.testAction, 'forward');
      assert.deepEqual(aws1.testTargets, [deployed.targetGroupArn]);
      assert.deepEqual(aws1.prodWeights, [
        [previousTg, 100],
        [deployed.targetGroupArn, 0],
      ]);
      assert.equal((await deploymentStatus(d)).phase, 'deployed');
      assert.equal((await openTestTraffic(d, { externalId: cycle.externalId, wait: fastWait })).outcome, 'already');
      assert.deepEqual(await readBack(fx), aws1, 'the second openTestTraffic changed nothing');

      // shiftTraffic(10)
      const shifted = await shiftTraffic(d, 10);
      assert.equal(shifted.outcome, 'changed');
      aws1 = await readBack(fx);
      assert.deepEqual(aws1.prodWeights, [
        [previousTg, 90],
        [deployed.targetGroupArn, 10],
      ]);
      assert.equal(aws1.primary?.arn, previousArn);
      const status = await deploymentStatus(d);
      assert.equal(status.phase, 'shifting');
      assert.equal(status.greenPercent, 10);
      assert.equal((await shiftTraffic(d, 10)).outcome, 'already');
      assert.deepEqual(await readBack(fx), aws1);

      // swap
      const swapped = await swap(d);
      assert.equal(swapped.outcome, 'changed');
      assert.equal(swapped.autoScaling, 'suspended-and-resumed');
      aws1 = await readBack(fx);
      assert.equal(aws1.primary?.arn, deployed.taskSetArn);
      assert.deepEqual(aws1.prodWeights, [
        [deployed.targetGroupArn, 100],
        [previousTg, 0],
      ]);
      assert.deepEqual(aws1.suspended, RESUMED, 'auto scaling resumed');
      assert.equal((await deploymentStatus(d)).phase, 'swapped');
      const swappedAgain = await swap(d);
      assert.equal(swappedAgain.outcome, 'already');
      assert.equal(swappedAgain.autoScaling, 'untouched');
      assert.deepEqual(await readBack(fx), aws1);

      // cleanUp
      const cleaned = await cleanUp(d);
      assert.equal(cleaned.outcome, 'changed');
      assert.equal(cleaned.deletedTaskSetArn, previousArn);
      aws1 = await readBack(fx);
      assert.deepEqual(
        aws1.taskSets.map((t) => t.arn),
        [deployed.taskSetArn],
      );
      assert.equal(aws1.primary?.arn, deployed.taskSetArn);
      assert.deepEqual(aws1.prodWeights, [[deployed.targetGroupArn, 100]]);
      assert.equal(aws1.testAction, 'fixed-response');
      if (index === 0) {
        assert.equal(cleaned.keptTargetGroupArn, fx.blueTargetGroupArn, 'the fixture-made target group is not ours: kept');
        assert.equal(await targetGroupExists(fx, fx.blueTargetGroupArn), true);
      } else {
        assert.equal(cleaned.deletedTargetGroupArn, previousTg, 'the target group of release-1 was ours: deleted');
        assert.equal(await targetGroupExists(fx, previousTg), false);
      }
      assert.equal((await deploymentStatus(d)).phase, 'idle');
      assert.equal((await cleanUp(d)).outcome, 'already');
      assert.deepEqual(await readBack(fx), aws1);
      previousArn = deployed.taskSetArn;
      previousTg = deployed.targetGroupArn;
    }
  });

  for (const phase of ['deployed', 'shifting', 'swapped'] as const) {
    it(`rolls back from ${phase}: production on blue only, blue primary, test rule closed, green task set and target group deleted; twice`, async () => {
      const d = tool(noDrain());
      const deployed = await deployGreen(d, `${fx.service}:2`, { externalId: 'bad-release' });
      await openTestTraffic(d, { externalId: 'bad-release', wait: fastWait });
      assert.equal((await readBack(fx)).testAction, 'forward');
      if (phase !== 'deployed') await shiftTraffic(d, 25);
      if (phase === 'swapped') await swap(d);
      assert.equal((await deploymentStatus(d)).phase, phase);

      const rolled = await rollback(d);
      assert.equal(rolled.outcome, 'changed');
      assert.equal(rolled.deletedTaskSetArn, deployed.taskSetArn);
      assert.equal(rolled.deletedTargetGroupArn, deployed.targetGroupArn);
      assert.equal(rolled.steps.primaryTaskSet, phase === 'swapped' ? 'changed' : 'already');
      const after = await readBack(fx);
      assert.deepEqual(
        after.taskSets.map((t) => [t.arn, t.status]),
        [[fx.blueTaskSetArn, 'PRIMARY']],
      );
      assert.deepEqual(after.prodWeights, [[fx.blueTargetGroupArn, 100]]);
      assert.equal(after.testAction, 'fixed-response');
      assert.deepEqual(after.suspended, RESUMED);
      assert.equal(await targetGroupExists(fx, deployed.targetGroupArn), false);
      assert.equal(await targetGroupExists(fx, fx.blueTargetGroupArn), true);

      const again = await rollback(d);
      assert.equal(again.outcome, 'already');
      assert.deepEqual(await readBack(fx), after);

      const redeployed = await deployGreen(d, `${fx.service}:2`, { externalId: 'bad-release' });
      assert.equal(redeployed.outcome, 'changed', 'the same release can be deployed again after a rollback');
      assert.notEqual(redeployed.taskSetArn, deployed.taskSetArn);
      assert.equal(redeployed.targetGroupName, deployed.targetGroupName);
    });
  }

  it('refuses a second release while one is in flight, and replaces it with replace: rollback', async () => {
    const d = tool(noDrain());
    const first = await deployGreen(d, `${fx.service}:2`, { externalId: 'one' });
    const before = await readBack(fx);
    await assert.rejects(deployGreen(d, `${fx.service}:2`, { externalId: 'two' }), (e: unknown) => {
      assert.ok(e instanceof TaskSetInFlightError);
      assert.equal(e.inFlightExternalId, 'one');
      return true;
    });
    assert.deepEqual(await readBack(fx), before, 'nothing changed');
    const second = await deployGreen(d, `${fx.service}:2`, { externalId: 'two', replace: rollback });
    assert.equal(second.steps.replaced, 'changed');
    const after = await readBack(fx);
    assert.deepEqual(after.taskSets.map((t) => t.externalId).sort(), ['initial', 'two']);
    assert.equal(await targetGroupExists(fx, first.targetGroupArn), false);
    assert.deepEqual(after.prodWeights, [
      [fx.blueTargetGroupArn, 100],
      [second.targetGroupArn, 0],
    ]);
  });

  it('requiring one healthy target times out on moto (it registers no task set targets), naming the counts; the test rule stays closed', async () => {
    const d = tool({ targetHealth: { minHealthyTargets: 1 } });
    await deployGreen(d, `${fx.service}:2`, { externalId: 'needs-targets' });
    await assert.rejects(
      openTestTraffic(d, { externalId: 'needs-targets', wait: { maxWaitTime: 0.5, minDelay: 0.1, maxDelay: 0.1 } }),
      (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.match(e.message, /"stabilityStatus":"STEADY_STATE"/);
        assert.match(e.message, /"requiredHealthyTargets":1/);
        assert.match(e.message, /"healthy":0/);
        return true;
      },
    );
    const after = await readBack(fx);
    assert.equal(after.testAction, 'fixed-response');
  });

  it('passes the health check once targets are registered (the test registers two IPs, as ECS would) and moto reports them healthy', async () => {
    const d = tool({ targetHealth: { minHealthyTargets: 2 } });
    const first = await deployGreen(d, `${fx.service}:2`, { externalId: 'with-targets' });
    await fx.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: first.targetGroupArn,
        Targets: [
          { Id: '10.0.1.10', Port: 8080 },
          { Id: '10.0.1.11', Port: 8080 },
        ],
      }),
    );
    const opened = await openTestTraffic(d, { externalId: 'with-targets', wait: fastWait });
    assert.equal(opened.outcome, 'changed');
    assert.equal(opened.observed?.targets.healthy, 2);
    assert.deepEqual((await readBack(fx)).testTargets, [first.targetGroupArn]);
    const status = await deploymentStatus(d);
    assert.equal(status.targetHealth[first.targetGroupArn]?.healthy, 2);
  });

  it('openTestTraffic refuses a release that is not in flight with a ResourceNotFoundError and changes nothing', async () => {
    const d = tool();
    const before = await readBack(fx);
    await assert.rejects(
      openTestTraffic(d, { externalId: 'never-deployed', wait: fastWait }),
      (e: unknown) => e instanceof ResourceNotFoundError && /run deployGreen\(\) with this externalId first/.test(e.message),
    );
    await deployGreen(d, `${fx.service}:2`, { externalId: 'deployed' });
    const deployed = await readBack(fx);
    await assert.rejects(
      openTestTraffic(d, { externalId: 'never-deployed', wait: fastWait }),
      (e: unknown) => e instanceof ResourceNotFoundError && /release 'deployed' is deployed/.test(e.message),
    );
    assert.deepEqual(await readBack(fx), deployed);
    assert.equal(before.testAction, 'fixed-response');
    assert.equal(deployed.testAction, 'fixed-response');
  });

  it('in dry-run mode reads AWS, records every change it would make (in order) and changes nothing', async () => {
    const recorder = new DryRunRecorder();
    const before = await readBack(fx);
    const r = await deployGreen(tool({ dryRun: recorder }), `${fx.service}:2`, { externalId: 'dry' });
    assert.equal(r.outcome, 'changed');
    assert.deepEqual(
      recorder.calls.map((c) => c.operation),
      ['CreateTargetGroup', 'ModifyRule', 'CreateTaskSet'],
    );
    assert.deepEqual(await readBack(fx), before);

    // openTestTraffic in dry-run mode, on a release that really is deployed: no wait, the rule change recorded only.
    await deployGreen(tool(), `${fx.service}:2`, { externalId: 'real' });
    const deployed = await readBack(fx);
    recorder.clear();
    const opened = await openTestTraffic(tool({ dryRun: recorder }), { externalId: 'real' });
    assert.equal(opened.outcome, 'changed');
    assert.equal(opened.observed, undefined, 'a dry run does not wait');
    assert.deepEqual(
      recorder.calls.map((c) => c.operation),
      ['ModifyRule'],
    );
    assert.deepEqual(await readBack(fx), deployed);
  });
});

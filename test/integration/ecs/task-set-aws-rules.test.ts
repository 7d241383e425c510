import { strict as assert } from 'node:assert';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { deployGreen, EcsTaskSetDeployment, type EcsTaskSetDeploymentOptions, rollback } from '../../../src/ecs-task-sets/index.js';
import { ConfigError } from '../../../src/index.js';
import { createEcsTaskSetFixture, type EcsTaskSetFixture } from '../../support/ecs-task-set-fixture.js';
import { useEmulator } from '../../support/use-emulator.js';

// ELB API Reference, ModifyRule: "To modify the actions for the default rule, use ModifyListener" - a default rule is
// refused when the deployment first reads its rules, before anything is created. ALB User Guide, target groups:
// the deregistration delay (deregistration_delay.timeout_seconds) lets in-flight requests finish; rollback waits it.
describe('Class: EcsTaskSetDeployment (moto) - real AWS rules', () => {
  const aws = useEmulator({ resetEach: true });
  let fx: EcsTaskSetFixture;
  beforeEach(async () => {
    fx = await createEcsTaskSetFixture();
  });

  const tool = (extra: Partial<EcsTaskSetDeploymentOptions> = {}) =>
    new EcsTaskSetDeployment({
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
  const targetGroupNames = async () => {
    const { TargetGroups = [] } = await fx.elbv2.send(new DescribeTargetGroupsCommand({}));
    return TargetGroups.map((t) => t.TargetGroupName).sort();
  };
  const taskSetCount = async () => {
    const { services } = await fx.ecs.send(new DescribeServicesCommand({ cluster: fx.cluster, services: [fx.service] }));
    return services?.[0]?.taskSets?.length ?? 0;
  };

  it("refuses the production listener's default rule with a ConfigError naming productionRuleArn; nothing is created", async () => {
    const { LoadBalancers = [] } = await fx.elbv2.send(new DescribeLoadBalancersCommand({}));
    const { Listeners = [] } = await fx.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: LoadBalancers[0]?.LoadBalancerArn }));
    const port80 = Listeners.find((l) => l.Port === 80);
    const { Rules = [] } = await fx.elbv2.send(new DescribeRulesCommand({ ListenerArn: port80?.ListenerArn }));
    const defaultRule = Rules.find((r) => r.IsDefault === true)?.RuleArn;
    assert.ok(defaultRule, 'the emulator reports the listener default rule with IsDefault');
    const groupsBefore = await targetGroupNames();

    await assert.rejects(
      deployGreen(tool({ productionRuleArn: defaultRule }), `${fx.service}:2`, { externalId: 'release-1' }),
      (e: unknown) => e instanceof ConfigError && e.message.startsWith(`productionRuleArn ${defaultRule} is its listener's default rule`),
    );
    assert.deepEqual(await targetGroupNames(), groupsBefore, 'no target group created');
    assert.equal(await taskSetCount(), 1, 'no task set created');
  });

  it("rollback waits the green target group's deregistration delay (read back from ELB) before deleting green", async () => {
    const d = tool({ targetGroup: { vpcId: fx.vpcId, port: 8080, healthCheck: { path: '/health' }, deregistrationDelaySeconds: 1 } });
    const deployed = await deployGreen(d, `${fx.service}:2`, { externalId: 'release-1' });
    const { Attributes = [] } = await fx.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: deployed.targetGroupArn }));
    const delay = Number(Attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value);
    assert.equal(delay, 1);
    const rolled = await rollback(d);
    assert.equal(rolled.drainedSeconds, delay);
    assert.equal(rolled.deletedTaskSetArn, deployed.taskSetArn);
    assert.equal(await taskSetCount(), 1);
    assert.equal((await targetGroupNames()).includes(deployed.targetGroupName), false);
  });
});

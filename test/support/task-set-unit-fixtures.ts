/**
 * Shared fixtures of the EcsTaskSetDeployment unit tests (aws-sdk-client-mock): the ARNs of the production/test
 * listener rules, the blue/green target groups and task sets, the constructor options with injected clients, and a
 * weighted `forward` rule. (The emulator fixture is ecs-task-set-fixture.ts.)
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client, type Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EcsTaskSetDeploymentOptions } from '../../src/ecs-task-sets/index.js';

export const REGION = 'us-east-1';
export const PROD_RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/prod';
export const TEST_RULE = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/3/test';
export const BLUE_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1';
export const GREEN_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2';
export const BLUE_TS = 'arn:aws:ecs:us-east-1:123456789012:task-set/prod/web/ecs-svc/1';
export const GREEN_TS = 'arn:aws:ecs:us-east-1:123456789012:task-set/prod/web/ecs-svc/2';

/** Options for service `web` in cluster `prod` (Fargate, container app:8080), with fresh injected clients. */
export function taskSetOptions(extra: Partial<EcsTaskSetDeploymentOptions> = {}): EcsTaskSetDeploymentOptions {
  return {
    cluster: 'prod',
    service: 'web',
    productionRuleArn: PROD_RULE,
    testRuleArn: TEST_RULE,
    container: { name: 'app', port: 8080 },
    targetGroup: { vpcId: 'vpc-0abc', port: 8080 },
    launchType: 'FARGATE',
    clients: {
      ecs: new ECSClient({ region: REGION }),
      elbv2: new ElasticLoadBalancingV2Client({ region: REGION }),
      applicationAutoScaling: new ApplicationAutoScalingClient({ region: REGION }),
    },
    ...extra,
  };
}

/** A listener rule forwarding to target groups with weights. */
export function forward(arn: string, targets: [string, number][], extra: Partial<Rule> = {}): Rule {
  return {
    RuleArn: arn,
    Actions: [
      { Type: 'forward', ForwardConfig: { TargetGroups: targets.map(([TargetGroupArn, Weight]) => ({ TargetGroupArn, Weight })) } },
    ],
    ...extra,
  };
}

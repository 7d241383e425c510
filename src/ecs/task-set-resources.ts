import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError, type Outcome } from '../core/index.js';
import type { TaskSetTargetGroupSettings } from './task-set-types.js';

/**
 * Tag key marking the target groups {@link EcsTaskSetDeployment} created (`bluegreen-toolkit:managed-by`, with the value
 * {@link MANAGED_VALUE}). `cleanUp` and `rollback` delete only target groups carrying it, unless
 * `deleteUnmanagedTargetGroups` is set.
 *
 * @example
 * ```ts
 * import { DescribeTagsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
 * import { MANAGED_TAG, MANAGED_VALUE } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const elbv2 = new ElasticLoadBalancingV2Client({ region: 'eu-west-1' });
 * const { TagDescriptions = [] } = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [targetGroupArn] }));
 * const managed = TagDescriptions[0]?.Tags?.some((t) => t.Key === MANAGED_TAG && t.Value === MANAGED_VALUE) ?? false;
 * ```
 */
export const MANAGED_TAG = 'bluegreen-toolkit:managed-by';
/**
 * Value of the {@link MANAGED_TAG} tag on the target groups {@link EcsTaskSetDeployment} created (`EcsTaskSetDeployment`).
 *
 * @example
 * ```ts
 * import { MANAGED_TAG, MANAGED_VALUE } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // IAM policy statement: the pipeline role may delete only the target groups EcsTaskSetDeployment created.
 * const statement = {
 *   Effect: 'Allow',
 *   Action: 'elasticloadbalancing:DeleteTargetGroup',
 *   Resource: '*',
 *   Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG}`]: MANAGED_VALUE } },
 * };
 * ```
 */
export const MANAGED_VALUE = 'EcsTaskSetDeployment';

/** Finds the target group by name or creates it (tagged as managed). */
export async function ensureTargetGroup(
  elbv2: ElasticLoadBalancingV2Client,
  name: string,
  settings: TaskSetTargetGroupSettings,
  tags: Record<string, string>,
): Promise<{ arn: string; outcome: Outcome }> {
  const found = await unlessGone(
    async () => (await elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }))).TargetGroups?.[0]?.TargetGroupArn,
    undefined,
  );
  if (found) return { arn: found, outcome: 'already' };
  const hc = settings.healthCheck ?? {};
  const created = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      VpcId: settings.vpcId,
      Port: settings.port,
      Protocol: settings.protocol ?? 'HTTP',
      TargetType: settings.targetType ?? 'ip',
      HealthCheckPath: hc.path,
      HealthCheckPort: hc.port,
      HealthCheckProtocol: hc.protocol,
      HealthCheckIntervalSeconds: hc.intervalSeconds,
      HealthCheckTimeoutSeconds: hc.timeoutSeconds,
      HealthyThresholdCount: hc.healthyThresholdCount,
      UnhealthyThresholdCount: hc.unhealthyThresholdCount,
      Matcher: hc.matcher ? { HttpCode: hc.matcher } : undefined,
      Tags: Object.entries({ ...tags, [MANAGED_TAG]: MANAGED_VALUE }).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  // In dry-run mode nothing is created: a placeholder ARN keeps the recorded calls readable.
  const arn = created.TargetGroups?.[0]?.TargetGroupArn ?? `dry-run:targetgroup/${name}`;
  if (settings.deregistrationDelaySeconds !== undefined) {
    await elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(settings.deregistrationDelaySeconds) }],
      }),
    );
  }
  return { arn, outcome: 'changed' };
}

/** `call()`, or `gone` when ELBv2 answers that the target group does not exist. */
async function unlessGone<T>(call: () => Promise<T>, gone: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isAwsError(error, 'TargetGroupNotFoundException', 'TargetGroupNotFound')) return gone;
    throw error;
  }
}

/** Whether this class created the target group (undefined when it no longer exists). */
export function isManagedTargetGroup(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<boolean | undefined> {
  return unlessGone(async () => {
    const { TagDescriptions = [] } = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [arn] }));
    return (TagDescriptions[0]?.Tags ?? []).some((t) => t.Key === MANAGED_TAG && t.Value === MANAGED_VALUE);
  }, undefined);
}

/**
 * The target group's `deregistration_delay.timeout_seconds` (ELB's default is 300), or 0 when it has none (Lambda
 * targets) or is gone. Elastic Load Balancing waits this long for in-flight requests to a deregistering target
 * ("Deregistration delay", Application Load Balancer User Guide, Target groups), and rule updates "do not take effect
 * immediately" (ALB User Guide, "Edit a listener rule"), so a rollback waits this long before deleting green.
 */
export function deregistrationDelaySeconds(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<number> {
  return unlessGone(async () => {
    const output = await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }));
    const value = output?.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
    const seconds = Number(value);
    return value !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : 0;
  }, 0);
}

/** Deletes a target group; `already` when it is gone. */
export function deleteTargetGroup(elbv2: ElasticLoadBalancingV2Client, arn: string): Promise<Outcome> {
  return unlessGone(async () => {
    await elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
    return 'changed' as Outcome;
  }, 'already');
}

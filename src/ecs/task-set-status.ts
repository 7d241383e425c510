// deploymentStatus: where the deployment stands, read from AWS (describe only).
import type { TaskSet } from '@aws-sdk/client-ecs';
import { type EcsTaskSetDeployment, stepContext } from './ecs-task-set-deployment.js';
import { ruleView } from './task-set-rules.js';
import { readSnapshot, targetGroupOf, targetHealth } from './task-set-state.js';
import type { TargetHealthCounts, TaskSetDeploymentStatus, TaskSetView } from './task-set-types.js';

/**
 * Where the deployment stands: phase, which task set is primary, blue and green with their counts and stability,
 * the weights on both rules and the target health of every target group involved. Changes nothing.
 *
 * @param deployment - the deployment.
 * @remarks IAM: `ecs:DescribeServices`, `elasticloadbalancing:DescribeRules`, `elasticloadbalancing:DescribeTargetHealth`.
 *
 * @example
 * ```ts
 * import { deploymentStatus } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const s = await deploymentStatus(deployment);
 * console.log(s.phase, s.greenPercent, s.primary?.externalId);
 * ```
 */
export async function deploymentStatus(deployment: EcsTaskSetDeployment): Promise<TaskSetDeploymentStatus> {
  const ctx = stepContext(deployment, 'deploymentStatus');
  const snap = await readSnapshot(ctx);
  const groups = new Set(snap.taskSets.map(targetGroupOf).filter((tg): tg is string => tg !== undefined));
  const targetHealthByGroup: Record<string, TargetHealthCounts> = {};
  await Promise.all(
    [...groups].map(async (arn) => {
      targetHealthByGroup[arn] = await targetHealth(ctx.elbv2, arn);
    }),
  );
  return {
    phase: snap.phase,
    primary: snap.primary && taskSetView(snap.primary),
    blue: snap.blue && taskSetView(snap.blue),
    green: snap.green && taskSetView(snap.green),
    greenPercent: snap.greenPercent,
    productionRule: ruleView(snap.productionRule),
    testRule: ruleView(snap.testRule),
    targetHealth: targetHealthByGroup,
  };
}

/** A task set as deploymentStatus() reports it; absent counts are 0. */
function taskSetView(taskSet: TaskSet): TaskSetView {
  return {
    taskSetArn: taskSet.taskSetArn ?? '',
    externalId: taskSet.externalId ?? '',
    status: taskSet.status ?? '',
    taskDefinition: taskSet.taskDefinition ?? '',
    stabilityStatus: taskSet.stabilityStatus ?? '',
    computedDesiredCount: taskSet.computedDesiredCount ?? 0,
    runningCount: taskSet.runningCount ?? 0,
    pendingCount: taskSet.pendingCount ?? 0,
    createdAt: taskSet.createdAt,
    targetGroupArn: targetGroupOf(taskSet),
  };
}

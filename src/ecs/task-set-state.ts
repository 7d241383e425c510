import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  type ECSClient,
  type Service,
  type TaskSet,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, type ElasticLoadBalancingV2Client, type Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { InvalidStateError, isAwsError, ResourceNotFoundError } from '../core/index.js';
import type { StepContext } from './ecs-task-set-deployment.js';
import { describeRules, forwardTargets, percentTo } from './task-set-rules.js';
import type { DeploymentPhase, TargetHealthCounts } from './task-set-types.js';

/** Everything a step needs to know, read from AWS. */
export interface Snapshot {
  /** Task sets that are not DRAINING, oldest first. */
  taskSets: TaskSet[];
  primary: TaskSet | undefined;
  blue: TaskSet | undefined;
  green: TaskSet | undefined;
  phase: DeploymentPhase;
  productionRule: Rule;
  testRule: Rule;
  greenPercent: number;
}

/** Reads the service, its task sets and both rules, and derives the phase. */
export async function readSnapshot(ctx: StepContext): Promise<Snapshot> {
  const where = ctx.config;
  const [service, rules] = await Promise.all([
    describeService(ctx.ecs, where.cluster, where.service),
    describeRules(ctx.elbv2, [where.productionRuleArn, where.testRuleArn]),
  ]);
  const [productionRule, testRule] = rules as [Rule, Rule];
  const taskSets = (service.taskSets ?? [])
    .filter((t) => t.status !== 'DRAINING')
    .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  if (taskSets.length > 2) {
    throw new InvalidStateError(
      `Service ${where.service} has ${taskSets.length} task sets (${taskSets.map((t) => t.externalId || t.id).join(', ')}); ` +
        'blue/green handles two: delete the extra ones (aws ecs delete-task-set).',
      { state: taskSets },
    );
  }
  const primary = taskSets.find((t) => t.status === 'PRIMARY');
  let blue: TaskSet | undefined;
  let green: TaskSet | undefined;
  let phase: DeploymentPhase = 'idle';
  if (taskSets.length === 2) [blue, green] = taskSets as [TaskSet, TaskSet];
  else if (!primary) green = taskSets[0];
  const greenPercent = percentTo(productionRule, targetGroupOf(green));
  if (green) phase = green.status === 'PRIMARY' ? 'swapped' : greenPercent > 0 ? 'shifting' : 'deployed';
  return {
    taskSets,
    primary,
    blue,
    green,
    phase,
    productionRule,
    testRule,
    greenPercent,
  };
}

async function describeService(ecs: ECSClient, cluster: string, serviceName: string): Promise<Service> {
  let result: DescribeServicesCommandOutput;
  try {
    result = await ecs.send(new DescribeServicesCommand({ cluster, services: [serviceName] }));
  } catch (error) {
    if (isAwsError(error, 'ClusterNotFoundException')) {
      throw new ResourceNotFoundError(`ECS cluster ${cluster} does not exist: check the cluster option.`, {
        resource: cluster,
        cause: error,
      });
    }
    throw error;
  }
  const service = result.services?.find((s) => s.status !== 'INACTIVE');
  if (!service) {
    throw new ResourceNotFoundError(
      `ECS service ${serviceName} does not exist in cluster ${cluster}${result.failures?.[0]?.reason ? ` (${result.failures[0].reason})` : ''}: check the service option.`,
      { resource: serviceName },
    );
  }
  if (service.deploymentController?.type !== 'EXTERNAL') {
    throw new InvalidStateError(
      `ECS service ${serviceName} uses the ${service.deploymentController?.type ?? 'ECS'} deployment controller; task sets need ` +
        'EXTERNAL (set when the service is created).',
      { state: service.deploymentController },
    );
  }
  return service;
}

/**
 * Refuses to give the release production traffic before {@link openTestTraffic} let it in: the test rule forwards to
 * green only once green was ready (unless `wait: false` was chosen), so shiftTraffic and swap never send production
 * traffic to a task set that has not passed that check. Green already holding production traffic was let in before.
 */
export function requireOpened(snap: Snapshot, greenTg: string): void {
  if (snap.greenPercent === 0 && !forwardTargets(snap.testRule).some((t) => t.targetGroupArn === greenTg)) {
    throw new InvalidStateError(
      `Release ${snap.green?.externalId} is not open to test traffic: run openTestTraffic() first (it waits until the task set is ready).`,
      { state: snap.phase },
    );
  }
}

/** The target group a task set is registered with (its first load balancer). */
export function targetGroupOf(taskSet: TaskSet | undefined): string | undefined {
  return taskSet?.loadBalancers?.find((lb) => lb.targetGroupArn)?.targetGroupArn;
}

/** Counts the targets of a target group by health state. */
export async function targetHealth(elbv2: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<TargetHealthCounts> {
  const { TargetHealthDescriptions = [] } = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  const counts: TargetHealthCounts = { healthy: 0, unhealthy: 0, initial: 0, draining: 0, other: 0, unhealthyReasons: [] };
  for (const d of TargetHealthDescriptions) {
    const state = d.TargetHealth?.State;
    if (state === 'healthy' || state === 'unhealthy' || state === 'initial' || state === 'draining') counts[state]++;
    else counts.other++;
    if (state === 'unhealthy') {
      const reason = d.TargetHealth?.Reason ?? 'unknown';
      if (!counts.unhealthyReasons.includes(reason)) counts.unhealthyReasons.push(reason);
    }
  }
  return counts;
}

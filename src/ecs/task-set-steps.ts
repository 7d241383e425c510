import { randomUUID } from 'node:crypto';
import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DescribeTaskSetsCommand,
  type ECSClient,
  type TaskSet,
  UpdateServicePrimaryTaskSetCommand,
} from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { combineOutcomes, InvalidStateError, isAwsError, type Logger, type Outcome, sleep } from '../core/index.js';
import {
  deleteTargetGroup,
  deregistrationDelaySeconds,
  fullySuspended,
  isManagedTargetGroup,
  scalableTargetState,
  setSuspendedState,
} from './task-set-resources.js';
import { forwardTargets, setClosed, setForward } from './task-set-rules.js';
import { type Snapshot, targetGroupOf, targetHealth, taskSetView } from './task-set-state.js';
import type { AutoScalingHandling, EcsTaskSetDeploymentOptions, GreenObservation, RemovalResult } from './task-set-types.js';

/** What the step functions share with the class. */
export interface StepContext {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  applicationAutoScaling: ApplicationAutoScalingClient;
  config: EcsTaskSetDeploymentOptions;
  logger: Logger;
  dryRun: boolean;
}

export async function removeGreen(
  ctx: StepContext,
  snap: Snapshot,
  options: { deleteUnmanagedTargetGroups: boolean; drainSeconds?: number | undefined; abortSignal?: AbortSignal | undefined },
): Promise<RemovalResult> {
  const green = snap.phase === 'idle' ? undefined : snap.green;
  const blue = snap.blue;
  const blueTg = targetGroupOf(blue);
  const greenTg = targetGroupOf(green);
  const testRule = await setClosed(ctx.elbv2, snap.testRule, ctx.config.closedResponse ?? {});
  let productionRule: Outcome = 'already';
  let primaryTaskSet: Outcome = 'already';
  if (green) {
    const restore = blueTg
      ? [{ targetGroupArn: blueTg, weight: 100 }]
      : forwardTargets(snap.productionRule).filter((t) => t.targetGroupArn !== greenTg);
    if (green.status === 'PRIMARY' && blue) {
      const { result } = await withAutoScalingSuspended(ctx, async () => ({
        productionRule: await setForward(ctx.elbv2, snap.productionRule, restore),
        primaryTaskSet: await makePrimary(ctx, blue.taskSetArn as string),
      }));
      ({ productionRule, primaryTaskSet } = result);
    } else if (restore.length > 0) {
      productionRule = await setForward(ctx.elbv2, snap.productionRule, restore);
    }
  }
  // Requests already routed to green finish, and the rule change reaches every load balancer node, before green goes.
  const drainSeconds = green && greenTg ? (options.drainSeconds ?? (await deregistrationDelaySeconds(ctx.elbv2, greenTg))) : 0;
  const removal = await deleteTaskSetAndGroup(ctx, green, options.deleteUnmanagedTargetGroups, async () => {
    if (drainSeconds <= 0) return;
    if (ctx.dryRun) return; // nothing was re-weighted: nothing to drain
    ctx.logger.info(`EcsTaskSetDeployment: waiting ${drainSeconds}s (deregistration delay of ${greenTg}) before deleting green`);
    await sleep(drainSeconds * 1000, options.abortSignal, 'deregistration delay');
  });
  const steps = { productionRule, testRule, primaryTaskSet, ...removal.steps };
  const outcome = combineOutcomes(Object.values(steps));
  return {
    outcome,
    message: green
      ? `Rolled back release ${green.externalId}: production on ${blue?.externalId || 'the previous release'}, green deleted after ${drainSeconds}s of draining.`
      : 'Nothing to roll back: no release in flight.',
    ...removal,
    drainedSeconds: drainSeconds,
    steps,
  };
}

export async function deleteTaskSetAndGroup(
  ctx: StepContext,
  taskSet: TaskSet | undefined,
  deleteUnmanaged: boolean,
  beforeDelete?: () => Promise<void>,
): Promise<
  Pick<RemovalResult, 'deletedTaskSetArn' | 'deletedTargetGroupArn' | 'keptTargetGroupArn'> & {
    steps: { taskSet: Outcome; targetGroup: Outcome };
  }
> {
  if (!taskSet) {
    return {
      deletedTaskSetArn: undefined,
      deletedTargetGroupArn: undefined,
      keptTargetGroupArn: undefined,
      steps: { taskSet: 'already', targetGroup: 'already' },
    };
  }
  await beforeDelete?.();
  const arn = taskSet.taskSetArn as string;
  let taskSetOutcome: Outcome = 'changed';
  try {
    await ctx.ecs.send(new DeleteTaskSetCommand({ cluster: ctx.config.cluster, service: ctx.config.service, taskSet: arn, force: true }));
  } catch (error) {
    if (!isTaskSetGone(error)) throw error;
    taskSetOutcome = 'already';
  }
  const tg = targetGroupOf(taskSet);
  let targetGroup: Outcome = 'already';
  let deletedTargetGroupArn: string | undefined;
  let keptTargetGroupArn: string | undefined;
  if (tg) {
    const managed = await isManagedTargetGroup(ctx.elbv2, tg);
    if (managed === true || (managed === false && deleteUnmanaged)) {
      targetGroup = await deleteTargetGroup(ctx.elbv2, tg);
      deletedTargetGroupArn = tg;
    } else if (managed === false) {
      keptTargetGroupArn = tg;
      ctx.logger.info(
        `EcsTaskSetDeployment: kept target group ${tg} (not created by this class; pass deleteUnmanagedTargetGroups to delete it)`,
      );
    }
  }
  return { deletedTaskSetArn: arn, deletedTargetGroupArn, keptTargetGroupArn, steps: { taskSet: taskSetOutcome, targetGroup } };
}

export async function withAutoScalingSuspended<T>(
  ctx: StepContext,
  work: () => Promise<T>,
): Promise<{ result: T; autoScaling: AutoScalingHandling }> {
  const resourceId = `service/${lastSegment(ctx.config.cluster)}/${lastSegment(ctx.config.service)}`;
  const before = await scalableTargetState(ctx.applicationAutoScaling, resourceId);
  let autoScaling: AutoScalingHandling = 'not-registered';
  if (before) {
    if (fullySuspended(before.suspended)) autoScaling = 'already-suspended';
    else {
      await setSuspendedState(ctx.applicationAutoScaling, resourceId);
      autoScaling = 'suspended-and-resumed';
    }
  }
  let failure: unknown;
  let result: T | undefined;
  try {
    result = await work();
  } catch (error) {
    failure = error;
  }
  if (before && autoScaling === 'suspended-and-resumed') {
    try {
      await setSuspendedState(ctx.applicationAutoScaling, resourceId, before.suspended);
    } catch (error) {
      if (failure === undefined) failure = error;
      else ctx.logger.error(`EcsTaskSetDeployment: could not resume auto scaling of ${resourceId}`, { error: String(error) });
    }
  }
  if (failure !== undefined) throw failure;
  return { result: result as T, autoScaling };
}

export async function makePrimary(ctx: StepContext, taskSetArn: string): Promise<Outcome> {
  await ctx.ecs.send(
    new UpdateServicePrimaryTaskSetCommand({ cluster: ctx.config.cluster, service: ctx.config.service, primaryTaskSet: taskSetArn }),
  );
  return 'changed';
}

export async function createTaskSet(
  ctx: StepContext,
  taskDefinition: string,
  externalId: string,
  targetGroupArn: string,
): Promise<TaskSet> {
  const c = ctx.config;
  const { taskSet } = await ctx.ecs.send(
    new CreateTaskSetCommand({
      cluster: c.cluster,
      service: c.service,
      taskDefinition,
      externalId,
      loadBalancers: [{ targetGroupArn, containerName: c.container.name, containerPort: c.container.port }],
      networkConfiguration: c.networkConfiguration,
      launchType: c.launchType,
      capacityProviderStrategy: c.capacityProviderStrategy,
      platformVersion: c.platformVersion,
      scale: { value: c.scalePercent ?? 100, unit: 'PERCENT' },
      // One token per call: the SDK's retries of this request are idempotent, while a release re-deployed after a
      // rollback (same external id) still gets a new task set. Re-runs find the existing one by reading the service.
      clientToken: randomUUID(),
    }),
  );
  if (!taskSet?.taskSetArn) {
    if (ctx.dryRun) return { taskSetArn: `dry-run:task-set/${externalId}`, externalId, taskDefinition };
    throw new InvalidStateError('CreateTaskSet returned no task set.', { state: taskSet });
  }
  ctx.logger.info(`EcsTaskSetDeployment: created task set ${taskSet.taskSetArn} for release ${externalId}`);
  return taskSet;
}

export async function observe(ctx: StepContext, taskSetArn: string, targetGroupArn: string): Promise<GreenObservation> {
  const [{ taskSets = [] }, targets] = await Promise.all([
    ctx.ecs.send(new DescribeTaskSetsCommand({ cluster: ctx.config.cluster, service: ctx.config.service, taskSets: [taskSetArn] })),
    targetHealth(ctx.elbv2, targetGroupArn),
  ]);
  const ts = taskSets.find((t) => t.taskSetArn === taskSetArn);
  if (!ts)
    throw new InvalidStateError(`Task set ${taskSetArn} disappeared while waiting for it (deleted by someone else?).`, {
      state: undefined,
    });
  const view = taskSetView(ts);
  const rule = ctx.config.targetHealth?.minHealthyTargets ?? 'desired';
  return {
    stabilityStatus: view.stabilityStatus,
    runningCount: view.runningCount,
    computedDesiredCount: view.computedDesiredCount,
    pendingCount: view.pendingCount,
    requiredHealthyTargets: rule === 'desired' ? view.computedDesiredCount : rule,
    targets,
  };
}

export function isReady(obs: GreenObservation, noUnhealthy: boolean): boolean {
  return (
    obs.stabilityStatus === 'STEADY_STATE' &&
    obs.runningCount === obs.computedDesiredCount &&
    obs.targets.healthy >= obs.requiredHealthyTargets &&
    (!noUnhealthy || obs.targets.unhealthy === 0)
  );
}

export function isTaskSetGone(error: unknown): boolean {
  return (
    isAwsError(error, 'TaskSetNotFoundException') ||
    (isAwsError(error, 'ClientException', 'InvalidParameterException') && /does not exist|not found/i.test((error as Error).message ?? ''))
  );
}

export function sameTargets(a: { targetGroupArn: string; weight: number }[], b: { targetGroupArn: string; weight: number }[]): boolean {
  return a.length === b.length && b.every((t) => a.some((c) => c.targetGroupArn === t.targetGroupArn && c.weight === t.weight));
}

export function sameTaskDefinition(existingArn: string, requested: string): boolean {
  if (requested.startsWith('arn:')) return existingArn === requested;
  const existing = existingArn.split('/').pop() ?? existingArn;
  return requested.includes(':') ? existing === requested : existing.split(':')[0] === requested;
}

export function lastSegment(nameOrArn: string): string {
  return nameOrArn.split('/').pop() ?? nameOrArn;
}

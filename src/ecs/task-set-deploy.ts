// deployGreen: a release's target group and task set, at weight 0 on the production rule.
import { randomUUID } from 'node:crypto';
import { CreateTaskSetCommand, type TaskSet } from '@aws-sdk/client-ecs';
import {
  ConfigError,
  combineOutcomes,
  describeValue,
  InvalidStateError,
  type Outcome,
  requireObject,
  requireString,
} from '../core/index.js';
import { type EcsTaskSetDeployment, type StepContext, stepContext } from './ecs-task-set-deployment.js';
import { TaskSetInFlightError } from './task-set-errors.js';
import { lastSegment, taskSetTargetGroupName } from './task-set-names.js';
import { validateReleaseOptions } from './task-set-options.js';
import { ensureTargetGroup } from './task-set-resources.js';
import { forwardTargets, setForward } from './task-set-rules.js';
import { readSnapshot, targetGroupOf } from './task-set-state.js';
import type { DeployGreenOptions, DeployGreenResult } from './task-set-types.js';

/**
 * Starts a release: creates its target group (named by {@link taskSetTargetGroupName}), adds it to the production
 * rule with weight 0 (ECS requires a target group to be attached to a load balancer; weight 0 sends it no traffic)
 * and creates the task set behind it (scale `scalePercent`). It does not touch the test rule: {@link openTestTraffic}
 * waits until the new task set is ready and only then points the test rule at it.
 *
 * Run again with the same `externalId`, it finds what exists and completes what is missing. A different release
 * already in flight is refused with {@link TaskSetInFlightError} unless `replace: rollback` (it is rolled back first).
 *
 * @param deployment - the deployment.
 * @param taskDefinition - family, `family:revision` or ARN.
 * @param options.externalId - identifies the release (required).
 * @param options.replace - {@link rollback}, to roll back a different release in flight first (default: refuse).
 * @returns what each part did.
 * @throws {@link TaskSetInFlightError}, `InvalidStateError` (no primary task set, previous release not
 * cleaned up), `ConfigError` (bad options, also `wait`: it moved to {@link openTestTraffic}).
 *
 * @remarks IAM: `ecs:DescribeServices`, `ecs:CreateTaskSet`, `elasticloadbalancing:DescribeRules`,
 * `elasticloadbalancing:ModifyRule`, `elasticloadbalancing:DescribeTargetGroups`,
 * `elasticloadbalancing:CreateTargetGroup`, `elasticloadbalancing:AddTags`,
 * `elasticloadbalancing:ModifyTargetGroupAttributes` (only with `targetGroup.deregistrationDelaySeconds`)
 * (with `replace`: also those of {@link rollback}).
 *
 * @example
 * ```ts
 * import { deployGreen, openTestTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r = await deployGreen(deployment, 'orders-api:42', { externalId: 'build-42' });
 * console.log(r.outcome, r.taskSetArn, r.targetGroupName);
 * await openTestTraffic(deployment, { externalId: 'build-42', wait: { maxWaitTime: 1200 } });
 * ```
 */
export async function deployGreen(
  deployment: EcsTaskSetDeployment,
  taskDefinition: string,
  options: DeployGreenOptions,
): Promise<DeployGreenResult> {
  const ctx = stepContext(deployment, 'deployGreen');
  validateReleaseOptions(ctx.config as never);
  const td = requireString(taskDefinition, 'taskDefinition', { maxLength: 2048 });
  const opts = requireObject(options, 'deployGreen options');
  const externalId = requireString(opts.externalId, 'deployGreen options.externalId', { maxLength: 255 });
  const replace = opts.replace;
  if (opts.wait !== undefined) throw new ConfigError('deployGreen no longer waits: pass wait to openTestTraffic().');
  if (replace !== undefined && typeof replace !== 'function') {
    throw new ConfigError(
      `deployGreen options.replace must be the rollback function of bluegreen-toolkit/ecs-task-sets, got ${describeValue(replace)}.`,
    );
  }
  const service = ctx.config.service;

  let snap = await readSnapshot(ctx);
  if (!snap.primary) {
    throw new InvalidStateError(
      `Service ${service} has no primary task set: create one and make it primary (ecs create-task-set, update-service-primary-task-set) first.`,
      { state: snap.taskSets },
    );
  }
  if (snap.phase === 'swapped') {
    throw new InvalidStateError(
      `Release ${snap.green?.externalId} is swapped but the old task set still exists: run cleanUp() (or rollback()) first.`,
      { state: snap.phase },
    );
  }
  let replaced: Outcome | undefined;
  const inFlight = snap.green;
  if (inFlight && inFlight.externalId !== externalId) {
    const id = inFlight.externalId ?? '';
    if (!replace) {
      throw new TaskSetInFlightError(
        `Service ${service} has release '${id}' in flight (${snap.phase}, ${snap.greenPercent}% of production): ` +
          'finish it (swap, cleanUp), roll it back, or pass { replace: rollback }.',
        { state: inFlight, taskSetArn: inFlight.taskSetArn ?? '', externalId: id },
      );
    }
    await replace(deployment, {});
    replaced = 'changed';
    snap = await readSnapshot(ctx);
  }
  const blueTg = targetGroupOf(snap.primary);
  const prodTargets = forwardTargets(snap.productionRule);
  if (!blueTg || !prodTargets.some((t) => t.targetGroupArn === blueTg)) {
    throw new InvalidStateError(
      `The production rule does not forward to the primary task set's target group (${blueTg}): point it there first.`,
      { state: prodTargets },
    );
  }

  const name = taskSetTargetGroupName(ctx.config.cluster, service, externalId);
  const tg = await ensureTargetGroup(ctx.elbv2, name, ctx.config.targetGroup, {
    'bluegreen-toolkit:service': ctx.id,
    'bluegreen-toolkit:external-id': externalId.slice(0, 256),
  });
  const productionRule = prodTargets.some((t) => t.targetGroupArn === tg.arn)
    ? 'already'
    : await setForward(ctx.elbv2, snap.productionRule, [...prodTargets, { targetGroupArn: tg.arn, weight: 0 }]);

  let green = snap.green?.externalId === externalId ? snap.green : undefined;
  let taskSet: Outcome = 'already';
  if (green) {
    if (!sameTaskDefinition(green.taskDefinition ?? '', td)) {
      throw new InvalidStateError(
        `Release '${externalId}' runs ${green.taskDefinition}, not ${td}: use a new externalId for a new task definition.`,
        { state: green },
      );
    }
  } else {
    green = await createTaskSet(ctx, td, externalId, tg.arn);
    taskSet = 'changed';
  }
  const taskSetArn = green.taskSetArn as string;
  const steps = { targetGroup: tg.outcome, productionRule, taskSet, ...(replaced ? { replaced } : {}) };
  return {
    outcome: combineOutcomes(Object.values(steps)),
    message: `Release ${externalId} is ${taskSetArn} behind ${name}, at weight 0; next: openTestTraffic().`,
    taskSetArn,
    targetGroupArn: tg.arn,
    targetGroupName: name,
    steps,
  };
}

async function createTaskSet(ctx: StepContext, taskDefinition: string, externalId: string, targetGroupArn: string): Promise<TaskSet> {
  const c = ctx.config;
  const { taskSet } = await ctx.ecs.send(
    new CreateTaskSetCommand({
      ...ctx.where,
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
  ctx.logger.info(`EcsTaskSetDeployment: created task set ${taskSet.taskSetArn}`);
  return taskSet;
}

/** Whether the task set runs the requested task definition (family, `family:revision` or ARN). */
function sameTaskDefinition(existingArn: string, requested: string): boolean {
  if (requested.startsWith('arn:')) return existingArn === requested;
  const existing = lastSegment(existingArn);
  return requested.includes(':') ? existing === requested : existing.split(':')[0] === requested;
}

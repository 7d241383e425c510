// openTestTraffic: once the release's task set is ready, the test rule forwards to it.
import { DescribeTaskSetsCommand } from '@aws-sdk/client-ecs';
import { toolWait } from '../core/base-tool.js';
import { InvalidStateError, ResourceNotFoundError, requireObject, requireString, type WaitSetting, waitFor } from '../core/index.js';
import { type EcsTaskSetDeployment, type StepContext, stepContext } from './ecs-task-set-deployment.js';
import { validateTargetHealth } from './task-set-options.js';
import { setForward } from './task-set-rules.js';
import { readSnapshot, targetGroupOf, targetHealth } from './task-set-state.js';
import type { GreenObservation, OpenTestTrafficOptions, OpenTestTrafficResult } from './task-set-types.js';

/**
 * Opens the release to test traffic: finds the task set {@link deployGreen} created for `externalId`, waits until it
 * is ready, and only then points the test rule at its target group (a forward to it alone). Ready means what ECS
 * calls a steady state - `stabilityStatus` `STEADY_STATE` (ECS API Reference, TaskSet: running == computed desired,
 * none pending, all tasks healthy; https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html) -
 * checked as such, plus `runningCount == computedDesiredCount` and the target health of `targetHealth` (by default as
 * many healthy targets as desired tasks and none unhealthy). If the wait fails, the test rule is left as it was.
 *
 * Run again, it reports `already` when the test rule forwards there (after waiting again, unless `wait: false`).
 * With `wait: false` the test rule is pointed at the task set without waiting.
 *
 * @param deployment - the deployment.
 * @param options.externalId - the release (as given to {@link deployGreen}; required).
 * @param options.wait - default true (`maxWaitTime` 900 s, `minDelay` 5 s, `maxDelay` 30 s).
 * @returns whether the test rule changed, and the last observation of the wait.
 * @throws `ResourceNotFoundError` (no task set of that release in flight; before any change), `WaitTimeoutError`
 * naming the last counts and target health.
 *
 * @remarks IAM: `ecs:DescribeServices`, `ecs:DescribeTaskSets`, `elasticloadbalancing:DescribeRules`,
 * `elasticloadbalancing:DescribeTargetHealth`, `elasticloadbalancing:ModifyRule`.
 *
 * @example
 * ```ts
 * import { openTestTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r = await openTestTraffic(deployment, { externalId: 'build-42', wait: { maxWaitTime: 1200 } });
 * console.log(r.outcome, r.observed?.targets.healthy); // 'changed' 2
 * ```
 */
export async function openTestTraffic(deployment: EcsTaskSetDeployment, options: OpenTestTrafficOptions): Promise<OpenTestTrafficResult> {
  const ctx = stepContext(deployment, 'openTestTraffic');
  validateTargetHealth(ctx.config.targetHealth);
  const opts = requireObject(options, 'openTestTraffic options');
  const externalId = requireString(opts.externalId, 'openTestTraffic options.externalId', { maxLength: 255 });
  // In dry-run mode nothing changes, so there is nothing to wait for (as every tool's wait option does).
  const wait = toolWait(
    (opts.wait ?? true) as WaitSetting,
    { maxWaitTime: 900, minDelay: 5, maxDelay: 30 },
    ctx.dryRun,
    ctx.logger,
    'EcsTaskSetDeployment',
  );

  const snap = await readSnapshot(ctx);
  const green = snap.green;
  if (green?.externalId !== externalId) {
    throw new ResourceNotFoundError(
      `Release '${externalId}' has no task set in flight on service ${ctx.config.service}` +
        `${green ? ` (release '${green.externalId}' is ${snap.phase})` : ''}: run deployGreen() with this externalId first.`,
      { resource: externalId },
    );
  }
  const taskSetArn = green.taskSetArn as string;
  const tg = targetGroupOf(green);
  if (!tg) throw new InvalidStateError(`Task set ${taskSetArn} has no target group for the test rule to forward to.`, { state: green });

  const observed = wait
    ? await waitFor(
        async () => {
          const obs = await observe(ctx, taskSetArn, tg);
          return isReady(obs, ctx.config.targetHealth?.noUnhealthyTargets ?? true)
            ? { done: true, value: obs }
            : { done: false, state: obs };
        },
        { ...wait, description: `task set ${externalId} to be STEADY_STATE with running == desired and healthy targets` },
      )
    : undefined;
  return {
    outcome: await setForward(ctx.elbv2, snap.testRule, [{ targetGroupArn: tg, weight: 1 }]),
    message: `The test rule forwards to release ${externalId} (${taskSetArn}).`,
    taskSetArn,
    targetGroupArn: tg,
    observed,
  };
}

async function observe(ctx: StepContext, taskSetArn: string, targetGroupArn: string): Promise<GreenObservation> {
  const [{ taskSets = [] }, targets] = await Promise.all([
    ctx.ecs.send(new DescribeTaskSetsCommand({ ...ctx.where, taskSets: [taskSetArn] })),
    targetHealth(ctx.elbv2, targetGroupArn),
  ]);
  const ts = taskSets.find((t) => t.taskSetArn === taskSetArn);
  if (!ts) {
    throw new InvalidStateError(`Task set ${taskSetArn} disappeared while waiting (deleted by someone else?).`, { state: undefined });
  }
  const rule = ctx.config.targetHealth?.minHealthyTargets ?? 'desired';
  // Absent counts are 0 (moto reports none).
  const computedDesiredCount = ts.computedDesiredCount ?? 0;
  return {
    stabilityStatus: ts.stabilityStatus ?? '',
    runningCount: ts.runningCount ?? 0,
    computedDesiredCount,
    pendingCount: ts.pendingCount ?? 0,
    requiredHealthyTargets: rule === 'desired' ? computedDesiredCount : rule,
    targets,
  };
}

function isReady(obs: GreenObservation, noUnhealthy: boolean): boolean {
  return (
    obs.stabilityStatus === 'STEADY_STATE' &&
    obs.runningCount === obs.computedDesiredCount &&
    obs.targets.healthy >= obs.requiredHealthyTargets &&
    (!noUnhealthy || obs.targets.unhealthy === 0)
  );
}

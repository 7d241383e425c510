// cleanUp and rollback: the steps that delete a task set (and the target group this class created for it).
import { DeleteTaskSetCommand, type TaskSet } from '@aws-sdk/client-ecs';
import { combineOutcomes, InvalidStateError, isAwsError, type Outcome, optionalBoolean, requireObject, sleep } from '../core/index.js';
import { type EcsTaskSetDeployment, type StepContext, stepContext } from './ecs-task-set-deployment.js';
import { makePrimary, withAutoScalingSuspended } from './task-set-autoscaling.js';
import { optionalSeconds } from './task-set-options.js';
import { deleteTargetGroup, deregistrationDelaySeconds, isManagedTargetGroup } from './task-set-resources.js';
import { forwardTargets, setClosed, setForward } from './task-set-rules.js';
import { readSnapshot, targetGroupOf } from './task-set-state.js';
import type { CleanUpOptions, RemovalResult, RollbackOptions } from './task-set-types.js';

/**
 * Finishes a swapped release: closes the test rule (fixed response, see `closedResponse`), takes the old target
 * group off the production rule, waits `drainSeconds` for connections to drain, deletes the old task set and then
 * its target group - only if this class created it, unless `deleteUnmanagedTargetGroups: true` (an unmanaged one is
 * kept and reported in `keptTargetGroupArn`).
 *
 * @param deployment - the deployment.
 * @param options.drainSeconds - pause before deleting the old task set (default 0).
 * @param options.deleteUnmanagedTargetGroups - default false.
 * @throws `InvalidStateError` when a release is in flight but not swapped yet.
 *
 * @remarks IAM: `ecs:DescribeServices`, `ecs:DeleteTaskSet`, `elasticloadbalancing:DescribeRules`,
 * `elasticloadbalancing:ModifyRule`, `elasticloadbalancing:DescribeTags`, `elasticloadbalancing:DeleteTargetGroup`.
 *
 * @example
 * ```ts
 * import { cleanUp } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r = await cleanUp(deployment, { drainSeconds: 30 });
 * console.log(r.deletedTaskSetArn, r.deletedTargetGroupArn);
 * ```
 */
export async function cleanUp(deployment: EcsTaskSetDeployment, options: CleanUpOptions = {}): Promise<RemovalResult> {
  const ctx = stepContext(deployment, 'cleanUp');
  const opts = requireObject(options, 'cleanUp options');
  const drainSeconds = optionalSeconds(opts.drainSeconds, 'cleanUp options.drainSeconds') ?? 0;
  const deleteUnmanaged = optionalBoolean(opts.deleteUnmanagedTargetGroups, 'cleanUp options.deleteUnmanagedTargetGroups', false);
  const snap = await readSnapshot(ctx);
  if (snap.phase === 'deployed' || snap.phase === 'shifting') {
    throw new InvalidStateError(
      `Release ${snap.green?.externalId} is ${snap.phase} but not swapped: run swap() before cleanUp(), or rollback() to discard it.`,
      { state: snap.phase },
    );
  }
  const liveTg = targetGroupOf(snap.primary);
  const old = snap.phase === 'swapped' ? snap.blue : undefined;
  const testRule = await setClosed(ctx.elbv2, snap.testRule, ctx.config.closedResponse ?? {});
  const productionRule = liveTg ? await setForward(ctx.elbv2, snap.productionRule, [{ targetGroupArn: liveTg, weight: 100 }]) : 'already';
  if (old && drainSeconds > 0) await sleep(drainSeconds * 1000, options.abortSignal, 'connection draining');
  return removal(ctx, old, deleteUnmanaged, { productionRule, testRule, primaryTaskSet: 'already' }, (outcome) =>
    outcome === 'already'
      ? 'Nothing to clean up: one task set, the test rule is closed.'
      : `Cleaned up: test rule closed${old ? `, old task set ${old.externalId || old.id} deleted` : ''}.`,
  );
}

/**
 * Undoes the release in flight from any phase: production rule back to blue only (100 %), blue primary again (with
 * auto scaling suspended and restored as in {@link swap}), test rule closed, then - after the green target group's
 * deregistration delay (or `drainSeconds`), so requests in flight to green finish and the rule change has taken
 * effect - green task set deleted and its target group deleted (if this class created it, unless
 * `deleteUnmanagedTargetGroups`). With nothing in flight it is `already`; after {@link cleanUp} the previous release
 * is gone and there is nothing to roll back to. Pass it as `replace` to {@link deployGreen} or as `onAlarm` to
 * {@link shiftTraffic} to roll back from there.
 *
 * @param deployment - the deployment.
 * @param options.drainSeconds - default: green's `deregistration_delay.timeout_seconds` (ELB default 300).
 * @param options.deleteUnmanagedTargetGroups - default false.
 * @remarks IAM: `ecs:DescribeServices`, `ecs:DeleteTaskSet`, `ecs:UpdateServicePrimaryTaskSet`,
 * `elasticloadbalancing:DescribeRules`, `elasticloadbalancing:ModifyRule`,
 * `elasticloadbalancing:DescribeTargetGroupAttributes`, `elasticloadbalancing:DescribeTags`,
 * `elasticloadbalancing:DeleteTargetGroup`, `application-autoscaling:DescribeScalableTargets`,
 * `application-autoscaling:RegisterScalableTarget`.
 *
 * @example
 * ```ts
 * import { rollback } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r = await rollback(deployment);
 * console.log(r.outcome, r.deletedTaskSetArn, r.drainedSeconds);
 * ```
 */
export async function rollback(deployment: EcsTaskSetDeployment, options: RollbackOptions = {}): Promise<RemovalResult> {
  const ctx = stepContext(deployment, 'rollback');
  const opts = requireObject(options, 'rollback options');
  const deleteUnmanaged = optionalBoolean(opts.deleteUnmanagedTargetGroups, 'rollback options.deleteUnmanagedTargetGroups', false);
  const given = optionalSeconds(opts.drainSeconds, 'rollback options.drainSeconds');
  const snap = await readSnapshot(ctx);
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
      ({ productionRule, primaryTaskSet } = (
        await withAutoScalingSuspended(ctx, async () => ({
          productionRule: await setForward(ctx.elbv2, snap.productionRule, restore),
          primaryTaskSet: await makePrimary(ctx, blue.taskSetArn as string),
        }))
      ).result);
    } else if (restore.length > 0) {
      productionRule = await setForward(ctx.elbv2, snap.productionRule, restore);
    }
  }
  // Requests already routed to green finish, and the rule change reaches every load balancer node, before green goes.
  const drainSeconds = green && greenTg ? (given ?? (await deregistrationDelaySeconds(ctx.elbv2, greenTg))) : 0;
  // In dry-run mode nothing was re-weighted: nothing to drain.
  if (drainSeconds > 0 && !ctx.dryRun) {
    ctx.logger.info(`EcsTaskSetDeployment: draining ${greenTg} for ${drainSeconds}s before deleting green`);
    await sleep(drainSeconds * 1000, options.abortSignal, 'deregistration delay');
  }
  const result = await removal(ctx, green, deleteUnmanaged, { productionRule, testRule, primaryTaskSet }, () =>
    green
      ? `Rolled back release ${green.externalId}: production on ${blue?.externalId || 'the previous release'}, green deleted after ${drainSeconds}s.`
      : 'Nothing to roll back: no release in flight.',
  );
  return { ...result, drainedSeconds: drainSeconds };
}

/** Deletes the task set (`force`) and then its target group if this class created it (or `deleteUnmanaged`). */
async function removal(
  ctx: StepContext,
  taskSet: TaskSet | undefined,
  deleteUnmanaged: boolean,
  before: { productionRule: Outcome; testRule: Outcome; primaryTaskSet: Outcome },
  message: (outcome: Outcome) => string,
): Promise<RemovalResult> {
  let taskSetOutcome: Outcome = 'already';
  let targetGroup: Outcome = 'already';
  let deletedTargetGroupArn: string | undefined;
  let keptTargetGroupArn: string | undefined;
  const arn = taskSet?.taskSetArn;
  if (arn) {
    try {
      await ctx.ecs.send(new DeleteTaskSetCommand({ ...ctx.where, taskSet: arn, force: true }));
      taskSetOutcome = 'changed';
    } catch (error) {
      // AWS answers TaskSetNotFoundException; moto a ClientException "... does not exist".
      const gone =
        isAwsError(error, 'TaskSetNotFoundException') ||
        (isAwsError(error, 'ClientException', 'InvalidParameterException') &&
          /does not exist|not found/i.test((error as Error).message ?? ''));
      if (!gone) throw error;
    }
    const tg = targetGroupOf(taskSet);
    const managed = tg && (await isManagedTargetGroup(ctx.elbv2, tg));
    if (tg && (managed === true || (managed === false && deleteUnmanaged))) {
      targetGroup = await deleteTargetGroup(ctx.elbv2, tg);
      deletedTargetGroupArn = tg;
    } else if (tg && managed === false) {
      keptTargetGroupArn = tg;
      ctx.logger.info(`EcsTaskSetDeployment: kept target group ${tg} (not ours; deleteUnmanagedTargetGroups deletes it)`);
    }
  }
  const steps = { ...before, taskSet: taskSetOutcome, targetGroup };
  const outcome = combineOutcomes(Object.values(steps));
  return { outcome, message: message(outcome), deletedTaskSetArn: arn, deletedTargetGroupArn, keptTargetGroupArn, steps };
}

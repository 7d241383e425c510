// deployGreen: a release's target group, task set and test rule (internal: not exported from the subpath).
import {
  combineOutcomes,
  InvalidStateError,
  type Outcome,
  optionalBoolean,
  type ResolvedWaitOptions,
  requireObject,
  requireString,
  type WaitOptions,
  type WaitSetting,
  waitFor,
} from '../core/index.js';
import { TaskSetInFlightError } from './task-set-errors.js';
import { taskSetTargetGroupName } from './task-set-names.js';
import { ensureTargetGroup } from './task-set-resources.js';
import { forwardTargets, ruleView, setForward } from './task-set-rules.js';
import { type Snapshot, targetGroupOf, taskSetView } from './task-set-state.js';
import { createTaskSet, isReady, lastSegment, observe, removeGreen, type StepContext, sameTaskDefinition } from './task-set-steps.js';
import type { DeployGreenOptions, DeployGreenResult, GreenObservation } from './task-set-types.js';

/** Validates the options, then creates (or completes) the release. */
export async function deployGreen(
  ctx: StepContext,
  read: () => Promise<Snapshot>,
  waitOptions: (setting: WaitSetting | undefined, defaults: WaitOptions) => ResolvedWaitOptions | undefined,
  taskDefinition: string,
  options: DeployGreenOptions,
): Promise<DeployGreenResult> {
  const td = requireString(taskDefinition, 'taskDefinition', { maxLength: 2048 });
  const opts = requireObject(options, 'deployGreen options');
  const externalId = requireString(opts.externalId, 'deployGreen options.externalId', { maxLength: 255 });
  const replace = optionalBoolean(opts.replace, 'deployGreen options.replace', false);
  const wait = waitOptions((opts.wait ?? true) as DeployGreenOptions['wait'], { maxWaitTime: 900, minDelay: 5, maxDelay: 30 });

  let snap = await read();
  if (!snap.primary) {
    throw new InvalidStateError(
      `Service ${ctx.config.service} has no primary task set to run beside: create the first task set and make it primary ` +
        '(ecs create-task-set + update-service-primary-task-set) before deployGreen.',
      { state: snap.taskSets.map(taskSetView) },
    );
  }
  if (snap.phase === 'swapped') {
    throw new InvalidStateError(
      `The previous release (${snap.green?.externalId}) is swapped but its old task set still exists: run cleanUp() (or rollback()) first.`,
      { state: snap.phase },
    );
  }
  let replaced: Outcome | undefined;
  if (snap.green && snap.green.externalId !== externalId) {
    if (!replace) {
      throw new TaskSetInFlightError(
        `Service ${ctx.config.service} already has release '${snap.green.externalId}' in flight (${snap.phase}, ${snap.greenPercent}% of ` +
          `production): finish it (swap + cleanUp), roll it back, or pass { replace: true } to roll it back and deploy '${externalId}'.`,
        { state: taskSetView(snap.green), taskSetArn: snap.green.taskSetArn ?? '', externalId: snap.green.externalId ?? '' },
      );
    }
    await removeGreen(ctx, snap, { deleteUnmanagedTargetGroups: false });
    replaced = 'changed';
    snap = await read();
  }
  const blueTg = targetGroupOf(snap.primary);
  const prodTargets = forwardTargets(snap.productionRule);
  if (!blueTg || !prodTargets.some((t) => t.targetGroupArn === blueTg)) {
    throw new InvalidStateError(
      `The production rule does not forward to the primary task set's target group (${blueTg ?? 'none'}): point it there before deployGreen.`,
      { state: ruleView(snap.productionRule) },
    );
  }

  const name = taskSetTargetGroupName(ctx.config.cluster, ctx.config.service, externalId);
  const tg = await ensureTargetGroup(ctx.elbv2, name, ctx.config.targetGroup, {
    'bluegreen-toolkit:service': `${lastSegment(ctx.config.cluster)}/${lastSegment(ctx.config.service)}`,
    'bluegreen-toolkit:external-id': externalId.slice(0, 256),
  });
  const productionRule = prodTargets.some((t) => t.targetGroupArn === tg.arn)
    ? 'already'
    : await setForward(ctx.elbv2, snap.productionRule, [...prodTargets, { targetGroupArn: tg.arn, weight: 0 }]);

  let green = snap.green?.externalId === externalId ? snap.green : undefined;
  let taskSetOutcome: Outcome = 'already';
  if (green) {
    if (!sameTaskDefinition(green.taskDefinition ?? '', td)) {
      throw new InvalidStateError(
        `Release '${externalId}' is already deployed with ${green.taskDefinition}, not ${td}: use a new externalId for a new task definition.`,
        { state: taskSetView(green) },
      );
    }
  } else {
    green = await createTaskSet(ctx, td, externalId, tg.arn);
    taskSetOutcome = 'changed';
  }
  const taskSetArn = green.taskSetArn as string;

  let observed: GreenObservation | undefined;
  if (wait) {
    observed = await waitFor(
      async () => {
        const obs = await observe(ctx, taskSetArn, tg.arn);
        return isReady(obs, ctx.config.targetHealth?.noUnhealthyTargets ?? true) ? { done: true, value: obs } : { done: false, state: obs };
      },
      {
        ...wait,
        description: `task set ${externalId} of service ${ctx.config.service} to be STEADY_STATE with running == desired and healthy targets`,
      },
    );
  }
  const testRule = await setForward(ctx.elbv2, snap.testRule, [{ targetGroupArn: tg.arn, weight: 1 }]);
  const steps = { targetGroup: tg.outcome, productionRule, taskSet: taskSetOutcome, testRule, ...(replaced ? { replaced } : {}) };
  const outcome = combineOutcomes(Object.values(steps));
  return {
    outcome,
    message:
      outcome === 'already'
        ? `Release ${externalId} is already deployed as ${taskSetArn} behind ${name}, on the test rule.`
        : `Deployed release ${externalId} as ${taskSetArn} behind ${name}; the test rule now forwards to it.`,
    taskSetArn,
    targetGroupArn: tg.arn,
    targetGroupName: name,
    steps,
    observed,
  };
}

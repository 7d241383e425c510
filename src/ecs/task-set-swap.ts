// swap: the release becomes the primary task set and takes all production traffic.
import { combineOutcomes, InvalidStateError } from '../core/index.js';
import { type EcsTaskSetDeployment, stepContext } from './ecs-task-set-deployment.js';
import { makePrimary, withAutoScalingSuspended } from './task-set-autoscaling.js';
import { forwardTargets, sameTargets, setForward } from './task-set-rules.js';
import { readSnapshot, requireOpened, targetGroupOf } from './task-set-state.js';
import type { SwapResult } from './task-set-types.js';

/**
 * Makes the release live: suspends the service's auto scaling (Application Auto Scaling `SuspendedState`), sends
 * 100 % of production traffic to green (blue stays on the rule with weight 0 until {@link cleanUp}), makes green the
 * primary task set, and restores auto scaling to its previous state - also when a step fails. A scalable target that
 * was already fully suspended is left suspended.
 *
 * @param deployment - the deployment.
 * @returns what each part did and what happened to auto scaling.
 * @throws `InvalidStateError` when no release is in flight, or it has neither production traffic nor the test rule
 * (run {@link openTestTraffic} first: it waits until the task set is ready).
 *
 * @remarks IAM: `ecs:DescribeServices`, `ecs:UpdateServicePrimaryTaskSet`, `elasticloadbalancing:DescribeRules`,
 * `elasticloadbalancing:ModifyRule`, `application-autoscaling:DescribeScalableTargets`,
 * `application-autoscaling:RegisterScalableTarget`.
 *
 * @example
 * ```ts
 * import { swap } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r = await swap(deployment);
 * console.log(r.primaryTaskSetArn, r.autoScaling); // 'suspended-and-resumed'
 * ```
 */
export async function swap(deployment: EcsTaskSetDeployment): Promise<SwapResult> {
  const ctx = stepContext(deployment, 'swap');
  const snap = await readSnapshot(ctx);
  const green = snap.green;
  const greenTg = targetGroupOf(green);
  if (!green || !greenTg) {
    throw new InvalidStateError(`No release is in flight on service ${ctx.config.service}: nothing to swap (run deployGreen() first).`, {
      state: snap.phase,
    });
  }
  const blueTg = targetGroupOf(snap.blue);
  const targets = [{ targetGroupArn: greenTg, weight: 100 }, ...(blueTg ? [{ targetGroupArn: blueTg, weight: 0 }] : [])];
  const primaryDone = green.status === 'PRIMARY';
  const greenArn = green.taskSetArn as string;
  const message = `Release ${green.externalId} is primary and takes all production traffic.`;
  if (primaryDone && sameTargets(forwardTargets(snap.productionRule), targets)) {
    return {
      outcome: 'already',
      message,
      primaryTaskSetArn: greenArn,
      steps: { productionRule: 'already', primaryTaskSet: 'already' },
      autoScaling: 'untouched',
    };
  }
  if (!primaryDone) requireOpened(snap, greenTg);
  const { result, autoScaling } = await withAutoScalingSuspended(ctx, async () => ({
    productionRule: await setForward(ctx.elbv2, snap.productionRule, targets),
    primaryTaskSet: primaryDone ? ('already' as const) : await makePrimary(ctx, greenArn),
  }));
  return { outcome: combineOutcomes(Object.values(result)), message, primaryTaskSetArn: greenArn, steps: result, autoScaling };
}

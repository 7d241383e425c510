// The per-step options and results of the task-set steps (public types; re-exported by task-set-types).
import type { Outcome, StackReference, StepResult, WaitSetting } from '../core/index.js';
import type { EcsTaskSetDeployment } from './ecs-task-set-deployment.js';
import type { AlarmGate } from './task-set-types.js';
import type { TargetHealthCounts } from './task-set-views.js';

/**
 * The shape of {@link rollback}: what `replace` of {@link DeployGreenOptions} and `onAlarm` of
 * {@link ShiftTrafficOptions} take, so a hook that never rolls back does not bundle it.
 *
 * @example
 * ```ts
 * import { type RollbackStep, rollback, shiftTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const onAlarm: RollbackStep = rollback;
 * await shiftTraffic(deployment, 50, { stepPercent: 10, intervalSeconds: 120, onAlarm });
 * ```
 */
export type RollbackStep = (deployment: EcsTaskSetDeployment, options?: RollbackOptions) => Promise<RemovalResult>;

/**
 * Options of {@link deployGreen}.
 *
 * @example
 * ```ts
 * import { deployGreen, type DeployGreenOptions, rollback } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const options: DeployGreenOptions = { externalId: `build-${process.env.BUILD_NUMBER}`, replace: rollback };
 * await deployGreen(deployment, 'orders-api:42', options);
 * ```
 */
export interface DeployGreenOptions {
  /** Identifies the release (build number, commit); names the task set and its target group. Required. */
  externalId: string;
  /**
   * Replace a different release already in flight: pass {@link rollback} (imported from
   * `bluegreen-toolkit/ecs-task-sets`), which rolls it back first. Default: refuse with `TaskSetInFlightError`.
   */
  replace?: RollbackStep;
}

/**
 * What {@link deployGreen} returns.
 *
 * @example
 * ```ts
 * import { deployGreen, type DeployGreenResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: DeployGreenResult = await deployGreen(deployment, 'orders-api:42', { externalId: 'build-42' });
 * console.log(r.outcome, r.targetGroupName, r.steps.taskSet); // 'changed' 'orders-api-build-42-1af8f5' 'changed'
 * ```
 */
export interface DeployGreenResult extends StepResult {
  /** The green task set. */
  taskSetArn: string;
  /** Its target group. */
  targetGroupArn: string;
  /** The target group's name. */
  targetGroupName: string;
  /**
   * What each part did: the target group created, added to the production rule with weight 0, the task set created,
   * and (only with `replace`) a different release rolled back first.
   */
  steps: { targetGroup: Outcome; productionRule: Outcome; taskSet: Outcome; replaced?: Outcome };
}

/**
 * Options of {@link openTestTraffic}.
 *
 * @example
 * ```ts
 * import { openTestTraffic, type OpenTestTrafficOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const options: OpenTestTrafficOptions = { externalId: `build-${process.env.BUILD_NUMBER}`, wait: { maxWaitTime: 1200 } };
 * await openTestTraffic(deployment, options);
 * ```
 */
export interface OpenTestTrafficOptions {
  /** The release whose task set the test rule should forward to (the `externalId` given to {@link deployGreen}). Required. */
  externalId: string;
  /**
   * Wait until the task set is stable and its targets healthy before pointing the test rule at it (default true:
   * `maxWaitTime` 900 s, `minDelay` 5 s, `maxDelay` 30 s; `false` points it without waiting).
   */
  wait?: WaitSetting;
}

/**
 * What {@link openTestTraffic} returns.
 *
 * @example
 * ```ts
 * import { openTestTraffic, type OpenTestTrafficResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: OpenTestTrafficResult = await openTestTraffic(deployment, { externalId: 'build-42' });
 * console.log(r.outcome, r.targetGroupArn); // 'changed' 'arn:aws:elasticloadbalancing:...'
 * if (r.observed) console.log(`${r.observed.targets.healthy} healthy targets (${r.observed.requiredHealthyTargets} needed)`);
 * ```
 */
export interface OpenTestTrafficResult extends StepResult {
  /** The green task set. */
  taskSetArn: string;
  /** Its target group, which the test rule now forwards to. */
  targetGroupArn: string;
  /** The last stability and health observation (undefined without waiting). */
  observed: GreenObservation | undefined;
}

/**
 * One stability and health observation of a new task set: {@link OpenTestTrafficResult.observed}, and the `lastState`
 * of the `WaitTimeoutError` when the task set does not get ready in time.
 *
 * @example
 * ```ts
 * import { WaitTimeoutError } from 'bluegreen-toolkit';
 * import { type GreenObservation, openTestTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * try {
 *   await openTestTraffic(deployment, { externalId: 'build-42' });
 * } catch (error) {
 *   if (error instanceof WaitTimeoutError) {
 *     const last = error.lastState as GreenObservation;
 *     console.error(`${last.runningCount}/${last.computedDesiredCount} running, ${last.targets.healthy}/${last.requiredHealthyTargets} healthy`);
 *   }
 *   throw error;
 * }
 * ```
 */
export interface GreenObservation {
  /** Task set stability: `STEADY_STATE` or `STABILIZING`. */
  stabilityStatus: string;
  /** Running tasks. */
  runningCount: number;
  /** Tasks ECS wants. */
  computedDesiredCount: number;
  /** Pending tasks. */
  pendingCount: number;
  /** Healthy targets needed (from `targetHealth.minHealthyTargets`). */
  requiredHealthyTargets: number;
  /** Target counts by state. */
  targets: TargetHealthCounts;
}

/**
 * Options of {@link shiftTraffic}.
 *
 * @example
 * ```ts
 * import { rollback, shiftTraffic, type ShiftTrafficOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // 25 %, 50 %, 75 %, 100 %, baking 5 minutes after each step; roll back on any alarm.
 * const linear: ShiftTrafficOptions = { stepPercent: 25, intervalSeconds: 300, onAlarm: rollback };
 * await shiftTraffic(deployment, 100, linear);
 * ```
 */
export interface ShiftTrafficOptions {
  /** Linear steps: move up by this many percent per step, 1 to 100 (default: one step, straight to the target; a decrease is always one step). */
  stepPercent?: number;
  /** Seconds to bake after each step before the alarm check (default 0). */
  intervalSeconds?: number;
  /** Overrides the constructor's `alarmGate` for this call. */
  alarmGate?: AlarmGate;
  /** Overrides the constructor's `alarmRef` for this call. */
  alarmRef?: StackReference;
  /** On alarm: `'hold'` (default) leaves the last safe weight; {@link rollback} (the function of this subpath) rolls back. */
  onAlarm?: 'hold' | RollbackStep;
  /** Cancels the bake pauses. */
  abortSignal?: AbortSignal;
}

/**
 * What {@link shiftTraffic} returns.
 *
 * @example
 * ```ts
 * import { shiftTraffic, type ShiftTrafficResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // From 10 %, with an alarm gate: checked before the first step and after each one.
 * const r: ShiftTrafficResult = await shiftTraffic(deployment, 50, { stepPercent: 10 });
 * console.log(r.percent, r.applied, r.alarmChecks); // 50 [20, 30, 40, 50] 5
 * ```
 */
export interface ShiftTrafficResult extends StepResult {
  /** Green's share of production traffic now, in percent. */
  percent: number;
  /** The green percentages set, in order (empty when nothing changed). */
  applied: number[];
  /** How many alarm checks passed (0 without an alarm gate). */
  alarmChecks: number;
}

/**
 * What happened to Application Auto Scaling during a swap ({@link SwapResult.autoScaling}).
 *
 * @example
 * ```ts
 * import { type AutoScalingHandling, swap } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const handling: AutoScalingHandling = (await swap(deployment)).autoScaling;
 * if (handling === 'already-suspended') console.warn('auto scaling of the service was suspended before the swap and still is');
 * ```
 */
export type AutoScalingHandling =
  /** Suspended before the swap and resumed (restored) after it. */
  | 'suspended-and-resumed'
  /** The service has no scalable target. */
  | 'not-registered'
  /** It was already fully suspended before the swap, and was left so. */
  | 'already-suspended'
  /** Nothing had to change, so it was not touched. */
  | 'untouched';

/**
 * What {@link swap} returns.
 *
 * @example
 * ```ts
 * import { swap, type SwapResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: SwapResult = await swap(deployment);
 * console.log(r.outcome, r.primaryTaskSetArn, r.steps.primaryTaskSet, r.autoScaling); // 'changed' 'arn:aws:ecs:...' 'changed' 'suspended-and-resumed'
 * ```
 */
export interface SwapResult extends StepResult {
  /** The primary task set now. */
  primaryTaskSetArn: string;
  /** What each part did: 100 % of production traffic to green, green made the primary task set. */
  steps: { productionRule: Outcome; primaryTaskSet: Outcome };
  /** What happened to auto scaling. */
  autoScaling: AutoScalingHandling;
}

/**
 * Options of {@link cleanUp}.
 *
 * @example
 * ```ts
 * import { cleanUp, type CleanUpOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // Give in-flight requests as long as the target group's deregistration delay.
 * const options: CleanUpOptions = { drainSeconds: 30, abortSignal: AbortSignal.timeout(120_000) };
 * await cleanUp(deployment, options);
 * ```
 */
export interface CleanUpOptions {
  /** Seconds to let connections drain between taking the old target group out of the rules and deleting the old task set (default 0). */
  drainSeconds?: number;
  /** Also delete the old target group when this class did not create it (default false: it is kept and reported). */
  deleteUnmanagedTargetGroups?: boolean;
  /** Cancels the drain pause (the call then throws `WaitAbortedError`). */
  abortSignal?: AbortSignal;
}

/**
 * What {@link cleanUp} and {@link rollback} return.
 *
 * @example
 * ```ts
 * import { type RemovalResult, rollback } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: RemovalResult = await rollback(deployment);
 * console.log(r.outcome, r.deletedTaskSetArn);
 * if (r.keptTargetGroupArn) console.log(`kept ${r.keptTargetGroupArn}: it was not created by EcsTaskSetDeployment`);
 * ```
 */
export interface RemovalResult extends StepResult {
  /** The task set deleted (undefined when there was none). */
  deletedTaskSetArn: string | undefined;
  /** The target group deleted (undefined when none was). */
  deletedTargetGroupArn: string | undefined;
  /** A target group left in place because this class did not create it. */
  keptTargetGroupArn: string | undefined;
  /**
   * What each part did: the production rule set to forward only to the task set that stays, the test rule closed, the
   * previous task set made primary again (rollback after a swap), the removed task set deleted, its target group deleted.
   */
  steps: { productionRule: Outcome; testRule: Outcome; primaryTaskSet: Outcome; taskSet: Outcome; targetGroup: Outcome };
  /**
   * For {@link rollback}: the seconds it waited between moving traffic off green and deleting it
   * (the green target group's deregistration delay unless `drainSeconds` was given; 0 when nothing was deleted).
   */
  drainedSeconds?: number;
}

/**
 * Options of {@link rollback}.
 *
 * @example
 * ```ts
 * import { rollback, type RollbackOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const options: RollbackOptions = { deleteUnmanagedTargetGroups: true };
 * await rollback(deployment, options);
 * ```
 */
export interface RollbackOptions {
  /** Also delete green's target group when this class did not create it (default false). */
  deleteUnmanagedTargetGroups?: boolean;
  /**
   * Seconds to wait between moving traffic off green and deleting its task set and target group. Default: the green
   * target group's `deregistration_delay.timeout_seconds` (ELB's default is 300), so requests in flight to green
   * complete and the rule change has reached every load balancer node ("Rule updates do not take effect
   * immediately": ALB User Guide, "Edit a listener rule"). `0` deletes at once.
   */
  drainSeconds?: number;
  /** Cancels the wait (the call then throws `WaitAbortedError`; green is not deleted). */
  abortSignal?: AbortSignal;
}

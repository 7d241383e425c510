// The status, per-method options and results of EcsTaskSetDeployment (public types; re-exported by task-set-types).
import type { Outcome, StackReference, StepResult, WaitSetting } from '../core/index.js';
import type { AlarmGate } from './task-set-types.js';

/**
 * Where the deployment stands, derived from AWS every time ({@link TaskSetDeploymentStatus.phase}).
 *
 * @example
 * ```ts
 * import type { DeploymentPhase } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const nextStep: Record<DeploymentPhase, string> = { idle: 'deployGreen', deployed: 'shiftTraffic', shifting: 'swap', swapped: 'cleanUp' };
 * const { phase } = await deployment.status();
 * console.log(`${phase}: next step is ${nextStep[phase]}()`);
 * ```
 */
export type DeploymentPhase =
  /** One (primary) task set, nothing in flight. */
  | 'idle'
  /** A new task set exists beside the primary; production sends it no traffic. */
  | 'deployed'
  /** Production sends part of the traffic to the new task set. */
  | 'shifting'
  /** The new task set is primary and takes production traffic; the old one still exists. */
  | 'swapped';

/**
 * Target counts of a target group, by health state (from `DescribeTargetHealth`).
 *
 * @example
 * ```ts
 * import type { TargetHealthCounts } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const { green, targetHealth } = await deployment.status();
 * const counts: TargetHealthCounts | undefined = green?.targetGroupArn ? targetHealth[green.targetGroupArn] : undefined;
 * if (counts && counts.unhealthy > 0) console.warn(`${counts.unhealthy} unhealthy targets: ${counts.unhealthyReasons.join(', ')}`);
 * ```
 */
export interface TargetHealthCounts {
  /** `healthy` targets. */
  healthy: number;
  /** `unhealthy` targets. */
  unhealthy: number;
  /** `initial` targets (health checks not yet passed). */
  initial: number;
  /** `draining` targets. */
  draining: number;
  /** Targets in any other state (`unused`, `unavailable`). */
  other: number;
  /** Reasons reported for unhealthy targets (`Target.ResponseCodeMismatch`, ...). */
  unhealthyReasons: string[];
}

/**
 * One task set as {@link EcsTaskSetDeployment.status} reports it.
 *
 * @example
 * ```ts
 * import type { TaskSetView } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const line = (t: TaskSetView | undefined) =>
 *   t ? `${t.externalId || t.taskSetArn} ${t.status} ${t.runningCount}/${t.computedDesiredCount} ${t.stabilityStatus}` : 'none';
 * const s = await deployment.status();
 * console.log(`blue: ${line(s.blue)}, green: ${line(s.green)}`); // blue: build-41 PRIMARY 4/4 STEADY_STATE, green: ...
 * ```
 */
export interface TaskSetView {
  /** Task set ARN. */
  taskSetArn: string;
  /** Its external id (empty when none). */
  externalId: string;
  /** `PRIMARY`, `ACTIVE` or `DRAINING`. */
  status: string;
  /** Task definition ARN. */
  taskDefinition: string;
  /** `STEADY_STATE` or `STABILIZING`. */
  stabilityStatus: string;
  /** Tasks ECS wants (0 when not reported). */
  computedDesiredCount: number;
  /** Running tasks (0 when not reported). */
  runningCount: number;
  /** Pending tasks (0 when not reported). */
  pendingCount: number;
  /** When it was created. */
  createdAt: Date | undefined;
  /** Its target group, if it has one. */
  targetGroupArn: string | undefined;
}

/**
 * A listener rule as {@link EcsTaskSetDeployment.status} reports it.
 *
 * @example
 * ```ts
 * import type { RuleView } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // Target group ARNs read arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>.
 * const show = (rule: RuleView) =>
 *   rule.actionType === 'forward' ? rule.weights.map((w) => `${w.targetGroupArn.split('/')[1]}=${w.percent}%`).join(' ') : rule.actionType;
 * const s = await deployment.status();
 * console.log(`production: ${show(s.productionRule)}; test: ${show(s.testRule)}`);
 * ```
 */
export interface RuleView {
  /** Rule ARN. */
  ruleArn: string;
  /** `forward`, `fixed-response`, ... (the last action, the one that answers). */
  actionType: string;
  /** Forward targets: each target group's weight and its share of the total weight in percent, rounded (empty unless `forward`). */
  weights: { targetGroupArn: string; weight: number; percent: number }[];
}

/**
 * What {@link EcsTaskSetDeployment.status} returns.
 *
 * @example
 * ```ts
 * import type { TaskSetDeploymentStatus } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const s: TaskSetDeploymentStatus = await deployment.status();
 * if (s.phase === 'shifting') console.log(`${s.green?.externalId} takes ${s.greenPercent}% of production traffic`);
 * ```
 */
export interface TaskSetDeploymentStatus {
  /** Where the deployment stands. */
  phase: DeploymentPhase;
  /** The primary task set (live before a swap, the new one after). */
  primary: TaskSetView | undefined;
  /** The task set that was live before this release (undefined when idle). */
  blue: TaskSetView | undefined;
  /** The task set of the release in flight (undefined when idle). */
  green: TaskSetView | undefined;
  /** Percent of production traffic the green task set receives (0 when idle). */
  greenPercent: number;
  /** The production rule. */
  productionRule: RuleView;
  /** The test rule. */
  testRule: RuleView;
  /** Target health per target group ARN. */
  targetHealth: Record<string, TargetHealthCounts>;
}

/**
 * Options of {@link EcsTaskSetDeployment.deployGreen}.
 *
 * @example
 * ```ts
 * import type { DeployGreenOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const options: DeployGreenOptions = { externalId: `build-${process.env.BUILD_NUMBER}`, replace: true, wait: { maxWaitTime: 1200 } };
 * await deployment.deployGreen('orders-api:42', options);
 * ```
 */
export interface DeployGreenOptions {
  /** Identifies the release (build number, commit); names the task set and its target group. Required. */
  externalId: string;
  /** Replace a different task set already in flight (it is rolled back first). Default false. */
  replace?: boolean;
  /**
   * Wait until the task set is stable and its targets healthy before pointing the test rule at it (default true:
   * `maxWaitTime` 900 s, `minDelay` 5 s, `maxDelay` 30 s; `false` does not wait).
   */
  wait?: WaitSetting;
}

/**
 * What {@link EcsTaskSetDeployment.deployGreen} returns.
 *
 * @example
 * ```ts
 * import type { DeployGreenResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: DeployGreenResult = await deployment.deployGreen('orders-api:42', { externalId: 'build-42' });
 * console.log(r.outcome, r.targetGroupName, r.steps.taskSet); // 'changed' 'orders-api-build-42-1af8f5' 'changed'
 * if (r.observed) console.log(`${r.observed.targets.healthy} healthy targets (${r.observed.requiredHealthyTargets} needed)`);
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
   * the test rule pointed at it, and (only with `replace`) a different release rolled back first.
   */
  steps: { targetGroup: Outcome; productionRule: Outcome; taskSet: Outcome; testRule: Outcome; replaced?: Outcome };
  /** The last stability and health observation (undefined without waiting). */
  observed: GreenObservation | undefined;
}

/**
 * One stability and health observation of a new task set: {@link DeployGreenResult.observed}, and the `lastState` of
 * the `WaitTimeoutError` when the task set does not get ready in time.
 *
 * @example
 * ```ts
 * import { WaitTimeoutError } from 'bluegreen-toolkit';
 * import type { GreenObservation } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * try {
 *   await deployment.deployGreen('orders-api:42', { externalId: 'build-42' });
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
 * Options of {@link EcsTaskSetDeployment.shiftTraffic}.
 *
 * @example
 * ```ts
 * import type { ShiftTrafficOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // 25 %, 50 %, 75 %, 100 %, baking 5 minutes after each step; roll back on any alarm.
 * const linear: ShiftTrafficOptions = { stepPercent: 25, intervalSeconds: 300, onAlarm: 'rollback' };
 * await deployment.shiftTraffic(100, linear);
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
  /** On alarm: `'hold'` (default) leaves the last safe weight, `'rollback'` runs {@link EcsTaskSetDeployment.rollback}. */
  onAlarm?: 'hold' | 'rollback';
  /** Cancels the bake pauses. */
  abortSignal?: AbortSignal;
}

/**
 * What {@link EcsTaskSetDeployment.shiftTraffic} returns.
 *
 * @example
 * ```ts
 * import type { ShiftTrafficResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // From 10 %, with an alarm gate: checked before the first step and after each one.
 * const r: ShiftTrafficResult = await deployment.shiftTraffic(50, { stepPercent: 10 });
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
 * import type { AutoScalingHandling } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const handling: AutoScalingHandling = (await deployment.swap()).autoScaling;
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
 * What {@link EcsTaskSetDeployment.swap} returns.
 *
 * @example
 * ```ts
 * import type { SwapResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: SwapResult = await deployment.swap();
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
 * Options of {@link EcsTaskSetDeployment.cleanUp}.
 *
 * @example
 * ```ts
 * import type { CleanUpOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // Give in-flight requests as long as the target group's deregistration delay.
 * const options: CleanUpOptions = { drainSeconds: 30, abortSignal: AbortSignal.timeout(120_000) };
 * await deployment.cleanUp(options);
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
 * What {@link EcsTaskSetDeployment.cleanUp} and {@link EcsTaskSetDeployment.rollback} return.
 *
 * @example
 * ```ts
 * import type { RemovalResult } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const r: RemovalResult = await deployment.rollback();
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
   * For {@link EcsTaskSetDeployment.rollback}: the seconds it waited between moving traffic off green and deleting it
   * (the green target group's deregistration delay unless `drainSeconds` was given; 0 when nothing was deleted).
   */
  drainedSeconds?: number;
}

/**
 * Options of {@link EcsTaskSetDeployment.rollback}.
 *
 * @example
 * ```ts
 * import type { RollbackOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const options: RollbackOptions = { deleteUnmanagedTargetGroups: true };
 * await deployment.rollback(options);
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

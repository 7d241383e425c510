// What deploymentStatus reports (public types; re-exported by task-set-types).

/**
 * Where the deployment stands, derived from AWS every time ({@link TaskSetDeploymentStatus.phase}).
 *
 * @example
 * ```ts
 * import { type DeploymentPhase, deploymentStatus } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const nextStep: Record<DeploymentPhase, string> = { idle: 'deployGreen', deployed: 'shiftTraffic', shifting: 'swap', swapped: 'cleanUp' };
 * const { phase } = await deploymentStatus(deployment);
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
 * import { deploymentStatus, type TargetHealthCounts } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const { green, targetHealth } = await deploymentStatus(deployment);
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
 * One task set as {@link deploymentStatus} reports it.
 *
 * @example
 * ```ts
 * import { deploymentStatus, type TaskSetView } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const line = (t: TaskSetView | undefined) =>
 *   t ? `${t.externalId || t.taskSetArn} ${t.status} ${t.runningCount}/${t.computedDesiredCount} ${t.stabilityStatus}` : 'none';
 * const s = await deploymentStatus(deployment);
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
 * A listener rule as {@link deploymentStatus} reports it.
 *
 * @example
 * ```ts
 * import { deploymentStatus, type RuleView } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // Target group ARNs read arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>.
 * const show = (rule: RuleView) =>
 *   rule.actionType === 'forward' ? rule.weights.map((w) => `${w.targetGroupArn.split('/')[1]}=${w.percent}%`).join(' ') : rule.actionType;
 * const s = await deploymentStatus(deployment);
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
 * What {@link deploymentStatus} returns.
 *
 * @example
 * ```ts
 * import { deploymentStatus, type TaskSetDeploymentStatus } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const s: TaskSetDeploymentStatus = await deploymentStatus(deployment);
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

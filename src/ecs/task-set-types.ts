import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { CapacityProviderStrategyItem, ECSClient, LaunchType, NetworkConfiguration } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client, ProtocolEnum, TargetTypeEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClientConfig, CommonToolOptions, Outcome, StackReference, StepResult, WaitSetting } from '../core/index.js';

/**
 * Anything that reports which alarms of a stack are in ALARM. `CloudWatchTools` from `bluegreen-toolkit/cloudwatch`
 * fits as it is; the ECS subpath only needs this shape, so it never loads the CloudWatch client itself.
 *
 * @example
 * ```ts
 * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
 * import type { AlarmGate } from 'bluegreen-toolkit/ecs';
 *
 * const gate: AlarmGate = new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } });
 * ```
 */
export interface AlarmGate {
  /** Resolves with the names of the stack's alarms that are in ALARM. */
  getAlarmStates(ref: StackReference): Promise<{ inAlarm: string[] }>;
}

/** Health check settings of the target groups the class creates (ELBv2 defaults where omitted). */
export interface TaskSetHealthCheck {
  /** Path checked, for example `/health` (HTTP/HTTPS only). */
  path?: string;
  /** `traffic-port` (default) or a port number as a string. */
  port?: string;
  /** Protocol of the check (default: the target group's). */
  protocol?: ProtocolEnum;
  /** Seconds between checks. */
  intervalSeconds?: number;
  /** Seconds before a check fails. */
  timeoutSeconds?: number;
  /** Consecutive successes before a target is healthy. */
  healthyThresholdCount?: number;
  /** Consecutive failures before a target is unhealthy. */
  unhealthyThresholdCount?: number;
  /** HTTP codes that count as success, for example `200-299`. */
  matcher?: string;
}

/** How the target groups the class creates are set up. */
export interface TaskSetTargetGroupSettings {
  /** The VPC of the load balancer. */
  vpcId: string;
  /** The port the containers listen on. */
  port: number;
  /** `HTTP` (default), `HTTPS`, ... */
  protocol?: ProtocolEnum;
  /** `ip` (default, for `awsvpc` tasks) or `instance`. */
  targetType?: TargetTypeEnum;
  /** Health check settings. */
  healthCheck?: TaskSetHealthCheck;
  /** Deregistration delay in seconds (ELBv2 default 300). */
  deregistrationDelaySeconds?: number;
}

/**
 * When the targets of a new task set count as healthy: at least `minHealthyTargets` targets `healthy` and (by
 * default) none `unhealthy`.
 */
export interface TargetHealthRule {
  /**
   * `'desired'` (default): the task set's `computedDesiredCount` (0 when ECS reports none). A number: that many.
   * `0` skips the healthy count (the stability and unhealthy checks still apply).
   */
  minHealthyTargets?: number | 'desired';
  /** Fail the check while any target is `unhealthy` (default true). */
  noUnhealthyTargets?: boolean;
}

/** What a closed test rule answers (a fixed response). */
export interface ClosedResponse {
  /** HTTP status code (default `503`). */
  statusCode?: string;
  /** Content type (default `text/plain`). */
  contentType?: 'text/plain' | 'text/css' | 'text/html' | 'application/javascript' | 'application/json';
  /** Body (default `no test environment`). */
  messageBody?: string;
}

/** The SDK clients {@link EcsTaskSetDeployment} uses; any left out is created from `clientConfig`. */
export interface EcsTaskSetDeploymentClients {
  /** ECS client. */
  ecs?: ECSClient;
  /** Elastic Load Balancing v2 client. */
  elbv2?: ElasticLoadBalancingV2Client;
  /** Application Auto Scaling client. */
  applicationAutoScaling?: ApplicationAutoScalingClient;
}

/** Options of `new EcsTaskSetDeployment(...)`. */
export interface EcsTaskSetDeploymentOptions extends CommonToolOptions {
  /** Cluster name or ARN. */
  cluster: string;
  /** Service name or ARN; the service must use the `EXTERNAL` deployment controller. */
  service: string;
  /** ARN of the production listener rule (a non-default rule). */
  productionRuleArn: string;
  /** ARN of the test listener rule (a non-default rule, usually on a second listener or port). */
  testRuleArn: string;
  /** The container and port the load balancer sends traffic to. */
  container: { name: string; port: number };
  /** Settings of the target groups created for new task sets. */
  targetGroup: TaskSetTargetGroupSettings;
  /** Network configuration of new task sets (required for `awsvpc` task definitions). */
  networkConfiguration?: NetworkConfiguration;
  /** Launch type of new task sets (not with `capacityProviderStrategy`). */
  launchType?: LaunchType;
  /** Capacity provider strategy of new task sets (not with `launchType`). */
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** Fargate platform version of new task sets. */
  platformVersion?: string;
  /** Size of a new task set, in percent of the service's desired count (default 100). */
  scalePercent?: number;
  /** When new targets count as healthy (default `{ minHealthyTargets: 'desired', noUnhealthyTargets: true }`). */
  targetHealth?: TargetHealthRule;
  /** What the test rule answers when closed (default 503 `no test environment`). */
  closedResponse?: ClosedResponse;
  /** Checked between the steps of `shiftTraffic` (for example a `CloudWatchTools`). */
  alarmGate?: AlarmGate;
  /** Which stack's alarms the gate checks (default `StackReference.Green`). */
  alarmRef?: StackReference;
  /** Existing clients (xor `clientConfig`). */
  clients?: EcsTaskSetDeploymentClients;
  /** Settings for the clients the class creates (xor `clients`). */
  clientConfig?: AwsClientConfig;
}

/** Where the deployment stands, derived from AWS every time. */
export type DeploymentPhase =
  /** One (primary) task set, nothing in flight. */
  | 'idle'
  /** A new task set exists beside the primary; production sends it no traffic. */
  | 'deployed'
  /** Production sends part of the traffic to the new task set. */
  | 'shifting'
  /** The new task set is primary and takes production traffic; the old one still exists. */
  | 'swapped';

/** Target counts of a target group, by health state. */
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

/** One task set as {@link EcsTaskSetDeployment.status} reports it. */
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

/** A listener rule as {@link EcsTaskSetDeployment.status} reports it. */
export interface RuleView {
  /** Rule ARN. */
  ruleArn: string;
  /** `forward`, `fixed-response`, ... (the last action, the one that answers). */
  actionType: string;
  /** Forward weights, in percent of the total weight (empty unless `forward`). */
  weights: { targetGroupArn: string; weight: number; percent: number }[];
}

/** What {@link EcsTaskSetDeployment.status} returns. */
export interface TaskSetDeploymentStatus {
  /** Where the deployment stands. */
  phase: DeploymentPhase;
  /** The primary task set (live before a swap, the new one after). */
  primary: TaskSetView | undefined;
  /** The task set that was live before this release (undefined when idle). */
  blue: TaskSetView | undefined;
  /** The task set of the release in flight (undefined when idle). */
  green: TaskSetView | undefined;
  /** Percent of production traffic the green task set receives. */
  greenPercent: number;
  /** The production rule. */
  productionRule: RuleView;
  /** The test rule. */
  testRule: RuleView;
  /** Target health per target group ARN. */
  targetHealth: Record<string, TargetHealthCounts>;
}

/** Options of {@link EcsTaskSetDeployment.deployGreen}. */
export interface DeployGreenOptions {
  /** Identifies the release (build number, commit); names the task set and its target group. Required. */
  externalId: string;
  /** Replace a different task set already in flight (it is rolled back first). Default false. */
  replace?: boolean;
  /** Wait until the task set is stable and its targets healthy (default true; 900 s). */
  wait?: WaitSetting;
}

/** What {@link EcsTaskSetDeployment.deployGreen} returns. */
export interface DeployGreenResult extends StepResult {
  /** The green task set. */
  taskSetArn: string;
  /** Its target group. */
  targetGroupArn: string;
  /** The target group's name. */
  targetGroupName: string;
  /** What each part did. */
  steps: { targetGroup: Outcome; productionRule: Outcome; taskSet: Outcome; testRule: Outcome; replaced?: Outcome };
  /** The last stability and health observation (undefined without waiting). */
  observed: GreenObservation | undefined;
}

/** One stability and health observation of a new task set. */
export interface GreenObservation {
  /** Task set stability. */
  stabilityStatus: string;
  /** Running tasks. */
  runningCount: number;
  /** Tasks ECS wants. */
  computedDesiredCount: number;
  /** Pending tasks. */
  pendingCount: number;
  /** Healthy targets needed. */
  requiredHealthyTargets: number;
  /** Target counts by state. */
  targets: TargetHealthCounts;
}

/** Options of {@link EcsTaskSetDeployment.shiftTraffic}. */
export interface ShiftTrafficOptions {
  /** Linear steps: move by this many percent per step (default: one step, straight to the target). */
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

/** What {@link EcsTaskSetDeployment.shiftTraffic} returns. */
export interface ShiftTrafficResult extends StepResult {
  /** Green's share of production traffic now, in percent. */
  percent: number;
  /** The green percentages set, in order (empty when nothing changed). */
  applied: number[];
  /** How many alarm checks passed. */
  alarmChecks: number;
}

/** What happened to Application Auto Scaling during a swap. */
export type AutoScalingHandling =
  /** Suspended before the swap and resumed (restored) after it. */
  | 'suspended-and-resumed'
  /** The service has no scalable target. */
  | 'not-registered'
  /** It was already fully suspended before the swap, and was left so. */
  | 'already-suspended'
  /** Nothing had to change, so it was not touched. */
  | 'untouched';

/** What {@link EcsTaskSetDeployment.swap} returns. */
export interface SwapResult extends StepResult {
  /** The primary task set now. */
  primaryTaskSetArn: string;
  /** What each part did. */
  steps: { productionRule: Outcome; primaryTaskSet: Outcome };
  /** What happened to auto scaling. */
  autoScaling: AutoScalingHandling;
}

/** Options of {@link EcsTaskSetDeployment.cleanUp}. */
export interface CleanUpOptions {
  /** Seconds to let connections drain between taking the old target group out of the rules and deleting the old task set (default 0). */
  drainSeconds?: number;
  /** Also delete the old target group when this class did not create it (default false: it is kept and reported). */
  deleteUnmanagedTargetGroups?: boolean;
  /** Cancels the drain pause. */
  abortSignal?: AbortSignal;
}

/** What {@link EcsTaskSetDeployment.cleanUp} and {@link EcsTaskSetDeployment.rollback} return. */
export interface RemovalResult extends StepResult {
  /** The task set deleted (undefined when there was none). */
  deletedTaskSetArn: string | undefined;
  /** The target group deleted. */
  deletedTargetGroupArn: string | undefined;
  /** A target group left in place because this class did not create it. */
  keptTargetGroupArn: string | undefined;
  /** What each part did. */
  steps: { productionRule: Outcome; testRule: Outcome; primaryTaskSet: Outcome; taskSet: Outcome; targetGroup: Outcome };
}

/** Options of {@link EcsTaskSetDeployment.rollback}. */
export interface RollbackOptions {
  /** Also delete green's target group when this class did not create it (default false). */
  deleteUnmanagedTargetGroups?: boolean;
}

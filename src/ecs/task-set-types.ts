import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { CapacityProviderStrategyItem, ECSClient, LaunchType, NetworkConfiguration } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client, ProtocolEnum, TargetTypeEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClientConfig, CommonToolOptions, StackReference } from '../core/index.js';

/**
 * Anything that reports which alarms of a stack are in ALARM. `CloudWatchTools` from `bluegreen-toolkit/cloudwatch`
 * fits as it is; the ECS subpath only needs this shape, so it never loads the CloudWatch client itself.
 *
 * @example
 * ```ts
 * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
 * import type { AlarmGate } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const gate: AlarmGate = new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } });
 * ```
 */
export interface AlarmGate {
  /** Resolves with the names of the stack's alarms that are in ALARM. */
  getAlarmStates(ref: StackReference): Promise<{ inAlarm: string[] }>;
}

/**
 * Health check settings of the target groups {@link EcsTaskSetDeployment} creates; every field left out keeps the
 * ELBv2 default. Only used when a target group is created: an existing one is not modified.
 *
 * @example
 * ```ts
 * import type { TaskSetHealthCheck } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const healthCheck: TaskSetHealthCheck = { path: '/health', intervalSeconds: 10, healthyThresholdCount: 2, matcher: '200-299' };
 * ```
 */
export interface TaskSetHealthCheck {
  /** Path checked, for example `/health` (HTTP/HTTPS only; ELBv2 default `/`). */
  path?: string;
  /** `traffic-port` (default) or a port number as a string. */
  port?: string;
  /** Protocol of the check (default: the target group's). */
  protocol?: ProtocolEnum;
  /** Seconds between checks (ELBv2 default 30). */
  intervalSeconds?: number;
  /** Seconds before a check fails (ELBv2 default 5 for HTTP/HTTPS). */
  timeoutSeconds?: number;
  /** Consecutive successes before a target is healthy (ELBv2 default 5 for HTTP/HTTPS). */
  healthyThresholdCount?: number;
  /** Consecutive failures before a target is unhealthy (ELBv2 default 2 for HTTP/HTTPS). */
  unhealthyThresholdCount?: number;
  /** HTTP codes that count as success, for example `200-299` (ELBv2 default `200`). */
  matcher?: string;
}

/**
 * How the target groups {@link EcsTaskSetDeployment} creates (one per release) are set up. Only used when a target
 * group is created: one that already exists under the release's name is used as it is.
 *
 * @example
 * ```ts
 * import type { TaskSetTargetGroupSettings } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const targetGroup: TaskSetTargetGroupSettings = {
 *   vpcId: 'vpc-0abc1234',
 *   port: 8080,
 *   healthCheck: { path: '/health', matcher: '200' },
 *   deregistrationDelaySeconds: 30,
 * };
 * ```
 */
export interface TaskSetTargetGroupSettings {
  /** The VPC of the load balancer (`vpc-...`). */
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
 * default) none `unhealthy`. {@link openTestTraffic} also waits for the task set to be
 * `STEADY_STATE` with as many running tasks as it wants, before it points the test rule at it.
 *
 * @example
 * ```ts
 * import type { TargetHealthRule } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * // Two healthy targets are enough, even while a third one is still failing its checks.
 * const targetHealth: TargetHealthRule = { minHealthyTargets: 2, noUnhealthyTargets: false };
 * ```
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

/**
 * What the test rule answers while it is closed (a fixed response): after {@link cleanUp} and
 * {@link rollback}.
 *
 * @example
 * ```ts
 * import type { ClosedResponse } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const closedResponse: ClosedResponse = { statusCode: '404', contentType: 'application/json', messageBody: '{"error":"no release under test"}' };
 * ```
 */
export interface ClosedResponse {
  /** HTTP status code, a `2xx`, `4xx` or `5xx` as a string (default `503`). */
  statusCode?: string;
  /** Content type (default `text/plain`). */
  contentType?: 'text/plain' | 'text/css' | 'text/html' | 'application/javascript' | 'application/json';
  /** Body (default `no test environment`). */
  messageBody?: string;
}

/**
 * SDK clients {@link EcsTaskSetDeployment} may be given instead of `clientConfig`. `clients` and `clientConfig`
 * cannot be combined, so a client left out here is created with the SDK's default settings (region and credentials
 * from the environment).
 *
 * @example
 * ```ts
 * import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
 * import { ECSClient } from '@aws-sdk/client-ecs';
 * import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
 * import type { EcsTaskSetDeploymentClients } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const region = 'eu-west-1';
 * const clients: EcsTaskSetDeploymentClients = {
 *   ecs: new ECSClient({ region }),
 *   elbv2: new ElasticLoadBalancingV2Client({ region }),
 *   applicationAutoScaling: new ApplicationAutoScalingClient({ region }),
 * };
 * ```
 */
export interface EcsTaskSetDeploymentClients {
  /** ECS client. */
  ecs?: ECSClient;
  /** Elastic Load Balancing v2 client. */
  elbv2?: ElasticLoadBalancingV2Client;
  /** Application Auto Scaling client. */
  applicationAutoScaling?: ApplicationAutoScalingClient;
}

/**
 * Options of `new EcsTaskSetDeployment(...)`. A bad one is a `ConfigError` naming it, before any AWS call: from the
 * constructor for the options every step uses, from the step that uses it for the others (`container`, `targetGroup`,
 * `networkConfiguration`, `launchType`, `capacityProviderStrategy`, `scalePercent`: {@link deployGreen};
 * `targetHealth`: {@link openTestTraffic}; `alarmGate`, `alarmRef`: {@link shiftTraffic}).
 *
 * @example
 * ```ts
 * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
 * import { EcsTaskSetDeployment, type EcsTaskSetDeploymentOptions } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const options: EcsTaskSetDeploymentOptions = {
 *   cluster: 'prod',
 *   service: 'orders-api',
 *   productionRuleArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
 *   testRuleArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/0467ef3c8400ae65/7bb2d6fa1a8b3c24',
 *   container: { name: 'api', port: 8080 },
 *   targetGroup: { vpcId: 'vpc-0abc1234', port: 8080, healthCheck: { path: '/health' } },
 *   networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], securityGroups: ['sg-0123abcd'] } },
 *   launchType: 'FARGATE',
 *   targetHealth: { minHealthyTargets: 'desired', noUnhealthyTargets: true },
 *   alarmGate: new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } }),
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * const deployment = new EcsTaskSetDeployment(options);
 * ```
 */
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
  /** Launch type of new task sets (not with `capacityProviderStrategy`; with neither, the cluster's default capacity provider strategy). */
  launchType?: LaunchType;
  /** Capacity provider strategy of new task sets (not with `launchType`). */
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  /** Fargate platform version of new task sets (ECS default `LATEST`). */
  platformVersion?: string;
  /** Size of a new task set, in percent of the service's desired count: an integer from 0 to 100 (default 100). */
  scalePercent?: number;
  /** When new targets count as healthy (default `{ minHealthyTargets: 'desired', noUnhealthyTargets: true }`). */
  targetHealth?: TargetHealthRule;
  /** What the test rule answers when closed (default 503 `no test environment`). */
  closedResponse?: ClosedResponse;
  /** Checked before and after every step of {@link shiftTraffic} (for example a `CloudWatchTools`; default: no check). */
  alarmGate?: AlarmGate;
  /** Which stack's alarms the gate checks (default `StackReference.Green`). */
  alarmRef?: StackReference;
  /** Existing clients (xor `clientConfig`). */
  clients?: EcsTaskSetDeploymentClients;
  /** Settings for the clients the class creates (xor `clients`). */
  clientConfig?: AwsClientConfig;
}

export type {
  AutoScalingHandling,
  CleanUpOptions,
  DeployGreenOptions,
  DeployGreenResult,
  GreenObservation,
  OpenTestTrafficOptions,
  OpenTestTrafficResult,
  RemovalResult,
  RollbackOptions,
  RollbackStep,
  ShiftTrafficOptions,
  ShiftTrafficResult,
  SwapResult,
} from './task-set-results.js';
export type { DeploymentPhase, RuleView, TargetHealthCounts, TaskSetDeploymentStatus, TaskSetView } from './task-set-views.js';

/**
 * `bluegreen-toolkit/ecs`: ECS services scaled between their configured size and zero with Application Auto Scaling
 * kept in step ({@link EcsTools}), and blue/green with task sets and weighted ALB listener rules under the EXTERNAL
 * deployment controller ({@link EcsTaskSetDeployment}). Imports only `@aws-sdk/client-ecs`,
 * `@aws-sdk/client-elastic-load-balancing-v2` and `@aws-sdk/client-application-auto-scaling` plus core.
 *
 * @example
 * ```ts
 * import { EcsTaskSetDeployment, EcsTools } from 'bluegreen-toolkit/ecs';
 *
 * const ecs = new EcsTools({ services, clientConfig: { region: 'eu-west-1' } });
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/ecs
 */
export { EcsTaskSetDeployment } from './ecs-task-set-deployment.js';
export {
  type EcsClients,
  type EcsServiceChangeOptions,
  type EcsServiceConfig,
  type EcsServiceResult,
  EcsTools,
  type EcsToolsOptions,
} from './ecs-tools.js';
export {
  type CapacityRange,
  ECS_CAPACITY_TAG,
  type EcsDeploymentState,
  type EcsServiceState,
  type EcsTaskSetState,
} from './service-state.js';
export { AlarmGateError, TaskSetInFlightError } from './task-set-errors.js';
export { isValidTargetGroupName, MAX_TARGET_GROUP_NAME_LENGTH, taskSetTargetGroupName } from './task-set-names.js';
export { MANAGED_TAG, MANAGED_VALUE } from './task-set-resources.js';
export type {
  AlarmGate,
  AutoScalingHandling,
  CleanUpOptions,
  ClosedResponse,
  DeployGreenOptions,
  DeployGreenResult,
  DeploymentPhase,
  EcsTaskSetDeploymentClients,
  EcsTaskSetDeploymentOptions,
  GreenObservation,
  RemovalResult,
  RollbackOptions,
  RuleView,
  ShiftTrafficOptions,
  ShiftTrafficResult,
  SwapResult,
  TargetHealthCounts,
  TargetHealthRule,
  TaskSetDeploymentStatus,
  TaskSetHealthCheck,
  TaskSetTargetGroupSettings,
  TaskSetView,
} from './task-set-types.js';

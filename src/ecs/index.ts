/**
 * `bluegreen-toolkit/ecs`: ECS blue/green tools. Imports only `@aws-sdk/client-ecs`,
 * `@aws-sdk/client-elastic-load-balancing-v2` and `@aws-sdk/client-application-auto-scaling` plus core.
 *
 * @example
 * ```ts
 * import { EcsTaskSetDeployment } from 'bluegreen-toolkit/ecs';
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/ecs
 */
export { EcsTaskSetDeployment } from './ecs-task-set-deployment.js';
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

/**
 * `bluegreen-toolkit/ecs-task-sets`: blue/green for an ECS service under the EXTERNAL deployment controller, with task
 * sets and weighted ALB listener rules ({@link EcsTaskSetDeployment}). Imports `@aws-sdk/client-ecs`,
 * `@aws-sdk/client-elastic-load-balancing-v2` and `@aws-sdk/client-application-auto-scaling` plus core. (Until
 * 0.x it was part of `bluegreen-toolkit/ecs`; it moved here so that subpath no longer loads the ELBv2 client.)
 *
 * @example
 * ```ts
 * import { EcsTaskSetDeployment } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const deployment = new EcsTaskSetDeployment(options);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/ecs-task-sets
 */
export { EcsTaskSetDeployment } from '../ecs/ecs-task-set-deployment.js';
export { AlarmGateError, TaskSetInFlightError } from '../ecs/task-set-errors.js';
export { isValidTargetGroupName, MAX_TARGET_GROUP_NAME_LENGTH, taskSetTargetGroupName } from '../ecs/task-set-names.js';
export { MANAGED_TAG, MANAGED_VALUE } from '../ecs/task-set-resources.js';
// Every type of the task-set API (task-set-types.ts re-exports the result types of task-set-results.ts).
export type * from '../ecs/task-set-types.js';

/**
 * `bluegreen-toolkit/ecs-task-sets`: blue/green for an ECS service under the EXTERNAL deployment controller, with task
 * sets and weighted ALB listener rules. {@link EcsTaskSetDeployment} holds the configuration and the clients; each
 * step is a function taking it ({@link deployGreen}, {@link openTestTraffic}, {@link shiftTraffic}, {@link swap}, {@link cleanUp},
 * {@link rollback}, {@link deploymentStatus}), so a hook for one pipeline stage bundles only its own step. Imports
 * `@aws-sdk/client-ecs`, `@aws-sdk/client-elastic-load-balancing-v2` and `@aws-sdk/client-application-auto-scaling`
 * plus core. (Until 0.x it was part of `bluegreen-toolkit/ecs`; it moved here so that subpath no longer loads the
 * ELBv2 client.)
 *
 * @example
 * ```ts
 * import { EcsTaskSetDeployment, shiftTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const deployment = new EcsTaskSetDeployment(options);
 * await shiftTraffic(deployment, 10);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/ecs-task-sets
 */
export { EcsTaskSetDeployment } from '../ecs/ecs-task-set-deployment.js';
export { deployGreen } from '../ecs/task-set-deploy.js';
export { AlarmGateError, TaskSetInFlightError } from '../ecs/task-set-errors.js';
export { isValidTargetGroupName, MAX_TARGET_GROUP_NAME_LENGTH, taskSetTargetGroupName } from '../ecs/task-set-names.js';
export { openTestTraffic } from '../ecs/task-set-open.js';
export { cleanUp, rollback } from '../ecs/task-set-remove.js';
export { MANAGED_TAG, MANAGED_VALUE } from '../ecs/task-set-resources.js';
export { shiftTraffic } from '../ecs/task-set-shift.js';
export { deploymentStatus } from '../ecs/task-set-status.js';
export { swap } from '../ecs/task-set-swap.js';
// Every type of the task-set API (task-set-types.ts re-exports the result and status types).
export type * from '../ecs/task-set-types.js';

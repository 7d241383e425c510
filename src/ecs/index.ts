/**
 * `bluegreen-toolkit/ecs`: ECS services scaled between their configured size and zero, with Application Auto Scaling
 * kept in step.
 *
 * @example
 * ```ts
 * import { EcsTools } from 'bluegreen-toolkit/ecs';
 *
 * const ecs = new EcsTools({ services, clientConfig: { region: 'eu-west-1' } });
 * ```
 *
 * @packageDocumentation
 * @module ecs
 */
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

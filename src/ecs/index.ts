/**
 * `bluegreen-toolkit/ecs`: ECS services scaled between their configured size and zero with Application Auto Scaling
 * kept in step ({@link EcsTools}). Imports only `@aws-sdk/client-ecs` and `@aws-sdk/client-application-auto-scaling`
 * plus core. Blue/green with task sets and weighted ALB listener rules (which needs the ELBv2 client) is its own
 * subpath, `bluegreen-toolkit/ecs-task-sets`, so a hook that only scales services never loads ELBv2.
 *
 * @example
 * ```ts
 * import { EcsTools } from 'bluegreen-toolkit/ecs';
 *
 * const ecs = new EcsTools({ services, clientConfig: { region: 'eu-west-1' } });
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/ecs
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

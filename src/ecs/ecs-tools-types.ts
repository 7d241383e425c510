import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { AwsClientConfig, CommonToolOptions, Pair, StepResult, WaitSetting } from '../core/index.js';
import type { CapacityRange } from './service-state.js';

/**
 * One stack's ECS service.
 *
 * @example
 * ```ts
 * import type { EcsServiceConfig } from 'bluegreen-toolkit/ecs';
 *
 * const blue: EcsServiceConfig = { cluster: 'shop', service: 'orders-blue', desiredCount: 4 };
 * ```
 */
export interface EcsServiceConfig {
  /** The cluster name (or ARN). */
  cluster: string;
  /** The service name (or ARN). */
  service: string;
  /** How many tasks {@link EcsTools.enableService} asks for (an integer ≥ 1). */
  desiredCount: number;
}

/**
 * SDK clients {@link EcsTools} may be given instead of `clientConfig`. A client left out is created with the SDK's
 * default settings (region and credentials from the environment).
 *
 * @example
 * ```ts
 * import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
 * import { ECSClient } from '@aws-sdk/client-ecs';
 * import type { EcsClients } from 'bluegreen-toolkit/ecs';
 *
 * const clients: EcsClients = { ecs: new ECSClient({}), applicationAutoScaling: new ApplicationAutoScalingClient({}) };
 * ```
 */
export interface EcsClients {
  /** The ECS client. */
  ecs?: ECSClient;
  /** The Application Auto Scaling client. */
  applicationAutoScaling?: ApplicationAutoScalingClient;
}

/**
 * Options of {@link EcsTools}.
 *
 * @example
 * ```ts
 * import type { EcsToolsOptions } from 'bluegreen-toolkit/ecs';
 *
 * const options: EcsToolsOptions = {
 *   services: { blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 4 },
 *               green: { cluster: 'shop', service: 'orders-green', desiredCount: 4 } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type EcsToolsOptions = CommonToolOptions & {
  /** Each stack's service. */
  services: Pair<EcsServiceConfig>;
} & (
    | { /** Existing SDK clients. */ clients: EcsClients; clientConfig?: never }
    | { /** Settings for the clients the tool creates. */ clientConfig?: AwsClientConfig; clients?: never }
  );

/**
 * Options of {@link EcsTools.enableService} and {@link EcsTools.disableService}.
 *
 * @example
 * ```ts
 * await ecs.disableService(StackReference.Blue, { wait: { maxWaitTime: 900 } });
 * ```
 */
export interface EcsServiceChangeOptions {
  /**
   * Wait until the service is stable (one deployment, running count equal to desired count) with the SDK's
   * `waitUntilServicesStable`. `true` uses `{ maxWaitTime: 600, minDelay: 6, maxDelay: 30 }` (seconds). Default: no wait.
   */
  wait?: WaitSetting;
}

/**
 * The result of {@link EcsTools.enableService} and {@link EcsTools.disableService}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { EcsServiceResult } from 'bluegreen-toolkit/ecs';
 *
 * const r: EcsServiceResult = await ecs.disableService(StackReference.Blue);
 * console.log(r.outcome, r.desiredCount, r.scaling); // 'changed' 0 { minCapacity: 0, maxCapacity: 0 } (null without auto scaling)
 * ```
 */
export interface EcsServiceResult extends StepResult {
  /** The cluster name. */
  cluster: string;
  /** The service name. */
  service: string;
  /** The service's desired count afterwards. */
  desiredCount: number;
  /** The scalable target's range afterwards, or `null` when the service has no Application Auto Scaling target. */
  scaling: CapacityRange | null;
}

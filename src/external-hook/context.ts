import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { type CodeDeployHookEvent, parseHookEvent, resolveHookContext } from '../codedeploy/hook-context.js';
import { BlueGreenError, isAccessDenied } from '../core/index.js';
import { type LifecycleEventName, parseStage } from './names.js';

export type { CodeDeployHookEvent };
export { parseHookEvent };

/**
 * Where a hook belongs: application, deployment group, lifecycle event, deployment and execution.
 *
 * @example
 * ```ts
 * import type { HookLocation } from 'bluegreen-toolkit/external-hook';
 *
 * const key = (l: HookLocation) => `${l.app}/${l.group}/${l.lifecycleEvent}`;
 * ```
 */
export interface HookLocation {
  /** The CodeDeploy application. */
  app: string;
  /** The deployment group. */
  group: string;
  /** The lifecycle event. */
  lifecycleEvent: LifecycleEventName;
  /** The deployment id. */
  deploymentId: string;
  /** The execution id. */
  executionId: string;
}

/**
 * Finds the application, deployment group and lifecycle event of a hook event with `resolveHookContext` from
 * `bluegreen-toolkit/codedeploy` (GetDeployment; the lifecycle event is `options.lifecycleEvent` — a stage alias such
 * as `PRE_TRAFFIC` is accepted — or the hook event that is InProgress on the deployment's target).
 *
 * @param codedeploy - a CodeDeploy client.
 * @param event - the hook event (validated first: MalformedInputError before any AWS call).
 * @param options.lifecycleEvent - the lifecycle event, when the function serves one event only (saves two calls).
 *
 * @remarks
 * IAM: `codedeploy:GetDeployment`, and without `lifecycleEvent` `codedeploy:ListDeploymentTargets`,
 * `codedeploy:GetDeploymentTarget`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { locateHook } from 'bluegreen-toolkit/external-hook';
 *
 * const where = await locateHook(new CodeDeployClient({}), event, { lifecycleEvent: 'PRE_TRAFFIC' });
 * ```
 */
export async function locateHook(
  codedeploy: CodeDeployClient,
  event: unknown,
  options: { lifecycleEvent?: string } = {},
): Promise<HookLocation> {
  const parsed = parseHookEvent(event);
  const lifecycleEvent = options.lifecycleEvent === undefined ? undefined : parseStage(options.lifecycleEvent, 'lifecycleEvent');
  try {
    const context = await resolveHookContext(codedeploy, parsed, lifecycleEvent ? { lifecycleEvent } : {});
    return {
      app: context.applicationName,
      group: context.deploymentGroupName,
      lifecycleEvent: context.lifecycleEvent,
      deploymentId: context.deploymentId,
      executionId: context.lifecycleEventHookExecutionId,
    };
  } catch (error) {
    if (error instanceof BlueGreenError) throw error;
    const hint = isAccessDenied(error)
      ? ' (grant codedeploy:GetDeployment, ListDeploymentTargets and GetDeploymentTarget to the role)'
      : '';
    throw new BlueGreenError(
      `Could not find the deployment of hook ${parsed.DeploymentId}${hint}: ${(error as Error)?.message ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
}

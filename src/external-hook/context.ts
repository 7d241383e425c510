import {
  type CodeDeployClient,
  type DeploymentTarget,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  type LifecycleEvent,
  ListDeploymentTargetsCommand,
} from '@aws-sdk/client-codedeploy';
import { BlueGreenError, ConfigError, describeValue, isAccessDenied, MalformedInputError } from '../core/index.js';
import { LIFECYCLE_EVENTS, type LifecycleEventName, parseStage, requireDeploymentId, requireExecutionId } from './names.js';

/**
 * The event CodeDeploy sends to a lifecycle hook Lambda.
 *
 * @example
 * ```ts
 * import type { CodeDeployHookEvent } from 'bluegreen-toolkit/external-hook';
 *
 * const event: CodeDeployHookEvent = { DeploymentId: 'd-ABCDEFGHI', LifecycleEventHookExecutionId: 'eyJ...' };
 * ```
 */
export interface CodeDeployHookEvent {
  /** The deployment id. */
  DeploymentId: string;
  /** The execution id to report the status for. */
  LifecycleEventHookExecutionId: string;
}

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
 * Reads the ids from a CodeDeploy hook event, or throws {@link MalformedInputError} saying what is wrong.
 *
 * @param event - the Lambda event.
 *
 * @example
 * ```ts
 * import { parseHookEvent } from 'bluegreen-toolkit/external-hook';
 *
 * const { DeploymentId } = parseHookEvent(event);
 * ```
 */
export function parseHookEvent(event: unknown): CodeDeployHookEvent {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new MalformedInputError(
      `Not a CodeDeploy lifecycle hook event: got ${describeValue(event)}, expected { DeploymentId, LifecycleEventHookExecutionId }.`,
    );
  }
  const e = event as Record<string, unknown>;
  try {
    return {
      DeploymentId: requireDeploymentId(e.DeploymentId, 'event.DeploymentId'),
      LifecycleEventHookExecutionId: requireExecutionId(e.LifecycleEventHookExecutionId, 'event.LifecycleEventHookExecutionId'),
    };
  } catch (error) {
    throw new MalformedInputError(`Not a CodeDeploy lifecycle hook event: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Finds the application, deployment group and lifecycle event of a hook event: GetDeployment for the first two; the
 * lifecycle event is `options.lifecycleEvent` when given, else the hook event that is `InProgress` on the deployment's
 * target (ListDeploymentTargets + GetDeploymentTarget).
 *
 * @param codedeploy - a CodeDeploy client.
 * @param event - the (validated) hook event.
 * @param options.lifecycleEvent - the lifecycle event, when the function serves one event only (saves two calls).
 *
 * @remarks
 * IAM: `codedeploy:GetDeployment`, `codedeploy:ListDeploymentTargets`, `codedeploy:GetDeploymentTarget`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { locateHook } from 'bluegreen-toolkit/external-hook';
 *
 * const where = await locateHook(new CodeDeployClient({}), event);
 * ```
 */
export async function locateHook(
  codedeploy: CodeDeployClient,
  event: CodeDeployHookEvent,
  options: { lifecycleEvent?: string } = {},
): Promise<HookLocation> {
  const explicit = options.lifecycleEvent === undefined ? undefined : parseStage(options.lifecycleEvent, 'lifecycleEvent');
  const deploymentId = event.DeploymentId;
  const info = await call('codedeploy:GetDeployment', () => codedeploy.send(new GetDeploymentCommand({ deploymentId })));
  const app = info.deploymentInfo?.applicationName;
  const group = info.deploymentInfo?.deploymentGroupName;
  if (!app || !group)
    throw new BlueGreenError(`Deployment ${deploymentId} has no application or deployment group in GetDeployment's answer.`);
  const lifecycleEvent = explicit ?? (await findInProgressEvent(codedeploy, deploymentId));
  return { app, group, lifecycleEvent, deploymentId, executionId: event.LifecycleEventHookExecutionId };
}

async function findInProgressEvent(codedeploy: CodeDeployClient, deploymentId: string): Promise<LifecycleEventName> {
  const targetIds: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('codedeploy:ListDeploymentTargets', () =>
      codedeploy.send(new ListDeploymentTargetsCommand({ deploymentId, nextToken })),
    );
    targetIds.push(...(page.targetIds ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  for (const targetId of targetIds) {
    const { deploymentTarget } = await call('codedeploy:GetDeploymentTarget', () =>
      codedeploy.send(new GetDeploymentTargetCommand({ deploymentId, targetId })),
    );
    const found = eventsOf(deploymentTarget).find(
      (e) => e.status === 'InProgress' && (LIFECYCLE_EVENTS as readonly string[]).includes(e.lifecycleEventName ?? ''),
    );
    if (found) return found.lifecycleEventName as LifecycleEventName;
  }
  throw new ConfigError(
    `No hook lifecycle event of deployment ${deploymentId} is InProgress: pass { lifecycleEvent } to say which event this function serves.`,
  );
}

function eventsOf(target: DeploymentTarget | undefined): LifecycleEvent[] {
  return target?.lambdaTarget?.lifecycleEvents ?? target?.ecsTarget?.lifecycleEvents ?? target?.instanceTarget?.lifecycleEvents ?? [];
}

async function call<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const hint = isAccessDenied(error) ? `: grant ${action} to the hook function's role` : '';
    throw new BlueGreenError(`${action} failed${hint}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

// The CodeDeploy lifecycle hook event and lifecycle event names, without any SDK import: shared by hook-context.ts
// and by bluegreen-toolkit/external-hook's names.ts, whose CLI HTTP path (`bluegreen hooks run --api-url`) must load
// no SDK client (test/package/npx-hooks.test.ts).
import { ConfigError, MalformedInputError } from '../core/errors.js';
import { describeValue } from '../core/stack.js';

/**
 * The lifecycle events a CodeDeploy hook function can be attached to. Lambda deployments have `BeforeAllowTraffic`
 * and `AfterAllowTraffic`; ECS deployments all five.
 *
 * @example
 * ```ts
 * import { HOOK_LIFECYCLE_EVENTS } from 'bluegreen-toolkit/codedeploy';
 *
 * const event = process.env.HOOK_EVENT ?? '';
 * if (!(HOOK_LIFECYCLE_EVENTS as readonly string[]).includes(event)) {
 *   throw new Error(`HOOK_EVENT must be one of ${HOOK_LIFECYCLE_EVENTS.join(', ')}`);
 * }
 * ```
 */
export const HOOK_LIFECYCLE_EVENTS = /* @__PURE__ */ Object.freeze([
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const);

/**
 * A lifecycle event a CodeDeploy hook can run in (see {@link HOOK_LIFECYCLE_EVENTS}).
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type HookLifecycleEvent, resolveHookContext } from 'bluegreen-toolkit/codedeploy';
 *
 * const lifecycleEvent: HookLifecycleEvent = 'AfterAllowTestTraffic';
 * const hook = await resolveHookContext(new CodeDeployClient({}), event, { lifecycleEvent });
 * ```
 */
export type HookLifecycleEvent = (typeof HOOK_LIFECYCLE_EVENTS)[number];

/**
 * The event CodeDeploy sends to a lifecycle hook Lambda function.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type CodeDeployHookEvent, reportHookStatus } from 'bluegreen-toolkit/codedeploy';
 *
 * const client = new CodeDeployClient({});
 * export const handler = async (event: CodeDeployHookEvent) => {
 *   await reportHookStatus(client, event.DeploymentId, event.LifecycleEventHookExecutionId, 'Succeeded');
 * };
 * ```
 */
export interface CodeDeployHookEvent {
  /** The deployment, for example `d-ABCDEF123`. */
  DeploymentId: string;
  /** The hook execution to report on with PutLifecycleEventHookExecutionStatus. */
  LifecycleEventHookExecutionId: string;
}

/** A CodeDeploy deployment id: `d-` and 9 upper-case letters or digits (internal: not exported from the subpath). */
export const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/;

/**
 * Checks that `event` is a CodeDeploy lifecycle hook event, or throws a `MalformedInputError` saying what is
 * wrong. Makes no AWS call.
 *
 * @param event - what the Lambda function received.
 * @returns the event, typed.
 * @throws `MalformedInputError` when the event is not `{ DeploymentId: 'd-XXXXXXXXX', LifecycleEventHookExecutionId }`.
 *
 * @example
 * ```ts
 * import { parseHookEvent } from 'bluegreen-toolkit/codedeploy';
 *
 * const { DeploymentId } = parseHookEvent(event);
 * ```
 */
export function parseHookEvent(event: unknown): CodeDeployHookEvent {
  const hint =
    'a CodeDeploy lifecycle hook receives { DeploymentId, LifecycleEventHookExecutionId }: attach this function to a hook in the AppSpec';
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new MalformedInputError(`The hook event must be an object, got ${describeValue(event)}; ${hint}.`);
  }
  const e = event as Record<string, unknown>;
  if (typeof e.DeploymentId !== 'string' || !DEPLOYMENT_ID.test(e.DeploymentId)) {
    throw new MalformedInputError(
      `The hook event's DeploymentId ${describeValue(e.DeploymentId)} is not a deployment id (d-XXXXXXXXX); ${hint}.`,
    );
  }
  if (typeof e.LifecycleEventHookExecutionId !== 'string' || e.LifecycleEventHookExecutionId.trim() === '') {
    throw new MalformedInputError(
      `The hook event's LifecycleEventHookExecutionId ${describeValue(e.LifecycleEventHookExecutionId)} is missing or empty; ${hint}.`,
    );
  }
  return { DeploymentId: e.DeploymentId, LifecycleEventHookExecutionId: e.LifecycleEventHookExecutionId };
}

/**
 * Validates a lifecycle event name (a `ConfigError` naming the valid ones).
 *
 * @param value - the name to check.
 * @param path - how the value is named in the error message.
 *
 * @example
 * ```ts
 * import { parseHookLifecycleEvent } from 'bluegreen-toolkit/codedeploy';
 *
 * parseHookLifecycleEvent('BeforeAllowTraffic', 'options.lifecycleEvent');
 * ```
 */
export function parseHookLifecycleEvent(value: unknown, path: string): HookLifecycleEvent {
  if (typeof value !== 'string' || !(HOOK_LIFECYCLE_EVENTS as readonly string[]).includes(value)) {
    throw new ConfigError(`${path} ${describeValue(value)} is not a hook lifecycle event: use one of ${HOOK_LIFECYCLE_EVENTS.join(', ')}.`);
  }
  return value as HookLifecycleEvent;
}

import {
  type CodeDeployClient,
  type DeploymentInfo,
  type DeploymentTarget,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  type LifecycleEvent,
  ListDeploymentTargetsCommand,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { isAwsError } from '../core/aws-errors.js';
import { mapLimit } from '../core/concurrency.js';
import { InvalidStateError, ResourceNotFoundError } from '../core/errors.js';
import { HOOK_LIFECYCLE_EVENTS, type HookLifecycleEvent, parseHookEvent, parseHookLifecycleEvent } from './hook-event.js';

export {
  type CodeDeployHookEvent,
  DEPLOYMENT_ID,
  HOOK_LIFECYCLE_EVENTS,
  type HookLifecycleEvent,
  parseHookEvent,
  parseHookLifecycleEvent,
} from './hook-event.js';

/**
 * What {@link resolveHookContext} found out about the deployment a hook runs in.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type HookContext, resolveHookContext } from 'bluegreen-toolkit/codedeploy';
 *
 * const hook: HookContext = await resolveHookContext(new CodeDeployClient({}), event);
 * const testUrl = hook.computePlatform === 'ECS' ? 'http://alb.internal:8080/health' : 'https://api.example.com/health';
 * console.log(`${hook.lifecycleEvent} of ${hook.applicationName}/${hook.deploymentGroupName} (${hook.deploymentId}): testing ${testUrl}`);
 * ```
 */
export interface HookContext {
  /** The deployment id from the event. */
  deploymentId: string;
  /** The hook execution id from the event. */
  lifecycleEventHookExecutionId: string;
  /** The CodeDeploy application. */
  applicationName: string;
  /** The deployment group. */
  deploymentGroupName: string;
  /** `Lambda`, `ECS` or `Server`. */
  computePlatform: string | undefined;
  /** The revision being deployed. */
  revision: RevisionLocation | undefined;
  /** The lifecycle event this hook runs in (given, or found as the hook event that is InProgress). */
  lifecycleEvent: HookLifecycleEvent;
  /** The full GetDeployment answer. */
  deployment: DeploymentInfo;
}

/**
 * Options of {@link resolveHookContext}.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type ResolveHookContextOptions, resolveHookContext } from 'bluegreen-toolkit/codedeploy';
 *
 * const options: ResolveHookContextOptions = { lifecycleEvent: 'BeforeAllowTraffic', abortSignal: AbortSignal.timeout(10_000) };
 * const hook = await resolveHookContext(new CodeDeployClient({}), event, options);
 * ```
 */
export interface ResolveHookContextOptions {
  /**
   * The lifecycle event this hook is attached to. When given, no deployment target is read (saves two calls and the
   * `codedeploy:ListDeploymentTargets`/`GetDeploymentTarget` permissions). Default: found via the targets.
   */
  lifecycleEvent?: HookLifecycleEvent;
  /** Cancels the AWS calls (default: none). */
  abortSignal?: AbortSignal;
}

/**
 * Everything a hook needs to know that the CodeDeploy event does not say: the application, deployment group, compute
 * platform, revision and lifecycle event of the hook execution. The event is validated before any AWS call.
 *
 * The lifecycle event is `options.lifecycleEvent` when given; otherwise the deployment's targets are read, one at a
 * time until one answers (a Lambda or ECS deployment has one), and the hook event (BeforeInstall … AfterAllowTraffic)
 * that is `InProgress` is the one this execution belongs to.
 *
 * @param client - a CodeDeploy client.
 * @param event - the hook event (validated with {@link parseHookEvent}).
 * @param options.lifecycleEvent - the lifecycle event, when known (default: found via the deployment targets).
 * @param options.abortSignal - cancels the AWS calls.
 * @returns the {@link HookContext}.
 * @throws `MalformedInputError` for a malformed event (no AWS call), `ConfigError` for a bad
 *   `lifecycleEvent`, `ResourceNotFoundError` when the deployment does not exist, `InvalidStateError` when
 *   no hook lifecycle event is in progress (pass `lifecycleEvent`).
 *
 * @remarks IAM: `codedeploy:GetDeployment`, and without `lifecycleEvent` also `codedeploy:ListDeploymentTargets` and
 * `codedeploy:GetDeploymentTarget`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { resolveHookContext } from 'bluegreen-toolkit/codedeploy';
 *
 * const client = new CodeDeployClient({});
 * export const handler = async (event: unknown) => {
 *   const hook = await resolveHookContext(client, event);
 *   console.log(hook.applicationName, hook.deploymentGroupName, hook.lifecycleEvent);
 * };
 * ```
 */
export async function resolveHookContext(
  client: CodeDeployClient,
  event: unknown,
  options: ResolveHookContextOptions = {},
): Promise<HookContext> {
  const parsed = parseHookEvent(event);
  const given =
    options.lifecycleEvent === undefined ? undefined : parseHookLifecycleEvent(options.lifecycleEvent, 'options.lifecycleEvent');
  const send = { abortSignal: options.abortSignal };
  let deployment: DeploymentInfo | undefined;
  try {
    deployment = (await client.send(new GetDeploymentCommand({ deploymentId: parsed.DeploymentId }), send)).deploymentInfo;
  } catch (error) {
    if (isAwsError(error, 'DeploymentDoesNotExistException')) {
      throw new ResourceNotFoundError(`Deployment ${parsed.DeploymentId} does not exist (in this account and region).`, {
        resource: parsed.DeploymentId,
        cause: error,
      });
    }
    throw error;
  }
  if (!deployment?.applicationName || !deployment.deploymentGroupName) {
    throw new InvalidStateError(`GetDeployment returned no application or deployment group for ${parsed.DeploymentId}.`, {
      state: deployment,
    });
  }
  const lifecycleEvent = given ?? (await findInProgressHookEvent(client, parsed.DeploymentId, options.abortSignal));
  return {
    deploymentId: parsed.DeploymentId,
    lifecycleEventHookExecutionId: parsed.LifecycleEventHookExecutionId,
    applicationName: deployment.applicationName,
    deploymentGroupName: deployment.deploymentGroupName,
    computePlatform: deployment.computePlatform,
    revision: deployment.revision,
    lifecycleEvent,
    deployment,
  };
}

/**
 * The lifecycle events of every target of a deployment (paginated ListDeploymentTargets, then GetDeploymentTarget per
 * target, 5 at a time).
 *
 * @param client - a CodeDeploy client.
 * @param deploymentId - the deployment.
 * @param abortSignal - cancels the AWS calls.
 * @returns one entry per target with its lifecycle events.
 *
 * @remarks IAM: `codedeploy:ListDeploymentTargets`, `codedeploy:GetDeploymentTarget`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { listTargetLifecycleEvents } from 'bluegreen-toolkit/codedeploy';
 *
 * const targets = await listTargetLifecycleEvents(new CodeDeployClient({}), 'd-ABCDEF123');
 * ```
 */
export async function listTargetLifecycleEvents(
  client: CodeDeployClient,
  deploymentId: string,
  abortSignal?: AbortSignal,
): Promise<{ targetId: string; status: string | undefined; lifecycleEvents: LifecycleEvent[] }[]> {
  return mapLimit(await targetIdsOf(client, deploymentId, abortSignal), 5, (targetId) =>
    readTarget(client, deploymentId, targetId, abortSignal),
  );
}

/** The target ids of a deployment (ListDeploymentTargets, every page). */
async function targetIdsOf(client: CodeDeployClient, deploymentId: string, abortSignal?: AbortSignal): Promise<string[]> {
  // A hand loop: @aws-sdk/client-codedeploy ships no paginateListDeploymentTargets (the CodeDeploy API model does not
  // mark ListDeploymentTargets as paginated, though its answer carries `nextToken` — "ListDeploymentTargets", AWS
  // CodeDeploy API Reference), and core's tokenPages would add ~0.4 KB to every hook bundle (hooks is at 14.9 KB).
  const targetIds: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListDeploymentTargetsCommand({ deploymentId, ...(nextToken ? { nextToken } : {}) }), {
      abortSignal,
    });
    targetIds.push(...(page.targetIds ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return targetIds;
}

/** One target's status and lifecycle events (GetDeploymentTarget). */
async function readTarget(
  client: CodeDeployClient,
  deploymentId: string,
  targetId: string,
  abortSignal?: AbortSignal,
): Promise<{ targetId: string; status: string | undefined; lifecycleEvents: LifecycleEvent[] }> {
  const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId }), { abortSignal });
  const t = targetBody(deploymentTarget);
  return { targetId, status: t?.status, lifecycleEvents: t?.lifecycleEvents ?? [] };
}

function targetBody(target: DeploymentTarget | undefined): { status?: string; lifecycleEvents?: LifecycleEvent[] } | undefined {
  if (!target) return undefined;
  return target.lambdaTarget ?? target.ecsTarget ?? target.instanceTarget ?? target.cloudFormationTarget;
}

type TargetEvents = Awaited<ReturnType<typeof readTarget>>;

/**
 * Reads the deployment's targets one at a time until `stop` is true for one, and returns those read. The deployments
 * that run hook functions have one target: "Lambda: The target object is a specific version of an Lambda function.
 * Amazon ECS: The target object is an Amazon ECS service" (CodeDeploy API Reference, BatchGetDeploymentTargets,
 * `deploymentTargets`), so a hook reads one; hook and parking bundles then need no bounded-concurrency batch (mapLimit).
 */
async function scanTargets(
  client: CodeDeployClient,
  deploymentId: string,
  abortSignal: AbortSignal | undefined,
  stop: (target: TargetEvents) => boolean,
): Promise<TargetEvents[]> {
  const read: TargetEvents[] = [];
  for (const targetId of await targetIdsOf(client, deploymentId, abortSignal)) {
    const target = await readTarget(client, deploymentId, targetId, abortSignal);
    read.push(target);
    if (stop(target)) break;
  }
  return read;
}

const inProgressHook = (e: LifecycleEvent) =>
  e.status === 'InProgress' && (HOOK_LIFECYCLE_EVENTS as readonly string[]).includes(e.lifecycleEventName ?? '');

async function findInProgressHookEvent(
  client: CodeDeployClient,
  deploymentId: string,
  abortSignal?: AbortSignal,
): Promise<HookLifecycleEvent> {
  const targets = await scanTargets(client, deploymentId, abortSignal, (t) => t.lifecycleEvents.some(inProgressHook));
  const found = targets.at(-1)?.lifecycleEvents.find(inProgressHook);
  if (found) return found.lifecycleEventName as HookLifecycleEvent;
  const seen = targets.flatMap((t) => t.lifecycleEvents.map((e) => `${e.lifecycleEventName}=${e.status}`));
  throw new InvalidStateError(
    `No hook lifecycle event of deployment ${deploymentId} is in progress (${seen.join(', ') || 'no targets'}); ` +
      "pass the hook's lifecycle event explicitly ({ lifecycleEvent: 'BeforeAllowTraffic' }).",
    { state: targets },
  );
}

/**
 * The status of a lifecycle event of a deployment, read from its deployment targets (ListDeploymentTargets, then
 * GetDeploymentTarget; every `LifecycleEvent` there carries `status`: Pending | InProgress | Succeeded | Failed |
 * Skipped | Unknown — "LifecycleEvent", AWS CodeDeploy API Reference). CodeDeploy names no hook execution id in that
 * answer, so the lifecycle event is the finest grain: a hook whose event is no longer `InProgress` has completed
 * (reported, or timed out), and running it again could only repeat its work.
 *
 * @param client - a CodeDeploy client.
 * @param deploymentId - the deployment.
 * @param lifecycleEvent - the lifecycle event, e.g. `BeforeAllowTraffic`.
 * @param abortSignal - cancels the AWS calls.
 * @returns `InProgress` when any target has the event in progress (the targets are read one at a time, stopping there),
 *   else the first status found, or `undefined` when no target lists the event.
 *
 * @remarks IAM: `codedeploy:ListDeploymentTargets`, `codedeploy:GetDeploymentTarget`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { readLifecycleEventStatus } from 'bluegreen-toolkit/codedeploy';
 *
 * const status = await readLifecycleEventStatus(new CodeDeployClient({}), event.DeploymentId, 'BeforeAllowTraffic');
 * if (status !== 'InProgress') console.log('this hook has already completed: nothing to do');
 * ```
 */
export async function readLifecycleEventStatus(
  client: CodeDeployClient,
  deploymentId: string,
  lifecycleEvent: HookLifecycleEvent,
  abortSignal?: AbortSignal,
): Promise<string | undefined> {
  const targets = await scanTargets(client, deploymentId, abortSignal, (t) =>
    t.lifecycleEvents.some((e) => e.lifecycleEventName === lifecycleEvent && e.status === 'InProgress'),
  );
  const statuses = targets.flatMap((t) => t.lifecycleEvents.filter((e) => e.lifecycleEventName === lifecycleEvent).map((e) => e.status));
  return statuses.includes('InProgress') ? 'InProgress' : statuses[0];
}

import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { describeValue } from '../core/stack.js';
import { type WaitOptions, waitFor } from '../core/wait.js';
import { type DeploymentDetails, LIFECYCLE_EVENTS, type LifecycleEventName } from './deployment.js';
import { listTargetLifecycleEvents } from './hook-context.js';

/**
 * One change observed while waiting for a deployment, as passed to `onProgress` of
 * {@link CodeDeployTools.waitForDeployment}.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type DeploymentProgress } from 'bluegreen-toolkit/codedeploy';
 *
 * const show = (p: DeploymentProgress) =>
 *   console.log(`${p.rollback ? '[rollback] ' : ''}${p.deploymentId} ${p.status} ${p.lifecycleEvent ?? ''} ${p.lifecycleEventStatus ?? ''}`);
 * await new CodeDeployTools().waitForDeployment('d-ABCDEF123', { onProgress: show });
 * ```
 */
export interface DeploymentProgress {
  /** The deployment being polled: the original, or its rollback. */
  deploymentId: string;
  /** Whether this is the rollback of the deployment that was asked for. */
  rollback: boolean;
  /** The deployment status. */
  status: string;
  /** The current lifecycle event (the one in progress, else the last one that finished), when targets were read. */
  lifecycleEvent: string | undefined;
  /** Its status: Pending, InProgress, Succeeded, Failed, Skipped, Unknown. */
  lifecycleEventStatus: string | undefined;
  /** A one-line description for logs and the CLI. */
  message: string;
}

/**
 * Options of {@link CodeDeployTools.waitForDeployment}. Besides `until` and `onProgress`, the {@link WaitOptions}:
 * `maxWaitTime` (default 3600 seconds here), `minDelay` (default 5), `maxDelay` (default 30) and `abortSignal`.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type WaitForDeploymentOptions } from 'bluegreen-toolkit/codedeploy';
 *
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const options: WaitForDeploymentOptions = {
 *   until: 'AfterAllowTestTraffic',
 *   maxWaitTime: 1800,
 *   onProgress: (p) => console.log(p.message),
 *   abortSignal: controller.signal,
 * };
 * const result = await new CodeDeployTools().waitForDeployment('d-ABCDEF123', options);
 * ```
 */
export interface WaitForDeploymentOptions extends WaitOptions {
  /** Done once this lifecycle event is in progress or later (default: done when the deployment finished). */
  until?: LifecycleEventName;
  /** Called once per change of status or lifecycle event. */
  onProgress?: (progress: DeploymentProgress) => void;
}

/**
 * The final truth about a deployment, from {@link CodeDeployTools.waitForDeployment}.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type DeploymentWaitResult } from 'bluegreen-toolkit/codedeploy';
 *
 * const result: DeploymentWaitResult = await new CodeDeployTools().waitForDeployment('d-ABCDEF123');
 * if (!result.ok) {
 *   const rollback = result.rollback ? ` (rollback ${result.rollback.deploymentId} ${result.rollback.status})` : '';
 *   throw new Error(`deployment ${result.deploymentId} ${result.outcome}${rollback}: ${result.deployment.errorInformation?.message ?? ''}`);
 * }
 * ```
 */
export interface DeploymentWaitResult {
  /** True when the deployment succeeded or reached `until`. */
  ok: boolean;
  /** `succeeded`, `reached` (the `until` event), `failed` or `stopped`. */
  outcome: 'succeeded' | 'reached' | 'failed' | 'stopped';
  /** The deployment that was asked for. */
  deploymentId: string;
  /** Its status when the wait ended. */
  status: string;
  /** The `until` event, when it was reached. */
  reachedEvent: LifecycleEventName | undefined;
  /** The rollback CodeDeploy ran, and how it ended (undefined when there was none). */
  rollback: { deploymentId: string; status: string } | undefined;
  /** The deployment as last read. */
  deployment: DeploymentDetails;
}

const REACHED = new Set(['InProgress', 'Succeeded', 'Failed', 'Skipped']);

/** Implementation of {@link CodeDeployTools.waitForDeployment} (kept apart so the class file stays small). */
export async function waitForDeploymentImpl(
  client: CodeDeployClient,
  deploymentId: string,
  options: WaitForDeploymentOptions,
  logger: Logger,
  read: (deploymentId: string) => Promise<DeploymentDetails>,
): Promise<DeploymentWaitResult> {
  const until = options.until;
  if (until !== undefined && !(LIFECYCLE_EVENTS as readonly string[]).includes(until)) {
    throw new ConfigError(`options.until ${describeValue(until)} is not a lifecycle event: use one of ${LIFECYCLE_EVENTS.join(', ')}.`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ConfigError('options.onProgress must be a function.');
  }
  const readEvents = until !== undefined || options.onProgress !== undefined;
  let original: DeploymentDetails | undefined;
  let current = deploymentId;
  let lastKey = '';
  const report = (p: DeploymentProgress) => {
    const key = `${p.deploymentId}|${p.status}|${p.lifecycleEvent}|${p.lifecycleEventStatus}`;
    if (key === lastKey) return;
    lastKey = key;
    logger.info(p.message, { deploymentId: p.deploymentId, status: p.status, lifecycleEvent: p.lifecycleEvent });
    options.onProgress?.(p);
  };

  return waitFor<DeploymentWaitResult>(
    async () => {
      const d = await read(current);
      const isRollback = current !== deploymentId;
      if (!isRollback) original = d;
      let event: { name: string; status: string } | undefined;
      let reached = false;
      if (readEvents && (!d.finished || options.onProgress)) {
        const targets = await listTargetLifecycleEvents(client, current, options.abortSignal);
        const events = targets[0]?.lifecycleEvents ?? [];
        const active =
          events.find((e) => e.status === 'InProgress') ?? [...events].reverse().find((e) => e.status !== 'Pending' && e.status);
        if (active?.lifecycleEventName) event = { name: active.lifecycleEventName, status: active.status ?? 'Unknown' };
        if (!isRollback && until)
          reached =
            events.some((e) => e.lifecycleEventName === until && REACHED.has(e.status ?? '')) &&
            d.status !== 'Failed' &&
            d.status !== 'Stopped';
      }
      report({
        deploymentId: current,
        rollback: isRollback,
        status: d.status,
        lifecycleEvent: event?.name,
        lifecycleEventStatus: event?.status,
        message: `${isRollback ? 'rollback ' : ''}${current} ${d.status}${event ? ` ${event.name} ${event.status}` : ''}`,
      });
      const base = original as DeploymentDetails;
      if (!isRollback) {
        if (reached && d.status !== 'Succeeded') {
          return { done: true, value: result(true, 'reached', base, until, undefined) };
        }
        if (d.status === 'Succeeded') return { done: true, value: result(true, 'succeeded', base, until, undefined) };
        if (d.status === 'Failed' || d.status === 'Stopped') {
          const rollbackId = d.rollbackInfo?.rollbackDeploymentId;
          if (!rollbackId)
            return { done: true, value: result(false, d.status === 'Failed' ? 'failed' : 'stopped', base, undefined, undefined) };
          logger.info(`deployment ${deploymentId} ${d.status}; following rollback ${rollbackId}`);
          current = rollbackId;
          return { done: false, state: { deploymentId, status: d.status, rollbackDeploymentId: rollbackId } };
        }
        return { done: false, state: { deploymentId, status: d.status, lifecycleEvent: event } };
      }
      if (d.finished) {
        return {
          done: true,
          value: result(false, base.status === 'Stopped' ? 'stopped' : 'failed', base, undefined, {
            deploymentId: current,
            status: d.status,
          }),
        };
      }
      return {
        done: false,
        state: { deploymentId, status: base.status, rollback: { deploymentId: current, status: d.status, lifecycleEvent: event } },
      };
    },
    {
      maxWaitTime: options.maxWaitTime ?? 3600,
      minDelay: options.minDelay ?? 5,
      maxDelay: options.maxDelay ?? 30,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      description: until ? `deployment ${deploymentId} to reach ${until}` : `deployment ${deploymentId} to finish`,
    },
  );
}

function result(
  ok: boolean,
  outcome: DeploymentWaitResult['outcome'],
  deployment: DeploymentDetails,
  until: LifecycleEventName | undefined,
  rollback: DeploymentWaitResult['rollback'],
): DeploymentWaitResult {
  return {
    ok,
    outcome,
    deploymentId: deployment.deploymentId,
    status: deployment.status,
    reachedEvent: ok ? until : undefined,
    rollback,
    deployment,
  };
}

import {
  BlueGreenError,
  ConfigError,
  isRetryableAwsError,
  type Logger,
  WaitAbortedError,
  WaitTimeoutError,
  waitFor,
} from '../core/index.js';
import { HookApiError } from './http-transport.js';
import { nullRecord, ownValue, parseStage, requireDeploymentId, requireGroups, requireName, validateResults } from './names.js';
import type { HookTransport, ReadyHook } from './transport.js';
import type { GroupRelease, HookResult, ListQuery, ReleaseRequest } from './types.js';

// The wait / release / run logic of ExternalHookClient, on any HookTransport. It imports no AWS SDK client, so the CLI
// in --api-url mode (HttpHookTransport) runs without @aws-sdk/client-dynamodb or client-codedeploy installed.

/**
 * Progress of {@link ExternalHookClient.waitForHooks}, after every poll.
 *
 * @example
 * ```ts
 * const onProgress = (p: WaitProgress) => console.log(`${p.ready.length}/${p.ready.length + p.waiting.length} parked`);
 * ```
 */
export interface WaitProgress {
  /** Groups whose hook is parked. */
  ready: string[];
  /** Groups still waiting. */
  waiting: string[];
  /** The poll number (from 1). */
  attempt: number;
  /** Milliseconds since the wait started. */
  elapsedMs: number;
}

/**
 * Options of {@link ExternalHookClient.waitForHooks}.
 *
 * @example
 * ```ts
 * import type { WaitForHooksOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const options: WaitForHooksOptions = { app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'], timeout: 2700 };
 * ```
 */
export interface WaitForHooksOptions extends ListQuery {
  /** Give up after this many seconds (default 3600, CodeDeploy's hook timeout). */
  timeout?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
  /** Called after every poll that is not complete. */
  onProgress?: (progress: WaitProgress) => void;
  /** Shortest pause between polls, seconds (default 2). */
  minDelay?: number;
  /** Longest pause between polls, seconds (default 15). */
  maxDelay?: number;
}

/**
 * The outcome of {@link ExternalHookClient.release}: `changed` when this call released something, `already` when every
 * hook had been released before.
 *
 * @example
 * ```ts
 * const { outcome, groups } = await client.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
 * ```
 */
export interface ReleaseSummary {
  /** `changed` or `already`. */
  outcome: 'changed' | 'already';
  /** A summary. */
  message: string;
  /** The outcome per group. */
  groups: Record<string, GroupRelease>;
}

/**
 * Releasing failed for at least one group (nothing parked for an InProgress deployment, or CodeDeploy refused); the
 * other groups were still released. `groups` holds every group's outcome.
 *
 * @example
 * ```ts
 * import { HookReleaseError } from 'bluegreen-toolkit/external-hook';
 *
 * try { await client.release(request); } catch (e) { if (e instanceof HookReleaseError) console.error(e.groups); }
 * ```
 */
export class HookReleaseError extends BlueGreenError {
  /** The outcome per group. */
  readonly groups: Record<string, GroupRelease>;
  constructor(message: string, options: { groups: Record<string, GroupRelease>; cause?: unknown }) {
    super(message, options);
    this.groups = options.groups;
  }
}

/**
 * What {@link ExternalHookClient.run} hands to the function.
 *
 * @example
 * ```ts
 * await client.run(async ({ hooks, signal }) => runTests({ deployment: hooks.api?.deploymentId, signal }), options);
 * ```
 */
export interface RunContext {
  /** The parked hooks by group. */
  hooks: Record<string, ReadyHook>;
  /** Aborted on timeout or when the caller's signal aborts: stop the work. */
  signal: AbortSignal;
}

/**
 * The result of a successful {@link ExternalHookClient.run}.
 *
 * @example
 * ```ts
 * const { value, release } = await client.run(() => 42, options);
 * ```
 */
export interface RunResult<T> {
  /** What the function returned. */
  value: T;
  /** The hooks that were released with SUCCESS. */
  hooks: Record<string, ReadyHook>;
  /** The release outcome. */
  release: ReleaseSummary;
}

/** Waits until every group's hook is parked (see ExternalHookClient.waitForHooks). */
export async function waitForHooksVia(
  transport: HookTransport,
  logger: Logger,
  options: WaitForHooksOptions,
): Promise<Record<string, ReadyHook>> {
  const query = validateList(options);
  const timeout = validTimeout(options.timeout);
  const started = Date.now();
  const deadline = started + timeout * 1000;
  let last: Record<string, ReadyHook | undefined> = nullRecord();
  return waitFor(
    async (attempt) => {
      try {
        last = await transport.list(query, { deadline, ...(options.signal ? { signal: options.signal } : {}) });
      } catch (error) {
        if (!isTransient(error)) throw error;
        logger.warn('external-hook: listing hooks failed, polling on', { error: String(error) });
      }
      const ready = query.groups.filter((g) => ownValue(last, g));
      const waiting = query.groups.filter((g) => !ownValue(last, g));
      if (waiting.length === 0) return { done: true, value: last as Record<string, ReadyHook> };
      return { done: false, state: { ready, waiting, attempt, elapsedMs: Date.now() - started } };
    },
    {
      maxWaitTime: timeout,
      minDelay: options.minDelay ?? 2,
      maxDelay: options.maxDelay ?? 15,
      ...(options.signal ? { abortSignal: options.signal } : {}),
      description: `hooks of ${query.groups.join(', ')} (${query.app}, ${query.stage}) to be parked`,
      onPoll: (state) => options.onProgress?.(state as WaitProgress),
    },
  );
}

/** Releases the hooks (see ExternalHookClient.release). */
export async function releaseVia(transport: HookTransport, request: ReleaseRequest): Promise<ReleaseSummary> {
  const checked = validateRelease(request);
  const groups = await transport.release(checked);
  const failed = Object.entries(groups).filter(([, r]) => !delivered(r));
  if (failed.length > 0) {
    throw new HookReleaseError(`Could not release ${failed.map(([g, r]) => `${g} (${r.status}: ${r.message})`).join('; ')}`, { groups });
  }
  const changed = Object.values(groups).some((r) => r.status === 'RELEASED');
  return { outcome: changed ? 'changed' : 'already', message: summarize(groups), groups };
}

function summarize(groups: Record<string, GroupRelease>): string {
  const parts = Object.entries(groups).map(([g, r]) => `${g}: ${r.result}${r.status === 'ALREADY_RELEASED' ? ' (already released)' : ''}`);
  return `released ${parts.join(', ')}`;
}

/** Whether a group's hook now carries the asked result: released by this call, or before with the same result. */
export function delivered(r: GroupRelease): boolean {
  return r.status === 'RELEASED' || (r.status === 'ALREADY_RELEASED' && (r.actualResult === undefined || r.actualResult === r.result));
}

/** Waits, runs `fn`, releases (see ExternalHookClient.run). */
export async function runVia<T>(
  transport: HookTransport,
  logger: Logger,
  fn: (context: RunContext) => T | Promise<T>,
  options: WaitForHooksOptions,
): Promise<RunResult<T>> {
  return new Runner(transport, logger).run(fn, options);
}

class Runner {
  constructor(
    private readonly transport: HookTransport,
    private readonly logger: Logger,
  ) {}

  async run<T>(fn: (context: RunContext) => T | Promise<T>, options: WaitForHooksOptions): Promise<RunResult<T>> {
    if (typeof fn !== 'function') throw new ConfigError('run(fn, options) needs a function.');
    const query = validateList(options);
    const timeout = validTimeout(options.timeout);
    const controller = new AbortController();
    const started = Date.now();
    const timer = setTimeout(() => controller.abort(new RunTimeout(timeout)), timeout * 1000);
    const onAbort = () => controller.abort(options.signal?.reason ?? new Error('aborted'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const failWith = (group: string[]) => Object.fromEntries(group.map((g) => [g, 'FAILURE' as HookResult]));
    try {
      let hooks: Record<string, ReadyHook>;
      try {
        hooks = await waitForHooksVia(this.transport, this.logger, { ...options, ...query, timeout, signal: controller.signal });
      } catch (error) {
        const ready = readyGroups(error);
        if (ready.length > 0) await this.releaseQuietly({ ...base(query), results: failWith(ready) });
        throw this.abortReason(controller.signal, error, Date.now() - started);
      }
      let value: T;
      try {
        value = await raceAbort(
          Promise.resolve().then(() => fn({ hooks, signal: controller.signal })),
          controller.signal,
        );
      } catch (error) {
        this.logger.warn('external-hook: tests failed, releasing FAILURE', { error: String(error) });
        await this.releaseTested(hooks, 'FAILURE', query).catch((e: unknown) =>
          this.logger.error('external-hook: releasing FAILURE failed', { error: String(e) }),
        );
        throw this.abortReason(controller.signal, error, Date.now() - started);
      }
      const release = await this.releaseTested(hooks, 'SUCCESS', query);
      return { value, hooks, release };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Releases exactly the hooks that were tested: one request per deployment, naming it, so a deployment that replaced
   * the tested one in the meantime is never released with a result it was not tested for.
   */
  private async releaseTested(hooks: Record<string, ReadyHook>, result: HookResult, query: ListQuery): Promise<ReleaseSummary> {
    const byDeployment = new Map<string, string[]>();
    for (const group of query.groups) {
      const id = ownValue(hooks, group)?.deploymentId as string;
      byDeployment.set(id, [...(byDeployment.get(id) ?? []), group]);
    }
    const groups = nullRecord<GroupRelease>();
    let failure: HookReleaseError | undefined;
    let changed = false;
    for (const [deploymentId, names] of byDeployment) {
      const results = nullRecord<HookResult>();
      for (const g of names) results[g] = result;
      try {
        const summary = await releaseVia(this.transport, { app: query.app, stage: query.stage, deploymentId, results });
        Object.assign(groups, summary.groups);
        changed ||= summary.outcome === 'changed';
      } catch (error) {
        if (!(error instanceof HookReleaseError)) throw error;
        Object.assign(groups, error.groups);
        failure = error;
      }
    }
    if (failure) throw new HookReleaseError(failure.message, { groups });
    return { outcome: changed ? 'changed' : 'already', message: summarize(groups), groups };
  }

  private async releaseQuietly(request: ReleaseRequest): Promise<void> {
    try {
      await releaseVia(this.transport, request);
    } catch (error) {
      this.logger.error('external-hook: releasing FAILURE failed', { error: String(error) });
    }
  }

  private abortReason(signal: AbortSignal, error: unknown, waitedMs: number): unknown {
    if (!signal.aborted) return error;
    if (signal.reason instanceof RunTimeout) {
      if (error instanceof WaitTimeoutError) return error;
      return new WaitTimeoutError(`Timed out after ${signal.reason.seconds}s: the tests did not finish in time`, {
        cause: error,
        lastState: undefined,
        waitedMs,
        attempts: 0,
      });
    }
    if (error instanceof WaitAbortedError) return error;
    return new WaitAbortedError('Stopped: the run was aborted', { cause: signal.reason });
  }
}

/** Throttling or a 5xx (from the API, DynamoDB or CodeDeploy): keep polling. An unreachable API is not: say so at once. */
function isTransient(error: unknown): boolean {
  if (error instanceof HookApiError) return error.transient && error.statusCode !== 0;
  return isRetryableAwsError(error) || isRetryableAwsError((error as { cause?: unknown } | null)?.cause);
}

function validTimeout(value: unknown): number {
  const timeout = value ?? 3600;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)
    throw new ConfigError('timeout must be a number of seconds >= 0.');
  return timeout;
}

class RunTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`timed out after ${seconds}s`);
  }
}

function base(query: ListQuery): { app: string; stage: string; deploymentId?: string } {
  return query.deploymentId
    ? { app: query.app, stage: query.stage, deploymentId: query.deploymentId }
    : { app: query.app, stage: query.stage };
}

function readyGroups(error: unknown): string[] {
  const state = (error as { lastState?: unknown } | null)?.lastState as { ready?: unknown } | undefined;
  return Array.isArray(state?.ready) ? (state.ready as string[]) : [];
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function validateList(query: ListQuery): ListQuery {
  if (query === null || typeof query !== 'object') throw new ConfigError('Pass { app, stage, groups }.');
  const out: ListQuery = { app: requireName(query.app, 'app'), stage: query.stage, groups: requireGroups(query.groups, 'groups') };
  parseStage(query.stage, 'stage');
  if (query.deploymentId !== undefined) out.deploymentId = requireDeploymentId(query.deploymentId, 'deploymentId');
  return out;
}

function validateRelease(request: ReleaseRequest): ReleaseRequest {
  if (request === null || typeof request !== 'object') throw new ConfigError('Pass { app, stage, results }.');
  const out: ReleaseRequest = {
    app: requireName(request.app, 'app'),
    stage: request.stage,
    results: validateResults(request.results, 'results'),
  };
  parseStage(request.stage, 'stage');
  if (request.deploymentId !== undefined) out.deploymentId = requireDeploymentId(request.deploymentId, 'deploymentId');
  return out;
}

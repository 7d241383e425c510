import {
  BlueGreenError,
  ConfigError,
  isRetryableAwsError,
  type Logger,
  silentLogger,
  WaitAbortedError,
  WaitTimeoutError,
  waitFor,
} from '../core/index.js';
import { type CodeDeployHookEvent, locateHook, parseHookEvent } from './context.js';
import { DirectHookTransport } from './direct-transport.js';
import { HookStore, type HookStoreOptions, validateResults } from './hook-store.js';
import { HookApiError, HttpHookTransport, type HttpTransportOptions } from './http-transport.js';
import { parseStage, requireDeploymentId, requireGroups, requireName } from './names.js';
import type { HookTransport, ReadyHook } from './transport.js';
import type { GroupRelease, HookResult, ListQuery, ParkResult, ReleaseRequest } from './types.js';

/**
 * How to build an {@link ExternalHookClient}: `{ apiUrl }` (the signed HTTP API), `{ tableName }` (direct: DynamoDB +
 * CodeDeploy; needed for {@link ExternalHookClient.park}), or `{ transport }`.
 *
 * @example
 * ```ts
 * import type { ExternalHookClientOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const viaApi: ExternalHookClientOptions = { apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' };
 * const direct: ExternalHookClientOptions = { tableName: 'bluegreen-hooks' };
 * ```
 */
export type ExternalHookClientOptions =
  | (HttpTransportOptions & { tableName?: never; transport?: never })
  | (HookStoreOptions & { apiUrl?: never; transport?: never })
  | { transport: HookTransport; store?: HookStore; logger?: Logger; apiUrl?: never; tableName?: never };

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

/**
 * The CI side of external hooks: wait until the hooks of a deployment are parked, run the deployment tests, release
 * the hooks with SUCCESS or FAILURE. Works over the SigV4-signed HTTP API (`{ apiUrl }`) or directly on the store
 * (`{ tableName }`, the caller's credentials). {@link ExternalHookClient.park} lets a team's own hook handler park a
 * hook after its own steps.
 *
 * @remarks
 * IAM: over HTTP, `execute-api:Invoke` on the API; direct, see {@link HookStore}; `park` also needs
 * `codedeploy:GetDeployment`, `codedeploy:ListDeploymentTargets`, `codedeploy:GetDeploymentTarget` and
 * `dynamodb:PutItem`.
 *
 * @example
 * ```ts
 * import { ExternalHookClient } from 'bluegreen-toolkit/external-hook';
 *
 * const client = new ExternalHookClient({ apiUrl: process.env.HOOK_API_URL ?? '' });
 * await client.run(async ({ signal }) => runE2eSuite(signal), { app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'], timeout: 2700 });
 * ```
 */
export class ExternalHookClient {
  /** How hooks are reached. */
  readonly transport: HookTransport;
  /** The store, in direct mode. */
  readonly store: HookStore | undefined;
  private readonly logger: Logger;

  /**
   * @param options - {@link ExternalHookClientOptions}.
   * @throws ConfigError for missing or conflicting options.
   */
  constructor(options: ExternalHookClientOptions) {
    if (options === null || typeof options !== 'object')
      throw new ConfigError('new ExternalHookClient(options) needs { apiUrl }, { tableName } or { transport }.');
    const given = ['apiUrl', 'tableName', 'transport'].filter((k) => (options as Record<string, unknown>)[k] !== undefined);
    if (given.length !== 1) {
      throw new ConfigError(
        `new ExternalHookClient needs exactly one of apiUrl (HTTP API), tableName (direct) or transport; got ${given.length ? given.join(', ') : 'none'}.`,
      );
    }
    this.logger = options.logger ?? silentLogger;
    if ('transport' in options && options.transport) {
      if (typeof options.transport.list !== 'function' || typeof options.transport.release !== 'function') {
        throw new ConfigError('transport must implement list() and release().');
      }
      this.transport = options.transport;
      this.store = options.store;
    } else if ('apiUrl' in options && options.apiUrl !== undefined) {
      this.transport = new HttpHookTransport(options as HttpTransportOptions);
      this.store = undefined;
    } else {
      this.store = new HookStore(options as HookStoreOptions);
      this.transport = new DirectHookTransport(this.store);
    }
  }

  /**
   * Parks the hook of a CodeDeploy lifecycle hook event: finds its application, deployment group and lifecycle event
   * and stores it (idempotent). Direct mode only. Use it in your own hook handler after your own steps; it does not
   * report anything to CodeDeploy (see {@link createParkingHook} for the fail-closed handler).
   *
   * @param event - the Lambda event `{ DeploymentId, LifecycleEventHookExecutionId }`.
   * @param options.lifecycleEvent - the lifecycle event, when known (saves two CodeDeploy calls).
   * @param options.expiresAt - the hook deadline in epoch seconds (default: now + the store's hook timeout).
   * @throws MalformedInputError for a malformed event (before any AWS call); ConfigError without a store.
   *
   * @example
   * ```ts
   * import { type CodeDeployHookEvent, ExternalHookClient } from 'bluegreen-toolkit/external-hook';
   *
   * const hooks = new ExternalHookClient({ tableName: process.env.HOOK_TABLE ?? '' });
   * export const handler = async (event: CodeDeployHookEvent) => {
   *   await prepareGreenStack();
   *   await hooks.park(event, { lifecycleEvent: 'BeforeAllowTraffic' });
   * };
   * ```
   */
  async park(event: CodeDeployHookEvent, options: { lifecycleEvent?: string; expiresAt?: number } = {}): Promise<ParkResult> {
    const parsed = parseHookEvent(event);
    if (!this.store) throw new ConfigError('park() needs direct mode: create the client with { tableName } (the store).');
    const where = await locateHook(this.store.codedeploy, parsed, options);
    return this.store.park({ ...where, ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }) });
  }

  /**
   * The hooks that are parked and ready, by group (`undefined` where nothing is ready). Hooks of earlier deployments
   * and expired hooks are never returned.
   *
   * @param query - {@link ListQuery}.
   * @throws ConfigError for invalid input (before any call).
   *
   * @example
   * ```ts
   * const ready = await client.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api', 'worker'] });
   * ```
   */
  list(query: ListQuery): Promise<Record<string, ReadyHook | undefined>> {
    return this.transport.list(validateList(query));
  }

  /**
   * Waits until every group's hook is parked (adaptive polling: first poll at once, then capped exponential backoff
   * with jitter) and resolves with them.
   *
   * @param options - {@link WaitForHooksOptions}; `timeout` defaults to 3600 s.
   * @throws WaitTimeoutError (its `lastState` lists ready and waiting groups); WaitAbortedError when `signal` aborts.
   *
   * @example
   * ```ts
   * const hooks = await client.waitForHooks({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'], timeout: 1800 });
   * ```
   */
  async waitForHooks(options: WaitForHooksOptions): Promise<Record<string, ReadyHook>> {
    const query = validateList(options);
    const timeout = options.timeout ?? 3600;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)
      throw new ConfigError(`timeout must be a number of seconds >= 0.`);
    const started = Date.now();
    let last: Record<string, ReadyHook | undefined> = {};
    return waitFor(
      async (attempt) => {
        try {
          last = await this.transport.list(query);
        } catch (error) {
          if (!isTransient(error)) throw error;
          this.logger.warn('external-hook: listing hooks failed, retrying', { error: String(error) });
        }
        const ready = query.groups.filter((g) => last[g]);
        const waiting = query.groups.filter((g) => !last[g]);
        if (waiting.length === 0) return { done: true, value: last as Record<string, ReadyHook> };
        const state = { ready, waiting, attempt, elapsedMs: Date.now() - started };
        return { done: false, state };
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

  /**
   * Releases the hooks with their results. Idempotent: a hook released before counts as released (`already`), and
   * concurrent releases send one status to CodeDeploy.
   *
   * @param request - {@link ReleaseRequest}.
   * @returns {@link ReleaseSummary}.
   * @throws ConfigError for invalid input (before any call); HookReleaseError when a group had nothing parked or
   * CodeDeploy refused (the other groups are still released).
   *
   * @example
   * ```ts
   * await client.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS', worker: 'SUCCESS' } });
   * ```
   */
  async release(request: ReleaseRequest): Promise<ReleaseSummary> {
    const checked = validateRelease(request);
    const groups = await this.transport.release(checked);
    const failed = Object.entries(groups).filter(([, r]) => r.status === 'NOT_FOUND' || r.status === 'ERROR');
    if (failed.length > 0) {
      throw new HookReleaseError(`Could not release ${failed.map(([g, r]) => `${g} (${r.status}: ${r.message})`).join('; ')}`, { groups });
    }
    const changed = Object.values(groups).some((r) => r.status === 'RELEASED');
    const summary = Object.entries(groups)
      .map(([g, r]) => `${g}: ${r.result}${r.status === 'ALREADY_RELEASED' ? ' (already released)' : ''}`)
      .join(', ');
    return { outcome: changed ? 'changed' : 'already', message: `released ${summary}`, groups };
  }

  /**
   * Waits for the hooks, runs `fn`, and releases SUCCESS when it resolves, FAILURE when it throws, when `timeout`
   * (which covers the wait and the run) passes, or when `signal` aborts — then rethrows. When the wait itself times out,
   * the groups that did park are released with FAILURE so the deployment does not sit out the hook deadline.
   *
   * @param fn - the deployment tests; gets {@link RunContext} (the hooks and a signal to stop on).
   * @param options - {@link WaitForHooksOptions}.
   * @returns {@link RunResult}.
   * @throws what `fn` threw; WaitTimeoutError on timeout; WaitAbortedError on abort; HookReleaseError when releasing failed.
   *
   * @example
   * ```ts
   * const { value } = await client.run(({ hooks, signal }) => runSuite(hooks, signal), {
   *   app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api', 'worker'], timeout: 2700,
   * });
   * ```
   */
  async run<T>(fn: (context: RunContext) => T | Promise<T>, options: WaitForHooksOptions): Promise<RunResult<T>> {
    if (typeof fn !== 'function') throw new ConfigError('run(fn, options) needs a function.');
    const query = validateList(options);
    const timeout = options.timeout ?? 3600;
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < 0)
      throw new ConfigError(`timeout must be a number of seconds >= 0.`);
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
        hooks = await this.waitForHooks({ ...options, ...query, timeout, signal: controller.signal });
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
        await this.releaseQuietly({ ...base(query), results: failWith(query.groups) });
        throw this.abortReason(controller.signal, error, Date.now() - started);
      }
      const release = await this.release({
        ...base(query),
        results: Object.fromEntries(query.groups.map((g) => [g, 'SUCCESS' as HookResult])),
      });
      return { value, hooks, release };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async releaseQuietly(request: ReleaseRequest): Promise<void> {
    try {
      await this.release(request);
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

/** Network trouble, throttling or a 5xx (from the API, DynamoDB or CodeDeploy): keep polling. */
function isTransient(error: unknown): boolean {
  if (error instanceof HookApiError) return error.transient;
  return isRetryableAwsError(error) || isRetryableAwsError((error as { cause?: unknown } | null)?.cause);
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

function validateList(query: ListQuery): ListQuery {
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

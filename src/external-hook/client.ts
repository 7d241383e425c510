import { ConfigError, type Logger, silentLogger } from '../core/index.js';
import { type CodeDeployHookEvent, locateHook, parseHookEvent } from './context.js';
import { DirectHookTransport } from './direct-transport.js';
import {
  type ReleaseSummary,
  type RunContext,
  type RunResult,
  releaseVia,
  runVia,
  validateList,
  type WaitForHooksOptions,
  waitForHooksVia,
} from './hook-runner.js';
import { HookStore, type HookStoreOptions } from './hook-store.js';
import { HttpHookTransport, type HttpTransportOptions } from './http-transport.js';
import type { HookTransport, ReadyHook } from './transport.js';
import type { ListQuery, ParkResult, ReleaseRequest } from './types.js';

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
  waitForHooks(options: WaitForHooksOptions): Promise<Record<string, ReadyHook>> {
    return waitForHooksVia(this.transport, this.logger, options);
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
  release(request: ReleaseRequest): Promise<ReleaseSummary> {
    return releaseVia(this.transport, request);
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
  run<T>(fn: (context: RunContext) => T | Promise<T>, options: WaitForHooksOptions): Promise<RunResult<T>> {
    return runVia(this.transport, this.logger, fn, options);
  }
}

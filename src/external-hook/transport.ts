import type { GroupRelease, ListQuery, ReleaseRequest } from './types.js';

/**
 * A hook that is parked and ready to be released.
 *
 * @example
 * ```ts
 * import type { ReadyHook } from 'bluegreen-toolkit/external-hook';
 *
 * const line = (group: string, h: ReadyHook) => `${group}: deployment ${h.deploymentId}`;
 * ```
 */
export interface ReadyHook {
  /** `<app>/<group>/<lifecycle event>/<deployment id>`. */
  id: string;
  /** The deployment id. */
  deploymentId: string;
  /** The lifecycle event hook execution id. */
  executionId: string;
}

/**
 * Per-call limits a transport honours: retries never sleep past `deadline` (epoch milliseconds) and stop when `signal`
 * aborts.
 *
 * @example
 * ```ts
 * import type { TransportCallOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const options: TransportCallOptions = { deadline: Date.now() + 60_000 };
 * ```
 */
export interface TransportCallOptions {
  /** No retry pause extends past this time (epoch milliseconds). */
  deadline?: number;
  /** Stops retrying (and the request) when aborted. */
  signal?: AbortSignal;
}

/**
 * How {@link ExternalHookClient} reaches the hooks: the signed HTTP API ({@link HttpHookTransport}) or the store
 * directly ({@link DirectHookTransport}). Implement it to reach them some other way.
 *
 * @example
 * ```ts
 * import { ExternalHookClient, type HookTransport } from 'bluegreen-toolkit/external-hook';
 *
 * declare const transport: HookTransport;
 * const client = new ExternalHookClient({ transport });
 * ```
 */
export interface HookTransport {
  /** A short description for logs, for example the API URL or the table name. */
  readonly description: string;
  /** The ready hooks by group (`undefined` where nothing is ready). */
  list(query: ListQuery, options?: TransportCallOptions): Promise<Record<string, ReadyHook | undefined>>;
  /** Releases the hooks; one {@link GroupRelease} per group. */
  release(request: ReleaseRequest, options?: TransportCallOptions): Promise<Record<string, GroupRelease>>;
}

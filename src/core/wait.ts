import { ConfigError, WaitAbortedError, WaitTimeoutError } from './errors.js';
import { describeValue } from './stack.js';

/**
 * How long and how often to poll. Times are in **seconds**, like the AWS SDK's own waiters, so the same object can be
 * handed to an SDK `waitUntil*` function.
 *
 * @example
 * ```ts
 * import type { WaitOptions } from 'bluegreen-toolkit';
 *
 * const wait: WaitOptions = { maxWaitTime: 900, minDelay: 5, maxDelay: 30 };
 * ```
 */
export interface WaitOptions {
  /** Give up after this many seconds (default depends on the operation, typically 600). */
  maxWaitTime?: number;
  /** Shortest pause between two checks, in seconds (default 2). */
  minDelay?: number;
  /** Longest pause between two checks, in seconds (default 30). */
  maxDelay?: number;
  /** Cancels the wait; the wait then throws {@link WaitAbortedError}. */
  abortSignal?: AbortSignal;
}

/**
 * The `wait` option of a state-changing method: `true` waits with the method's defaults, an object overrides them,
 * `false` or absent returns as soon as the change was requested.
 *
 * @example
 * ```ts
 * await aurora.startDatabase(StackReference.Green, { wait: { maxWaitTime: 1200 } });
 * ```
 */
export type WaitSetting = boolean | WaitOptions;

/**
 * {@link WaitOptions} with every number filled in, as returned by {@link resolveWaitOptions}.
 *
 * @example
 * ```ts
 * import { type ResolvedWaitOptions, resolveWaitOptions } from 'bluegreen-toolkit';
 *
 * const wait: ResolvedWaitOptions | undefined = resolveWaitOptions({ maxWaitTime: 120 });
 * // { maxWaitTime: 120, minDelay: 2, maxDelay: 30 }
 * ```
 */
export interface ResolvedWaitOptions {
  /** Give up after this many seconds. */
  maxWaitTime: number;
  /** Shortest pause between two checks, in seconds. */
  minDelay: number;
  /** Longest pause between two checks, in seconds (never less than `minDelay`). */
  maxDelay: number;
  /** Cancels the wait, when the caller or the operation gave one. */
  abortSignal?: AbortSignal;
}

/**
 * Defaults applied by {@link resolveWaitOptions} when neither the caller nor the operation sets a value:
 * `{ maxWaitTime: 600, minDelay: 2, maxDelay: 30 }` (seconds). Frozen.
 *
 * @example
 * ```ts
 * import { DEFAULT_WAIT, StackReference } from 'bluegreen-toolkit';
 *
 * // Twice the default patience, same polling pace.
 * await aurora.startDatabase(StackReference.Green, { wait: { maxWaitTime: 2 * DEFAULT_WAIT.maxWaitTime } });
 * ```
 */
export const DEFAULT_WAIT: Readonly<ResolvedWaitOptions> = Object.freeze({ maxWaitTime: 600, minDelay: 2, maxDelay: 30 });

/**
 * Turns a {@link WaitSetting} into complete options, or `undefined` when the caller does not want to wait. Validates
 * the numbers (a {@link ConfigError} before anything is called).
 *
 * @param setting - what the caller passed.
 * @param defaults - the operation's own defaults.
 * @param path - how the option is named in error messages (default `wait`).
 *
 * @example
 * ```ts
 * import { resolveWaitOptions } from 'bluegreen-toolkit';
 *
 * resolveWaitOptions(true, { maxWaitTime: 900 }); // { maxWaitTime: 900, minDelay: 2, maxDelay: 30 }
 * resolveWaitOptions(false); // undefined
 * ```
 */
export function resolveWaitOptions(
  setting: WaitSetting | undefined,
  defaults: WaitOptions = {},
  path = 'wait',
): ResolvedWaitOptions | undefined {
  if (setting === undefined || setting === false) return undefined;
  if (setting !== true && (setting === null || typeof setting !== 'object')) {
    throw new ConfigError(
      `Invalid ${path} option ${describeValue(setting)}: pass true, false or { maxWaitTime, minDelay, maxDelay, abortSignal }.`,
    );
  }
  const given: WaitOptions = setting === true ? {} : setting;
  const resolved = {} as ResolvedWaitOptions;
  for (const key of ['maxWaitTime', 'minDelay', 'maxDelay'] as const) {
    const value = given[key] ?? defaults[key] ?? DEFAULT_WAIT[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ConfigError(`Invalid ${path}.${key} ${describeValue(value)}: expected a number of seconds >= 0.`);
    }
    resolved[key] = value;
  }
  const signal = given.abortSignal ?? defaults.abortSignal;
  if (signal !== undefined) resolved.abortSignal = signal;
  if (resolved.minDelay > resolved.maxDelay) {
    throw new ConfigError(`Invalid ${path} options: minDelay (${resolved.minDelay}s) is greater than maxDelay (${resolved.maxDelay}s).`);
  }
  return resolved;
}

/**
 * What a {@link waitFor} check returns: `done: true` with the value to resolve with, or `done: false` with the state
 * observed (kept for the timeout error and progress logs).
 *
 * @example
 * ```ts
 * import { StackReference, type WaitCheckResult, waitFor } from 'bluegreen-toolkit';
 *
 * const drained = async (): Promise<WaitCheckResult<number>> => {
 *   const { total } = await sqs.getQueueDepth(StackReference.Blue);
 *   return total === 0 ? { done: true, value: total } : { done: false, state: { total } };
 * };
 * await waitFor(drained, { maxWaitTime: 300, description: 'queue orders-blue to drain' });
 * ```
 */
export type WaitCheckResult<T> = { done: true; value: T } | { done: false; state?: unknown };

/**
 * Options of {@link waitFor}: the {@link WaitOptions} (defaults from {@link DEFAULT_WAIT}: `maxWaitTime` 600 s,
 * `minDelay` 2 s, `maxDelay` 30 s) plus a description, a progress callback and the jitter source.
 *
 * @example
 * ```ts
 * import { StackReference, type WaitForOptions, waitFor } from 'bluegreen-toolkit';
 *
 * const options: WaitForOptions = {
 *   maxWaitTime: 900,
 *   minDelay: 5,
 *   description: 'cluster shop-db-green to be available',
 *   onPoll: (state, attempt) => console.log(`check ${attempt}: still ${JSON.stringify(state)}`),
 * };
 * const cluster = await waitFor(async () => {
 *   const state = await aurora.getClusterState(StackReference.Green);
 *   return state.status === 'available' ? { done: true, value: state } : { done: false, state: state.status };
 * }, options);
 * ```
 */
export interface WaitForOptions extends WaitOptions {
  /** What is being waited for, used in error messages (for example `"cluster orders-green to be available"`; default `"condition"`). */
  description?: string;
  /** Called after every check that is not done. */
  onPoll?: (state: unknown, attempt: number) => void;
  /** Source of randomness for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * The pause before check number `attempt + 1` (attempt counts from 1): capped exponential backoff with jitter, a
 * random value between `minDelay` and `min(maxDelay, minDelay * 2^(attempt-1))`, in milliseconds.
 *
 * @example
 * ```ts
 * import { backoffDelay } from 'bluegreen-toolkit';
 *
 * backoffDelay(3, { minDelay: 1, maxDelay: 10 }, () => 0.5); // between 1000 and 4000 ms
 * ```
 */
export function backoffDelay(attempt: number, options: { minDelay: number; maxDelay: number }, random: () => number = Math.random): number {
  const min = options.minDelay * 1000;
  const cap = Math.min(options.maxDelay * 1000, min * 2 ** Math.max(0, attempt - 1));
  const upper = Math.max(min, cap);
  return Math.round(min + random() * (upper - min));
}

/**
 * Polls `check` until it reports done. The first check runs immediately; later ones follow capped exponential backoff
 * with jitter ({@link backoffDelay}); no pause extends past the deadline, and a last check runs at the deadline before
 * {@link WaitTimeoutError} (carrying the last observed state) is thrown. An aborted signal throws
 * {@link WaitAbortedError} at once, also in the middle of a pause.
 *
 * @param check - called with the attempt number (from 1); resolves with a {@link WaitCheckResult}.
 * @param options - {@link WaitForOptions}; `maxWaitTime` defaults to 600 s, `minDelay` to 2 s, `maxDelay` to 30 s.
 * @returns the value of the check that reported done.
 *
 * @example
 * ```ts
 * import { waitFor } from 'bluegreen-toolkit';
 *
 * const depth = await waitFor(async () => {
 *   const d = await sqs.getQueueDepth(StackReference.Blue);
 *   return d.total === 0 ? { done: true, value: d } : { done: false, state: d };
 * }, { maxWaitTime: 300, description: 'queue orders-blue to drain' });
 * ```
 */
export async function waitFor<T>(check: (attempt: number) => Promise<WaitCheckResult<T>>, options: WaitForOptions = {}): Promise<T> {
  const resolved = resolveWaitOptions(options) as ResolvedWaitOptions;
  const description = options.description ?? 'condition';
  const signal = options.abortSignal;
  const start = Date.now();
  const deadline = start + resolved.maxWaitTime * 1000;
  let lastState: unknown;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(signal, description, lastState);
    const result = await check(attempt);
    if (result.done) return result.value;
    lastState = result.state;
    options.onPoll?.(lastState, attempt);
    const now = Date.now();
    if (now >= deadline) {
      throw new WaitTimeoutError(
        `Timed out after ${Math.round((now - start) / 1000)}s waiting for ${description} (${attempt} checks); last state: ${stringifyState(lastState)}`,
        { lastState, waitedMs: now - start, attempts: attempt },
      );
    }
    await sleep(Math.min(backoffDelay(attempt, resolved, options.random), deadline - now), signal, description, lastState);
  }
}

/**
 * Resolves after `ms` milliseconds, or rejects with {@link WaitAbortedError} as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * import { sleep } from 'bluegreen-toolkit';
 *
 * await sleep(500, controller.signal);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal, description = 'sleep', lastState?: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal, description, lastState));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal, description, lastState));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal, description: string, lastState: unknown): WaitAbortedError {
  return new WaitAbortedError(`Stopped waiting for ${description}: aborted`, { cause: signal.reason, lastState });
}

function stringifyState(state: unknown): string {
  let text: string;
  try {
    text = typeof state === 'string' ? state : (JSON.stringify(state) ?? 'unknown');
  } catch {
    text = String(state);
  }
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

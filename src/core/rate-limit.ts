import { awsErrorName, awsHttpStatus } from './aws-errors.js';
import type { SdkClientLike } from './dry-run.js';
import { DEFAULT_QUOTAS, type QuotaRule } from './rate-limit-quotas.js';

/**
 * Client-side pacing of AWS requests per API (or per shared quota bucket), so bulk work stays under the account's
 * request-rate quota instead of running into throttling errors and the SDK's back-off.
 *
 * A bucket starts at its rule's rate when the rule is `proactive` (a documented quota that cannot be raised, such as
 * Lambda's 15 control-plane requests per second), and unpaced otherwise; the first throttling response paces it at the
 * rule's documented rate (or, without one, at the rate observed so far) and every further one lowers the rate by 30 %.
 * Requests are spaced evenly (at most one request per `1 / rate` seconds per bucket). Every attempt is paced, retries
 * included, because the limiter sits below the SDK's retry middleware.
 *
 * @example
 * ```ts
 * import { LambdaClient } from '@aws-sdk/client-lambda';
 * import { addRateLimitMiddleware, RateLimiter } from 'bluegreen-toolkit';
 *
 * const client = new LambdaClient({ region: 'eu-west-1' });
 * addRateLimitMiddleware(client, new RateLimiter()); // what every tool does for the clients it creates
 * ```
 */
export class RateLimiter {
  readonly #rules: (client: string, operation: string) => QuotaRule | undefined;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { interval: number; next: number; floor: number; sent: number; since: number }>();

  /**
   * @param rules - the quota rule of an operation (default: {@link DEFAULT_QUOTAS}); `undefined` = never paced.
   * @param now - clock in milliseconds (default `Date.now`; for tests).
   */
  constructor(rules: (client: string, operation: string) => QuotaRule | undefined = DEFAULT_QUOTAS, now: () => number = Date.now) {
    this.#rules = rules;
    this.#now = now;
  }

  /** Milliseconds to wait before sending `operation` on `client` (and books the slot). 0 = send now. */
  reserve(client: string, operation: string): number {
    const rule = this.#rules(client, operation);
    if (!rule) return 0;
    const now = this.#now();
    let bucket = this.#buckets.get(rule.bucket);
    if (!bucket) {
      bucket = { interval: rule.proactive ? 1000 / rule.rate : 0, next: now, floor: 1000 / rule.rate, sent: 0, since: now };
      this.#buckets.set(rule.bucket, bucket);
    }
    bucket.sent++;
    const at = Math.max(now, bucket.next);
    bucket.next = at + bucket.interval;
    return at - now;
  }

  /** Records a throttling response for `operation`: the bucket is paced (or paced 30 % slower). */
  throttled(client: string, operation: string): void {
    const rule = this.#rules(client, operation);
    const bucket = rule && this.#buckets.get(rule.bucket);
    if (!rule || !bucket) return;
    if (bucket.interval === 0) {
      // First throttle of an unpaced bucket: the documented rate, or the rate that was just too much.
      const observed = (bucket.sent * 1000) / Math.max(1, this.#now() - bucket.since);
      bucket.interval = Math.max(bucket.floor, 1000 / Math.max(0.5, observed * 0.7));
    } else {
      bucket.interval = Math.min(bucket.interval / 0.7, 2000);
    }
    bucket.next = Math.max(bucket.next, this.#now() + bucket.interval);
  }

  /** The current pace of a bucket in requests per second (`Infinity` when unpaced, `undefined` when never used). */
  rate(bucket: string): number | undefined {
    const b = this.#buckets.get(bucket);
    return b === undefined ? undefined : b.interval === 0 ? Number.POSITIVE_INFINITY : 1000 / b.interval;
  }
}

/** Whether an error is a throttling response (by code, or HTTP 429). */
function isThrottling(error: unknown): boolean {
  const name = awsErrorName(error);
  return (
    (name !== undefined &&
      /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded)$/.test(name)) ||
    awsHttpStatus(error) === 429
  );
}

/**
 * The name of the middleware {@link addRateLimitMiddleware} installs (`bluegreenToolkitRateLimit`).
 *
 * @example
 * ```ts
 * import { RATE_LIMIT_MIDDLEWARE_NAME } from 'bluegreen-toolkit';
 *
 * client.middlewareStack.remove(RATE_LIMIT_MIDDLEWARE_NAME); // send unpaced
 * ```
 */
export const RATE_LIMIT_MIDDLEWARE_NAME = 'bluegreenToolkitRateLimit';

/**
 * Installs a {@link RateLimiter} on an SDK client, below its retry middleware (every attempt is paced, and every
 * throttling response slows the bucket down before the SDK retries).
 *
 * @example
 * ```ts
 * import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
 * import { addRateLimitMiddleware, RateLimiter } from 'bluegreen-toolkit';
 *
 * const limiter = new RateLimiter(); // share one limiter between clients of the same account and region
 * addRateLimitMiddleware(new CloudWatchClient({ region: 'eu-west-1' }), limiter);
 * ```
 */
export function addRateLimitMiddleware(client: SdkClientLike, limiter: RateLimiter): void {
  (client.middlewareStack as { add(middleware: unknown, options: Record<string, unknown>): void }).add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => async (args: unknown) => {
      const clientName = context.clientName ?? 'UnknownClient';
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const wait = limiter.reserve(clientName, operation);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return await next(args);
      } catch (error) {
        if (isThrottling(error)) limiter.throttled(clientName, operation);
        throw error;
      }
    },
    // finalizeRequest/low: inside the retry middleware (finalizeRequest/high), so each attempt passes through here.
    { step: 'finalizeRequest', priority: 'low', name: RATE_LIMIT_MIDDLEWARE_NAME, override: true },
  );
}

import { awsErrorName, awsHttpStatus } from './aws-errors.js';
import type { SdkClientLike } from './dry-run.js';
import type { QuotaRules } from './rate-limit-quotas.js';

/**
 * Client-side pacing of AWS requests per API (or per shared quota bucket), so bulk work stays under the account's
 * request-rate quota instead of running into throttling errors and the SDK's back-off.
 *
 * A bucket starts at its rule's rate when the rule is `proactive` (a documented quota that cannot be raised, such as
 * Lambda's 15 control-plane requests per second), and unpaced otherwise; the first throttling response paces it at the
 * rule's documented rate and every further one lowers the rate by 30 %. Operations without a rule are never paced
 * here (the SDK's `adaptive` retry mode, the package default, still slows a client down after throttling).
 * Requests are spaced evenly (one request per `1 / rate` seconds per bucket, after an initial burst of `burst`
 * requests). Every attempt is paced, retries included, because the limiter sits below the SDK's retry middleware.
 *
 * @example
 * ```ts
 * import { LambdaClient } from '@aws-sdk/client-lambda';
 * import { addRateLimitMiddleware, LAMBDA_QUOTAS, RateLimiter } from 'bluegreen-toolkit';
 *
 * const client = new LambdaClient({ region: 'eu-west-1' });
 * addRateLimitMiddleware(client, new RateLimiter(LAMBDA_QUOTAS)); // what LambdaTools does for the client it creates
 * ```
 */
export class RateLimiter {
  readonly #rules: QuotaRules;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { interval: number; tat: number; burst: number; rate: number }>();

  /**
   * @param rules - the quota rule of each operation ({@link LAMBDA_QUOTAS}, {@link CLOUDWATCH_QUOTAS} or your own);
   *   `undefined` = never paced.
   * @param now - clock in milliseconds (default `Date.now`; for tests).
   */
  constructor(rules: QuotaRules, now: () => number = Date.now) {
    this.#rules = rules;
    this.#now = now;
  }

  /** Milliseconds to wait before sending `operation` (and books the slot). 0 = send now. */
  reserve(operation: string): number {
    const rule = this.#rules(operation);
    if (!rule) return 0;
    const now = this.#now();
    let bucket = this.#buckets.get(rule.bucket);
    if (!bucket) {
      bucket = { interval: rule.proactive ? 1000 / rule.rate : 0, tat: now, burst: rule.burst ?? 1, rate: rule.rate };
      this.#buckets.set(rule.bucket, bucket);
    }
    // GCRA (a token bucket of `burst` requests refilled at `rate`): the theoretical arrival time moves one interval per
    // request; a request may go up to `burst - 1` intervals ahead of it.
    const tat = Math.max(now, bucket.tat);
    const at = Math.max(now, tat - (bucket.burst - 1) * bucket.interval);
    bucket.tat = tat + bucket.interval;
    return at - now;
  }

  /** Records a throttling response for `operation`: the bucket is paced at its documented rate, or 30 % slower. */
  throttled(operation: string): void {
    const rule = this.#rules(operation);
    const bucket = rule && this.#buckets.get(rule.bucket);
    if (!bucket) return;
    bucket.burst = 1; // no more bursts once throttled
    bucket.interval = bucket.interval === 0 ? 1000 / bucket.rate : Math.min(bucket.interval / 0.7, 2000);
    bucket.tat = Math.max(bucket.tat, this.#now() + bucket.interval);
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
 * import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
 * import { addRateLimitMiddleware, CLOUDWATCH_QUOTAS, RATE_LIMIT_MIDDLEWARE_NAME, RateLimiter } from 'bluegreen-toolkit';
 *
 * const client = new CloudWatchClient({ region: 'eu-west-1' });
 * addRateLimitMiddleware(client, new RateLimiter(CLOUDWATCH_QUOTAS));
 * // ... later, let the same client send unpaced:
 * client.middlewareStack.remove(RATE_LIMIT_MIDDLEWARE_NAME);
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
 * import { addRateLimitMiddleware, CLOUDWATCH_QUOTAS, RateLimiter } from 'bluegreen-toolkit';
 *
 * const limiter = new RateLimiter(CLOUDWATCH_QUOTAS); // share one limiter between clients of one account and region
 * addRateLimitMiddleware(new CloudWatchClient({ region: 'eu-west-1' }), limiter);
 * ```
 */
export function addRateLimitMiddleware(client: SdkClientLike, limiter: RateLimiter): void {
  (client.middlewareStack as { add(middleware: unknown, options: Record<string, unknown>): void }).add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const wait = limiter.reserve(operation);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return await next(args);
      } catch (error) {
        if (isThrottling(error)) limiter.throttled(operation);
        throw error;
      }
    },
    // finalizeRequest/low: inside the retry middleware (finalizeRequest/high), so each attempt passes through here.
    { step: 'finalizeRequest', priority: 'low', name: RATE_LIMIT_MIDDLEWARE_NAME, override: true },
  );
}

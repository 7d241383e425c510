import type { SdkClientLike } from './dry-run.js';
import { addRateLimitMiddleware, RateLimiter } from './rate-limit.js';

/**
 * A request-rate quota the {@link RateLimiter} paces against.
 *
 * @example
 * ```ts
 * import { type QuotaRule, RateLimiter } from 'bluegreen-toolkit';
 *
 * // Pace every call at 10 requests per second from the first request on.
 * const rule: QuotaRule = { bucket: 'all', rate: 10, proactive: true };
 * const limiter = new RateLimiter(() => rule);
 * ```
 */
export interface QuotaRule {
  /** Operations sharing one quota share one bucket name. */
  bucket: string;
  /** The documented default rate, requests per second. */
  rate: number;
  /** Pace from the first request (a hard quota), rather than only after the first throttling response. */
  proactive: boolean;
  /** Requests that may go at once before the pacing starts (default 1); a throttling response sets it to 1. */
  burst?: number;
}

/**
 * The quota rule of each operation of one service (`undefined`: not paced).
 *
 * @example
 * ```ts
 * import { type QuotaRules, RateLimiter } from 'bluegreen-toolkit';
 *
 * const sqsRules: QuotaRules = (operation) => (operation === 'PurgeQueue' ? { bucket: 'purge', rate: 1, proactive: true } : undefined);
 * const limiter = new RateLimiter(sqsRules);
 * ```
 */
export type QuotaRules = (operation: string) => QuotaRule | undefined;

/**
 * AWS Lambda's request-rate quotas, paced from the first request because none can be increased ("Lambda API requests"
 * in Lambda quotas, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): GetFunction 100
 * requests per second, GetPolicy 15, and every other control-plane API *together* ("excludes invocation, GetFunction,
 * and GetPolicy requests") 15 requests per second. Invocations are not paced. AWS meters request rates with token
 * buckets; the page gives no bucket size, so a burst of 5 (the tools' default concurrency) is assumed — a throttling
 * response drops it to 1.
 *
 * @example
 * ```ts
 * import { LAMBDA_QUOTAS } from 'bluegreen-toolkit';
 *
 * LAMBDA_QUOTAS('UpdateEventSourceMapping'); // { bucket: 'control-plane', rate: 15, proactive: true, burst: 5 }
 * ```
 */
export const LAMBDA_QUOTAS: QuotaRules = (operation) =>
  /^Invoke/.test(operation)
    ? undefined
    : operation === 'GetFunction' || operation === 'GetPolicy'
      ? { bucket: operation, rate: operation === 'GetFunction' ? 100 : 15, proactive: true, burst: 5 }
      : { bucket: 'control-plane', rate: 15, proactive: true, burst: 5 };

/**
 * CloudWatch's alarm-API request-rate quotas (CloudWatch service quotas,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html): DescribeAlarms 9
 * transactions per second; EnableAlarmActions, DisableAlarmActions, PutMetricAlarm, SetAlarmState, DeleteAlarms 3.
 * They are adjustable per account (Service Quotas), so they pace a bucket only once CloudWatch has throttled it: an
 * account with raised quotas is not slowed down.
 *
 * @example
 * ```ts
 * import { CLOUDWATCH_QUOTAS } from 'bluegreen-toolkit';
 *
 * CLOUDWATCH_QUOTAS('DescribeAlarms'); // { bucket: 'DescribeAlarms', rate: 9, proactive: false }
 * ```
 */
export const CLOUDWATCH_QUOTAS: QuotaRules = (operation) =>
  operation === 'DescribeAlarms'
    ? { bucket: operation, rate: 9, proactive: false }
    : /^(Enable|Disable)AlarmActions$|^(PutMetricAlarm|SetAlarmState|DeleteAlarms)$/.test(operation)
      ? { bucket: operation, rate: 3, proactive: false }
      : undefined;

function pace(rules: QuotaRules, client: SdkClientLike, rateLimit: boolean | RateLimiter | undefined): void {
  if (rateLimit !== false) addRateLimitMiddleware(client, rateLimit instanceof RateLimiter ? rateLimit : new RateLimiter(rules));
}

/**
 * Paces a Lambda client at {@link LAMBDA_QUOTAS} (what LambdaTools does with the client it creates): `rateLimit`
 * `false` = unpaced, a `RateLimiter` = that (shared) limiter, otherwise a new one.
 *
 * @example
 * ```ts
 * import { LambdaClient } from '@aws-sdk/client-lambda';
 * import { lambdaPacing } from 'bluegreen-toolkit';
 *
 * const client = new LambdaClient({ region: 'eu-west-1' });
 * lambdaPacing(client);
 * ```
 */
export function lambdaPacing(client: SdkClientLike, rateLimit?: boolean | RateLimiter): void {
  pace(LAMBDA_QUOTAS, client, rateLimit);
}

/**
 * Paces a CloudWatch client at {@link CLOUDWATCH_QUOTAS} once it is throttled (what CloudWatchTools does).
 *
 * @example
 * ```ts
 * import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
 * import { cloudWatchPacing } from 'bluegreen-toolkit';
 *
 * cloudWatchPacing(new CloudWatchClient({ region: 'eu-west-1' }));
 * ```
 */
export function cloudWatchPacing(client: SdkClientLike, rateLimit?: boolean | RateLimiter): void {
  pace(CLOUDWATCH_QUOTAS, client, rateLimit);
}

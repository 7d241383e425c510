/**
 * A request-rate quota the {@link RateLimiter} paces against.
 *
 * @example
 * ```ts
 * import { type QuotaRule, RateLimiter } from 'bluegreen-toolkit';
 *
 * // Pace every SQS call at 10 requests per second from the first request on.
 * const rules = (client: string): QuotaRule | undefined =>
 *   client === 'SQSClient' ? { bucket: 'sqs', rate: 10, proactive: true } : undefined;
 * const limiter = new RateLimiter(rules);
 * ```
 */
export interface QuotaRule {
  /** Operations sharing one quota share one bucket name. */
  bucket: string;
  /** The documented default rate, requests per second. */
  rate: number;
  /** Pace from the first request (a hard quota), rather than only after the first throttling response. */
  proactive: boolean;
}

// AWS Lambda quotas, "Lambda API requests" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
// GetFunction 100 requests per second, GetPolicy 15, and every other control-plane API together ("excludes invocation,
// GetFunction, and GetPolicy requests") 15 requests per second — none can be increased, so they are paced from the start.
const LAMBDA_OWN: Record<string, number> = { GetFunction: 100, GetPolicy: 15 };
// CloudWatch service quotas (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html):
// DescribeAlarms 9 TPS; DisableAlarmActions, EnableAlarmActions, DescribeAlarmHistory, DescribeAlarmsForMetric,
// DeleteAlarms, SetAlarmState 3 TPS; PutMetricAlarm 3 TPS. These are adjustable per account (Service Quotas), so they
// pace only once CloudWatch has throttled us: an account with raised quotas is not slowed down.
const CLOUDWATCH: Record<string, number> = {
  DescribeAlarms: 9,
  DisableAlarmActions: 3,
  EnableAlarmActions: 3,
  DescribeAlarmHistory: 3,
  DescribeAlarmsForMetric: 3,
  DeleteAlarms: 3,
  SetAlarmState: 3,
  PutMetricAlarm: 3,
};

/**
 * The default quota rules: Lambda's hard control-plane quotas (paced from the first request) and CloudWatch's
 * alarm-API quotas (paced after the first throttling response); every other operation is paced only after it was
 * throttled, at 70 % of the rate that was throttled.
 *
 * @example
 * ```ts
 * import { DEFAULT_QUOTAS } from 'bluegreen-toolkit';
 *
 * DEFAULT_QUOTAS('LambdaClient', 'UpdateEventSourceMapping'); // { bucket: 'lambda:control-plane', rate: 15, proactive: true }
 * ```
 */
export function DEFAULT_QUOTAS(client: string, operation: string): QuotaRule | undefined {
  if (client === 'LambdaClient') {
    if (operation === 'Invoke' || operation === 'InvokeAsync' || operation === 'InvokeWithResponseStream') return undefined;
    const own = LAMBDA_OWN[operation];
    return own
      ? { bucket: `lambda:${operation}`, rate: own, proactive: true }
      : { bucket: 'lambda:control-plane', rate: 15, proactive: true };
  }
  const cw = client === 'CloudWatchClient' ? CLOUDWATCH[operation] : undefined;
  // 1000 rps stands for "unknown": the first throttle then paces at 70 % of the observed rate instead.
  return { bucket: `${client}:${operation}`, rate: cw ?? 1000, proactive: false };
}

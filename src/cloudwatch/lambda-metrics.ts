import { type CloudWatchClient, type MetricDataQuery, paginateGetMetricData } from '@aws-sdk/client-cloudwatch';
import { ConfigError, requireInteger, requireObject } from '../core/index.js';
import { guardedPages } from '../core/pages.js';

/**
 * Options of {@link FunctionMetrics.getLatestMetrics}.
 *
 * @example
 * ```ts
 * import type { MetricsOptions } from 'bluegreen-toolkit/cloudwatch';
 *
 * const options: MetricsOptions = { periodSeconds: 60, windowMinutes: 10 };
 * ```
 */
export interface MetricsOptions {
  /** Datapoint period in seconds: 60 or a multiple of 60 (default 60). */
  periodSeconds?: number;
  /** How far back to look, in minutes (default 5, at most 1440). */
  windowMinutes?: number;
}

/**
 * The six Lambda metrics the rollout gates on: the most recent datapoint in the window, or `null` when there is none.
 * Statistics: IteratorAge Maximum (ms), Errors Sum, ConcurrentExecutions Maximum, Invocations Sum, Duration Average
 * (ms), Throttles Sum.
 *
 * @example
 * ```ts
 * import type { LambdaMetrics } from 'bluegreen-toolkit/cloudwatch';
 *
 * const failing = (m: LambdaMetrics) => (m.errors ?? 0) > 0 || (m.throttles ?? 0) > 0;
 * ```
 */
export interface LambdaMetrics {
  /** Age of the last record read from a stream, in ms (Maximum). */
  iteratorAge: number | null;
  /** Invocations that failed (Sum). */
  errors: number | null;
  /** Concurrent executions (Maximum). */
  concurrentExecutions: number | null;
  /** Invocations (Sum). */
  invocations: number | null;
  /** Duration in ms (Average). */
  duration: number | null;
  /** Throttled invocations (Sum). */
  throttles: number | null;
  /** Timestamp of the newest datapoint found, across all six metrics (`null` when none). */
  latestTimestamp: Date | null;
  /** The window that was read. */
  window: { start: Date; end: Date; periodSeconds: number };
}

/** Validated metrics window. */
export interface MetricsWindow {
  periodSeconds: number;
  windowMinutes: number;
}

/** Validates getLatestMetrics options. */
export function parseMetricsOptions(value: unknown): MetricsWindow {
  const options = value === undefined ? {} : requireObject(value, 'options');
  const periodSeconds =
    options.periodSeconds === undefined ? 60 : requireInteger(options.periodSeconds, 'options.periodSeconds', { min: 60 });
  if (periodSeconds % 60 !== 0) throw new ConfigError(`options.periodSeconds must be a multiple of 60, got ${periodSeconds}.`);
  const windowMinutes =
    options.windowMinutes === undefined ? 5 : requireInteger(options.windowMinutes, 'options.windowMinutes', { min: 1, max: 1440 });
  if (windowMinutes * 60 < periodSeconds) {
    throw new ConfigError(
      `options.windowMinutes (${windowMinutes}) is shorter than one period (${periodSeconds}s): widen the window or shorten the period.`,
    );
  }
  return { periodSeconds, windowMinutes };
}

type MetricKey = 'iteratorAge' | 'errors' | 'concurrentExecutions' | 'invocations' | 'duration' | 'throttles';

/** The six metrics: query id (deterministic, also the result key), metric name and statistic. */
export const LAMBDA_METRICS: readonly { id: MetricKey; metric: string; stat: string }[] = [
  { id: 'iteratorAge', metric: 'IteratorAge', stat: 'Maximum' },
  { id: 'errors', metric: 'Errors', stat: 'Sum' },
  { id: 'concurrentExecutions', metric: 'ConcurrentExecutions', stat: 'Maximum' },
  { id: 'invocations', metric: 'Invocations', stat: 'Sum' },
  { id: 'duration', metric: 'Duration', stat: 'Average' },
  { id: 'throttles', metric: 'Throttles', stat: 'Sum' },
];

/** The GetMetricData queries for one function (and alias, through the Resource dimension). */
export function metricQueries(functionName: string, alias: string | undefined, periodSeconds: number): MetricDataQuery[] {
  const dimensions = [{ Name: 'FunctionName', Value: functionName }];
  if (alias !== undefined) dimensions.push({ Name: 'Resource', Value: `${functionName}:${alias}` });
  return LAMBDA_METRICS.map(({ id, metric, stat }) => ({
    Id: id,
    Label: metric,
    ReturnData: true,
    MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: dimensions }, Period: periodSeconds, Stat: stat },
  }));
}

/**
 * Reads the newest datapoint of each metric over the window of complete periods that ends at the start of the current
 * period (all GetMetricData pages; `null` when a metric has no datapoint).
 */
export async function readLatestMetrics(
  client: CloudWatchClient,
  functionName: string,
  alias: string | undefined,
  window: MetricsWindow,
  now: Date,
): Promise<LambdaMetrics> {
  // GetMetricData labels each datapoint with the start of its period, and EndTime is exclusive ("results include data
  // points up to the specified time stamp", Amazon CloudWatch API Reference, GetMetricData:
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html). The period that contains
  // `now` is still being filled, so a Sum read from it (Errors, Invocations) is too low: end at the start of the
  // current period, so the newest datapoint is the last complete period. Aligned to the period, StartTime and EndTime
  // are also what the same page recommends for performance, and results are reproducible.
  const periodMs = window.periodSeconds * 1000;
  const end = new Date(Math.floor(now.getTime() / periodMs) * periodMs);
  const start = new Date(end.getTime() - window.windowMinutes * 60_000);
  const newest = new Map<string, { at: Date; value: number }>();
  const pages = paginateGetMetricData(
    { client, stopOnSameToken: true },
    {
      MetricDataQueries: metricQueries(functionName, alias, window.periodSeconds),
      StartTime: start,
      EndTime: end,
      ScanBy: 'TimestampDescending',
    },
  );
  for await (const page of guardedPages(pages, 'GetMetricData')) {
    for (const result of page.MetricDataResults ?? []) {
      const id = result.Id;
      if (!id) continue;
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      timestamps.forEach((at, i) => {
        const value = values[i];
        if (value === undefined) return;
        const current = newest.get(id);
        if (!current || at.getTime() > current.at.getTime()) newest.set(id, { at, value });
      });
    }
  }
  let latest: Date | null = null;
  for (const { at } of newest.values()) if (!latest || at.getTime() > latest.getTime()) latest = at;
  const value = (id: MetricKey) => newest.get(id)?.value ?? null;
  return {
    iteratorAge: value('iteratorAge'),
    errors: value('errors'),
    concurrentExecutions: value('concurrentExecutions'),
    invocations: value('invocations'),
    duration: value('duration'),
    throttles: value('throttles'),
    latestTimestamp: latest,
    window: { start, end, periodSeconds: window.periodSeconds },
  };
}

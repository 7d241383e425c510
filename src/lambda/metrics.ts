import { type CloudWatchClient, type MetricDataQuery, paginateGetMetricData } from '@aws-sdk/client-cloudwatch';
import { guardedPages } from '../core/pages.js';
import type { MetricsWindow } from './config.js';
import type { LambdaMetrics } from './types.js';

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

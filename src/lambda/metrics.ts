import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
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
 * Reads the newest datapoint of each metric over the window (all GetMetricData pages; `null` when a metric has no
 * datapoint).
 */
export async function readLatestMetrics(
  client: CloudWatchClient,
  functionName: string,
  alias: string | undefined,
  window: MetricsWindow,
  now: Date,
): Promise<LambdaMetrics> {
  // Align the end to the period so the newest bucket is complete and results are reproducible.
  const periodMs = window.periodSeconds * 1000;
  const end = new Date(Math.floor(now.getTime() / periodMs) * periodMs + periodMs);
  const start = new Date(end.getTime() - window.windowMinutes * 60_000);
  const newest = new Map<string, { at: Date; value: number }>();
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: metricQueries(functionName, alias, window.periodSeconds),
        StartTime: start,
        EndTime: end,
        ScanBy: 'TimestampDescending',
        ...(token ? { NextToken: token } : {}),
      }),
    );
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
    token = page.NextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) token = undefined;
      else seen.add(token);
    }
  } while (token !== undefined);
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

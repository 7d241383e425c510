import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { StackReference } from '../core/index.js';
import type { SqsTools } from '../sqs/index.js';
import { DRAIN_ZERO_READINGS, type DrainOptions, SQS_DEPTH_CONSISTENCY_SECONDS } from './flip-options.js';
import type { StepSettle } from './runbook-types.js';

/** The state the drain check carries from one reading to the next (JSON, so a durable runner can checkpoint it). */
interface DrainState {
  zeros: number;
  firstZeroAt?: number;
  total?: number;
  sent?: number;
}

/**
 * The drain condition of the old stack's queue (not its DLQ): `zeroReadings` empty readings spread over at least
 * `windowSeconds` (SQS's depth attributes lag up to a minute), then CloudWatch `NumberOfMessagesSent` = 0 over the
 * window. Any message seen starts the window again.
 */
export function drainSettle(
  sqs: SqsTools,
  ref: StackReference,
  options: DrainOptions,
  cloudwatch: () => Promise<CloudWatchClient>,
  now: () => number = Date.now,
): StepSettle {
  const window = options.windowSeconds ?? SQS_DEPTH_CONSISTENCY_SECONDS;
  const zeroReadings = Math.max(1, options.zeroReadings ?? DRAIN_ZERO_READINGS);
  const spacing = zeroReadings > 1 ? window / (zeroReadings - 1) : window;
  const queueName = sqs.queues[ref].queueName;
  return {
    description: `queue ${queueName} empty for ${window}s (${zeroReadings} readings)${options.sentMetric === false ? '' : ' and no NumberOfMessagesSent'}`,
    maxWaitSeconds: options.maxWaitTime ?? 1800,
    minDelaySeconds: options.minDelay ?? spacing,
    maxDelaySeconds: options.maxDelay ?? spacing,
    async check({ state }) {
      const previous = (state as DrainState | undefined) ?? { zeros: 0 };
      const depth = await sqs.getQueueDepth(ref, { includeDlq: false });
      const at = now();
      if (depth.total > 0) return { done: false, state: { zeros: 0, total: depth.total } satisfies DrainState };
      const next: DrainState = { zeros: previous.zeros + 1, firstZeroAt: previous.firstZeroAt ?? at, total: 0 };
      const spanned = at - (next.firstZeroAt as number) >= window * 1000;
      if (next.zeros < zeroReadings || !spanned) return { done: false, state: next };
      if (options.sentMetric !== false) {
        const period = options.metricPeriodSeconds ?? 60;
        const sent = await messagesSent(await cloudwatch(), queueName, (next.firstZeroAt as number) - window * 1000, at, period);
        if (sent > 0) return { done: false, state: { zeros: 0, sent } satisfies DrainState };
        next.sent = 0;
      }
      return { done: true, state: next };
    },
  };
}

/** Sum of `AWS/SQS NumberOfMessagesSent` for the queue between two times (1-minute periods, paginated). */
async function messagesSent(client: CloudWatchClient, queueName: string, from: number, to: number, period: number): Promise<number> {
  const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  // Whole periods around the window: SQS publishes one datapoint per minute.
  const ms = period * 1000;
  const start = new Date(Math.floor(from / ms) * ms);
  const end = new Date(Math.ceil(to / ms) * ms + ms);
  let sum = 0;
  let nextToken: string | undefined;
  // Paged by hand (NextToken) rather than with paginateGetMetricData: the SDK paginator insists on `instanceof
  // CloudWatchClient`, which an injected client from the package's other build (ESM vs CJS) fails.
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        NextToken: nextToken,
        MetricDataQueries: [
          {
            Id: 'sent',
            MetricStat: {
              Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent', Dimensions: [{ Name: 'QueueName', Value: queueName }] },
              Period: period,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    for (const result of page.MetricDataResults ?? []) for (const value of result.Values ?? []) sum += value;
    nextToken = page.NextToken;
  } while (nextToken);
  return sum;
}

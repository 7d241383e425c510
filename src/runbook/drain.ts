import type { QueueSentMetric } from '../cloudwatch/queue-metrics.js';
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
 * window. Any message seen starts the window again. `metrics` reads CloudWatch (a CloudWatchTools or QueueMetrics the
 * hook constructed: the runbook imports no SDK client itself).
 */
export function drainSettle(
  sqs: SqsTools,
  ref: StackReference,
  options: DrainOptions,
  metrics: () => Promise<QueueSentMetric>,
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
        const sent = await (await metrics()).queueMessagesSent(queueName, {
          from: (next.firstZeroAt as number) - window * 1000,
          to: at,
          periodSeconds: period,
        });
        if (sent > 0) return { done: false, state: { zeros: 0, sent } satisfies DrainState };
        next.sent = 0;
      }
      return { done: true, state: next };
    },
  };
}

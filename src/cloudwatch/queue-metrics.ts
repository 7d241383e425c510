import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { BaseTool, type ClientSource, type CommonToolOptions, ConfigError, requireString } from '../core/index.js';

/**
 * A time window of whole metric periods: `from`/`to` in epoch milliseconds, `periodSeconds` the datapoint period.
 *
 * @example
 * ```ts
 * import type { MetricWindow } from 'bluegreen-toolkit/cloudwatch';
 *
 * const lastMinute: MetricWindow = { from: Date.now() - 60_000, to: Date.now(), periodSeconds: 60 };
 * ```
 */
export interface MetricWindow {
  /** Start, epoch milliseconds (rounded down to a whole period). */
  from: number;
  /** End, epoch milliseconds (rounded up to a whole period, plus one). */
  to: number;
  /** The metric period in seconds (SQS publishes one datapoint per minute: 60). */
  periodSeconds: number;
}

/**
 * What the flip's drain check needs from CloudWatch: the number of messages sent to a queue over a window. Both
 * {@link CloudWatchTools} and {@link QueueMetrics} provide it.
 *
 * @example
 * ```ts
 * import { QueueMetrics, type QueueSentMetric } from 'bluegreen-toolkit/cloudwatch';
 *
 * const metrics: QueueSentMetric = new QueueMetrics({ clientConfig: { region: 'eu-west-1' } });
 * const sent = await metrics.queueMessagesSent('orders-blue', { from: Date.now() - 60_000, to: Date.now(), periodSeconds: 60 });
 * ```
 */
export interface QueueSentMetric {
  /** Sum of `AWS/SQS NumberOfMessagesSent` for the queue over the window. */
  queueMessagesSent(queueName: string, window: MetricWindow): Promise<number>;
}

/**
 * Options of {@link QueueMetrics}: `awsSdkV3Client` **or** `clientConfig`, and `logger`.
 *
 * @example
 * ```ts
 * import type { QueueMetricsOptions } from 'bluegreen-toolkit/cloudwatch';
 *
 * const options: QueueMetricsOptions = { clientConfig: { region: 'eu-west-1' } };
 * ```
 */
export type QueueMetricsOptions = Omit<CommonToolOptions, 'dryRun' | 'rateLimit'> & ClientSource<CloudWatchClient>;

/**
 * Reads SQS queue metrics from CloudWatch — the drain evidence of the whole-stack flip (`NumberOfMessagesSent` = 0
 * over the drain window). A flip hook that has no {@link CloudWatchTools} passes one to `bluegreenFlipFromTools` as
 * `queueMetrics`, so the CloudWatch client is imported and constructed by the hook itself, like every other client.
 *
 * @example
 * ```ts
 * import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch';
 * import { bluegreenFlipFromTools } from 'bluegreen-toolkit/runbook';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const flip = bluegreenFlipFromTools(
 *   { sqs: new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } } }) },
 *   { queueMetrics: new QueueMetrics({ clientConfig: { region: 'eu-west-1' } }) },
 * );
 * ```
 */
export class QueueMetrics extends BaseTool implements QueueSentMetric {
  /** The CloudWatch client. */
  readonly client: CloudWatchClient;

  /**
   * @param options - {@link QueueMetricsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} for both or a malformed client source (nothing is called).
   */
  constructor(options: QueueMetricsOptions = {}) {
    super(options, 'QueueMetrics');
    this.client = this.createClient(CloudWatchClient, options, options);
  }

  /**
   * Sum of `AWS/SQS NumberOfMessagesSent` (statistic `Sum`, dimension `QueueName`) over whole periods around the
   * window, all pages of GetMetricData.
   *
   * @param queueName - the queue.
   * @param window - {@link MetricWindow}.
   * @returns the number of messages sent (0 when CloudWatch has no datapoint).
   * @throws {@link bluegreen-toolkit!ConfigError} for an empty queue name or a bad window (nothing is called).
   *
   * @remarks IAM: `cloudwatch:GetMetricData`.
   *
   * @example
   * ```ts
   * import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch';
   *
   * const metrics = new QueueMetrics({ clientConfig: { region: 'eu-west-1' } });
   * const sent = await metrics.queueMessagesSent('orders-blue', { from: Date.now() - 120_000, to: Date.now(), periodSeconds: 60 });
   * ```
   */
  queueMessagesSent(queueName: string, window: MetricWindow): Promise<number> {
    return queueMessagesSent(this.client, queueName, window);
  }
}

/**
 * `AWS/SQS NumberOfMessagesSent` summed over the window (SQS publishes its queue metrics to CloudWatch at one-minute
 * intervals: Amazon SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
 */
export async function queueMessagesSent(client: CloudWatchClient, queueName: string, window: MetricWindow): Promise<number> {
  requireString(queueName, 'queueName');
  const { from, to, periodSeconds } = window ?? ({} as MetricWindow);
  if (![from, to, periodSeconds].every((v) => typeof v === 'number' && Number.isFinite(v)) || periodSeconds <= 0 || to < from) {
    throw new ConfigError('window must be { from, to, periodSeconds } with from <= to (epoch ms) and periodSeconds > 0.');
  }
  // Whole periods around the window: SQS publishes one datapoint per minute.
  const ms = periodSeconds * 1000;
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
              Period: periodSeconds,
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

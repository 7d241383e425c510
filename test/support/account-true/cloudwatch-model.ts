/**
 * CloudWatch `AWS/SQS NumberOfMessagesSent`, modelled (moto emits no SQS metrics).
 *
 * AWS: NumberOfMessagesSent is "the number of messages added to a queue", reported per queue (dimension `QueueName`);
 * messages SNS delivers to a subscribed queue count too, as any message added (Amazon SQS Developer Guide, "Available
 * CloudWatch metrics for Amazon SQS",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
 *
 * The model: a {@link SentLedger} records every message added to a queue — `SendMessage`/`SendMessageBatch` through the
 * proxy, and each SNS delivery (computed per Publish from the subscription's *effective* filter policy, see
 * sns-delivery.ts). `GetMetricData` whose queries are all `AWS/SQS NumberOfMessagesSent` is answered from the ledger
 * with one `Sum` per `Period` from `StartTime` (real time: a scaled test asks for short periods); any other
 * GetMetricData goes to moto. Simplification: AWS publishes the datapoints with a delay; the model has none.
 */
import type { ModelContext, ServiceModel } from './model.js';
import type { Answer, AwsCall } from './wire.js';

/** Messages added to each queue, with the time they were added (real epoch ms). */
export class SentLedger {
  readonly #sent = new Map<string, number[]>();

  record(queueName: string, at: number, count = 1): void {
    const list = this.#sent.get(queueName) ?? [];
    for (let i = 0; i < count; i++) list.push(at);
    this.#sent.set(queueName, list);
  }

  /** Messages added to `queueName` in `[from, to)`. */
  sum(queueName: string, from: number, to: number): number {
    return (this.#sent.get(queueName) ?? []).filter((t) => t >= from && t < to).length;
  }

  /** Every message added to `queueName` so far. */
  total(queueName: string): number {
    return this.#sent.get(queueName)?.length ?? 0;
  }
}

interface MetricQuery {
  Id?: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] }; Period?: number };
}

/** The CloudWatch model (see the module comment). */
export class SqsMetrics implements ServiceModel {
  constructor(
    private readonly ctx: ModelContext,
    readonly ledger: SentLedger,
  ) {}

  async handle(call: AwsCall, _forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service === 'sqs' && (call.operation === 'SendMessage' || call.operation === 'SendMessageBatch')) {
      const answer = await _forward();
      if (answer.status === 200) {
        const name = String(call.input.QueueUrl ?? '').replace(/^.*\//, '');
        const body = JSON.parse(answer.body.toString('utf8') || '{}') as { Successful?: unknown[] };
        this.ledger.record(name, this.ctx.clock.now(), call.operation === 'SendMessage' ? 1 : (body.Successful?.length ?? 0));
      }
      return answer;
    }
    if (call.service !== 'monitoring' || call.operation !== 'GetMetricData' || call.protocol !== 'json') return undefined;
    const queries = (call.input.MetricDataQueries ?? []) as MetricQuery[];
    const modelled = (q: MetricQuery) =>
      q.MetricStat?.Metric?.Namespace === 'AWS/SQS' && q.MetricStat.Metric.MetricName === 'NumberOfMessagesSent';
    if (queries.length === 0 || !queries.every(modelled)) return undefined;
    const start = toMs(call.input.StartTime);
    const end = toMs(call.input.EndTime);
    const results = queries.map((q) => {
      const queue = q.MetricStat?.Metric?.Dimensions?.find((d) => d.Name === 'QueueName')?.Value ?? '';
      const period = (q.MetricStat?.Period ?? 60) * 1000;
      const timestamps: number[] = [];
      const values: number[] = [];
      for (let t = start; t < end; t += period) {
        timestamps.push(t / 1000);
        values.push(this.ledger.sum(queue, t, Math.min(t + period, end)));
      }
      return {
        Id: q.Id,
        Label: 'NumberOfMessagesSent',
        Timestamps: timestamps.reverse(),
        Values: values.reverse(),
        StatusCode: 'Complete',
      };
    });
    const body = Buffer.from(JSON.stringify({ MetricDataResults: results, Messages: [] }));
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'account-true' }, body };
  }

  async settle(): Promise<void> {}
}

/** CloudWatch JSON timestamps are epoch seconds (numbers); accept ISO strings too. */
function toMs(value: unknown): number {
  if (typeof value === 'number') return value * 1000;
  return new Date(String(value)).getTime();
}

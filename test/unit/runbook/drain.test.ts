import { strict as assert } from 'node:assert';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { QueueMetrics } from '../../../src/cloudwatch/index.js';
import { StackReference } from '../../../src/index.js';
import { drainSettle } from '../../../src/runbook/drain.js';
import type { SettleContext } from '../../../src/runbook/index.js';
import type { SqsTools } from '../../../src/sqs/index.js';

/**
 * The drain follows SQS's GetQueueAttributes note ("ApproximateNumberOf* … may not achieve consistency until at least
 * 1 minute after the producers stop sending messages") and gates on CloudWatch AWS/SQS NumberOfMessagesSent.
 */
describe('Function: drainSettle (the flip drain condition)', () => {
  const cw = mockClient(CloudWatchClient);
  let now = 0;
  let depths: number[] = [];
  const sqs = {
    queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } },
    getQueueDepth: async (_ref: StackReference, options: { includeDlq?: boolean }) => {
      assert.equal(options.includeDlq, false, 'the DLQ does not drain: it is never part of the drain');
      return { queues: [], total: depths.shift() ?? 0 };
    },
  } as unknown as SqsTools;
  const metrics = new QueueMetrics({ awsSdkV3Client: new CloudWatchClient({ region: 'eu-west-1' }) });
  /** Runs the check once per reading, 30 s apart, like the runner would; returns the states. */
  async function poll(settle: ReturnType<typeof drainSettle>, readings: number) {
    let state: unknown;
    const seen: { done: boolean; state?: unknown }[] = [];
    for (let attempt = 1; attempt <= readings; attempt++) {
      const result = await settle.check({ state, attempt, result: undefined } as SettleContext);
      seen.push(result);
      state = result.state;
      if (result.done) break;
      now += 30_000;
    }
    return seen;
  }
  after(() => cw.restore());
  beforeEach(() => {
    cw.reset();
    now = 1_700_000_000_000;
    depths = [];
  });

  it('is done only after 3 empty readings spanning 60 s and a zero NumberOfMessagesSent for the queue over the window', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'sent', Values: [0, 0] }] });
    const settle = drainSettle(
      sqs,
      StackReference.Blue,
      {},
      async () => metrics,
      () => now,
    );
    assert.equal(settle.minDelaySeconds, 30);
    const seen = await poll(settle, 5);
    assert.deepEqual(
      seen.map((s) => s.done),
      [false, false, true],
    );
    const query = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    assert.deepEqual(query?.MetricDataQueries?.[0]?.MetricStat, {
      Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent', Dimensions: [{ Name: 'QueueName', Value: 'q-blue' }] },
      Period: 60,
      Stat: 'Sum',
    });
    assert.ok(
      ((query?.StartTime as Date | undefined)?.getTime() ?? Number.POSITIVE_INFINITY) <= now - 120_000,
      'the metric window covers the readings window and the minute before',
    );
  });

  it('a message seen restarts the window (a single empty reading is not "drained")', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'sent', Values: [] }] });
    depths = [0, 4, 0, 0, 0];
    const seen = await poll(
      drainSettle(
        sqs,
        StackReference.Blue,
        {},
        async () => metrics,
        () => now,
      ),
      6,
    );
    assert.deepEqual(
      seen.map((s) => s.done),
      [false, false, false, false, true],
    );
    assert.deepEqual(seen[1]?.state, { zeros: 0, total: 4 });
  });

  it('messages sent during the window (CloudWatch) restart it although every depth read 0', async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'sent', Values: [2] }] })
      .resolves({ MetricDataResults: [{ Id: 'sent', Values: [0] }] });
    const seen = await poll(
      drainSettle(
        sqs,
        StackReference.Blue,
        {},
        async () => metrics,
        () => now,
      ),
      8,
    );
    assert.deepEqual(
      seen.map((s) => s.done),
      [false, false, false, false, false, true],
    );
    assert.deepEqual(seen[2]?.state, { zeros: 0, sent: 2 });
  });

  it('sentMetric: false skips CloudWatch; windowSeconds / zeroReadings / metricPeriodSeconds scale it', async () => {
    const settle = drainSettle(
      sqs,
      StackReference.Blue,
      { sentMetric: false, windowSeconds: 1, zeroReadings: 2 },
      async () => metrics,
      () => now,
    );
    assert.equal(settle.minDelaySeconds, 1);
    const seen = await poll(settle, 3);
    assert.deepEqual(
      seen.map((s) => s.done),
      [false, true],
    );
    assert.equal(cw.calls().length, 0);
  });
});

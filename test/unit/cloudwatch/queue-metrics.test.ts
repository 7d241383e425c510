import { strict as assert } from 'node:assert';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchTools, QueueMetrics } from '../../../src/cloudwatch/index.js';
import { ConfigError } from '../../../src/index.js';

describe('Class: QueueMetrics', () => {
  const cw = mockClient(CloudWatchClient);
  const client = new CloudWatchClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  beforeEach(() => cw.reset());
  after(() => cw.restore());
  const minute = 60_000;
  const window = { from: 10 * minute + 5_000, to: 12 * minute + 1_000, periodSeconds: 60 };

  describe('Method: queueMessagesSent', () => {
    it('sums AWS/SQS NumberOfMessagesSent of the queue over whole periods, following NextToken', async () => {
      cw.on(GetMetricDataCommand)
        .resolvesOnce({ MetricDataResults: [{ Id: 'sent', Values: [2, 0] }], NextToken: 'p2' })
        .resolvesOnce({ MetricDataResults: [{ Id: 'sent', Values: [3] }] });
      const sent = await new QueueMetrics({ awsSdkV3Client: client }).queueMessagesSent('orders-blue', window);
      assert.equal(sent, 5);
      const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
      assert.deepEqual(
        calls.map((i) => i.NextToken),
        [undefined, 'p2'],
      );
      const query = calls[0]?.MetricDataQueries?.[0]?.MetricStat;
      assert.deepEqual(query?.Metric, {
        Namespace: 'AWS/SQS',
        MetricName: 'NumberOfMessagesSent',
        Dimensions: [{ Name: 'QueueName', Value: 'orders-blue' }],
      });
      assert.equal(query?.Stat, 'Sum');
      assert.equal(query?.Period, 60);
      // Whole minutes around the window: 10:00 (floor of 10:05) to 13:00 (ceil of 12:01) + one period.
      assert.equal(calls[0]?.StartTime?.getTime(), 10 * minute);
      assert.equal(calls[0]?.EndTime?.getTime(), 14 * minute);
    });

    const bad: [string, unknown, unknown][] = [
      ['an empty queue name', '', window],
      ['a window without a period', 'q', { from: 0, to: 1 }],
      ['a window that ends before it starts', 'q', { from: 2, to: 1, periodSeconds: 60 }],
      ['no window', 'q', undefined],
    ];
    for (const [what, queueName, win] of bad) {
      it(`rejects ${what} with a ConfigError before any call`, async () => {
        await assert.rejects(
          new QueueMetrics({ awsSdkV3Client: client }).queueMessagesSent(queueName as string, win as never),
          ConfigError,
        );
        assert.equal(cw.calls().length, 0);
      });
    }

    it('CloudWatchTools reads the same metric with its own client (no second CloudWatch client)', async () => {
      cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'sent', Values: [1] }] });
      const tools = new CloudWatchTools({ alarms: { blue: { prefix: 'b-' }, green: { prefix: 'g-' } }, awsSdkV3Client: client });
      assert.equal(await tools.queueMessagesSent('orders-blue', window), 1);
      assert.equal(cw.commandCalls(GetMetricDataCommand).length, 1);
    });
  });

  it('rejects both awsSdkV3Client and clientConfig with a ConfigError', () => {
    assert.throws(() => new QueueMetrics({ awsSdkV3Client: client, clientConfig: {} } as never), ConfigError);
  });
});

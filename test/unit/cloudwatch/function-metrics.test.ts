import { strict as assert } from 'node:assert';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { FunctionMetrics } from '../../../src/cloudwatch/index.js';
import { ConfigError, StackReference } from '../../../src/index.js';
import { LambdaTools } from '../../../src/lambda/index.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

describe('Class: FunctionMetrics', () => {
  const creds = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  const lambdaClient = new LambdaClient(creds);
  const cwClient = new CloudWatchClient(creds);
  const lm = mockClient(LambdaClient);
  const cw = mockClient(CloudWatchClient);
  const allCalls = () => lm.calls().length + cw.calls().length;
  let clock: sinon.SinonFakeTimers | undefined;

  beforeEach(() => {
    lm.reset();
    cw.reset();
  });
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });
  after(() => {
    lm.restore();
    cw.restore();
  });

  const tools = (functions: object = {}) =>
    new FunctionMetrics({
      lambda: new LambdaTools({
        functions: {
          blue: { functionName: 'orders-blue', alias: 'live' },
          green: { functionName: 'orders-green', alias: 'live' },
          ...functions,
        } as never,
        clients: { lambda: lambdaClient },
      }),
      awsSdkV3Client: cwClient,
    });

  describe('Constructor', () => {
    it('rejects a missing or foreign lambda with a ConfigError and makes no AWS call', () => {
      for (const lambda of [undefined, {}, null]) {
        assert.throws(
          () => new FunctionMetrics({ lambda: lambda as never, awsSdkV3Client: cwClient }),
          (e: unknown) => e instanceof ConfigError && /options\.lambda must be the LambdaTools/.test(e.message),
        );
      }
      assert.equal(allCalls(), 0);
    });
  });

  describe('Method: getLatestMetrics', () => {
    it('asks for the six metrics of the alias with deterministic ids in one call, newest value each, null without data', async () => {
      clock = sinon.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 30), toFake: ['Date'] });
      const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 11, m));
      cw.on(GetMetricDataCommand).resolves({
        MetricDataResults: [
          { Id: 'errors', Timestamps: [t(59), t(58)], Values: [2, 5] },
          { Id: 'invocations', Timestamps: [t(58), t(59)], Values: [100, 120] },
          { Id: 'duration', Timestamps: [t(57)], Values: [12.5] },
          { Id: 'iteratorAge', Timestamps: [], Values: [] },
          { Id: 'concurrentExecutions', Timestamps: [t(59)], Values: [0] },
        ],
      });
      const metrics = await tools().getLatestMetrics(StackReference.Green, { windowMinutes: 10 });
      assert.deepEqual(
        { ...metrics, window: undefined },
        {
          iteratorAge: null,
          errors: 2,
          concurrentExecutions: 0,
          invocations: 120,
          duration: 12.5,
          throttles: null,
          latestTimestamp: t(59),
          window: undefined,
        },
      );
      const calls = cw.commandCalls(GetMetricDataCommand);
      assert.equal(calls.length, 1);
      const input = calls[0]!.args[0].input;
      assert.deepEqual(
        input.MetricDataQueries?.map((q) => [q.Id, q.MetricStat?.Metric?.MetricName, q.MetricStat?.Stat, q.MetricStat?.Period]),
        [
          ['iteratorAge', 'IteratorAge', 'Maximum', 60],
          ['errors', 'Errors', 'Sum', 60],
          ['concurrentExecutions', 'ConcurrentExecutions', 'Maximum', 60],
          ['invocations', 'Invocations', 'Sum', 60],
          ['duration', 'Duration', 'Average', 60],
          ['throttles', 'Throttles', 'Sum', 60],
        ],
      );
      for (const q of input.MetricDataQueries ?? []) {
        assert.equal(q.MetricStat?.Metric?.Namespace, 'AWS/Lambda');
        assert.deepEqual(q.MetricStat?.Metric?.Dimensions, [
          { Name: 'FunctionName', Value: 'orders-green' },
          { Name: 'Resource', Value: 'orders-green:live' },
        ]);
      }
      assert.equal((input.EndTime as Date).getTime() - (input.StartTime as Date).getTime(), 10 * 60_000);
      assert.deepEqual(metrics.window, { start: input.StartTime, end: input.EndTime, periodSeconds: 60 });
    });

    it('CloudWatch API Reference (GetMetricData: EndTime is exclusive, a datapoint is stamped with its period start): the window ends where the current, incomplete period begins', async () => {
      clock = sinon.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 7, 30), toFake: ['Date'] });
      cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
      const metrics = await tools().getLatestMetrics(StackReference.Green, { periodSeconds: 300, windowMinutes: 15 });
      const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
      // 12:05–12:10 is still being filled at 12:07:30: the newest period read is 12:00–12:05.
      assert.equal((input.EndTime as Date).toISOString(), '2026-01-01T12:05:00.000Z');
      assert.equal((input.StartTime as Date).toISOString(), '2026-01-01T11:50:00.000Z');
      assert.deepEqual(metrics.window, { start: input.StartTime, end: input.EndTime, periodSeconds: 300 });
    });

    it('follows NextToken and uses the function-wide dimension when no alias is configured', async () => {
      cw.on(GetMetricDataCommand, { NextToken: undefined }).resolves({
        MetricDataResults: [{ Id: 'errors', Timestamps: [new Date(1000)], Values: [1] }],
        NextToken: 'n2',
      });
      cw.on(GetMetricDataCommand, { NextToken: 'n2' }).resolves({
        MetricDataResults: [{ Id: 'throttles', Timestamps: [new Date(1000)], Values: [3] }],
      });
      const metrics = await tools({ blue: { functionName: `${ARN}:orders-blue` } }).getLatestMetrics(StackReference.Blue);
      assert.equal(metrics.errors, 1);
      assert.equal(metrics.throttles, 3);
      assert.equal(cw.commandCalls(GetMetricDataCommand).length, 2);
      assert.deepEqual(cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries?.[0]?.MetricStat?.Metric?.Dimensions, [
        { Name: 'FunctionName', Value: 'orders-blue' },
      ]);
    });

    it('rejects bad options before any call', async () => {
      await assert.rejects(tools().getLatestMetrics(StackReference.Green, { periodSeconds: 90 }), /multiple of 60/);
      await assert.rejects(tools().getLatestMetrics(StackReference.Green, { windowMinutes: 0 }), ConfigError);
      await assert.rejects(
        tools().getLatestMetrics(StackReference.Green, { periodSeconds: 600, windowMinutes: 5 }),
        /shorter than one period/,
      );
      assert.equal(allCalls(), 0);
    });
  });
});

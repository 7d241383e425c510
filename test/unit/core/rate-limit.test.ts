import { strict as assert } from 'node:assert';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { createAwsClient } from '../../../src/core/client.js';
import { CLOUDWATCH_QUOTAS, LAMBDA_QUOTAS, lambdaPacing, RateLimiter } from '../../../src/core/index.js';

describe('Class: RateLimiter', () => {
  describe('Method: reserve', () => {
    it('paces Lambda control-plane calls at 15 requests per second from the first call (Lambda quotas: "Lambda API requests")', () => {
      let now = 1_000;
      const limiter = new RateLimiter(LAMBDA_QUOTAS, () => now);
      const waits = Array.from({ length: 8 }, () => limiter.reserve('UpdateEventSourceMapping'));
      // a burst of 5, then one every 1/15 s
      assert.deepEqual(
        waits.map((w) => Math.round(w)),
        [0, 0, 0, 0, 0, 67, 133, 200],
      );
      // ListEventSourceMappings shares the same control-plane bucket; GetFunction has its own 100 rps quota.
      assert.equal(Math.round(limiter.reserve('ListEventSourceMappings')), 267);
      assert.equal(limiter.reserve('GetFunction'), 0);
      assert.equal(limiter.reserve('Invoke'), 0);
      now += 10_000;
      assert.equal(limiter.reserve('UpdateEventSourceMapping'), 0, 'an idle bucket sends at once');
    });

    it('leaves an adjustable quota (CloudWatch DescribeAlarms, 9 TPS in CloudWatch service quotas) unpaced until the first throttle, then paces at it', () => {
      const now = 0;
      const limiter = new RateLimiter(CLOUDWATCH_QUOTAS, () => now);
      for (let i = 0; i < 20; i++) assert.equal(limiter.reserve('DescribeAlarms'), 0);
      assert.equal(limiter.rate('DescribeAlarms'), Number.POSITIVE_INFINITY);
      limiter.throttled('DescribeAlarms');
      assert.ok(Math.abs((limiter.rate('DescribeAlarms') as number) - 9) < 0.01);
      assert.ok(limiter.reserve('DescribeAlarms') > 0, 'the next call waits');
      limiter.throttled('DescribeAlarms');
      assert.ok(Math.abs((limiter.rate('DescribeAlarms') as number) - 6.3) < 0.01, 'each further throttle: 30 % slower');
      // Enable/DisableAlarmActions are 3 TPS; operations without a documented quota are not paced here.
      limiter.reserve('DisableAlarmActions');
      limiter.throttled('DisableAlarmActions');
      assert.ok(Math.abs((limiter.rate('DisableAlarmActions') as number) - 3) < 0.01);
      assert.equal(limiter.reserve('GetMetricData'), 0);
      assert.equal(limiter.rate('GetMetricData'), undefined);
    });
  });

  describe('Function: addRateLimitMiddleware (installed by createAwsClient)', () => {
    // Lambda API reference, Common errors: TooManyRequestsException, HTTP 429, "Rate exceeded" (REST-JSON: x-amzn-errortype).
    const throttlingHandler = (log: number[]) => ({
      handle: async () => {
        log.push(Date.now());
        const body = JSON.stringify({ Type: 'User', message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' });
        const { HttpResponse } = await import('@smithy/protocol-http');
        const { Readable } = await import('node:stream');
        return {
          response: new HttpResponse({
            statusCode: 429,
            headers: { 'x-amzn-errortype': 'TooManyRequestsException', 'content-type': 'application/json' },
            body: Readable.from([Buffer.from(body)]),
          }),
        };
      },
    });

    it('every attempt (retries included) passes the limiter, and a TooManyRequestsException slows the bucket', async () => {
      const sent: number[] = [];
      const limiter = new RateLimiter(LAMBDA_QUOTAS);
      const client = createAwsClient(
        LambdaClient,
        {
          clientConfig: {
            region: 'eu-west-1',
            credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
            maxAttempts: 2,
            retryMode: 'standard',
            requestHandler: throttlingHandler(sent),
          },
        },
        { rateLimit: limiter },
        undefined,
        lambdaPacing,
      );
      // The base (smithy) Client's own send: other unit tests stub LambdaClient.prototype.send with aws-sdk-client-mock.
      const send = Object.getPrototypeOf(LambdaClient.prototype).send as (this: unknown, command: unknown) => Promise<unknown>;
      await assert.rejects(send.call(client, new ListEventSourceMappingsCommand({ FunctionName: 'f' })), {
        name: 'TooManyRequestsException',
      });
      assert.equal(sent.length, 2, 'both attempts were sent through the paced stack');
      assert.ok((limiter.rate('control-plane') as number) < 15, 'throttling lowered the pace below the documented 15 rps');
    });

    it('is installed only with quotas, never with rateLimit: false nor on an injected client', () => {
      const client = createAwsClient(
        LambdaClient,
        { clientConfig: { region: 'eu-west-1' } },
        { rateLimit: false },
        undefined,
        lambdaPacing,
      );
      const names = (client.middlewareStack as unknown as { identify(): string[] }).identify();
      assert.ok(!names.some((n) => n.startsWith('bluegreenToolkitRateLimit')));
      const unpaced = createAwsClient(LambdaClient, { clientConfig: { region: 'eu-west-1' } });
      assert.ok(
        !(unpaced.middlewareStack as unknown as { identify(): string[] }).identify().some((n) => n.startsWith('bluegreenToolkitRateLimit')),
      );
      const mine = new LambdaClient({ region: 'eu-west-1' });
      createAwsClient(LambdaClient, { awsSdkV3Client: mine }, {}, undefined, lambdaPacing);
      assert.ok(
        !(mine.middlewareStack as unknown as { identify(): string[] }).identify().some((n) => n.startsWith('bluegreenToolkitRateLimit')),
      );
      const paced = createAwsClient(LambdaClient, { clientConfig: { region: 'eu-west-1' } }, {}, undefined, lambdaPacing);
      assert.ok(
        (paced.middlewareStack as unknown as { identify(): string[] }).identify().some((n) => n.startsWith('bluegreenToolkitRateLimit')),
      );
    });
  });
});

import { strict as assert } from 'node:assert';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { createAwsClient } from '../../../src/core/client.js';
import { DEFAULT_QUOTAS, RateLimiter } from '../../../src/core/index.js';

describe('Class: RateLimiter', () => {
  describe('Method: reserve', () => {
    it('paces Lambda control-plane calls at 15 requests per second from the first call (Lambda quotas: "Lambda API requests")', () => {
      let now = 1_000;
      const limiter = new RateLimiter(DEFAULT_QUOTAS, () => now);
      const waits = Array.from({ length: 4 }, () => limiter.reserve('LambdaClient', 'UpdateEventSourceMapping'));
      assert.deepEqual(
        waits.map((w) => Math.round(w)),
        [0, 67, 133, 200],
      );
      // ListEventSourceMappings shares the same control-plane bucket; GetFunction has its own 100 rps quota.
      assert.equal(Math.round(limiter.reserve('LambdaClient', 'ListEventSourceMappings')), 267);
      assert.equal(limiter.reserve('LambdaClient', 'GetFunction'), 0);
      assert.equal(limiter.reserve('LambdaClient', 'Invoke'), 0);
      now += 10_000;
      assert.equal(limiter.reserve('LambdaClient', 'UpdateEventSourceMapping'), 0, 'an idle bucket sends at once');
    });

    it('leaves an adjustable quota (CloudWatch DescribeAlarms) unpaced until the first throttle, then paces at its documented 9 TPS', () => {
      let now = 0;
      const limiter = new RateLimiter(DEFAULT_QUOTAS, () => now);
      for (let i = 0; i < 20; i++) assert.equal(limiter.reserve('CloudWatchClient', 'DescribeAlarms'), 0);
      now = 500; // 20 calls in 0.5 s = 40 rps observed, throttled
      limiter.throttled('CloudWatchClient', 'DescribeAlarms');
      assert.ok(Math.abs((limiter.rate('CloudWatchClient:DescribeAlarms') as number) - 9) < 0.01);
      limiter.throttled('CloudWatchClient', 'DescribeAlarms');
      assert.ok(Math.abs((limiter.rate('CloudWatchClient:DescribeAlarms') as number) - 6.3) < 0.01, 'each further throttle: 30 % slower');
    });

    it('an operation without a documented quota is paced at 70 % of the rate that was throttled', () => {
      let now = 0;
      const limiter = new RateLimiter(DEFAULT_QUOTAS, () => now);
      for (let i = 0; i < 10; i++) limiter.reserve('SQSClient', 'PurgeQueue');
      now = 1000;
      limiter.throttled('SQSClient', 'PurgeQueue');
      assert.ok(Math.abs((limiter.rate('SQSClient:PurgeQueue') as number) - 7) < 0.01);
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
      const limiter = new RateLimiter();
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
      );
      // The base (smithy) Client's own send: other unit tests stub LambdaClient.prototype.send with aws-sdk-client-mock.
      const send = Object.getPrototypeOf(LambdaClient.prototype).send as (this: unknown, command: unknown) => Promise<unknown>;
      await assert.rejects(send.call(client, new ListEventSourceMappingsCommand({ FunctionName: 'f' })), {
        name: 'TooManyRequestsException',
      });
      assert.equal(sent.length, 2, 'both attempts were sent through the paced stack');
      assert.ok((limiter.rate('lambda:control-plane') as number) < 15, 'throttling lowered the pace below the documented 15 rps');
    });

    it('rateLimit: false sends unpaced (no middleware installed)', () => {
      const client = createAwsClient(LambdaClient, { clientConfig: { region: 'eu-west-1' } }, { rateLimit: false });
      const names = (client.middlewareStack as unknown as { identify(): string[] }).identify();
      assert.ok(!names.some((n) => n.startsWith('bluegreenToolkitRateLimit')));
      const paced = createAwsClient(LambdaClient, { clientConfig: { region: 'eu-west-1' } });
      assert.ok(
        (paced.middlewareStack as unknown as { identify(): string[] }).identify().some((n) => n.startsWith('bluegreenToolkitRateLimit')),
      );
    });
  });
});

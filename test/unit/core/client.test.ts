import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { HttpRequest } from '@smithy/protocol-http';
import { ConfigError, createAwsClient, DryRunRecorder, isReadOnlyOperation, VERSION } from '../../../src/index.js';

/** A request handler that records every HTTP request the SDK really sends and answers `{}`, without any network. */
class RecordingHandler {
  readonly requests: HttpRequest[] = [];
  async handle(request: HttpRequest) {
    this.requests.push(request);
    return {
      response: {
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'r' },
        body: Readable.from([Buffer.from('{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","QueueUrls":[]}')]),
      },
    };
  }
  updateHttpClientConfig() {}
  httpHandlerConfigs() {
    return {};
  }
}

const baseConfig = (handler: RecordingHandler) => ({
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  requestHandler: handler,
});

describe('Module: core/client', () => {
  // Other suites mock SQSClient.prototype.send (aws-sdk-client-mock, created when their files load); these tests need
  // the real send() so the middleware stack and the request handler run.
  before(() => {
    (SQSClient.prototype.send as { restore?: () => void }).restore?.();
  });

  describe('Function: createAwsClient', () => {
    it('returns the injected client unchanged', () => {
      const client = new SQSClient({ region: 'us-east-1' });
      assert.equal(createAwsClient(SQSClient, { awsSdkV3Client: client }), client);
    });

    it('rejects awsSdkV3Client together with clientConfig', () => {
      assert.throws(
        () => createAwsClient(SQSClient, { awsSdkV3Client: new SQSClient({}), clientConfig: { region: 'x' } }),
        (e: unknown) => e instanceof ConfigError && /either awsSdkV3Client or clientConfig/.test(e.message),
      );
    });

    it('rejects an injected value that is not an SDK client, and a non-object clientConfig', () => {
      assert.throws(() => createAwsClient(SQSClient, { awsSdkV3Client: {} as SQSClient }), ConfigError);
      assert.throws(() => createAwsClient(SQSClient, { clientConfig: 'eu-west-1' }), ConfigError);
    });

    it('refuses dry-run with an injected client (it may be shared)', () => {
      assert.throws(() => createAwsClient(SQSClient, { awsSdkV3Client: new SQSClient({}) }, { dryRun: true }), /dryRun cannot be combined/);
    });

    it('appends bluegreen-toolkit/<version> to the user agent and defaults to adaptive retries', async () => {
      const handler = new RecordingHandler();
      const client = createAwsClient(SQSClient, { clientConfig: { ...baseConfig(handler), customUserAgent: 'my-app/1.0' } });
      await client.send(new GetQueueUrlCommand({ QueueName: 'q' }));
      const ua = String(handler.requests[0]?.headers['x-amz-user-agent'] ?? handler.requests[0]?.headers['user-agent']);
      assert.ok(ua.includes(`bluegreen-toolkit/${VERSION}`), ua);
      assert.ok(ua.includes('my-app/1.0'), ua);
      assert.equal(((await client.config.retryStrategy()) as { mode?: string }).mode, 'adaptive');
    });

    it('keeps an explicit retryMode', async () => {
      const client = createAwsClient(SQSClient, { clientConfig: { region: 'us-east-1', retryMode: 'standard' } });
      assert.equal(((await client.config.retryStrategy()) as { mode?: string }).mode, 'standard');
    });
  });

  describe('Dry run', () => {
    it('sends read-only commands and records every mutating command without sending it', async () => {
      const handler = new RecordingHandler();
      const recorder = new DryRunRecorder();
      const seen: string[] = [];
      recorder.onCall((call) => seen.push(call.operation));
      const client = createAwsClient(SQSClient, { clientConfig: baseConfig(handler) }, { dryRun: recorder });

      await client.send(new GetQueueUrlCommand({ QueueName: 'q' }));
      await client.send(new ListQueuesCommand({}));
      const purge = await client.send(new PurgeQueueCommand({ QueueUrl: 'https://example/q' }));
      await client.send(new CreateQueueCommand({ QueueName: 'new' }));
      await client.send(new DeleteQueueCommand({ QueueUrl: 'https://example/q' }));
      await client.send(new ReceiveMessageCommand({ QueueUrl: 'https://example/q' }));

      assert.equal(handler.requests.length, 2, 'only the two read-only calls reached the wire');
      const targets = handler.requests.map((r) => r.headers['x-amz-target']);
      assert.deepEqual(targets, ['AmazonSQS.GetQueueUrl', 'AmazonSQS.ListQueues']);
      assert.deepEqual(
        recorder.calls.map((c) => [c.client, c.operation]),
        [
          ['SQSClient', 'PurgeQueue'],
          ['SQSClient', 'CreateQueue'],
          ['SQSClient', 'DeleteQueue'],
          ['SQSClient', 'ReceiveMessage'],
        ],
      );
      assert.deepEqual(recorder.calls[1]?.input, { QueueName: 'new' });
      assert.deepEqual(seen, ['PurgeQueue', 'CreateQueue', 'DeleteQueue', 'ReceiveMessage']);
      assert.equal(purge.$metadata.httpStatusCode, 200);
    });

    it('dryRun: true logs the mutating call through the logger', async () => {
      const handler = new RecordingHandler();
      const lines: string[] = [];
      const logger = { debug() {}, info: (m: string) => lines.push(m), warn() {}, error() {} };
      const client = createAwsClient(SQSClient, { clientConfig: baseConfig(handler) }, { dryRun: true, logger });
      await client.send(new PurgeQueueCommand({ QueueUrl: 'https://example/q' }));
      assert.equal(handler.requests.length, 0);
      assert.deepEqual(lines, ['dry-run: SQSClient PurgeQueue not sent']);
    });
  });

  describe('Function: isReadOnlyOperation', () => {
    for (const op of ['DescribeDBClusters', 'ListEventSourceMappings', 'GetQueueUrl', 'BatchGetDeployments', 'Query', 'Scan']) {
      it(`${op} is read-only`, () => assert.equal(isReadOnlyOperation(op), true));
    }
    for (const op of [
      'StopDBCluster',
      'PurgeQueue',
      'PutLifecycleEventHookExecutionStatus',
      'ReceiveMessage',
      'SetSubscriptionAttributes',
      'UpdateService',
    ]) {
      it(`${op} is mutating`, () => assert.equal(isReadOnlyOperation(op), false));
    }
  });
});

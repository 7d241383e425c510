import { strict as assert } from 'node:assert';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  PurgeQueueCommand,
  PurgeQueueInProgress,
  QueueDoesNotExist,
  SQSClient,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { ConfigError, InvalidStateError, ResourceNotFoundError, StackReference, WaitTimeoutError } from '../../../src/index.js';
import { purgeQueues, SqsTools } from '../../../src/sqs/index.js';

const URL = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
const queues = {
  blue: { queueName: 'orders-blue', dlqName: 'orders-blue-dlq' },
  green: { queueName: 'orders-green', dlqName: 'orders-green-dlq' },
};

/** The shape the SDK really produces for SQS's JSON protocol in query-compatible mode (name + legacy Code). */
function notFound() {
  return Object.assign(new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: { httpStatusCode: 400 } }), {
    Code: 'AWS.SimpleQueueService.NonExistentQueue',
  });
}
function purgeInProgress(name: string) {
  return Object.assign(
    new PurgeQueueInProgress({
      message: `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
      $metadata: { httpStatusCode: 400 },
    }),
    { Code: 'AWS.SimpleQueueService.PurgeQueueInProgress' },
  );
}
function depth(visible: number, inFlight = 0, delayed = 0) {
  return {
    Attributes: {
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(inFlight),
      ApproximateNumberOfMessagesDelayed: String(delayed),
    },
  };
}

const QUEUE_ARN = (name: string, account = '123456789012') => `arn:aws:sqs:eu-west-1:${account}:${name}`;
/** GetQueueAttributes(RedrivePolicy) as SQS returns it: the policy is a JSON string attribute. */
function redrive(dlqName: string) {
  return { Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: QUEUE_ARN(dlqName), maxReceiveCount: 5 }) } };
}

describe('Class: SqsTools', () => {
  const client = new SQSClient({ region: 'eu-west-1' });
  const sqs = mockClient(SQSClient);
  const tools = () => new SqsTools({ queues, awsSdkV3Client: client });

  beforeEach(() => {
    sqs.reset();
    sqs.on(GetQueueUrlCommand).callsFake((input: { QueueName: string }) => ({ QueueUrl: URL(input.QueueName) }));
  });

  describe('Constructor', () => {
    const bad: [string, unknown, RegExp][] = [
      ['a missing pair', undefined, /queues must be an object/],
      ['a missing green side', { blue: queues.blue }, /queues\.green is missing/],
      ['an unknown stack key', { ...queues, purple: queues.blue }, /unknown key 'purple'/],
      ['an empty queue name', { ...queues, green: { queueName: '' } }, /queues\.green\.queueName must not be empty/],
      ['a queue URL instead of a name', { ...queues, blue: { queueName: URL('orders-blue') } }, /queues\.blue\.queueName .* is not valid/],
      ['a DLQ equal to the queue', { ...queues, blue: { queueName: 'a', dlqName: 'a' } }, /dlqName must differ/],
      ['a bad owner account', { ...queues, blue: { queueName: 'a', ownerAccountId: '12' } }, /ownerAccountId .* 12-digit/],
      ['an unknown queue key', { ...queues, blue: { queueName: 'a', dlq: 'b' } }, /unknown key 'dlq'/],
      ['an 81-character name', { ...queues, blue: { queueName: 'x'.repeat(81) } }, /at most 80/],
    ];
    for (const [what, value, message] of bad) {
      it(`rejects ${what} with a ConfigError naming the path`, () => {
        assert.throws(
          () => new SqsTools({ queues: value as never, awsSdkV3Client: client }),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(sqs.calls().length, 0);
      });
    }
    it('accepts FIFO queue names', () => {
      const t = new SqsTools({
        queues: { blue: { queueName: 'a.fifo' }, green: { queueName: 'b.fifo', dlqName: 'c.fifo' } },
        awsSdkV3Client: client,
      });
      assert.equal(t.queues.green.dlqName, 'c.fifo');
    });
  });

  describe('Function: purgeQueues', () => {
    it('with includeDlq: resolves both URLs, checks the redrive policy and the DLQ sources, then purges both', async () => {
      sqs.on(PurgeQueueCommand).resolves({});
      sqs.on(GetQueueAttributesCommand).resolves(redrive('orders-green-dlq'));
      sqs.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [URL('orders-green')] });
      const result = await purgeQueues(tools(), StackReference.Green, { includeDlq: true });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.message, 'purged orders-green, orders-green-dlq');
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(
        sqs.calls().map((c) => [c.args[0].constructor.name, c.args[0].input]),
        [
          ['GetQueueUrlCommand', { QueueName: 'orders-green', QueueOwnerAWSAccountId: undefined }],
          ['GetQueueUrlCommand', { QueueName: 'orders-green-dlq', QueueOwnerAWSAccountId: undefined }],
          ['GetQueueAttributesCommand', { QueueUrl: URL('orders-green'), AttributeNames: ['RedrivePolicy'] }],
          ['ListDeadLetterSourceQueuesCommand', { QueueUrl: URL('orders-green-dlq'), MaxResults: 1000, NextToken: undefined }],
          ['PurgeQueueCommand', { QueueUrl: URL('orders-green') }],
          ['PurgeQueueCommand', { QueueUrl: URL('orders-green-dlq') }],
        ],
      );
      assert.deepEqual(
        result.queues.map((q) => [q.queueName, q.role, q.outcome, q.queueUrl]),
        [
          ['orders-green', 'queue', 'changed', URL('orders-green')],
          ['orders-green-dlq', 'dlq', 'changed', URL('orders-green-dlq')],
        ],
      );
    });

    it('uses the URL GetQueueUrl returns, whatever the partition (never a hand-built URL)', async () => {
      const cnUrl = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders-blue';
      sqs.on(GetQueueUrlCommand, { QueueName: 'orders-blue' }).resolves({ QueueUrl: cnUrl });
      sqs.on(PurgeQueueCommand).resolves({});
      await purgeQueues(tools(), StackReference.Blue, { includeDlq: false });
      assert.deepEqual(
        sqs.commandCalls(PurgeQueueCommand).map((c) => c.args[0].input.QueueUrl),
        [cnUrl],
      );
    });

    it('passes the owner account to GetQueueUrl for a cross-account queue', async () => {
      sqs.on(PurgeQueueCommand).resolves({});
      const t = new SqsTools({
        queues: { ...queues, blue: { queueName: 'shared', ownerAccountId: '210987654321' } },
        awsSdkV3Client: client,
      });
      await purgeQueues(t, StackReference.Blue);
      assert.deepEqual(sqs.commandCalls(GetQueueUrlCommand)[0]?.args[0].input, {
        QueueName: 'shared',
        QueueOwnerAWSAccountId: '210987654321',
      });
    });

    it('keeps the DLQ by default: only the main queue is purged, the DLQ is not even resolved', async () => {
      sqs.on(PurgeQueueCommand).resolves({});
      const result = await purgeQueues(tools(), StackReference.Green);
      assert.equal(result.message, 'purged orders-green');
      assert.deepEqual(
        sqs.calls().map((c) => c.args[0].constructor.name),
        ['GetQueueUrlCommand', 'PurgeQueueCommand'],
      );
    });

    it('SQS API Reference, PurgeQueue: PurgeQueueInProgress is `already`, with a warning that messages sent since that purge may remain', async () => {
      sqs
        .on(PurgeQueueCommand)
        .resolvesOnce({})
        .callsFake((input: { QueueUrl: string }) => {
          throw purgeInProgress(input.QueueUrl);
        });
      const t = tools();
      assert.equal((await purgeQueues(t, StackReference.Green)).outcome, 'changed');
      const again = await purgeQueues(t, StackReference.Green);
      assert.equal(again.outcome, 'already');
      assert.match(again.message, /already in progress; messages sent since it began may remain/);
      assert.deepEqual(
        again.queues.map((q) => q.outcome),
        ['already'],
      );
      assert.equal(again.warnings.length, 1);
      assert.match(again.warnings[0] as string, /orders-green was already being purged .*60 s.*may not be deleted.*repurgeInProgress/);
      assert.equal(again.queues[0]?.warning, again.warnings[0]);
      assert.equal(sqs.commandCalls(GetQueueUrlCommand).length, 1, 'URLs are resolved once per tool and reused');
      assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 2);
    });

    describe("includeDlq: the DLQ must be the queue's own (SQS API Reference: GetQueueAttributes RedrivePolicy, ListDeadLetterSourceQueues)", () => {
      it('refuses a dlqName that is not the RedrivePolicy deadLetterTargetArn (InvalidStateError), nothing purged', async () => {
        sqs.on(PurgeQueueCommand).resolves({});
        sqs.on(GetQueueAttributesCommand).resolves(redrive('orders-dlq-v2'));
        await assert.rejects(purgeQueues(tools(), StackReference.Blue, { includeDlq: true }), (e: unknown) => {
          assert.ok(e instanceof InvalidStateError);
          assert.match(e.message, /orders-blue-dlq \(queues\.blue\.dlqName\): it is not the dead-letter queue of orders-blue/);
          assert.match(e.message, /arn:aws:sqs:eu-west-1:123456789012:orders-dlq-v2/);
          return true;
        });
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 0);
      });

      it('refuses when the queue has no redrive policy at all', async () => {
        sqs.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
        await assert.rejects(purgeQueues(tools(), StackReference.Blue, { includeDlq: true }), /RedrivePolicy names no dead-letter queue/);
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 0);
      });

      it("refuses a DLQ that the other stack's queue also redrives to: ConfigError naming both paths, nothing purged", async () => {
        sqs.on(PurgeQueueCommand).resolves({});
        sqs.on(GetQueueAttributesCommand).resolves(redrive('orders-blue-dlq'));
        sqs.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [URL('orders-blue'), URL('orders-green')] });
        await assert.rejects(purgeQueues(tools(), StackReference.Blue, { includeDlq: true }), (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.match(e.message, /queues\.blue\.dlqName and queues\.green\.queueName share a dead-letter queue/);
          return true;
        });
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 0);
      });

      it('refuses a DLQ shared with a queue of neither stack (InvalidStateError naming it), reading every page', async () => {
        sqs.on(GetQueueAttributesCommand).resolves(redrive('orders-blue-dlq'));
        sqs
          .on(ListDeadLetterSourceQueuesCommand)
          .resolvesOnce({ queueUrls: [URL('orders-blue')], NextToken: 'p2' })
          .resolves({ queueUrls: [URL('audit')] });
        await assert.rejects(purgeQueues(tools(), StackReference.Blue, { includeDlq: true }), (e: unknown) => {
          assert.ok(e instanceof InvalidStateError);
          assert.match(e.message, /also the dead-letter queue of https:\/\/sqs\.eu-west-1\.amazonaws\.com\/123456789012\/audit/);
          return true;
        });
        assert.equal(sqs.commandCalls(ListDeadLetterSourceQueuesCommand).length, 2);
        assert.equal(sqs.commandCalls(ListDeadLetterSourceQueuesCommand)[1]?.args[0].input.NextToken, 'p2');
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 0);
      });
    });

    it('reports changed when only one queue was already being purged, and names it', async () => {
      sqs.on(PurgeQueueCommand, { QueueUrl: URL('orders-green') }).rejects(purgeInProgress('orders-green'));
      sqs.on(PurgeQueueCommand, { QueueUrl: URL('orders-green-dlq') }).resolves({});
      sqs.on(GetQueueAttributesCommand).resolves(redrive('orders-green-dlq'));
      sqs.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [URL('orders-green')] });
      const result = await purgeQueues(tools(), StackReference.Green, { includeDlq: true });
      assert.equal(result.outcome, 'changed');
      assert.equal(
        result.message,
        'purged orders-green, orders-green-dlq (orders-green already in progress; messages sent since it began may remain)',
      );
      assert.deepEqual(
        result.queues.map((q) => [q.outcome, q.warning !== undefined]),
        [
          ['already', true],
          ['changed', false],
        ],
      );
    });

    it('a missing DLQ is a ResourceNotFoundError naming it, and nothing is purged', async () => {
      sqs.on(GetQueueUrlCommand, { QueueName: 'orders-green-dlq' }).rejects(notFound());
      sqs.on(PurgeQueueCommand).resolves({});
      await assert.rejects(purgeQueues(tools(), StackReference.Green, { includeDlq: true }), (e: unknown) => {
        assert.ok(e instanceof ResourceNotFoundError);
        assert.equal(e.resource, 'orders-green-dlq');
        assert.match(e.message, /dead-letter queue orders-green-dlq does not exist/);
        assert.ok(e.cause instanceof QueueDoesNotExist);
        return true;
      });
      assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 0);
    });

    it('a queue deleted between GetQueueUrl and PurgeQueue is a ResourceNotFoundError', async () => {
      sqs.on(PurgeQueueCommand).rejects(notFound());
      await assert.rejects(
        purgeQueues(tools(), StackReference.Blue),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === 'orders-blue',
      );
    });

    it('other AWS errors (access denied) propagate unchanged', async () => {
      const denied = new SQSServiceException({ name: 'AccessDenied', $fault: 'client', message: 'not allowed', $metadata: {} });
      sqs.on(PurgeQueueCommand).rejects(denied);
      await assert.rejects(purgeQueues(tools(), StackReference.Blue), (e: unknown) => e === denied);
    });

    it('includeDlq: false purges only the main queue; a stack without DLQ purges one queue', async () => {
      sqs.on(PurgeQueueCommand).resolves({});
      await purgeQueues(tools(), StackReference.Blue, { includeDlq: false });
      const t = new SqsTools({ queues: { blue: { queueName: 'a' }, green: { queueName: 'b' } }, awsSdkV3Client: client });
      await purgeQueues(t, StackReference.Green);
      assert.deepEqual(
        sqs.commandCalls(PurgeQueueCommand).map((c) => c.args[0].input.QueueUrl),
        [URL('orders-blue'), URL('b')],
      );
    });

    for (const [what, ref, options] of [
      ['an unknown stack reference', 'purple', {}],
      ['a non-boolean includeDlq', StackReference.Blue, { includeDlq: 'yes' }],
      ['a non-boolean repurgeInProgress', StackReference.Blue, { repurgeInProgress: 1 }],
      ['a bad wait option', StackReference.Blue, { wait: { maxWaitTime: -1 } }],
      ['options that are not an object', StackReference.Blue, 'now'],
    ] as const) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, async () => {
        await assert.rejects(purgeQueues(tools(), ref as StackReference, options as never), ConfigError);
        assert.equal(sqs.calls().length, 0);
      });
    }

    describe('with wait', () => {
      let clock: sinon.SinonFakeTimers;
      beforeEach(() => {
        clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      });
      afterEach(() => clock.restore());

      it('polls GetQueueAttributes until the purged queues read empty and returns that depth', async () => {
        sqs.on(PurgeQueueCommand).resolves({});
        sqs
          .on(GetQueueAttributesCommand, { QueueUrl: URL('orders-green') })
          .resolvesOnce(depth(5, 1))
          .resolves(depth(0));
        const promise = purgeQueues(tools(), StackReference.Green, { wait: true });
        await clock.runAllAsync();
        const result = await promise;
        assert.equal(result.depth?.total, 0);
        assert.equal(sqs.commandCalls(GetQueueAttributesCommand).length, 2);
        assert.deepEqual(sqs.commandCalls(GetQueueAttributesCommand)[0]?.args[0].input.AttributeNames, [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ]);
      });

      it('SQS API Reference, PurgeQueue (one purge per 60 s): repurgeInProgress waits 60 s after PurgeQueueInProgress and purges again', async () => {
        sqs.on(PurgeQueueCommand).rejectsOnce(purgeInProgress('orders-green')).resolves({});
        const promise = purgeQueues(tools(), StackReference.Green, { repurgeInProgress: true });
        await clock.tickAsync(59_000);
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 1, 'no second purge before 60 s');
        await clock.tickAsync(1_000);
        const result = await promise;
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 2);
        assert.equal(result.outcome, 'changed');
        assert.deepEqual(result.warnings, []);
      });

      it('repurgeInProgress gives up after 3 refusals and reports already with the warning', async () => {
        sqs.on(PurgeQueueCommand).rejects(purgeInProgress('orders-green'));
        const promise = purgeQueues(tools(), StackReference.Green, { repurgeInProgress: true });
        await clock.runAllAsync();
        const result = await promise;
        assert.equal(sqs.commandCalls(PurgeQueueCommand).length, 3);
        assert.equal(result.outcome, 'already');
        assert.equal(result.warnings.length, 1);
      });
    });
  });

  describe('Method: getQueueDepth', () => {
    it('reports visible, in flight and delayed per queue, and the total', async () => {
      sqs.on(GetQueueAttributesCommand, { QueueUrl: URL('orders-blue') }).resolves(depth(3, 2, 1));
      sqs.on(GetQueueAttributesCommand, { QueueUrl: URL('orders-blue-dlq') }).resolves(depth(4));
      const report = await tools().getQueueDepth(StackReference.Blue);
      assert.deepEqual(report, {
        queues: [
          { queueName: 'orders-blue', queueUrl: URL('orders-blue'), role: 'queue', visible: 3, inFlight: 2, delayed: 1, total: 6 },
          { queueName: 'orders-blue-dlq', queueUrl: URL('orders-blue-dlq'), role: 'dlq', visible: 4, inFlight: 0, delayed: 0, total: 4 },
        ],
        total: 10,
      });
      assert.equal(sqs.calls().length, 4);
    });

    it('includeDlq: false reads only the main queue', async () => {
      sqs.on(GetQueueAttributesCommand).resolves(depth(1));
      const report = await tools().getQueueDepth(StackReference.Blue, { includeDlq: false });
      assert.equal(report.queues.length, 1);
      assert.deepEqual(
        sqs.commandCalls(GetQueueAttributesCommand).map((c) => c.args[0].input.QueueUrl),
        [URL('orders-blue')],
      );
    });

    it('a queue deleted after its URL was cached is a ResourceNotFoundError, and the URL is looked up again next time', async () => {
      sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(0)).rejectsOnce(notFound()).resolves(depth(0));
      const t = tools();
      await t.getQueueDepth(StackReference.Blue, { includeDlq: false });
      await assert.rejects(t.getQueueDepth(StackReference.Blue, { includeDlq: false }), ResourceNotFoundError);
      await t.getQueueDepth(StackReference.Blue, { includeDlq: false });
      assert.equal(sqs.commandCalls(GetQueueUrlCommand).length, 2);
    });

    it('rejects a bad reference with a ConfigError and makes no AWS call', async () => {
      await assert.rejects(tools().getQueueDepth(undefined as never), ConfigError);
      assert.equal(sqs.calls().length, 0);
    });
  });

  describe('Method: waitForDrain', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    });
    afterEach(() => clock.restore());

    it('resolves once the main queue reads empty, ignoring the DLQ by default', async () => {
      sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(2, 1)).resolvesOnce(depth(0, 1)).resolves(depth(0));
      const promise = tools().waitForDrain(StackReference.Blue, { minDelay: 1, maxDelay: 2 });
      await clock.runAllAsync();
      const report = await promise;
      assert.equal(report.total, 0);
      assert.equal(report.queues.length, 1);
      assert.deepEqual(
        [...new Set(sqs.commandCalls(GetQueueAttributesCommand).map((c) => c.args[0].input.QueueUrl))],
        [URL('orders-blue')],
      );
      assert.equal(sqs.commandCalls(GetQueueAttributesCommand).length, 3);
      assert.equal(sqs.commandCalls(GetQueueUrlCommand).length, 1);
    });

    it('includeDlq: true also waits for the DLQ', async () => {
      sqs.on(GetQueueAttributesCommand, { QueueUrl: URL('orders-blue') }).resolves(depth(0));
      sqs
        .on(GetQueueAttributesCommand, { QueueUrl: URL('orders-blue-dlq') })
        .resolvesOnce(depth(1))
        .resolves(depth(0));
      const promise = tools().waitForDrain(StackReference.Blue, { includeDlq: true });
      await clock.runAllAsync();
      assert.equal((await promise).queues.length, 2);
      assert.equal(sqs.commandCalls(GetQueueAttributesCommand).length, 4);
    });

    it('emptyChecks: 2 needs two consecutive empty readings', async () => {
      sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(0)).resolvesOnce(depth(1)).resolvesOnce(depth(0)).resolves(depth(0));
      const promise = tools().waitForDrain(StackReference.Green, { emptyChecks: 2 });
      await clock.runAllAsync();
      await promise;
      assert.equal(sqs.commandCalls(GetQueueAttributesCommand).length, 4);
    });

    it('times out with WaitTimeoutError carrying the last depths read', async () => {
      sqs.on(GetQueueAttributesCommand).resolves(depth(7, 2));
      const promise = tools().waitForDrain(StackReference.Green, { maxWaitTime: 30, minDelay: 5, maxDelay: 10 });
      const assertion = assert.rejects(promise, (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        const last = e.lastState as { total: number; queues: { queueName: string; visible: number; inFlight: number }[] };
        assert.equal(last.total, 9);
        assert.deepEqual(
          last.queues.map((q) => [q.queueName, q.visible, q.inFlight]),
          [['orders-green', 7, 2]],
        );
        assert.match(e.message, /queue orders-green to drain/);
        return true;
      });
      await clock.runAllAsync();
      await assertion;
    });

    it('a throttled reading (RequestThrottled, after the SDK retries) is polled again instead of failing the wait', async () => {
      const throttled = new SQSServiceException({
        name: 'RequestThrottled',
        $fault: 'client',
        message: 'slow down',
        $metadata: { httpStatusCode: 400 },
      });
      sqs.on(GetQueueAttributesCommand).resolvesOnce(depth(3)).rejectsOnce(throttled).resolves(depth(0));
      const promise = tools().waitForDrain(StackReference.Green);
      await clock.runAllAsync();
      assert.equal((await promise).total, 0);
      assert.equal(sqs.commandCalls(GetQueueAttributesCommand).length, 3);
    });

    it('a non-retryable error (access denied) ends the wait at once', async () => {
      const denied = new SQSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: 'no sqs:GetQueueAttributes',
        $metadata: { httpStatusCode: 403 },
      });
      sqs.on(GetQueueAttributesCommand).rejects(denied);
      const promise = tools().waitForDrain(StackReference.Green);
      const assertion = assert.rejects(promise, (e: unknown) => e === denied);
      await clock.runAllAsync();
      await assertion;
      assert.equal(sqs.commandCalls(GetQueueAttributesCommand).length, 1);
    });

    it('a missing queue is a ResourceNotFoundError, not a timeout', async () => {
      sqs.on(GetQueueUrlCommand).rejects(notFound());
      await assert.rejects(
        tools().waitForDrain(StackReference.Green),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === 'orders-green',
      );
    });

    for (const [what, options] of [
      ['emptyChecks 0', { emptyChecks: 0 }],
      ['a negative maxWaitTime', { maxWaitTime: -5 }],
      ['minDelay above maxDelay', { minDelay: 10, maxDelay: 1 }],
      ['includeDlq that is not a boolean', { includeDlq: 1 }],
    ] as const) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, async () => {
        await assert.rejects(tools().waitForDrain(StackReference.Blue, options as never), ConfigError);
        assert.equal(sqs.calls().length, 0);
      });
    }
  });
});

import { strict as assert } from 'node:assert';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  ConfigError,
  DryRunRecorder,
  InvalidStateError,
  ResourceNotFoundError,
  StackReference,
  WaitTimeoutError,
} from '../../../src/index.js';
import { purgeQueues, SqsTools } from '../../../src/sqs/index.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: SqsTools (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let sqs: SQSClient;
  const url: Record<string, string> = {};

  const queues = {
    blue: { queueName: 'orders-blue', dlqName: 'orders-blue-dlq' },
    green: { queueName: 'orders-green', dlqName: 'orders-green-dlq' },
  };
  const tools = () => new SqsTools({ queues, clientConfig: aws.clientConfig() });

  /** Reads the three approximate counts straight from SQS, independently of the tool. */
  async function counts(name: string) {
    const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url[name], AttributeNames: ['All'] }));
    return [a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible, a.ApproximateNumberOfMessagesDelayed].map(Number);
  }

  /** A stack's queue with a DLQ (redrive after 1 receive): `visible` + 1 in flight + 1 delayed in the queue, `dead` in the DLQ. */
  async function stackWithMessages(stack: 'blue' | 'green', visible: number, dead: number, extras = true) {
    const dlqName = `orders-${stack}-dlq`;
    const queueName = `orders-${stack}`;
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: dlqName }));
    url[dlqName] = dlq.QueueUrl as string;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: queueName,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 1 }) },
      }),
    );
    url[queueName] = queue.QueueUrl as string;
    // Messages that end in the DLQ through the redrive policy: received once, returned at once, received again.
    for (let i = 0; i < dead; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: `poison ${i}` }));
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, VisibilityTimeout: 0, MaxNumberOfMessages: 1 }));
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, VisibilityTimeout: 0, MaxNumberOfMessages: 1 }));
    }
    assert.deepEqual(await counts(dlqName), [dead, 0, 0], 'the redrive policy moved the poison messages to the DLQ');
    if (extras) {
      // One message in flight (received with a long visibility timeout) and one delayed.
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'in flight' }));
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, VisibilityTimeout: 600, MaxNumberOfMessages: 1 }));
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'later', DelaySeconds: 900 }));
    }
    for (let i = 0; i < visible; i += 10) {
      const n = Math.min(10, visible - i);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.QueueUrl,
          Entries: Array.from({ length: n }, (_, j) => ({ Id: `m${i + j}`, MessageBody: `order ${i + j}` })),
        }),
      );
    }
  }

  beforeEach(() => {
    sqs = new SQSClient(aws.clientConfig());
  });

  describe('Method: getQueueDepth', () => {
    it('reads visible, in-flight and delayed messages of the queue and its DLQ', async () => {
      await stackWithMessages('blue', 12, 2);
      const report = await tools().getQueueDepth(StackReference.Blue);
      assert.deepEqual(
        report.queues.map((q) => [q.queueName, q.role, q.visible, q.inFlight, q.delayed, q.total, q.queueUrl]),
        [
          ['orders-blue', 'queue', 12, 1, 1, 14, url['orders-blue']],
          ['orders-blue-dlq', 'dlq', 2, 0, 0, 2, url['orders-blue-dlq']],
        ],
      );
      assert.equal(report.total, 16);
    });

    it('a missing queue is a ResourceNotFoundError naming it', async () => {
      await assert.rejects(
        tools().getQueueDepth(StackReference.Green),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === 'orders-green',
      );
    });
  });

  describe('Function: purgeQueues', () => {
    it('purges the queue only by default: the DLQ keeps its dead letters (read back)', async () => {
      await stackWithMessages('green', 5, 2);
      const result = await purgeQueues(tools(), StackReference.Green);
      assert.deepEqual(
        result.queues.map((q) => q.queueName),
        ['orders-green'],
      );
      assert.deepEqual(await counts('orders-green'), [0, 0, 0]);
      assert.deepEqual(await counts('orders-green-dlq'), [2, 0, 0], 'the DLQ is not purged unless includeDlq: true');
    });

    it('with includeDlq purges the queue and its DLQ (read back empty) and leaves the other stack alone', async () => {
      await stackWithMessages('green', 15, 3);
      await stackWithMessages('blue', 4, 1);
      const result = await purgeQueues(tools(), StackReference.Green, {
        includeDlq: true,
        wait: { maxWaitTime: 30, minDelay: 0.2, maxDelay: 1 },
      });
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(
        result.queues.map((q) => [q.queueName, q.outcome, q.queueUrl]),
        [
          ['orders-green', 'changed', url['orders-green']],
          ['orders-green-dlq', 'changed', url['orders-green-dlq']],
        ],
      );
      assert.equal(result.depth?.total, 0);
      assert.deepEqual(await counts('orders-green'), [0, 0, 0]);
      assert.deepEqual(await counts('orders-green-dlq'), [0, 0, 0]);
      assert.deepEqual(await counts('orders-blue'), [4, 1, 1], 'the blue queue is untouched');
      assert.deepEqual(await counts('orders-blue-dlq'), [1, 0, 0], 'the blue DLQ is untouched');
    });

    it('a second purge within 60 s hits PurgeQueueInProgress: already, and says the message sent since remains (it does)', async () => {
      await stackWithMessages('green', 3, 1);
      const t = tools();
      assert.equal((await purgeQueues(t, StackReference.Green, { includeDlq: true })).outcome, 'changed');
      await sqs.send(new SendMessageCommand({ QueueUrl: url['orders-green'], MessageBody: 'sent after the purge' }));
      const again = await purgeQueues(t, StackReference.Green, { includeDlq: true });
      assert.equal(again.outcome, 'already');
      assert.deepEqual(
        again.queues.map((q) => q.outcome),
        ['already', 'already'],
      );
      assert.equal(again.warnings.length, 2);
      assert.match(again.warnings[0] as string, /messages sent to it after that earlier purge began may not be deleted/);
      assert.deepEqual(await counts('orders-green'), [1, 0, 0], 'the message sent after the first purge is still there');
      assert.deepEqual(await counts('orders-green-dlq'), [0, 0, 0]);
    });

    it("refuses a DLQ the other stack's queue also redrives to (ConfigError naming both paths); nothing is purged", async () => {
      await stackWithMessages('blue', 2, 1);
      // green's queue sends its dead letters to blue's DLQ, although the configuration names orders-green-dlq.
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url['orders-blue-dlq'], AttributeNames: ['QueueArn'] }),
      );
      const green = await sqs.send(
        new CreateQueueCommand({
          QueueName: 'orders-green',
          Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 3 }) },
        }),
      );
      url['orders-green'] = green.QueueUrl as string;
      await assert.rejects(purgeQueues(tools(), StackReference.Blue, { includeDlq: true }), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /queues\.blue\.dlqName and queues\.green\.queueName share a dead-letter queue/);
        return true;
      });
      assert.deepEqual(await counts('orders-blue'), [2, 1, 1], 'nothing was purged');
      assert.deepEqual(await counts('orders-blue-dlq'), [1, 0, 0], 'nothing was purged');
    });

    it("refuses a dlqName that is not the queue's RedrivePolicy target (InvalidStateError); nothing is purged", async () => {
      await stackWithMessages('green', 2, 1);
      await sqs.send(new CreateQueueCommand({ QueueName: 'orders-green-dlq-old' }));
      const t = new SqsTools({
        queues: { ...queues, green: { queueName: 'orders-green', dlqName: 'orders-green-dlq-old' } },
        clientConfig: aws.clientConfig(),
      });
      await assert.rejects(purgeQueues(t, StackReference.Green, { includeDlq: true }), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.match(e.message, /orders-green-dlq-old \(queues\.green\.dlqName\): it is not the dead-letter queue of orders-green/);
        return true;
      });
      assert.deepEqual(await counts('orders-green'), [2, 1, 1]);
      assert.deepEqual(await counts('orders-green-dlq'), [1, 0, 0]);
    });

    it('dry-run resolves the URLs for real and records the purges without sending them', async () => {
      await stackWithMessages('green', 3, 1);
      const recorder = new DryRunRecorder();
      const t = new SqsTools({ queues, clientConfig: aws.clientConfig(), dryRun: recorder });
      const result = await purgeQueues(t, StackReference.Green, { includeDlq: true, wait: true });
      assert.deepEqual(
        recorder.calls.map((c) => [c.operation, (c.input as { QueueUrl: string }).QueueUrl]),
        [
          ['PurgeQueue', url['orders-green']],
          ['PurgeQueue', url['orders-green-dlq']],
        ],
      );
      assert.equal(result.depth, undefined, 'no wait in dry-run');
      assert.deepEqual(await counts('orders-green'), [3, 1, 1]);
      assert.deepEqual(await counts('orders-green-dlq'), [1, 0, 0]);
    });

    it('includeDlq: false keeps the DLQ messages', async () => {
      await stackWithMessages('blue', 2, 2);
      await purgeQueues(tools(), StackReference.Blue, { includeDlq: false });
      assert.deepEqual(await counts('orders-blue'), [0, 0, 0]);
      assert.deepEqual(await counts('orders-blue-dlq'), [2, 0, 0]);
    });

    it('a missing DLQ fails before anything is purged (the main queue keeps its messages)', async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders-green' }));
      url['orders-green'] = QueueUrl as string;
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'keep me' }));
      await assert.rejects(purgeQueues(tools(), StackReference.Green, { includeDlq: true }), (e: unknown) => {
        assert.ok(e instanceof ResourceNotFoundError);
        assert.equal(e.resource, 'orders-green-dlq');
        return true;
      });
      assert.deepEqual(await counts('orders-green'), [1, 0, 0]);
    });
  });

  describe('Method: waitForDrain', () => {
    it('resolves once a consumer has processed the backlog (the DLQ is not waited for)', async () => {
      await stackWithMessages('blue', 5, 1, false);
      const t = tools();
      const drain = t.waitForDrain(StackReference.Blue, { maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.5 });
      // The old stack's consumer works through the backlog while the wait polls.
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url['orders-blue'], MaxNumberOfMessages: 10 }));
      assert.equal(Messages.length, 5);
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: url['orders-blue'], ReceiptHandle: m.ReceiptHandle }));
      const drained = await drain;
      assert.deepEqual(
        drained.queues.map((q) => [q.queueName, q.total]),
        [['orders-blue', 0]],
      );
      assert.deepEqual(await counts('orders-blue'), [0, 0, 0]);
      assert.deepEqual(await counts('orders-blue-dlq'), [1, 0, 0], 'the DLQ still holds its message');
    });

    it('includeDlq: true waits for the DLQ as well', async () => {
      await stackWithMessages('blue', 0, 1, false);
      await assert.rejects(
        tools().waitForDrain(StackReference.Blue, { includeDlq: true, maxWaitTime: 1, minDelay: 0.2, maxDelay: 0.5 }),
        WaitTimeoutError,
      );
      const drained = await tools().waitForDrain(StackReference.Blue, { maxWaitTime: 5 });
      assert.equal(drained.total, 0);
    });

    it('times out with the last depths read when the queue does not drain', async () => {
      await stackWithMessages('green', 2, 0);
      await assert.rejects(tools().waitForDrain(StackReference.Green, { maxWaitTime: 1, minDelay: 0.2, maxDelay: 0.5 }), (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.deepEqual(
          (e.lastState as { queues: { visible: number; inFlight: number; delayed: number }[] }).queues.map((q) => [
            q.visible,
            q.inFlight,
            q.delayed,
          ]),
          [[2, 1, 1]],
        );
        return true;
      });
    });
  });
});

import { strict as assert } from 'node:assert';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  KinesisClient,
  ListStreamConsumersCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { KinesisTools } from '../../../src/kinesis/index.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: KinesisTools (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let kinesis: KinesisClient;
  let streamArn: string;
  const fast = { maxWaitTime: 30, minDelay: 0.2, maxDelay: 1 };

  const consumers = () => ({
    blue: { streamName: 'orders', consumerName: 'orders-blue' },
    green: { streamArn, consumerName: 'orders-green' },
  });
  const tools = () => new KinesisTools({ consumers: consumers(), clientConfig: aws.clientConfig() });

  /** The consumers registered on the stream, read straight from Kinesis. */
  async function registered(): Promise<[string | undefined, string | undefined][]> {
    const { Consumers = [] } = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn }));
    return Consumers.map((c) => [c.ConsumerName, c.ConsumerStatus]);
  }

  beforeEach(async () => {
    kinesis = new KinesisClient(aws.clientConfig());
    await kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 1 }));
    const { state, reason } = await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'orders' });
    assert.equal(state, 'SUCCESS');
    streamArn = reason?.StreamDescription?.StreamARN as string;
  });

  describe('Method: registerConsumer', () => {
    it('registers each stack’s consumer (by stream name and by stream ARN), read back from Kinesis', async () => {
      const t = tools();
      const blue = await t.registerConsumer(StackReference.Blue, { wait: fast });
      const green = await t.registerConsumer(StackReference.Green, { wait: fast });
      assert.equal(blue.outcome, 'changed');
      assert.equal(green.outcome, 'changed');
      assert.equal(blue.streamArn, streamArn);
      assert.deepEqual(await registered(), [
        ['orders-blue', 'ACTIVE'],
        ['orders-green', 'ACTIVE'],
      ]);
      const { ConsumerDescription } = await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: green.consumer?.consumerArn }));
      assert.equal(ConsumerDescription?.ConsumerName, 'orders-green');
      assert.equal(ConsumerDescription?.ConsumerStatus, 'ACTIVE');
      assert.equal(green.consumer?.status, 'ACTIVE');
    });

    it('is idempotent: registering again reports already and registers no second consumer', async () => {
      const first = await tools().registerConsumer(StackReference.Green, { wait: fast });
      const again = await tools().registerConsumer(StackReference.Green, { wait: fast });
      assert.equal(again.outcome, 'already');
      assert.equal(again.consumer?.consumerArn, first.consumer?.consumerArn);
      assert.deepEqual(await registered(), [['orders-green', 'ACTIVE']]);
    });

    it('a missing stream is a ResourceNotFoundError naming it', async () => {
      const t = new KinesisTools({
        consumers: { blue: { streamName: 'missing', consumerName: 'a' }, green: { streamName: 'missing', consumerName: 'b' } },
        clientConfig: aws.clientConfig(),
      });
      await assert.rejects(
        t.registerConsumer(StackReference.Blue),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === 'missing',
      );
      assert.deepEqual(await registered(), []);
    });
  });

  describe('Method: describeConsumer', () => {
    it('returns the consumer’s status and ARN, or null when it is not registered', async () => {
      const t = tools();
      assert.equal(await t.describeConsumer(StackReference.Blue), null);
      const { consumer } = await t.registerConsumer(StackReference.Blue, { wait: fast });
      const described = await t.describeConsumer(StackReference.Blue);
      assert.equal(described?.status, 'ACTIVE');
      assert.equal(described?.consumerArn, consumer?.consumerArn);
      assert.equal(described?.streamArn, streamArn);
      assert.equal(await t.describeConsumer(StackReference.Green), null, 'the other stack has none');
    });
  });

  describe('Method: deregisterConsumer', () => {
    it('deregisters the stack’s consumer by ARN, waits until it is gone, and leaves the other one', async () => {
      const t = tools();
      await t.registerConsumer(StackReference.Blue, { wait: fast });
      await t.registerConsumer(StackReference.Green, { wait: fast });
      const result = await t.deregisterConsumer(StackReference.Blue, { wait: fast });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.consumer, null);
      assert.deepEqual(await registered(), [['orders-green', 'ACTIVE']]);
    });

    it('is idempotent: deregistering a consumer that is gone reports already', async () => {
      const t = tools();
      await t.registerConsumer(StackReference.Green, { wait: fast });
      assert.equal((await t.deregisterConsumer(StackReference.Green, { wait: fast })).outcome, 'changed');
      const again = await t.deregisterConsumer(StackReference.Green, { wait: fast });
      assert.equal(again.outcome, 'already');
      assert.deepEqual(await registered(), []);
    });

    it('a consumer can be registered again after it was deregistered', async () => {
      const t = tools();
      await t.registerConsumer(StackReference.Green, { wait: fast });
      await t.deregisterConsumer(StackReference.Green, { wait: fast });
      const again = await t.registerConsumer(StackReference.Green, { wait: fast });
      assert.equal(again.outcome, 'changed');
      assert.deepEqual(await registered(), [['orders-green', 'ACTIVE']]);
    });
  });
});

import { strict as assert } from 'node:assert';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { StackReference } from '../../../src/index.js';
import { KinesisTools } from '../../../src/kinesis/index.js';
import { KinesisConsumerDouble } from '../../support/kinesis-consumer-double.js';

describe('Class: KinesisTools (test double: Kinesis wire protocol with CREATING/DELETING consumer states, which moto lacks)', () => {
  let double: KinesisConsumerDouble;
  let endpoint: string;
  const fast = { maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.1 };
  const consumers = {
    blue: { streamName: 'orders', consumerName: 'orders-blue' },
    green: { streamName: 'orders', consumerName: 'orders-green' },
  };
  const tools = () =>
    new KinesisTools({
      consumers,
      clientConfig: {
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        requestHandler: new NodeHttpHandler(),
        maxAttempts: 1,
      },
    });

  beforeEach(async () => {
    double = new KinesisConsumerDouble(3);
    endpoint = await double.start();
    double.addStream('orders');
  });
  afterEach(() => double.stop());

  describe('Method: registerConsumer', () => {
    it('registers, then polls through CREATING until the consumer is ACTIVE (3 CREATING answers, then ACTIVE)', async () => {
      const result = await tools().registerConsumer(StackReference.Green, { wait: fast });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.consumer?.status, 'ACTIVE');
      assert.deepEqual(double.state(), [['orders-green', 'ACTIVE']]);
      assert.deepEqual(double.operations, [
        'DescribeStreamSummary',
        'DescribeStreamConsumer',
        'RegisterStreamConsumer',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
      ]);
    });

    it('wait: false returns the CREATING consumer; a repeat is already and waits until ACTIVE', async () => {
      const first = await tools().registerConsumer(StackReference.Green, { wait: false });
      assert.equal(first.consumer?.status, 'CREATING');
      assert.deepEqual(double.state(), [['orders-green', 'CREATING']]);
      const again = await tools().registerConsumer(StackReference.Green, { wait: fast });
      assert.equal(again.outcome, 'already');
      assert.equal(again.consumer?.status, 'ACTIVE');
      assert.equal(again.consumer?.consumerArn, first.consumer?.consumerArn);
      assert.equal(double.operations.filter((o) => o === 'RegisterStreamConsumer').length, 1);
    });

    it('a consumer still DELETING is waited for until gone, then registered again under a new ARN', async () => {
      const oldArn = double.seedConsumer('orders', 'orders-green', 'DELETING');
      const result = await tools().registerConsumer(StackReference.Green, { wait: fast });
      assert.equal(result.outcome, 'changed');
      assert.notEqual(result.consumer?.consumerArn, oldArn);
      assert.deepEqual(double.state(), [['orders-green', 'ACTIVE']]);
    });
  });

  describe('Method: deregisterConsumer', () => {
    it('deregisters by ARN and polls through DELETING until the consumer is gone', async () => {
      const arn = double.seedConsumer('orders', 'orders-blue', 'ACTIVE');
      const result = await tools().deregisterConsumer(StackReference.Blue, { wait: fast });
      assert.deepEqual([result.outcome, result.consumer], ['changed', null]);
      assert.deepEqual(double.state(), []);
      assert.ok(double.operations.includes('DeregisterStreamConsumer'));
      assert.equal(arn.startsWith('arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/orders-blue:'), true);
    });

    it('a consumer still CREATING (Kinesis refuses to delete it) is waited for until ACTIVE, then deregistered', async () => {
      double.seedConsumer('orders', 'orders-blue', 'CREATING');
      const result = await tools().deregisterConsumer(StackReference.Blue, { wait: fast });
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(double.state(), []);
    });

    it('a consumer already DELETING is already; wait: false returns it as DELETING', async () => {
      double.seedConsumer('orders', 'orders-blue', 'DELETING');
      const result = await tools().deregisterConsumer(StackReference.Blue, { wait: false });
      assert.equal(result.outcome, 'already');
      assert.equal(result.consumer?.status, 'DELETING');
      assert.equal(double.operations.includes('DeregisterStreamConsumer'), false);
    });
  });
});

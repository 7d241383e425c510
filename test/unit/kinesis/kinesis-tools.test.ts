import { strict as assert } from 'node:assert';
import {
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  KinesisServiceException,
  LimitExceededException,
  RegisterStreamConsumerCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { BlueGreenError, ConfigError, ResourceNotFoundError, StackReference, WaitTimeoutError } from '../../../src/index.js';
import { KinesisTools } from '../../../src/kinesis/index.js';
import { runWithClock } from '../../support/fake-clock.js';

const STREAM = 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders';
const ARN = (name: string, t = 1700000000) => `${STREAM}/consumer/${name}:${t}`;
const consumers = {
  blue: { streamName: 'orders', consumerName: 'orders-blue' },
  green: { streamName: 'orders', consumerName: 'orders-green' },
};
const meta = { $metadata: {} };
const notFound = (what = 'Consumer') => new ResourceNotFoundException({ message: `${what} not found`, ...meta });
const description = (name: string, status: 'CREATING' | 'ACTIVE' | 'DELETING', t = 1700000000) => ({
  ConsumerDescription: {
    ConsumerName: name,
    ConsumerARN: ARN(name, t),
    ConsumerStatus: status,
    ConsumerCreationTimestamp: new Date(t * 1000),
    StreamARN: STREAM,
  },
});

describe('Class: KinesisTools', () => {
  const client = new KinesisClient({ region: 'eu-west-1' });
  const kinesis = mockClient(KinesisClient);
  const tools = () => new KinesisTools({ consumers, awsSdkV3Client: client });
  let clock: sinon.SinonFakeTimers;
  const byName = (name: string) => ({ StreamARN: STREAM, ConsumerName: name });
  const byArn = (name: string, t?: number) => ({ ConsumerARN: ARN(name, t) });
  const names = () => kinesis.calls().map((c) => c.args[0].constructor.name.replace(/Command$/, ''));

  beforeEach(() => {
    kinesis.reset();
    kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: { StreamARN: STREAM } as never });
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  const run = <T>(promise: Promise<T>) => runWithClock(clock, promise);

  describe('Constructor', () => {
    const bad: [string, unknown, RegExp][] = [
      ['no stream', { ...consumers, blue: { consumerName: 'a' } }, /consumers\.blue needs streamName or streamArn/],
      [
        'a malformed stream ARN',
        { ...consumers, blue: { streamArn: 'orders', consumerName: 'a' } },
        /consumers\.blue\.streamArn .* is not valid/,
      ],
      [
        'a stream ARN that names another stream',
        {
          ...consumers,
          blue: { streamName: 'orders', streamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/other', consumerName: 'a' },
        },
        /does not name the stream/,
      ],
      [
        'a bad consumer name',
        { ...consumers, green: { streamName: 'orders', consumerName: 'has space' } },
        /consumers\.green\.consumerName/,
      ],
      [
        'the same consumer on both sides',
        { blue: consumers.blue, green: consumers.blue },
        /consumers\.blue\.consumerName and consumers\.green\.consumerName both select consumer of stream '[^']+' 'orders-blue'/,
      ],
      ['an unknown key', { ...consumers, blue: { ...consumers.blue, stream: 'x' } }, /unknown key 'stream'/],
    ];
    for (const [what, value, message] of bad) {
      it(`rejects ${what} with a ConfigError`, () => {
        assert.throws(
          () => new KinesisTools({ consumers: value as never, awsSdkV3Client: client }),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(kinesis.calls().length, 0);
      });
    }
  });

  describe('Method: describeConsumer', () => {
    it('resolves the stream ARN once, then describes the consumer by stream ARN and name', async () => {
      kinesis.on(DescribeStreamConsumerCommand).resolves(description('orders-green', 'ACTIVE'));
      const t = tools();
      const state = await t.describeConsumer(StackReference.Green);
      await t.describeConsumer(StackReference.Green);
      assert.deepEqual(state, {
        consumerName: 'orders-green',
        consumerArn: ARN('orders-green'),
        status: 'ACTIVE',
        streamArn: STREAM,
        createdAt: new Date(1700000000 * 1000),
      });
      assert.deepEqual(names(), ['DescribeStreamSummary', 'DescribeStreamConsumer', 'DescribeStreamConsumer']);
      assert.deepEqual(kinesis.commandCalls(DescribeStreamSummaryCommand)[0]?.args[0].input, { StreamName: 'orders' });
      assert.deepEqual(kinesis.commandCalls(DescribeStreamConsumerCommand)[0]?.args[0].input, byName('orders-green'));
    });

    it('checks a configured stream ARN with DescribeStreamSummary by ARN', async () => {
      kinesis.on(DescribeStreamConsumerCommand).resolves(description('c', 'ACTIVE'));
      const t = new KinesisTools({
        consumers: { blue: { streamArn: STREAM, consumerName: 'c' }, green: consumers.green },
        awsSdkV3Client: client,
      });
      await t.describeConsumer(StackReference.Blue);
      assert.deepEqual(kinesis.commandCalls(DescribeStreamSummaryCommand)[0]?.args[0].input, { StreamARN: STREAM });
    });

    it('returns null when the consumer is not registered', async () => {
      kinesis.on(DescribeStreamConsumerCommand).rejects(notFound());
      assert.equal(await tools().describeConsumer(StackReference.Blue), null);
    });

    it('a missing stream is a ResourceNotFoundError naming it', async () => {
      kinesis.on(DescribeStreamSummaryCommand).rejects(notFound('Stream orders'));
      await assert.rejects(tools().describeConsumer(StackReference.Blue), (e: unknown) => {
        assert.ok(e instanceof ResourceNotFoundError);
        assert.equal(e.resource, 'orders');
        assert.ok(e.cause instanceof ResourceNotFoundException);
        return true;
      });
      assert.equal(kinesis.commandCalls(DescribeStreamConsumerCommand).length, 0);
    });

    it('rejects a bad reference with a ConfigError and makes no AWS call', async () => {
      await assert.rejects(tools().describeConsumer('Blue ' as never), ConfigError);
      assert.equal(kinesis.calls().length, 0);
    });
  });

  describe('Method: registerConsumer', () => {
    it('registers a missing consumer and waits until it is ACTIVE', async () => {
      kinesis.on(DescribeStreamConsumerCommand, byName('orders-green')).rejects(notFound());
      kinesis.on(RegisterStreamConsumerCommand).resolves({
        Consumer: {
          ConsumerName: 'orders-green',
          ConsumerARN: ARN('orders-green'),
          ConsumerStatus: 'CREATING',
          ConsumerCreationTimestamp: new Date(),
        },
      });
      kinesis
        .on(DescribeStreamConsumerCommand, byArn('orders-green'))
        .resolvesOnce(description('orders-green', 'CREATING'))
        .resolves(description('orders-green', 'ACTIVE'));
      const result = await run(tools().registerConsumer(StackReference.Green));
      assert.equal(result.outcome, 'changed');
      assert.equal(result.consumer?.status, 'ACTIVE');
      assert.equal(result.consumer?.consumerArn, ARN('orders-green'));
      assert.deepEqual(names(), [
        'DescribeStreamSummary',
        'DescribeStreamConsumer',
        'RegisterStreamConsumer',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
      ]);
      assert.deepEqual(kinesis.commandCalls(RegisterStreamConsumerCommand)[0]?.args[0].input, byName('orders-green'));
    });

    it('wait: false returns the CREATING consumer without polling', async () => {
      kinesis.on(DescribeStreamConsumerCommand).rejects(notFound());
      kinesis
        .on(RegisterStreamConsumerCommand)
        .resolves({ Consumer: { ConsumerName: 'orders-green', ConsumerARN: ARN('orders-green'), ConsumerStatus: 'CREATING' } as never });
      const result = await run(tools().registerConsumer(StackReference.Green, { wait: false }));
      assert.equal(result.consumer?.status, 'CREATING');
      assert.equal(kinesis.commandCalls(DescribeStreamConsumerCommand).length, 1);
    });

    it('is idempotent: an ACTIVE consumer is already registered and nothing is sent', async () => {
      kinesis.on(DescribeStreamConsumerCommand).resolves(description('orders-green', 'ACTIVE'));
      const result = await run(tools().registerConsumer(StackReference.Green));
      assert.equal(result.outcome, 'already');
      assert.match(result.message, /already registered/);
      assert.equal(kinesis.commandCalls(RegisterStreamConsumerCommand).length, 0);
    });

    it('a CREATING consumer is already being registered; the wait still runs until ACTIVE', async () => {
      kinesis
        .on(DescribeStreamConsumerCommand)
        .resolvesOnce(description('orders-green', 'CREATING'))
        .resolvesOnce(description('orders-green', 'CREATING'))
        .resolves(description('orders-green', 'ACTIVE'));
      const result = await run(tools().registerConsumer(StackReference.Green));
      assert.equal(result.outcome, 'already');
      assert.equal(result.consumer?.status, 'ACTIVE');
      assert.equal(kinesis.commandCalls(RegisterStreamConsumerCommand).length, 0);
    });

    it('a DELETING consumer is waited for until gone, then registered again (even with wait: false)', async () => {
      kinesis.on(DescribeStreamConsumerCommand, byName('orders-green')).resolves(description('orders-green', 'DELETING', 1));
      kinesis
        .on(DescribeStreamConsumerCommand, byArn('orders-green', 1))
        .resolvesOnce(description('orders-green', 'DELETING', 1))
        .rejects(notFound());
      kinesis
        .on(RegisterStreamConsumerCommand)
        .resolves({ Consumer: { ConsumerName: 'orders-green', ConsumerARN: ARN('orders-green', 2), ConsumerStatus: 'CREATING' } as never });
      const result = await run(tools().registerConsumer(StackReference.Green, { wait: false }));
      assert.equal(result.outcome, 'changed');
      assert.equal(result.consumer?.consumerArn, ARN('orders-green', 2));
      assert.deepEqual(names(), [
        'DescribeStreamSummary',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
        'RegisterStreamConsumer',
      ]);
    });

    it('ResourceInUseException (registered concurrently) counts as already registered', async () => {
      kinesis
        .on(DescribeStreamConsumerCommand, byName('orders-green'))
        .rejectsOnce(notFound())
        .resolves(description('orders-green', 'ACTIVE'));
      kinesis
        .on(RegisterStreamConsumerCommand)
        .rejects(new ResourceInUseException({ message: 'Consumer orders-green already exists', ...meta }));
      const result = await run(tools().registerConsumer(StackReference.Green));
      assert.equal(result.outcome, 'already');
      assert.equal(result.consumer?.status, 'ACTIVE');
    });

    it('LimitExceededException after the SDK retries is a BlueGreenError that explains the limits', async () => {
      kinesis.on(DescribeStreamConsumerCommand).rejects(notFound());
      const limit = new LimitExceededException({ message: 'Consumer limit of 20 exceeded', ...meta });
      kinesis.on(RegisterStreamConsumerCommand).rejects(limit);
      await assert.rejects(run(tools().registerConsumer(StackReference.Green)), (e: unknown) => {
        assert.ok(e instanceof BlueGreenError);
        assert.match(e.message, /at most 20 registered consumers/);
        assert.equal(e.cause, limit);
        return true;
      });
    });

    it('a throttled poll is polled again; a consumer that never becomes ACTIVE is a WaitTimeoutError with its last status', async () => {
      kinesis.on(DescribeStreamConsumerCommand, byName('orders-green')).rejects(notFound());
      kinesis
        .on(RegisterStreamConsumerCommand)
        .resolves({ Consumer: { ConsumerName: 'orders-green', ConsumerARN: ARN('orders-green'), ConsumerStatus: 'CREATING' } as never });
      kinesis
        .on(DescribeStreamConsumerCommand, byArn('orders-green'))
        .rejectsOnce(new LimitExceededException({ message: 'Rate exceeded', ...meta }))
        .resolves(description('orders-green', 'CREATING'));
      await assert.rejects(run(tools().registerConsumer(StackReference.Green, { wait: { maxWaitTime: 60 } })), (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.equal(e.lastState, 'CREATING');
        assert.match(e.message, /orders-green to become ACTIVE/);
        return true;
      });
      assert.ok(kinesis.commandCalls(DescribeStreamConsumerCommand).length > 3);
    });

    it('a missing stream is a ResourceNotFoundError and nothing is registered', async () => {
      kinesis.on(DescribeStreamSummaryCommand).rejects(notFound('Stream orders'));
      await assert.rejects(run(tools().registerConsumer(StackReference.Blue)), ResourceNotFoundError);
      assert.equal(kinesis.commandCalls(RegisterStreamConsumerCommand).length, 0);
    });

    for (const [what, ref, options] of [
      ['an unknown stack', 'purple', {}],
      ['a bad wait option', StackReference.Blue, { wait: 'soon' }],
      ['options that are not an object', StackReference.Blue, 5],
    ] as const) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, async () => {
        await assert.rejects(tools().registerConsumer(ref as StackReference, options as never), ConfigError);
        assert.equal(kinesis.calls().length, 0);
      });
    }
  });

  describe('Method: deregisterConsumer', () => {
    it('deregisters by consumer ARN only and waits until the consumer is gone', async () => {
      kinesis.on(DescribeStreamConsumerCommand, byName('orders-blue')).resolves(description('orders-blue', 'ACTIVE'));
      kinesis.on(DeregisterStreamConsumerCommand).resolves({});
      kinesis
        .on(DescribeStreamConsumerCommand, byArn('orders-blue'))
        .resolvesOnce(description('orders-blue', 'DELETING'))
        .rejects(notFound());
      const result = await run(tools().deregisterConsumer(StackReference.Blue));
      assert.equal(result.outcome, 'changed');
      assert.equal(result.consumer, null);
      assert.deepEqual(kinesis.commandCalls(DeregisterStreamConsumerCommand)[0]?.args[0].input, { ConsumerARN: ARN('orders-blue') });
      assert.deepEqual(names(), [
        'DescribeStreamSummary',
        'DescribeStreamConsumer',
        'DeregisterStreamConsumer',
        'DescribeStreamConsumer',
        'DescribeStreamConsumer',
      ]);
    });

    it('is idempotent: a consumer that is not registered is already gone and nothing is sent', async () => {
      kinesis.on(DescribeStreamConsumerCommand).rejects(notFound());
      const result = await run(tools().deregisterConsumer(StackReference.Blue));
      assert.equal(result.outcome, 'already');
      assert.equal(result.consumer, null);
      assert.equal(kinesis.commandCalls(DeregisterStreamConsumerCommand).length, 0);
    });

    it('a DELETING consumer is already being deregistered; with wait: false nothing more is read', async () => {
      kinesis.on(DescribeStreamConsumerCommand).resolves(description('orders-blue', 'DELETING'));
      const result = await run(tools().deregisterConsumer(StackReference.Blue, { wait: false }));
      assert.equal(result.outcome, 'already');
      assert.equal(result.consumer?.status, 'DELETING');
      assert.deepEqual(names(), ['DescribeStreamSummary', 'DescribeStreamConsumer']);
    });

    it('a CREATING consumer is waited for until ACTIVE, then deregistered', async () => {
      kinesis.on(DescribeStreamConsumerCommand, byName('orders-blue')).resolves(description('orders-blue', 'CREATING'));
      kinesis
        .on(DescribeStreamConsumerCommand, byArn('orders-blue'))
        .resolvesOnce(description('orders-blue', 'CREATING'))
        .resolvesOnce(description('orders-blue', 'ACTIVE'))
        .rejects(notFound());
      kinesis.on(DeregisterStreamConsumerCommand).resolves({});
      const result = await run(tools().deregisterConsumer(StackReference.Blue));
      assert.equal(result.outcome, 'changed');
      assert.equal(kinesis.commandCalls(DeregisterStreamConsumerCommand).length, 1);
    });

    it('ResourceNotFoundException from DeregisterStreamConsumer (deleted concurrently) counts as already gone', async () => {
      kinesis.on(DescribeStreamConsumerCommand).resolves(description('orders-blue', 'ACTIVE'));
      kinesis.on(DeregisterStreamConsumerCommand).rejects(notFound());
      const result = await run(tools().deregisterConsumer(StackReference.Blue));
      assert.equal(result.outcome, 'already');
    });

    it('ResourceInUseException while the consumer is being deleted concurrently counts as already', async () => {
      kinesis
        .on(DescribeStreamConsumerCommand, byName('orders-blue'))
        .resolvesOnce(description('orders-blue', 'ACTIVE'))
        .resolves(description('orders-blue', 'DELETING'));
      kinesis.on(DescribeStreamConsumerCommand, byArn('orders-blue')).rejects(notFound());
      kinesis.on(DeregisterStreamConsumerCommand).rejects(new ResourceInUseException({ message: 'in use', ...meta }));
      const result = await run(tools().deregisterConsumer(StackReference.Blue));
      assert.equal(result.outcome, 'already');
      assert.equal(result.consumer, null);
    });

    it('other AWS errors propagate unchanged', async () => {
      kinesis.on(DescribeStreamConsumerCommand).resolves(description('orders-blue', 'ACTIVE'));
      const denied = new KinesisServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'no', $metadata: {} });
      kinesis.on(DeregisterStreamConsumerCommand).rejects(denied);
      await assert.rejects(run(tools().deregisterConsumer(StackReference.Blue)), (e: unknown) => e === denied);
    });

    it('rejects a bad wait option with a ConfigError and makes no AWS call', async () => {
      await assert.rejects(tools().deregisterConsumer(StackReference.Blue, { wait: { minDelay: 5, maxDelay: 1 } }), ConfigError);
      assert.equal(kinesis.calls().length, 0);
    });
  });
});

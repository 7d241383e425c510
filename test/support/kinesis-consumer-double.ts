/**
 * A test double of the Kinesis consumer API that speaks the real wire protocol (AWS JSON 1.1 over HTTP,
 * `X-Amz-Target: Kinesis_20131202.<Operation>`), for what moto does not emulate: moto registers consumers directly as
 * ACTIVE, deletes them at once and accepts a duplicate registration. Here, as in AWS:
 * - a registered consumer is CREATING, and becomes ACTIVE after `transitionPolls` DescribeStreamConsumer calls;
 * - a deregistered consumer is DELETING, and disappears after `transitionPolls` DescribeStreamConsumer calls;
 * - RegisterStreamConsumer with a name already on the stream (in any state) is ResourceInUseException;
 * - DeregisterStreamConsumer of a CREATING consumer is ResourceInUseException;
 * - an unknown stream or consumer is ResourceNotFoundException;
 * - a consumer ARN ends with its registration time, so a re-registered consumer has a new ARN.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Status = 'CREATING' | 'ACTIVE' | 'DELETING';
interface Consumer {
  name: string;
  arn: string;
  streamArn: string;
  status: Status;
  created: number;
  pollsLeft: number;
}

class KinesisError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class KinesisConsumerDouble {
  readonly region = 'us-east-1';
  readonly account = '123456789012';
  /** Every operation received, in order. */
  readonly operations: string[] = [];
  private readonly streams = new Map<string, string>();
  private readonly consumers: Consumer[] = [];
  private server: Server | undefined;
  private clock = 1_700_000_000;

  constructor(private readonly transitionPolls = 2) {}

  /** Starts listening on a free loopback port and returns the endpoint. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Creates a stream and returns its ARN. */
  addStream(name: string): string {
    const arn = `arn:aws:kinesis:${this.region}:${this.account}:stream/${name}`;
    this.streams.set(name, arn);
    return arn;
  }

  /** Puts a consumer in a given state directly (as if another process had registered or deregistered it). */
  seedConsumer(streamName: string, name: string, status: Status): string {
    const streamArn = this.streams.get(streamName) as string;
    const consumer = this.newConsumer(streamArn, name, status);
    return consumer.arn;
  }

  /** The consumers as the service holds them: [name, status]. */
  state(): [string, Status][] {
    return this.consumers.map((c) => [c.name, c.status]);
  }

  private newConsumer(streamArn: string, name: string, status: Status): Consumer {
    const created = ++this.clock;
    const consumer: Consumer = {
      name,
      streamArn,
      status,
      created,
      arn: `${streamArn}/consumer/${name}:${created}`,
      pollsLeft: this.transitionPolls,
    };
    this.consumers.push(consumer);
    return consumer;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^Kinesis_20131202\./, '');
    this.operations.push(operation);
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string | undefined>;
      const output = this.dispatch(operation, input);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${this.operations.length}` });
      res.end(JSON.stringify(output));
    } catch (error) {
      const e = error instanceof KinesisError ? error : new KinesisError('InternalFailure', String(error));
      res.writeHead(e.type === 'InternalFailure' ? 500 : 400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${this.operations.length}`,
        'x-amzn-errortype': e.type,
      });
      res.end(JSON.stringify({ __type: e.type, message: e.message }));
    }
  }

  private dispatch(operation: string, input: Record<string, string | undefined>): unknown {
    switch (operation) {
      case 'DescribeStreamSummary': {
        const name = input.StreamName ?? [...this.streams].find(([, arn]) => arn === input.StreamARN)?.[0];
        const arn = name === undefined ? undefined : this.streams.get(name);
        if (!name || !arn)
          throw new KinesisError(
            'ResourceNotFoundException',
            `Stream ${input.StreamName ?? input.StreamARN} under account ${this.account} not found.`,
          );
        return {
          StreamDescriptionSummary: {
            StreamName: name,
            StreamARN: arn,
            StreamStatus: 'ACTIVE',
            RetentionPeriodHours: 24,
            StreamCreationTimestamp: 1_600_000_000,
            EnhancedMonitoring: [],
            OpenShardCount: 1,
            ConsumerCount: this.consumers.filter((c) => c.streamArn === arn).length,
          },
        };
      }
      case 'RegisterStreamConsumer': {
        const streamArn = this.requireStream(input.StreamARN);
        if (this.consumers.some((c) => c.streamArn === streamArn && c.name === input.ConsumerName)) {
          throw new KinesisError('ResourceInUseException', `Consumer ${input.ConsumerName} already exists on stream ${streamArn}.`);
        }
        const c = this.newConsumer(streamArn, input.ConsumerName as string, 'CREATING');
        return { Consumer: { ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: c.status, ConsumerCreationTimestamp: c.created } };
      }
      case 'DescribeStreamConsumer': {
        const c = this.find(input);
        // Time passes with every poll: a consumer in transition moves on after `transitionPolls` descriptions.
        const described = { ...c };
        if (c.status !== 'ACTIVE' && --c.pollsLeft <= 0) {
          if (c.status === 'CREATING') c.status = 'ACTIVE';
          else this.consumers.splice(this.consumers.indexOf(c), 1);
        }
        return {
          ConsumerDescription: {
            ConsumerName: described.name,
            ConsumerARN: described.arn,
            ConsumerStatus: described.status,
            ConsumerCreationTimestamp: described.created,
            StreamARN: described.streamArn,
          },
        };
      }
      case 'DeregisterStreamConsumer': {
        const c = this.find(input);
        if (c.status === 'CREATING')
          throw new KinesisError('ResourceInUseException', `Consumer ${c.name} is CREATING and cannot be deleted.`);
        if (c.status === 'ACTIVE') {
          c.status = 'DELETING';
          c.pollsLeft = this.transitionPolls;
        }
        return {};
      }
      case 'ListStreamConsumers': {
        const streamArn = this.requireStream(input.StreamARN);
        return {
          Consumers: this.consumers
            .filter((c) => c.streamArn === streamArn)
            .map((c) => ({ ConsumerName: c.name, ConsumerARN: c.arn, ConsumerStatus: c.status, ConsumerCreationTimestamp: c.created })),
        };
      }
      default:
        throw new KinesisError('UnknownOperationException', `The double does not implement ${operation}.`);
    }
  }

  private requireStream(arn: string | undefined): string {
    if (!arn || ![...this.streams.values()].includes(arn)) throw new KinesisError('ResourceNotFoundException', `Stream ${arn} not found.`);
    return arn;
  }

  private find(input: Record<string, string | undefined>): Consumer {
    const c = input.ConsumerARN
      ? this.consumers.find((x) => x.arn === input.ConsumerARN)
      : this.consumers.find((x) => x.streamArn === this.requireStream(input.StreamARN) && x.name === input.ConsumerName);
    if (!c) throw new KinesisError('ResourceNotFoundException', `Consumer ${input.ConsumerARN ?? input.ConsumerName} not found.`);
    return c;
  }
}

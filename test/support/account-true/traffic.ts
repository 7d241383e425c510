/**
 * Traffic in the account-true world, for "no message lost" tests: a steady producer (through SNS or straight to a
 * queue, through the proxy like any client) and Lambda's SQS pollers (AWS's side: they talk to moto directly and run
 * only while {@link EsmStates.polling} says the mapping's poller runs), then the tally
 * `published = processed + queued`.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { AccountTrueWorld } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running producer. */
export interface Producer {
  /** Where it sends now: a topic ARN or a queue URL. */
  target: string;
  /** Stops and resolves with the bodies that were accepted (the publish/send call succeeded). */
  stop(): Promise<string[]>;
}

/**
 * Starts a producer that sends one message every `intervalMs` to `target` (an SNS topic ARN: Publish with the message
 * attributes; otherwise an SQS queue URL: SendMessage). Change `producer.target` to move the traffic (a traffic shift).
 */
export function startProducer(
  world: AccountTrueWorld,
  options: { target: string; intervalMs?: number; attributes?: Record<string, string>; prefix?: string; concurrency?: number },
): Producer {
  const sns = new SNSClient(world.clientConfig());
  const sqs = new SQSClient(world.clientConfig());
  const accepted: string[] = [];
  let running = true;
  let n = 0;
  const producer: Producer = {
    target: options.target,
    stop: async () => {
      running = false;
      await loop;
      return accepted;
    },
  };
  const attributes = Object.fromEntries(
    Object.entries(options.attributes ?? { type: 'order' }).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
  );
  const one = async () => {
    while (running) {
      n += 1;
      const body = `${options.prefix ?? 'm'}-${n}`;
      const target = producer.target;
      try {
        if (target.startsWith('arn:aws:sns:'))
          await sns.send(new PublishCommand({ TopicArn: target, Message: body, MessageAttributes: attributes }));
        else await sqs.send(new SendMessageCommand({ QueueUrl: target, MessageBody: body }));
        accepted.push(body);
      } catch {
        // Not accepted: the producer knows it failed, so the message does not count as published.
      }
      await sleep(options.intervalMs ?? 20);
    }
  };
  const loop = Promise.all(Array.from({ length: options.concurrency ?? 1 }, one));
  return producer;
}

/** A running Lambda SQS poller for one event source mapping. */
export interface Poller {
  /** Bodies processed (received and deleted) so far. */
  processed: string[];
  stop(): Promise<void>;
}

/** Lambda's poller for mapping `uuid` on `queueUrl`: receives, "processes" and deletes while the mapping's poller runs. */
export function startPoller(world: AccountTrueWorld, options: { uuid: string; queueUrl: string; intervalMs?: number }): Poller {
  const sqs = new SQSClient({ ...world.motoConfig(), useQueueUrlAsEndpoint: false });
  const processed: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      if (await world.lambda.polling(options.uuid)) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: options.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
        );
        if (Messages.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
            }),
          );
          for (const m of Messages) processed.push(m.Body as string);
          continue;
        }
      }
      await sleep(options.intervalMs ?? 20);
    }
  })();
  return {
    processed,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Every body still in the queues (read from moto directly, left in place: visible again after `visibility` s). */
export async function queuedBodies(world: AccountTrueWorld, queueUrls: string[], visibility = 2): Promise<string[]> {
  const sqs = new SQSClient({ ...world.motoConfig(), useQueueUrlAsEndpoint: false });
  const bodies: string[] = [];
  for (const url of queueUrls) {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: visibility }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) bodies.push(m.Body as string);
    }
  }
  return bodies;
}

/** The message balance of a run. */
export interface Tally {
  published: number;
  processed: number;
  queued: number;
  /** Published but neither processed nor queued. */
  lost: string[];
  /** Processed more than once: SNS fanned the message out to both stacks while both subscriptions were effective. */
  duplicates: string[];
}

/** `published = processed + queued`: which published bodies are unaccounted for. */
export function tally(published: string[], processed: string[], queued: string[]): Tally {
  const seen = new Set([...processed, ...queued]);
  const counts = new Map<string, number>();
  for (const body of processed) counts.set(body, (counts.get(body) ?? 0) + 1);
  return {
    published: published.length,
    processed: processed.length,
    queued: queued.length,
    lost: published.filter((b) => !seen.has(b)),
    duplicates: [...counts].filter(([, n]) => n > 1).map(([b]) => b),
  };
}

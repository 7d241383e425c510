/**
 * A blue/green demo stack pair (examples/demo/provision.ts) behind the account-true world, with Lambda's SQS pollers
 * running for both stacks: the stage for the flip's "Must show" tests and the flip benchmark.
 */
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type demoNames, provisionDemo } from '../../../examples/demo/provision.js';
import type { StackConfig } from '../../../src/runbook/index.js';
import { type AccountTrueOptions, type AccountTrueWorld, startAccountTrueWorld } from './index.js';
import { type Poller, startPoller } from './traffic.js';

/** One stack's queue and the SQS mapping that consumes it. */
export interface StackQueue {
  queueUrl: string;
  dlqUrl: string;
  uuid: string;
}

/** The stage of a flip test. */
export interface FlipWorld {
  world: AccountTrueWorld;
  /** The full demo stack config (every section). */
  config: StackConfig;
  names: ReturnType<typeof demoNames>;
  topicArn: string;
  queues: { blue: StackQueue; green: StackQueue };
  pollers: { blue: Poller; green: Poller };
  /** Stops the pollers and the world. */
  close(): Promise<void>;
}

/** Provisions the demo straight in moto (blue live), starts the world in front of it and both stacks' pollers. */
export async function startFlipWorld(motoEndpoint: string, options: AccountTrueOptions & { prefix?: string } = {}): Promise<FlipWorld> {
  const world = await startAccountTrueWorld(motoEndpoint, options);
  const { config, names } = (await provisionDemo(world.motoConfig(), { prefix: options.prefix ?? 'at' })) as {
    config: StackConfig;
    names: FlipWorld['names'];
  };
  const sqs = new SQSClient({ ...world.motoConfig(), useQueueUrlAsEndpoint: false });
  const lambda = new LambdaClient(world.motoConfig());
  const queue = async (stack: 'blue' | 'green'): Promise<StackQueue> => {
    const url = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
    const queueUrl = await url(names[stack].queue);
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    const { EventSourceMappings = [] } = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: arn }));
    const uuid = EventSourceMappings[0]?.UUID;
    if (!uuid) throw new Error(`no event source mapping on ${names[stack].queue}`);
    // The proxy samples the true counters of the queues from the start (the SQS lag model needs a history).
    await world.sqs.follow(queueUrl);
    return { queueUrl, dlqUrl: await url(names[stack].dlq), uuid };
  };
  const queues = { blue: await queue('blue'), green: await queue('green') };
  const pollers = {
    blue: startPoller(world, { uuid: queues.blue.uuid, queueUrl: queues.blue.queueUrl }),
    green: startPoller(world, { uuid: queues.green.uuid, queueUrl: queues.green.queueUrl }),
  };
  return {
    world,
    config,
    names,
    topicArn: `arn:aws:sns:us-east-1:123456789012:${names.topic}`,
    queues,
    pollers,
    close: async () => {
      await pollers.blue.stop();
      await pollers.green.stop();
      await world.close();
    },
  };
}

/** Only the messaging sections of a stack config (SNS, SQS, Lambda): a flip of just the message path. */
export function messagingOnly(config: StackConfig): StackConfig {
  return { sns: config.sns, sqs: config.sqs, lambda: config.lambda } as StackConfig;
}

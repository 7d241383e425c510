/**
 * A blue/green message path only (the SNS/SQS/Lambda part of examples/demo/provision.ts, same names and shapes):
 * one topic; per stack a queue with its DLQ (redrive), an SQS subscription with a user filter policy and raw
 * delivery, a function and its SQS event source mapping. Blue starts live (subscription on, mapping enabled), green
 * off (subscription disabled with SnsTools, mapping disabled). Provisioned straight in moto: fast enough to do per
 * seeded run.
 */
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { demoNames } from '../../../examples/demo/provision.js';
import { StackReference } from '../../../src/index.js';
import type { StackConfig } from '../../../src/runbook/index.js';
import { SnsTools } from '../../../src/sns/index.js';
import { createLambdaRole, createTestFunction } from '../lambda-fixtures.js';

/** Provisions the message path in moto (`clientConfig` straight to moto) and returns its stack config. */
export async function provisionMessaging(clientConfig: Record<string, unknown>, prefix: string) {
  const names = demoNames(prefix);
  const sqs = new SQSClient({ ...clientConfig, useQueueUrlAsEndpoint: false });
  const sns = new SNSClient(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  await createLambdaRole(clientConfig.endpoint as string);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: names.topic }));
  const arnOf = async (url: string | undefined) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn as string;
  const subscriptions: Record<'blue' | 'green', { subscriptionArn: string }[]> = { blue: [], green: [] };
  for (const stack of ['blue', 'green'] as const) {
    const n = names[stack];
    const dlqArn = await arnOf((await sqs.send(new CreateQueueCommand({ QueueName: n.dlq }))).QueueUrl);
    const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    const queueArn = await arnOf(
      (await sqs.send(new CreateQueueCommand({ QueueName: n.queue, Attributes: { RedrivePolicy: redrive } }))).QueueUrl,
    );
    const sub = await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify({ type: ['order'] }), RawMessageDelivery: 'true' },
      }),
    );
    subscriptions[stack] = [{ subscriptionArn: sub.SubscriptionArn as string }];
    await createTestFunction(lambda, n.functionName);
    await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: n.functionName,
        EventSourceArn: queueArn,
        BatchSize: 10,
        Enabled: stack === 'blue',
      }),
    );
  }
  await new SnsTools({ subscriptions, clientConfig }).disableSubscription(StackReference.Green);
  const config = {
    sqs: {
      queues: {
        blue: { queueName: names.blue.queue, dlqName: names.blue.dlq },
        green: { queueName: names.green.queue, dlqName: names.green.dlq },
      },
    },
    sns: { subscriptions },
    lambda: { functions: { blue: { functionName: names.blue.functionName }, green: { functionName: names.green.functionName } } },
  } as StackConfig;
  return { config, names };
}

/**
 * Which SQS queues a Publish reached, for the `NumberOfMessagesSent` model: moto delivers the message itself (by the
 * effective filter policy, which the SNS model keeps in moto); this reads the same effective attributes and applies
 * the same matching ({@link matchesFilterPolicy}) to record one added message per reached queue in the ledger.
 */
import { GetSubscriptionAttributesCommand, paginateListSubscriptionsByTopic, type SNSClient } from '@aws-sdk/client-sns';
import type { SentLedger } from './cloudwatch-model.js';
import { matchesFilterPolicy } from './sns-filter.js';
import type { AwsCall } from './wire.js';

interface Message {
  body: string;
  attributes: Record<string, string | number>;
}

/** The messages of a Publish / PublishBatch call (AWS Query form fields). */
export function publishedMessages(call: AwsCall): Message[] {
  const input = call.input as Record<string, string>;
  const read = (prefix: string): Message => {
    const attributes: Record<string, string | number> = {};
    for (let i = 1; input[`${prefix}MessageAttributes.entry.${i}.Name`] !== undefined; i++) {
      const at = `${prefix}MessageAttributes.entry.${i}`;
      const type = input[`${at}.Value.DataType`] ?? 'String';
      const value = input[`${at}.Value.StringValue`] ?? '';
      attributes[input[`${at}.Name`] as string] = type.startsWith('Number') ? Number(value) : value;
    }
    return { body: input[`${prefix}Message`] ?? '', attributes };
  };
  if (call.operation === 'Publish') return [read('')];
  const messages: Message[] = [];
  for (let i = 1; input[`PublishBatchRequestEntries.member.${i}.Id`] !== undefined; i++) {
    messages.push(read(`PublishBatchRequestEntries.member.${i}.`));
  }
  return messages;
}

/** Records in `ledger` the queues each published message reached (call it after moto accepted the Publish). */
export async function recordDeliveries(sns: SNSClient, call: AwsCall, ledger: SentLedger, at: number): Promise<void> {
  const topicArn = String(call.input.TopicArn ?? '');
  if (!topicArn) return;
  const messages = publishedMessages(call);
  for await (const page of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn: topicArn })) {
    for (const sub of page.Subscriptions ?? []) {
      if (sub.Protocol !== 'sqs' || !sub.SubscriptionArn || !sub.Endpoint) continue;
      const { Attributes = {} } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }));
      const queueName = sub.Endpoint.slice(sub.Endpoint.lastIndexOf(':') + 1);
      const reached = messages.filter((m) =>
        matchesFilterPolicy(Attributes.FilterPolicy, Attributes.FilterPolicyScope, m.attributes, m.body),
      );
      if (reached.length > 0) ledger.record(queueName, at, reached.length);
    }
  }
}

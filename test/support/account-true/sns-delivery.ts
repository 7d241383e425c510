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

type Filter = { FilterPolicy?: string; FilterPolicyScope?: string };

/**
 * Records in the ledger the queues each published message reached (call it after moto accepted the Publish, under
 * the SNS model's lock). Subscriptions and their effective filters are read from moto once and cached; the SNS model
 * calls {@link DeliveryCounter.forget} whenever it changes what moto holds.
 */
export class DeliveryCounter {
  readonly #topics = new Map<string, { arn: string; queueName: string }[]>();
  readonly #filters = new Map<string, Filter>();

  constructor(
    private readonly sns: SNSClient,
    private readonly ledger: SentLedger,
  ) {}

  /** Drops the cached filter of a subscription (or every cache entry, without an ARN). */
  forget(subscriptionArn?: string): void {
    if (subscriptionArn === undefined) {
      this.#topics.clear();
      this.#filters.clear();
    } else this.#filters.delete(subscriptionArn);
  }

  async record(call: AwsCall, at: number): Promise<void> {
    const topicArn = String(call.input.TopicArn ?? '');
    if (!topicArn) return;
    const messages = publishedMessages(call);
    for (const sub of await this.#subscriptions(topicArn)) {
      const filter = await this.#filter(sub.arn);
      const reached = messages.filter((m) => matchesFilterPolicy(filter.FilterPolicy, filter.FilterPolicyScope, m.attributes, m.body));
      if (reached.length > 0) this.ledger.record(sub.queueName, at, reached.length);
    }
  }

  async #subscriptions(topicArn: string) {
    let subs = this.#topics.get(topicArn);
    if (!subs) {
      subs = [];
      for await (const page of paginateListSubscriptionsByTopic({ client: this.sns }, { TopicArn: topicArn })) {
        for (const sub of page.Subscriptions ?? []) {
          if (sub.Protocol !== 'sqs' || !sub.SubscriptionArn || !sub.Endpoint) continue;
          subs.push({ arn: sub.SubscriptionArn, queueName: sub.Endpoint.slice(sub.Endpoint.lastIndexOf(':') + 1) });
        }
      }
      this.#topics.set(topicArn, subs);
    }
    return subs;
  }

  async #filter(arn: string): Promise<Filter> {
    let filter = this.#filters.get(arn);
    if (!filter) {
      const { Attributes = {} } = await this.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
      filter = { FilterPolicy: Attributes.FilterPolicy, FilterPolicyScope: Attributes.FilterPolicyScope };
      this.#filters.set(arn, filter);
    }
    return filter;
  }
}

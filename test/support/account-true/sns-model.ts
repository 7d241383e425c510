/**
 * SNS filter-policy propagation, modelled in front of moto.
 *
 * AWS: "Additions or changes to a subscription filter policy require up to 15 minutes to fully take effect"
 * ({@link SNS_FILTER_POLICY_PROPAGATION_SECONDS}). The control plane answers at once and reads back the new value;
 * delivery keeps using the old one until the change has propagated.
 *
 * How the model does it (a faithful model, using moto's own filter matching and SNS→SQS delivery):
 * - moto always holds the *effective* (delivery-side) attributes, so moto's Publish delivers by the old policy;
 * - `SetSubscriptionAttributes` of `FilterPolicy`/`FilterPolicyScope` is validated by moto against the control-plane
 *   view (pending changes replayed, then the new call), then moto is put back to the effective attributes and the
 *   change is queued to become effective after a seeded delay (never before an earlier change of the same
 *   subscription, so changes take effect in the order they were made);
 * - `GetSubscriptionAttributes` reads the control-plane view the same way (pending changes replayed, read, put back);
 * - every SNS call runs under one lock and first applies the changes that are due, so a `Publish` never sees a
 *   half-replayed state and always sees exactly the changes whose delay has passed.
 * Every Publish must go through the proxy (moto delivers synchronously inside Publish).
 */
import {
  GetSubscriptionAttributesCommand,
  SetSubscriptionAttributesCommand,
  type SetSubscriptionAttributesCommandInput,
  SNSClient,
} from '@aws-sdk/client-sns';
import { type Duration, draw, Lock } from './clock.js';
import type { SentLedger } from './cloudwatch-model.js';
import { SNS_FILTER_POLICY_PROPAGATION_SECONDS } from './constants.js';
import type { ModelContext, ServiceModel } from './model.js';
import { DeliveryCounter } from './sns-delivery.js';
import type { Answer, AwsCall } from './wire.js';

/** Options of the SNS model. */
export interface SnsModelOptions {
  /** Propagation delay of each filter change, AWS seconds (default `[0, SNS_FILTER_POLICY_PROPAGATION_SECONDS]`: "up to 15 minutes"). */
  propagation?: Duration;
}

const PROPAGATING = new Set(['FilterPolicy', 'FilterPolicyScope']);

interface Pending {
  name: string;
  value: string;
  effectiveAt: number;
}

type Filter = { FilterPolicy?: string; FilterPolicyScope?: string };

/** The SNS model (see the module comment). */
export class SnsPropagation implements ServiceModel {
  readonly #pending = new Map<string, Pending[]>();
  readonly #lock = new Lock();
  readonly #sns: SNSClient;
  readonly #deliveries: DeliveryCounter | undefined;
  #propagation: Duration;

  constructor(
    private readonly ctx: ModelContext,
    options: SnsModelOptions = {},
    ledger?: SentLedger,
  ) {
    this.#sns = new SNSClient({ ...ctx.motoConfig, maxAttempts: 1 });
    this.#propagation = options.propagation ?? [0, SNS_FILTER_POLICY_PROPAGATION_SECONDS];
    this.#deliveries = ledger ? new DeliveryCounter(this.#sns, ledger) : undefined;
  }

  /** Changes the propagation delay for the changes made from now on. */
  configure(options: SnsModelOptions): void {
    if (options.propagation !== undefined) this.#propagation = options.propagation;
  }

  /** Subscription ARNs with a change that is not effective yet. */
  pendingSubscriptions(): string[] {
    return [...this.#pending.entries()].filter(([, list]) => list.length > 0).map(([arn]) => arn);
  }

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'sns') return undefined;
    return this.#lock.run(async () => {
      await this.#applyDue(this.ctx.clock.now());
      const arn = String(call.input.SubscriptionArn ?? '');
      if (call.operation === 'SetSubscriptionAttributes' && PROPAGATING.has(String(call.input.AttributeName))) {
        const answer = await this.#inControlPlaneView(arn, forward);
        if (answer.status === 200) this.#queue(arn, String(call.input.AttributeName), String(call.input.AttributeValue ?? ''));
        return answer;
      }
      if (call.operation === 'GetSubscriptionAttributes' && this.#pending.get(arn)?.length) {
        return this.#inControlPlaneView(arn, forward);
      }
      if (call.operation === 'Unsubscribe') this.#pending.delete(arn);
      const publish = call.operation === 'Publish' || call.operation === 'PublishBatch';
      // Anything but a Publish may change subscriptions or filters in moto: the delivery count reads them again.
      if (!publish && call.mutating) this.#deliveries?.forget();
      const answer = await forward();
      if (publish && answer.status === 200) await this.#deliveries?.record(call, this.ctx.clock.now());
      return answer;
    });
  }

  async settle(): Promise<void> {
    await this.#lock.run(() => this.#applyDue(Number.POSITIVE_INFINITY));
  }

  #queue(arn: string, name: string, value: string): void {
    const list = this.#pending.get(arn) ?? [];
    const delay = this.ctx.clock.ms(draw(this.#propagation, this.ctx.random));
    const last = list[list.length - 1]?.effectiveAt ?? 0;
    list.push({ name, value, effectiveAt: Math.max(this.ctx.clock.now() + delay, last) });
    this.#pending.set(arn, list);
  }

  /** Runs `action` against moto while moto shows the control-plane view of `arn`, then puts the effective view back. */
  async #inControlPlaneView(arn: string, action: () => Promise<Answer>): Promise<Answer> {
    const pending = this.#pending.get(arn) ?? [];
    const effective = await this.#read(arn);
    if (!effective) return action();
    try {
      for (const change of pending) await this.#set(arn, change.name, change.value);
      return await action();
    } finally {
      await this.#restore(arn, effective);
    }
  }

  async #applyDue(now: number): Promise<void> {
    for (const [arn, list] of this.#pending) {
      while (list.length > 0 && (list[0]?.effectiveAt ?? 0) <= now) {
        const change = list.shift() as Pending;
        await this.#set(arn, change.name, change.value).catch(() => undefined);
      }
      if (list.length === 0) this.#pending.delete(arn);
    }
  }

  async #read(arn: string): Promise<Filter | undefined> {
    try {
      const { Attributes = {} } = await this.#sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
      return { FilterPolicy: Attributes.FilterPolicy, FilterPolicyScope: Attributes.FilterPolicyScope };
    } catch {
      return undefined; // unknown subscription: moto answers the real call with its own error
    }
  }

  async #set(arn: string, name: string, value: string): Promise<void> {
    const input: SetSubscriptionAttributesCommandInput = { SubscriptionArn: arn, AttributeName: name, AttributeValue: value };
    this.#deliveries?.forget(arn);
    await this.#sns.send(new SetSubscriptionAttributesCommand(input));
  }

  /**
   * Puts back the effective filter, only what differs: scope first (moto does not validate a scope change), then the
   * policy (`''` when there was none: moto then reports an empty FilterPolicy, which matches every message like none).
   */
  async #restore(arn: string, effective: Filter): Promise<void> {
    const now = (await this.#read(arn)) ?? {};
    if (now.FilterPolicyScope !== effective.FilterPolicyScope) {
      await this.#set(arn, 'FilterPolicyScope', effective.FilterPolicyScope ?? 'MessageAttributes');
    }
    if (now.FilterPolicy !== effective.FilterPolicy) await this.#set(arn, 'FilterPolicy', effective.FilterPolicy ?? '');
  }
}

import { GetSubscriptionAttributesCommand, SetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  BaseTool,
  isAwsError,
  mapLimit,
  type Pair,
  pick,
  requireInteger,
  requireObject,
  requirePair,
  type StackReference,
} from '../core/index.js';
import { parseOnly } from '../core/only.js';
import { decodeBlockingPolicy, encodeBlockingPolicy, type OriginalFilter } from './filter-policy.js';
import {
  type Attributes,
  BLOCKING_SCOPE,
  currentFilter,
  notFound,
  parseSubscriptions,
  requireDisjointSubscriptions,
  summarize,
  topicOf,
} from './sns-config.js';
import type { SnsToolsOptions, SubscriptionChange, SubscriptionState, SubscriptionsOptions, SubscriptionsResult } from './sns-types.js';

/**
 * Switches SNS subscriptions on and off with filter policies, so a stack stops (or starts) consuming a topic without
 * deleting its subscription.
 *
 * **Disabling** replaces the subscription's filter policy with a blocking policy that no message can match: a single
 * key, `bluegreen-toolkit:disabled`, which no SNS message attribute can be named (attribute names cannot contain `:`),
 * with the `MessageAttributes` scope. The original `FilterPolicy` string and `FilterPolicyScope` are stored inside that
 * blocking policy, so **enabling restores them exactly** (byte for byte, with no external store) however many times
 * either method runs: disabling a disabled subscription and enabling an enabled one change nothing.
 *
 * **Delay:** SNS is eventually consistent; AWS documents that additions or changes to a subscription filter policy
 * require up to 15 minutes to fully take effect. Messages published shortly after a switch may still follow the old
 * policy, so drain or deduplicate accordingly.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SnsTools } from 'bluegreen-toolkit/sns';
 *
 * const sns = new SnsTools({
 *   subscriptions: {
 *     blue: [{ subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:orders:1f0c…' }],
 *     green: [{ subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:orders:7a9d…' }],
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await sns.enableSubscription(StackReference.Green);
 * await sns.disableSubscription(StackReference.Blue);
 * ```
 */
export class SnsTools extends BaseTool {
  /** The SNS client in use. */
  readonly client: SNSClient;
  readonly #subscriptions: Pair<string[]>;
  readonly #concurrency: number;

  /**
   * @param options - the subscriptions per stack, `concurrency` (default 5) and the client; see {@link SnsToolsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed (before any AWS call).
   */
  constructor(options: SnsToolsOptions) {
    super(options, 'SnsTools');
    const o = requireObject(options, 'options');
    this.#subscriptions = requirePair(o.subscriptions, 'subscriptions', parseSubscriptions);
    requireDisjointSubscriptions(o.subscriptions, this.#subscriptions);
    this.#concurrency = o.concurrency === undefined ? 5 : requireInteger(o.concurrency, 'concurrency', { min: 1, max: 50 });
    this.client = this.createClient(SNSClient, options, options);
  }

  /**
   * Blocks every message from reaching the stack's subscriptions by replacing each filter policy with a blocking
   * policy that records the original (see the class description). A subscription that is already disabled is left
   * as it is (`already`); it is never wrapped twice.
   *
   * @param ref - the stack.
   * @param options - `only`: switch only these subscription ARNs of the stack (default: all).
   * @returns `changed` when at least one subscription was changed, with one entry per subscription.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when a subscription does not exist.
   * @throws {@link bluegreen-toolkit!InvalidStateError} when a filter policy is too large to be recorded (nothing is changed for it).
   * @throws `BatchError` when some subscriptions failed; the others were still processed.
   * @remarks IAM: `sns:GetSubscriptionAttributes`, `sns:SetSubscriptionAttributes`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SnsTools } from 'bluegreen-toolkit/sns';
   *
   * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
   * const result = await sns.disableSubscription(StackReference.Blue);
   * console.log(result.message); // "disabled 2 subscription(s) of blue; SNS may take up to 15 minutes to apply it"
   * ```
   */
  async disableSubscription(ref: StackReference, options: SubscriptionsOptions = {}): Promise<SubscriptionsResult> {
    const stack = this.parseRef(ref);
    const arns = this.#scope(stack, options);
    const changes = await mapLimit(arns, this.#concurrency, (arn) => this.#disableOne(arn));
    return summarize(changes, stack, 'disabled');
  }

  /**
   * Lets messages reach the stack's subscriptions again: each blocking policy is replaced by the exact filter policy
   * and scope recorded when it was disabled, and a subscription that had no filter policy gets none again. A
   * subscription that is not disabled is left as it is (`already`).
   *
   * @param ref - the stack.
   * @param options - `only`: switch only these subscription ARNs of the stack (default: all).
   * @returns `changed` when at least one subscription was changed, with one entry per subscription.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when a subscription does not exist.
   * @throws {@link bluegreen-toolkit!InvalidStateError} when a blocking policy was edited by hand and can no longer be read.
   * @throws `BatchError` when some subscriptions failed; the others were still processed.
   * @remarks IAM: `sns:GetSubscriptionAttributes`, `sns:SetSubscriptionAttributes`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SnsTools } from 'bluegreen-toolkit/sns';
   *
   * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
   * await sns.enableSubscription(StackReference.Green);
   * ```
   */
  async enableSubscription(ref: StackReference, options: SubscriptionsOptions = {}): Promise<SubscriptionsResult> {
    const stack = this.parseRef(ref);
    const arns = this.#scope(stack, options);
    const changes = await mapLimit(arns, this.#concurrency, (arn) => this.#enableOne(arn));
    return summarize(changes, stack, 'enabled');
  }

  /**
   * Reads each of the stack's subscriptions: topic, protocol, endpoint, whether it is enabled, and the user's filter
   * policy (the recorded original while disabled).
   *
   * @param ref - the stack.
   * @returns one entry per configured subscription, in configuration order.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when a subscription does not exist.
   * @remarks IAM: `sns:GetSubscriptionAttributes`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { SnsTools } from 'bluegreen-toolkit/sns';
   *
   * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
   * for (const s of await sns.getSubscriptionStates(StackReference.Blue)) console.log(s.endpoint, s.enabled);
   * ```
   */
  async getSubscriptionStates(ref: StackReference): Promise<SubscriptionState[]> {
    const stack = this.parseRef(ref);
    const arns = pick(this.#subscriptions, stack);
    return mapLimit(arns, this.#concurrency, async (arn) => {
      const attributes = await this.#read(arn);
      const blocked = decodeBlockingPolicy(attributes.FilterPolicy);
      const user: OriginalFilter = blocked ?? currentFilter(attributes);
      return {
        subscriptionArn: arn,
        topicArn: attributes.TopicArn ?? topicOf(arn),
        protocol: attributes.Protocol ?? '',
        endpoint: attributes.Endpoint ?? '',
        enabled: blocked === undefined,
        filterPolicy: user.filterPolicy,
        filterPolicyScope: user.filterPolicyScope,
      };
    });
  }

  #scope(stack: StackReference, options: SubscriptionsOptions): string[] {
    const only = requireObject(options, 'options').only;
    const arns = pick(this.#subscriptions, stack);
    const wanted = parseOnly(only);
    return wanted ? arns.filter((arn) => wanted.has(arn)) : arns;
  }

  async #disableOne(arn: string): Promise<SubscriptionChange> {
    const attributes = await this.#read(arn);
    const recorded = decodeBlockingPolicy(attributes.FilterPolicy);
    let changed = false;
    if (!recorded) {
      // The blocking policy is flat (one key, one value), so it is valid under the current scope whichever it is;
      // it goes in first, then the scope moves to MessageAttributes (the order SNS's validation allows).
      await this.#set(arn, 'FilterPolicy', encodeBlockingPolicy(currentFilter(attributes)));
      changed = true;
    }
    if (attributes.FilterPolicyScope !== BLOCKING_SCOPE) {
      await this.#set(arn, 'FilterPolicyScope', BLOCKING_SCOPE);
      changed = true;
    }
    this.logger.info(`SnsTools: subscription ${arn} ${changed ? 'disabled' : 'already disabled'}`);
    return {
      subscriptionArn: arn,
      outcome: changed ? 'changed' : 'already',
      message: changed ? `disabled ${arn}` : `${arn} is already disabled`,
    };
  }

  async #enableOne(arn: string): Promise<SubscriptionChange> {
    const attributes = await this.#read(arn);
    const original = decodeBlockingPolicy(attributes.FilterPolicy);
    if (!original) {
      return { subscriptionArn: arn, outcome: 'already', message: `${arn} is already enabled` };
    }
    if (original.filterPolicy === null) {
      await this.#removeFilterPolicy(arn);
    } else {
      // Scope first (the blocking policy is valid in both scopes), then the original policy, which SNS validates
      // against the scope it was written for.
      const scope = original.filterPolicyScope ?? BLOCKING_SCOPE;
      if (attributes.FilterPolicyScope !== scope) await this.#set(arn, 'FilterPolicyScope', scope);
      await this.#set(arn, 'FilterPolicy', original.filterPolicy);
    }
    this.logger.info(`SnsTools: subscription ${arn} enabled`);
    return { subscriptionArn: arn, outcome: 'changed', message: `enabled ${arn}` };
  }

  /**
   * An empty string unsets the policy (SNS then reports neither FilterPolicy nor FilterPolicyScope); where SNS
   * rejects it, the documented `{}` (an empty policy, which matches every message) is used instead.
   */
  async #removeFilterPolicy(arn: string): Promise<void> {
    try {
      await this.#set(arn, 'FilterPolicy', '');
    } catch (error) {
      if (!isAwsError(error, 'InvalidParameter', 'InvalidParameterException')) throw error;
      this.logger.warn(`SnsTools: SNS refused an empty FilterPolicy for ${arn}; setting {} instead`);
      await this.#set(arn, 'FilterPolicy', '{}');
    }
  }

  async #read(arn: string): Promise<Attributes> {
    try {
      const output = await this.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
      return output.Attributes ?? {};
    } catch (error) {
      throw notFound(error, arn);
    }
  }

  async #set(arn: string, name: 'FilterPolicy' | 'FilterPolicyScope', value: string): Promise<void> {
    try {
      await this.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: name, AttributeValue: value }));
    } catch (error) {
      throw notFound(error, arn);
    }
  }
}

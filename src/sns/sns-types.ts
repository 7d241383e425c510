import type { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientConfig, CommonToolOptions, Pair, StepResult } from '../core/index.js';

/**
 * One subscription a stack owns.
 *
 * @example
 * ```ts
 * import type { SnsSubscriptionConfig } from 'bluegreen-toolkit/sns';
 *
 * const sub: SnsSubscriptionConfig = { subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:orders:0b4c…' };
 * ```
 */
export interface SnsSubscriptionConfig {
  /** The confirmed subscription's ARN (`arn:aws:sns:<region>:<account>:<topic>:<id>`). */
  subscriptionArn: string;
}

/**
 * Options of {@link SnsTools}.
 *
 * @example
 * ```ts
 * import type { SnsToolsOptions } from 'bluegreen-toolkit/sns';
 *
 * const options: SnsToolsOptions = {
 *   subscriptions: { blue: [{ subscriptionArn: blueArn }], green: { subscriptionArn: greenArn } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type SnsToolsOptions = CommonToolOptions & {
  /** Each stack's subscription, or list of subscriptions (several topics are fine). */
  subscriptions: Pair<SnsSubscriptionConfig | SnsSubscriptionConfig[]>;
  /** How many subscriptions are read or changed at once (default 5). */
  concurrency?: number;
} & (
    | { /** An existing SNS client. */ awsSdkV3Client: SNSClient; clientConfig?: never }
    | { /** Settings for the SNS client the tool creates. */ clientConfig?: AwsClientConfig; awsSdkV3Client?: never }
  );

/**
 * What happened to one subscription: its ARN, `changed` or `already`, and a message.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SnsTools, type SubscriptionChange } from 'bluegreen-toolkit/sns';
 *
 * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
 * const { subscriptions: changes } = await sns.disableSubscription(StackReference.Blue);
 * const switched: SubscriptionChange[] = changes.filter((c) => c.outcome === 'changed');
 * for (const c of switched) console.log(c.subscriptionArn, c.message);
 * ```
 */
export interface SubscriptionChange extends StepResult {
  /** The subscription. */
  subscriptionArn: string;
}

/**
 * The result of {@link SnsTools.enableSubscription} and {@link SnsTools.disableSubscription}: `changed` if any
 * subscription changed, with one entry per subscription.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SnsTools, type SubscriptionsResult } from 'bluegreen-toolkit/sns';
 *
 * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
 * const result: SubscriptionsResult = await sns.enableSubscription(StackReference.Green);
 * console.log(result.outcome, result.message); // already "all 2 subscription(s) of green are already enabled"
 * ```
 */
export interface SubscriptionsResult extends StepResult {
  /** One entry per configured subscription, in configuration order. */
  subscriptions: SubscriptionChange[];
}

/**
 * Options of {@link SnsTools.enableSubscription} and {@link SnsTools.disableSubscription}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SnsTools, type SubscriptionsOptions } from 'bluegreen-toolkit/sns';
 *
 * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
 * const options: SubscriptionsOptions = { only: [greenArn] };
 * await sns.disableSubscription(StackReference.Green, options); // the other green subscriptions are left alone
 * ```
 */
export interface SubscriptionsOptions {
  /**
   * Switch only these of the stack's subscriptions (ARNs); the others are neither changed nor reported. Used by the
   * flip's exact undo to revert only what a run changed (default: every subscription of the stack).
   */
  only?: readonly string[];
}

/**
 * The state of one subscription, for status boards and gates, as read by {@link SnsTools.getSubscriptionStates}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SnsTools, type SubscriptionState } from 'bluegreen-toolkit/sns';
 *
 * const sns = new SnsTools({ subscriptions, clientConfig: { region: 'eu-west-1' } });
 * const states: SubscriptionState[] = await sns.getSubscriptionStates(StackReference.Blue);
 * const stillReceiving = states.filter((s) => s.enabled).map((s) => `${s.protocol} ${s.endpoint}`);
 * if (stillReceiving.length > 0) throw new Error(`blue still subscribed: ${stillReceiving.join(', ')}`);
 * ```
 */
export interface SubscriptionState {
  /** The subscription. */
  subscriptionArn: string;
  /** Its topic. */
  topicArn: string;
  /** `sqs`, `lambda`, `https`, … */
  protocol: string;
  /** The queue ARN, function ARN, URL, … */
  endpoint: string;
  /** False while {@link SnsTools.disableSubscription}'s blocking policy is in place. */
  enabled: boolean;
  /** The user's filter policy (the recorded original while disabled), or `null` for none. */
  filterPolicy: string | null;
  /** The user's filter policy scope (the recorded original while disabled), or `null` when SNS reports none. */
  filterPolicyScope: string | null;
}

/**
 * `bluegreen-toolkit/sns`: switch SNS subscriptions on and off with filter policies, restoring the original policy
 * exactly.
 *
 * @example
 * ```ts
 * import { SnsTools } from 'bluegreen-toolkit/sns';
 *
 * const sns = new SnsTools({ subscriptions: { blue: { subscriptionArn: blueArn }, green: { subscriptionArn: greenArn } } });
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/sns
 */
export {
  decodeBlockingPolicy,
  encodeBlockingPolicy,
  type OriginalFilter,
  SNS_DISABLED_KEY,
  SNS_MAX_FILTER_POLICY_BYTES,
} from './filter-policy.js';
export {
  type SnsSubscriptionConfig,
  SnsTools,
  type SnsToolsOptions,
  type SubscriptionChange,
  type SubscriptionState,
  type SubscriptionsResult,
} from './sns-tools.js';

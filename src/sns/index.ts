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
export { SnsTools } from './sns-tools.js';
export type {
  SnsSubscriptionConfig,
  SnsToolsOptions,
  SubscriptionChange,
  SubscriptionState,
  SubscriptionsOptions,
  SubscriptionsResult,
} from './sns-types.js';

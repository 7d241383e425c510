import {
  ConfigError,
  combineOutcomes,
  describeValue,
  isAwsError,
  type Outcome,
  type Pair,
  ResourceNotFoundError,
  requireDisjointPair,
  requireObject,
  requireString,
  type StackReference,
} from '../core/index.js';
import type { OriginalFilter } from './filter-policy.js';
import type { SubscriptionChange, SubscriptionsResult } from './sns-types.js';

export const SUBSCRIPTION_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?:[A-Za-z0-9-]{1,64}$/;
export const BLOCKING_SCOPE = 'MessageAttributes';

export type Attributes = Record<string, string>;

/** The path of a side's i-th subscription: `subscriptions.blue[0]`, or `subscriptions.blue` for a single object. */
function itemPath(value: unknown, path: string, i: number): string {
  return Array.isArray(value) ? `${path}[${i}]` : path;
}

export function parseSubscriptions(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new ConfigError(`${path} is an empty list: give at least one { subscriptionArn }.`);
  const arns = list.map((item, i) => {
    const p = itemPath(value, path, i);
    return requireString(requireObject(item, p).subscriptionArn, `${p}.subscriptionArn`, {
      pattern: SUBSCRIPTION_ARN,
      patternHint: "a confirmed subscription ARN such as 'arn:aws:sns:eu-west-1:123456789012:orders:0b4c…' (not 'PendingConfirmation')",
    });
  });
  const seen = new Set<string>();
  for (const arn of arns) {
    if (seen.has(arn)) throw new ConfigError(`${path} lists ${describeValue(arn)} twice: list each subscription once.`);
    seen.add(arn);
  }
  return arns;
}

export function currentFilter(attributes: Attributes): OriginalFilter {
  const policy = attributes.FilterPolicy;
  return {
    filterPolicy: policy === undefined || policy === '' ? null : policy,
    filterPolicyScope: policy === undefined || policy === '' ? null : (attributes.FilterPolicyScope ?? null),
  };
}

export function topicOf(subscriptionArn: string): string {
  return subscriptionArn.slice(0, subscriptionArn.lastIndexOf(':'));
}

export function notFound(error: unknown, arn: string): unknown {
  if (isAwsError(error, 'NotFound', 'NotFoundException', 'ResourceNotFound')) {
    return new ResourceNotFoundError(`SNS subscription ${arn} does not exist: check the subscriptions configuration.`, {
      resource: arn,
      cause: error,
    });
  }
  return error;
}

export function summarize(changes: SubscriptionChange[], stack: StackReference, verb: 'enabled' | 'disabled'): SubscriptionsResult {
  const outcome: Outcome = combineOutcomes(changes.map((c) => c.outcome));
  const changed = changes.filter((c) => c.outcome === 'changed').length;
  const message =
    outcome === 'already'
      ? `all ${changes.length} subscription(s) of ${stack} are already ${verb}`
      : `${verb} ${changed} of ${changes.length} subscription(s) of ${stack}; SNS may take up to 15 minutes to apply filter policy changes`;
  return { outcome, message, subscriptions: changes };
}

/**
 * Refuses a subscription ARN configured on both sides: disabling one stack would then switch the other stack's
 * subscription off (and enabling it would switch it on for both). SNS subscription ARNs are case-sensitive ids.
 */
export function requireDisjointSubscriptions(raw: unknown, arns: Pair<string[]>): void {
  const pair = raw as Pair<unknown>;
  const entries = (side: 'blue' | 'green') =>
    arns[side].map((value, i) => ({ path: `${itemPath(pair[side], `subscriptions.${side}`, i)}.subscriptionArn`, value }));
  requireDisjointPair(entries('blue'), entries('green'), {
    what: 'SNS subscription',
    hint: "each stack needs its own subscription (subscribe each stack's queue or function to the topic separately)",
  });
}

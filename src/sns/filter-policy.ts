import { InvalidStateError } from '../core/index.js';

/**
 * The filter policy key that marks a subscription disabled by {@link SnsTools}. It contains `:`, which an SNS message
 * attribute name can never contain (names allow only `A-Z a-z 0-9 _ - .`), so with the `MessageAttributes` scope no
 * message can ever match the blocking policy.
 *
 * @example
 * ```ts
 * import { SNS_DISABLED_KEY } from 'bluegreen-toolkit/sns';
 *
 * const disabled = JSON.parse(filterPolicy)[SNS_DISABLED_KEY] !== undefined;
 * ```
 */
export const SNS_DISABLED_KEY = 'bluegreen-toolkit:disabled';

/**
 * The largest filter policy SNS accepts, in bytes (256 KB = 262144). The blocking policy
 * {@link SnsTools.disableSubscription} writes holds the original policy JSON-escaped inside it, so it must fit too.
 *
 * @example
 * ```ts
 * import { SNS_MAX_FILTER_POLICY_BYTES } from 'bluegreen-toolkit/sns';
 *
 * const policy = JSON.stringify({ eventType: ['order-placed', 'order-cancelled'] });
 * if (Buffer.byteLength(policy, 'utf8') > SNS_MAX_FILTER_POLICY_BYTES) throw new Error('filter policy too large for SNS');
 * ```
 */
export const SNS_MAX_FILTER_POLICY_BYTES = 256 * 1024;

/**
 * What a subscription's filter settings were before it was disabled: `filterPolicy` is the exact string SNS returned
 * (or `null` when the subscription had none) and `filterPolicyScope` the scope SNS returned (or `null`).
 *
 * @example
 * ```ts
 * import type { OriginalFilter } from 'bluegreen-toolkit/sns';
 *
 * const original: OriginalFilter = { filterPolicy: '{"type":["order"]}', filterPolicyScope: 'MessageAttributes' };
 * ```
 */
export interface OriginalFilter {
  /** The original `FilterPolicy` attribute, byte for byte, or `null` when there was none. */
  filterPolicy: string | null;
  /** The original `FilterPolicyScope` attribute, or `null` when SNS returned none. */
  filterPolicyScope: string | null;
}

interface Envelope {
  v: 1;
  filterPolicy: string | null;
  filterPolicyScope: string | null;
}

/**
 * Builds the blocking filter policy: one key ({@link SNS_DISABLED_KEY}) whose only value is a JSON envelope holding the
 * original policy string and scope. It is a valid SNS filter policy (1 key, 1 value combination, no nesting) in both
 * scopes, and it carries everything needed to restore the subscription, so no external state store is needed.
 *
 * @throws {@link bluegreen-toolkit!InvalidStateError} when the blocking policy would exceed SNS's 256 KB limit (nothing is changed).
 *
 * @example
 * ```ts
 * import { encodeBlockingPolicy } from 'bluegreen-toolkit/sns';
 *
 * encodeBlockingPolicy({ filterPolicy: null, filterPolicyScope: null });
 * // '{"bluegreen-toolkit:disabled":["{\"v\":1,\"filterPolicy\":null,\"filterPolicyScope\":null}"]}'
 * ```
 */
export function encodeBlockingPolicy(original: OriginalFilter): string {
  const envelope: Envelope = { v: 1, filterPolicy: original.filterPolicy, filterPolicyScope: original.filterPolicyScope };
  const policy = JSON.stringify({ [SNS_DISABLED_KEY]: [JSON.stringify(envelope)] });
  const bytes = Buffer.byteLength(policy, 'utf8');
  if (bytes > SNS_MAX_FILTER_POLICY_BYTES) {
    throw new InvalidStateError(
      `The subscription's filter policy is too large to be kept inside a blocking policy (${bytes} bytes > ${SNS_MAX_FILTER_POLICY_BYTES}): shorten it, or disable the subscription another way.`,
      { state: { filterPolicyBytes: Buffer.byteLength(original.filterPolicy ?? '', 'utf8') } },
    );
  }
  return policy;
}

/**
 * Reads a `FilterPolicy` attribute: returns the recorded original when it is a blocking policy written by
 * {@link encodeBlockingPolicy}, or `undefined` when it is anything else (a user policy, or none).
 *
 * @throws {@link bluegreen-toolkit!InvalidStateError} when the policy has the reserved key but its value was altered and cannot be read.
 *
 * @example
 * ```ts
 * import { decodeBlockingPolicy } from 'bluegreen-toolkit/sns';
 *
 * const original = decodeBlockingPolicy(attributes.FilterPolicy);
 * if (original) console.log('disabled; original policy:', original.filterPolicy);
 * ```
 */
export function decodeBlockingPolicy(filterPolicy: string | undefined | null): OriginalFilter | undefined {
  if (!filterPolicy?.includes(SNS_DISABLED_KEY)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(filterPolicy);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== SNS_DISABLED_KEY) return undefined;
  const values = (parsed as Record<string, unknown>)[SNS_DISABLED_KEY];
  const fail = (): never => {
    throw new InvalidStateError(
      `The filter policy has the reserved key '${SNS_DISABLED_KEY}' but its value is not the record written by SnsTools, so the original policy cannot be restored: set FilterPolicy (and FilterPolicyScope) by hand.`,
      { state: { filterPolicy } },
    );
  };
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') return fail();
  let envelope: unknown;
  try {
    envelope = JSON.parse(values[0]);
  } catch {
    return fail();
  }
  const e = envelope as Partial<Envelope> | null;
  if (
    e === null ||
    typeof e !== 'object' ||
    e.v !== 1 ||
    !(e.filterPolicy === null || typeof e.filterPolicy === 'string') ||
    !(e.filterPolicyScope === null || typeof e.filterPolicyScope === 'string')
  ) {
    return fail();
  }
  return { filterPolicy: e.filterPolicy, filterPolicyScope: e.filterPolicyScope };
}

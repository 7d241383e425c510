import { ConfigError } from './errors.js';
import { describeValue, type Pair } from './stack.js';

/**
 * Constraints for {@link requireString} and {@link optionalString}.
 *
 * @example
 * ```ts
 * import { requireString, type StringRule } from 'bluegreen-toolkit';
 *
 * const queueNameRule: StringRule = {
 *   maxLength: 80,
 *   pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
 *   patternHint: "letters, digits, '-' and '_', with an optional .fifo suffix",
 * };
 * const queueName = requireString(options.queueName, 'queues.blue.queueName', queueNameRule);
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export interface StringRule {
  /** Minimum length (default 1: empty strings are rejected). */
  minLength?: number;
  /** Maximum length (default: no limit). */
  maxLength?: number;
  /** A pattern the value must match, tested with `RegExp.test` (anchor it with `^…$` to match the whole value). */
  pattern?: RegExp;
  /** What the pattern means, for the error message (for example "letters, digits, '-' and '_'"). */
  patternHint?: string;
}

/**
 * Checks that `value` is a string within the rule, or throws a {@link ConfigError} naming `path`.
 *
 * @example
 * ```ts
 * import { requireString } from 'bluegreen-toolkit';
 *
 * const queueName = requireString(options.queueName, 'queues.blue.queueName', { maxLength: 80 });
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function requireString(value: unknown, path: string, rule: StringRule = {}): string {
  if (typeof value !== 'string') {
    throw new ConfigError(`${path} must be a string, got ${describeValue(value)}.`);
  }
  const min = rule.minLength ?? 1;
  if (value.length < min) throw new ConfigError(`${path} must not be empty${min > 1 ? ` (at least ${min} characters)` : ''}.`);
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    throw new ConfigError(`${path} is ${value.length} characters long; at most ${rule.maxLength} are allowed.`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw new ConfigError(
      `${path} ${describeValue(value)} is not valid${rule.patternHint ? `: use ${rule.patternHint}` : ` (must match ${rule.pattern})`}.`,
    );
  }
  return value;
}

/**
 * Like {@link requireString} but `undefined` is allowed and returned as is.
 *
 * @example
 * ```ts
 * import { optionalString } from 'bluegreen-toolkit';
 *
 * const dlq = optionalString(options.dlqName, 'queues.blue.dlqName');
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function optionalString(value: unknown, path: string, rule: StringRule = {}): string | undefined {
  return value === undefined ? undefined : requireString(value, path, rule);
}

/**
 * Checks that `value` is a plain object (not null, not an array), or throws a {@link ConfigError} naming `path`.
 * With `keys`, a key outside that list (a typo such as `queueNam`) is a {@link ConfigError} too, naming the key and
 * the keys expected.
 *
 * @example
 * ```ts
 * import { requireObject } from 'bluegreen-toolkit';
 *
 * const options = requireObject(input, 'options');
 * const queue = requireObject(options.blue, 'queues.blue', ['queueName', 'dlqName']);
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function requireObject(value: unknown, path: string, keys?: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${path} must be an object, got ${describeValue(value)}.`);
  }
  for (const key of keys ? Object.keys(value) : []) {
    if (!keys?.includes(key)) throw new ConfigError(`${path} has an unknown key '${key}': expected ${keys?.join(', ')}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Checks that `value` is an integer within `[min, max]`, or throws a {@link ConfigError} naming `path`.
 *
 * @example
 * ```ts
 * import { requireInteger } from 'bluegreen-toolkit';
 *
 * const percent = requireInteger(input, 'percent', { min: 0, max: 100 });
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function requireInteger(value: unknown, path: string, range: { min?: number; max?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ConfigError(`${path} must be an integer, got ${describeValue(value)}.`);
  }
  if (range.min !== undefined && value < range.min) throw new ConfigError(`${path} must be >= ${range.min}, got ${value}.`);
  if (range.max !== undefined && value > range.max) throw new ConfigError(`${path} must be <= ${range.max}, got ${value}.`);
  return value;
}

/**
 * Checks that `value` is a boolean (or `undefined`, returning `fallback`).
 *
 * @example
 * ```ts
 * import { optionalBoolean } from 'bluegreen-toolkit';
 *
 * const skip = optionalBoolean(options.skipFinalSnapshot, 'skipFinalSnapshot', false);
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function optionalBoolean(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(`${path} must be true or false, got ${describeValue(value)}.`);
  return value;
}

/**
 * Checks that `value` is an array whose items pass `item`, or throws a {@link ConfigError} naming `path`.
 *
 * @example
 * ```ts
 * import { requireArray, requireString } from 'bluegreen-toolkit';
 *
 * const names = requireArray(input, 'alarmNames', (v, p) => requireString(v, p), { minLength: 1 });
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function requireArray<T>(
  value: unknown,
  path: string,
  item: (value: unknown, path: string) => T,
  limits: { minLength?: number; maxLength?: number } = {},
): T[] {
  if (!Array.isArray(value)) throw new ConfigError(`${path} must be an array, got ${describeValue(value)}.`);
  if (limits.minLength !== undefined && value.length < limits.minLength) {
    throw new ConfigError(`${path} must have at least ${limits.minLength} item(s), got ${value.length}.`);
  }
  if (limits.maxLength !== undefined && value.length > limits.maxLength) {
    throw new ConfigError(`${path} must have at most ${limits.maxLength} item(s), got ${value.length}.`);
  }
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/**
 * Checks that `value` is a `{ blue, green }` pair and validates each side with `item`; errors name the exact path
 * (for example `queues.green.queueName`).
 *
 * @example
 * ```ts
 * import { requirePair, requireObject, requireString } from 'bluegreen-toolkit';
 *
 * const queues = requirePair(options.queues, 'queues', (v, p) => requireString(requireObject(v, p).queueName, `${p}.queueName`));
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function requirePair<T>(value: unknown, path: string, item: (value: unknown, path: string) => T): Pair<T> {
  const pair = requireObject(value, path, ['blue', 'green']);
  for (const key of ['blue', 'green']) {
    if (!(key in pair)) throw new ConfigError(`${path}.${key} is missing: configure both 'blue' and 'green'.`);
  }
  return { blue: item(pair.blue, `${path}.blue`), green: item(pair.green, `${path}.green`) };
}

/**
 * One identifier of one stack's configuration (or of what it resolved to at run time), with the path it came from,
 * for {@link requireDisjointPair}.
 *
 * @internal Input validation shared by the tools; not part of the public API.
 *
 * @example
 * ```ts
 * import type { DisjointEntry } from 'bluegreen-toolkit';
 *
 * const entry: DisjointEntry = { path: 'queues.blue.dlqName', value: 'orders-dlq' };
 * ```
 */
export interface DisjointEntry {
  /** Where the value is configured, for example `queues.blue.dlqName` (named in the error). */
  path: string;
  /** The identifier; `undefined` entries (an optional setting left out) are ignored. */
  value: string | undefined;
}

/**
 * How {@link requireDisjointPair} compares and names the identifiers.
 *
 * @internal Input validation shared by the tools; not part of the public API.
 *
 * @example
 * ```ts
 * import { prefixesOverlap, type DisjointRule } from 'bluegreen-toolkit';
 *
 * const rule: DisjointRule = { what: 'alarm name prefix', overlaps: prefixesOverlap };
 * ```
 */
export interface DisjointRule {
  /** What the identifiers are, for the message (for example `queue`, `function`, `subscription ARN`). */
  what: string;
  /**
   * Whether two identifiers select a common resource (default: equal after `normalize`). Pass {@link prefixesOverlap}
   * for name prefixes, where `orders` also selects `orders-green-…`.
   */
  overlaps?: (blue: string, green: string) => boolean;
  /** Maps an identifier to its canonical form before comparing (for example lower-casing a case-insensitive id). */
  normalize?: (value: string) => string;
  /** How to fix it, appended to the message (default: give each stack its own). */
  hint?: string;
}

/**
 * Whether two name prefixes select a common name: one is a prefix of the other (`orders` and `orders-green`), so a
 * listing by the shorter one also returns the other stack's resources.
 *
 * @example
 * ```ts
 * import { prefixesOverlap } from 'bluegreen-toolkit';
 *
 * prefixesOverlap('orders', 'orders-green-'); // true
 * prefixesOverlap('orders-blue-', 'orders-green-'); // false
 * ```
 */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * Checks that the blue side's identifiers and the green side's identifiers select no common resource, or throws a
 * {@link ConfigError} naming both paths and the shared value. Used at construction (configured names) and at run time
 * (the resources each side resolved to), so that an operation on one stack can never reach the other stack.
 * Identifiers within one side are not compared with each other.
 *
 * @param blue - the blue side's identifiers (one entry or several).
 * @param green - the green side's identifiers.
 * @param rule - what they are and how to compare them.
 * @throws {@link ConfigError} for the first blue/green pair that overlaps, naming both paths.
 *
 * @example
 * ```ts
 * import { requireDisjointPair } from 'bluegreen-toolkit';
 *
 * requireDisjointPair(
 *   [{ path: 'queues.blue.queueName', value: 'orders-blue' }, { path: 'queues.blue.dlqName', value: 'orders-dlq' }],
 *   [{ path: 'queues.green.queueName', value: 'orders-green' }, { path: 'queues.green.dlqName', value: 'orders-dlq' }],
 *   { what: 'queue' },
 * ); // ConfigError: queues.blue.dlqName and queues.green.dlqName both select queue 'orders-dlq' ...
 * ```
 */
export function requireDisjointPair(
  blue: DisjointEntry | readonly DisjointEntry[],
  green: DisjointEntry | readonly DisjointEntry[],
  rule: DisjointRule,
): void {
  const normalize = rule.normalize ?? ((value: string) => value);
  const overlaps = rule.overlaps ?? ((a: string, b: string) => a === b);
  const greens = (Array.isArray(green) ? green : [green]) as readonly DisjointEntry[];
  for (const b of (Array.isArray(blue) ? blue : [blue]) as readonly DisjointEntry[]) {
    if (b.value === undefined) continue;
    for (const g of greens) {
      if (g.value === undefined || !overlaps(normalize(b.value), normalize(g.value))) continue;
      const hint = rule.hint ?? `give each stack its own ${rule.what}`;
      const shared =
        normalize(b.value) === normalize(g.value)
          ? `both select ${rule.what} ${describeValue(b.value)}`
          : `overlap: ${describeValue(b.value)} and ${describeValue(g.value)} select a common ${rule.what}`;
      throw new ConfigError(`${b.path} and ${g.path} ${shared}, so an operation on one stack would also change the other: ${hint}.`);
    }
  }
}

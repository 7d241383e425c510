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
 *
 * @example
 * ```ts
 * import { requireObject } from 'bluegreen-toolkit';
 *
 * const options = requireObject(input, 'options');
 * ```
 *
 * @internal Input validation shared by the tools; not part of the public API.
 */
export function requireObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${path} must be an object, got ${describeValue(value)}.`);
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
  const pair = requireObject(value, path);
  for (const key of Object.keys(pair)) {
    if (key !== 'blue' && key !== 'green') {
      throw new ConfigError(`${path} has an unknown key '${key}': a pair has exactly 'blue' and 'green'.`);
    }
  }
  if (!('blue' in pair)) throw new ConfigError(`${path}.blue is missing: configure both 'blue' and 'green'.`);
  if (!('green' in pair)) throw new ConfigError(`${path}.green is missing: configure both 'blue' and 'green'.`);
  return { blue: item(pair.blue, `${path}.blue`), green: item(pair.green, `${path}.green`) };
}

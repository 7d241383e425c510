import { ConfigError } from './errors.js';

/**
 * Names one of the two physical stacks. Which one is live changes with every release, so a tool never assumes that
 * `Blue` is production.
 *
 * @example
 * ```ts
 * import { StackReference, opposite } from 'bluegreen-toolkit';
 *
 * const target = StackReference.Green;
 * const live = opposite(target); // StackReference.Blue
 * ```
 */
export enum StackReference {
  /** The stack called "blue". */
  Blue = 'blue',
  /** The stack called "green". */
  Green = 'green',
}

/**
 * One value per stack, for example the two queue names of a {@link StackReference} pair.
 *
 * @example
 * ```ts
 * import type { Pair } from 'bluegreen-toolkit';
 *
 * const queues: Pair<string> = { blue: 'orders-blue', green: 'orders-green' };
 * ```
 */
export interface Pair<T> {
  /** The value for {@link StackReference.Blue}. */
  blue: T;
  /** The value for {@link StackReference.Green}. */
  green: T;
}

const ACCEPTED = `'${StackReference.Blue}' or '${StackReference.Green}'`;

/**
 * Reads a stack reference from untrusted input (a CLI flag, a config file, a JavaScript caller). The two names are
 * accepted case-insensitively; anything else, including surrounding whitespace, is a {@link ConfigError}.
 *
 * @param input - the value to read.
 * @param what - how the value is named in the error message (default `"stack reference"`).
 * @returns the matching {@link StackReference}.
 * @throws {@link ConfigError} naming the bad value and the accepted ones.
 *
 * @example
 * ```ts
 * import { parseStackReference } from 'bluegreen-toolkit';
 *
 * const target = parseStackReference(process.env.TARGET_STACK); // 'GREEN' → StackReference.Green
 * ```
 */
export function parseStackReference(input: unknown, what = 'stack reference'): StackReference {
  if (typeof input === 'string') {
    const lower = input.toLowerCase();
    if (lower === StackReference.Blue || lower === StackReference.Green) return lower;
  }
  throw new ConfigError(`Invalid ${what} ${describeValue(input)}: expected ${ACCEPTED} (StackReference.Blue or StackReference.Green).`);
}

/**
 * Tells whether a value is exactly one of the {@link StackReference} members.
 *
 * @example
 * ```ts
 * import { isStackReference } from 'bluegreen-toolkit';
 *
 * isStackReference('green'); // true
 * isStackReference('Green'); // false: use parseStackReference for lenient input
 * ```
 */
export function isStackReference(input: unknown): input is StackReference {
  return input === StackReference.Blue || input === StackReference.Green;
}

/**
 * The other stack.
 *
 * @throws {@link ConfigError} when `ref` is not a stack reference.
 *
 * @example
 * ```ts
 * import { StackReference, opposite } from 'bluegreen-toolkit';
 *
 * opposite(StackReference.Blue); // StackReference.Green
 * ```
 */
export function opposite(ref: StackReference): StackReference {
  return parseStackReference(ref) === StackReference.Blue ? StackReference.Green : StackReference.Blue;
}

/**
 * The value of a pair for one stack.
 *
 * @throws {@link ConfigError} when `ref` is not a stack reference or the pair has no value for it.
 *
 * @example
 * ```ts
 * import { StackReference, pick } from 'bluegreen-toolkit';
 *
 * pick({ blue: 'orders-blue', green: 'orders-green' }, StackReference.Green); // 'orders-green'
 * ```
 */
export function pick<T>(pair: Pair<T>, ref: StackReference): T {
  const key = parseStackReference(ref);
  if (pair === null || typeof pair !== 'object' || !(key in pair)) {
    throw new ConfigError(`The pair has no '${key}' value: configure both 'blue' and 'green'.`);
  }
  return pair[key];
}

/**
 * Builds a new pair by applying `fn` to both values.
 *
 * @example
 * ```ts
 * import { mapPair } from 'bluegreen-toolkit';
 *
 * mapPair({ blue: 'a', green: 'b' }, (name) => name.toUpperCase()); // { blue: 'A', green: 'B' }
 * ```
 */
export function mapPair<T, U>(pair: Pair<T>, fn: (value: T, ref: StackReference) => U): Pair<U> {
  return { blue: fn(pair.blue, StackReference.Blue), green: fn(pair.green, StackReference.Green) };
}

/**
 * A short, safe description of an arbitrary value for error messages.
 *
 * @example
 * ```ts
 * import { describeValue } from 'bluegreen-toolkit';
 *
 * describeValue('purple'); // "'purple'"
 * describeValue(undefined); // 'undefined'
 * ```
 */
export function describeValue(value: unknown): string {
  const type = typeof value;
  if (type === 'string') return (value as string).length > 80 ? `'${(value as string).slice(0, 77)}...' (string)` : `'${value}'`;
  if (value == null) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  // number, boolean and bigint (the types starting with n or b) show the value and its type; object, function and
  // symbol only their kind.
  return /^[nb]/.test(type) ? `${String(value)} (${type})` : `a${type === 'object' ? 'n' : ''} ${type}`;
}

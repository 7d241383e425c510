import {
  ConfigError,
  optionalString,
  type Pair,
  prefixesOverlap,
  requireArray,
  requireDisjointPair,
  requireObject,
  requireString,
} from '../core/index.js';
import type { AlarmSelector } from './types.js';

const NAME = { maxLength: 255 };

/** Validates one side's selector (a ConfigError naming the exact path). */
export function parseSelector(value: unknown, path: string): AlarmSelector {
  const selector = requireObject(value, path);
  for (const key of Object.keys(selector)) {
    if (!['prefix', 'suffix', 'names'].includes(key)) {
      throw new ConfigError(`${path} has an unknown key '${key}': expected prefix, suffix, names.`);
    }
  }
  const prefix = optionalString(selector.prefix, `${path}.prefix`, NAME);
  const suffix = optionalString(selector.suffix, `${path}.suffix`, NAME);
  const names =
    selector.names === undefined
      ? undefined
      : requireArray(selector.names, `${path}.names`, (v, p) => requireString(v, p, NAME), { minLength: 1 });
  if (prefix === undefined && names === undefined) {
    throw new ConfigError(`${path} selects no alarms: set prefix (with an optional suffix) and/or names.`);
  }
  if (suffix !== undefined && prefix === undefined) {
    throw new ConfigError(`${path}.suffix needs ${path}.prefix: the suffix narrows the alarms found by prefix.`);
  }
  const out: AlarmSelector = {};
  if (prefix !== undefined) out.prefix = prefix;
  if (suffix !== undefined) out.suffix = suffix;
  if (names !== undefined) out.names = [...new Set(names)];
  return out;
}

/** Whether two suffixes can end one common name (one ends with the other; no suffix ends every name). */
function suffixesOverlap(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a.endsWith(b) || b.endsWith(a);
}

/** Whether `name` is selected by `prefix` (+ `suffix`), as DescribeAlarms `AlarmNamePrefix` then the suffix filter select it. */
function selects(prefix: string, suffix: string | undefined, name: string): boolean {
  return name.startsWith(prefix) && (suffix === undefined || name.endsWith(suffix));
}

const PREFIX_HINT =
  "end each stack's prefix with its own stack name (for example 'orders-blue-' and 'orders-green-'), so neither prefix starts the other";

/**
 * Refuses two selectors that can select one common alarm, so that switching one stack's alarm actions can never
 * switch the other's. DescribeAlarms `AlarmNamePrefix` matches every alarm whose name starts with the prefix, so
 * `orders` also selects `orders-green-…`. The check is exact for these selectors (a name is selected by its text
 * alone): two prefixes overlap when one starts the other and their suffixes (if any) can end one name; an explicit
 * name overlaps the other side's explicit names and the other side's prefix (+ suffix) that selects it.
 */
export function requireDisjointAlarms(alarms: Pair<AlarmSelector>): void {
  const { blue, green } = alarms;
  const names = (side: 'blue' | 'green', selector: AlarmSelector) =>
    (selector.names ?? []).map((value, i) => ({ path: `alarms.${side}.names[${i}]`, value }));
  requireDisjointPair(
    { path: 'alarms.blue.prefix', value: blue.prefix },
    { path: 'alarms.green.prefix', value: green.prefix },
    {
      what: 'alarm',
      overlaps: (a, b) => prefixesOverlap(a, b) && suffixesOverlap(blue.suffix, green.suffix),
      hint: PREFIX_HINT,
    },
  );
  requireDisjointPair(names('blue', blue), names('green', green), { what: 'alarm', hint: 'name each alarm on one side only' });
  requireDisjointPair(
    names('blue', blue),
    { path: 'alarms.green.prefix', value: green.prefix },
    {
      what: 'alarm',
      overlaps: (name, prefix) => selects(prefix, green.suffix, name),
      hint: 'remove the name from one side, or change alarms.green.prefix so it no longer selects it',
    },
  );
  requireDisjointPair({ path: 'alarms.blue.prefix', value: blue.prefix }, names('green', green), {
    what: 'alarm',
    overlaps: (prefix, name) => selects(prefix, blue.suffix, name),
    hint: 'remove the name from one side, or change alarms.blue.prefix so it no longer selects it',
  });
}

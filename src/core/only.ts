import { ConfigError } from './errors.js';
import { describeValue } from './stack.js';
import { requireString } from './validate.js';

/**
 * `options.only` of a toggle: the resource ids to switch (the flip's exact undo switches back only what a run
 * changed), or `undefined` for all. A ConfigError before any call when it is not an array of strings. @internal
 */
export function parseOnly(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  // Not requireArray: its length checks are not needed here, and a toggle's bundle then carries only this.
  if (!Array.isArray(value)) throw new ConfigError(`options.only must be an array of resource ids, got ${describeValue(value)}.`);
  return new Set(value.map((id, i) => requireString(id, `options.only[${i}]`)));
}

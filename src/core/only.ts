import { requireArray, requireString } from './validate.js';

/**
 * `options.only` of a toggle: the resource ids to switch (the flip's exact undo switches back only what a run
 * changed), or `undefined` for all. A ConfigError before any call when it is not an array of strings. @internal
 */
export function parseOnly(value: unknown): ReadonlySet<string> | undefined {
  return value === undefined ? undefined : new Set(requireArray(value, 'options.only', requireString));
}

import { describeValue, GuardError, requireString } from '../core/index.js';

/** RDS rule for DB cluster identifiers: 1–63 letters/digits/hyphens, a letter first, no `--`, no trailing hyphen. */
const CLUSTER_ID = /^[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,62}$/;
/** RDS rule for snapshot identifiers: the same, up to 255 characters. */
const SNAPSHOT_ID = /^[A-Za-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,254}$/;
const HINT = '1–{max} letters, digits or hyphens, starting with a letter, without "--" and without a trailing hyphen';

/**
 * Validates a DB cluster identifier (a `ConfigError` naming `path` when invalid).
 *
 * @example
 * ```ts
 * import { requireClusterIdentifier } from 'bluegreen-toolkit/aurora';
 *
 * requireClusterIdentifier('orders-blue', 'clusters.blue.clusterIdentifier');
 * ```
 */
export function requireClusterIdentifier(value: unknown, path: string): string {
  return requireString(value, path, { maxLength: 63, pattern: CLUSTER_ID, patternHint: HINT.replace('{max}', '63') });
}

/**
 * Validates a DB cluster snapshot identifier (a `ConfigError` naming `path` when invalid).
 *
 * @example
 * ```ts
 * import { requireSnapshotIdentifier } from 'bluegreen-toolkit/aurora';
 *
 * requireSnapshotIdentifier('orders-blue-final-20250101-120000', 'finalSnapshotIdentifier');
 * ```
 */
export function requireSnapshotIdentifier(value: unknown, path: string): string {
  return requireString(value, path, { maxLength: 255, pattern: SNAPSHOT_ID, patternHint: HINT.replace('{max}', '255') });
}

/**
 * Whether a string is a valid DB cluster snapshot identifier.
 *
 * @example
 * ```ts
 * import { isValidSnapshotIdentifier } from 'bluegreen-toolkit/aurora';
 *
 * isValidSnapshotIdentifier('a--b'); // false
 * ```
 */
export function isValidSnapshotIdentifier(value: string): boolean {
  return SNAPSHOT_ID.test(value) && value.length <= 255;
}

/**
 * A final snapshot identifier for a cluster: `<cluster>-final-<YYYYMMDD>-<HHMMSS>` (UTC), always valid for RDS.
 *
 * @example
 * ```ts
 * import { finalSnapshotIdentifier } from 'bluegreen-toolkit/aurora';
 *
 * finalSnapshotIdentifier('orders-blue', new Date('2025-01-02T03:04:05Z')); // 'orders-blue-final-20250102-030405'
 * ```
 */
export function finalSnapshotIdentifier(clusterIdentifier: string, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  let base = clusterIdentifier
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z]+/, '');
  if (base.length === 0) base = 'cluster';
  const suffix = `-final-${stamp}`;
  base = base.slice(0, 255 - suffix.length).replace(/-+$/, '');
  return `${base}${suffix}`;
}

/**
 * The delete guard: `expected` must be the configured identifier (case-insensitive, as in RDS).
 *
 * @throws {@link bluegreen-toolkit!GuardError} when it is missing or differs.
 *
 * @example
 * ```ts
 * import { assertExpectedCluster } from 'bluegreen-toolkit/aurora';
 *
 * assertExpectedCluster('orders-blue', 'orders-blue', 'blue'); // passes
 * ```
 */
export function assertExpectedCluster(expected: unknown, configured: string, stack: string): void {
  if (typeof expected !== 'string' || expected.length === 0) {
    throw new GuardError(
      `Refusing to delete the ${stack} cluster ${configured}: pass { expectedClusterIdentifier: '${configured}' } to confirm (got ${describeValue(expected)}).`,
    );
  }
  if (expected.toLowerCase() !== configured.toLowerCase()) {
    throw new GuardError(
      `Refusing to delete: the ${stack} stack's cluster is ${configured}, but expectedClusterIdentifier is '${expected}'. Nothing was deleted.`,
    );
  }
}

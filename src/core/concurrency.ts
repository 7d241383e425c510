import { BatchError, type BatchFailure, ConfigError } from './errors.js';

/**
 * Maps `items` through `fn` with at most `limit` calls in flight. Every item is processed even when some fail; the
 * failures are then thrown together as one {@link BatchError} (with the successful results), so half-done work is
 * never abandoned silently. Results keep the input order.
 *
 * @param items - the inputs.
 * @param limit - the most calls in flight at once (an integer ≥ 1).
 * @param fn - the async work for one item.
 *
 * @example
 * ```ts
 * import { mapLimit } from 'bluegreen-toolkit';
 *
 * const states = await mapLimit(uuids, 5, (uuid) => lambdaClient.send(new GetEventSourceMappingCommand({ UUID: uuid })));
 * ```
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const failures: BatchFailure<T>[] = [];
  const results = (await mapLimitSettled(items, limit, fn)).map((entry, index) => {
    if (entry.status === 'fulfilled') return entry.value;
    failures.push({ item: items[index] as T, index, error: entry.reason });
    return undefined;
  });
  const first = failures[0]?.error;
  if (failures.length > 0) {
    throw new BatchError<T, R>(
      `${failures.length} of ${items.length} operations failed (first: ${first instanceof Error ? first.message : String(first)})`,
      {
        failures,
        results,
      },
    );
  }
  return results as R[];
}

/**
 * Like {@link mapLimit} but never throws for an item: resolves with one `PromiseSettledResult` per item, in input order.
 *
 * @example
 * ```ts
 * import { mapLimitSettled } from 'bluegreen-toolkit';
 *
 * const outcomes = await mapLimitSettled(names, 10, disable);
 * const failed = outcomes.filter((o) => o.status === 'rejected');
 * ```
 */
export async function mapLimitSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ConfigError(`Invalid concurrency limit ${String(limit)}: expected an integer >= 1.`);
  }
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await fn(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Splits `items` into consecutive chunks of at most `size` (for batch APIs with a per-call limit). Never yields an
 * empty chunk.
 *
 * @example
 * ```ts
 * import { chunk } from 'bluegreen-toolkit';
 *
 * chunk(alarmNames, 100).length; // 3 for 250 names
 * ```
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new ConfigError(`Invalid chunk size ${String(size)}: expected an integer >= 1.`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

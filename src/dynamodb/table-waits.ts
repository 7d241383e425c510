import { type DynamoDBClient, type TableDescription, waitUntilTableExists, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { type ResolvedWaitOptions, WaitAbortedError, WaitTimeoutError } from '../core/index.js';

/**
 * Runs the SDK's public `waitUntilTableExists` (`ACTIVE`) or `waitUntilTableNotExists` and turns its errors into this
 * package's {@link WaitTimeoutError} (with what the polls observed) and {@link WaitAbortedError}. The SDK's waiter
 * needs `minDelay > 0` and `maxWaitTime > minDelay`; tiny values are raised to the smallest it accepts.
 */
export async function waitForTable(
  client: DynamoDBClient,
  tableName: string,
  until: 'active' | 'gone',
  wait: ResolvedWaitOptions,
): Promise<TableDescription | undefined> {
  const minDelay = Math.max(wait.minDelay, 0.1);
  const params = {
    client,
    minDelay,
    maxDelay: Math.max(wait.maxDelay, minDelay),
    maxWaitTime: Math.max(wait.maxWaitTime, minDelay + 0.1),
    ...(wait.abortSignal ? { abortSignal: wait.abortSignal } : {}),
  };
  const description = until === 'active' ? `table ${tableName} to become ACTIVE` : `table ${tableName} to be deleted`;
  const started = Date.now();
  try {
    if (until === 'active') {
      const result = await waitUntilTableExists(params, { TableName: tableName });
      return (result.reason as { Table?: TableDescription } | undefined)?.Table;
    }
    await waitUntilTableNotExists(params, { TableName: tableName });
    return undefined;
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name !== 'TimeoutError' && name !== 'AbortError') throw error;
    let observed: unknown;
    try {
      observed = (JSON.parse((error as Error).message) as { observedResponses?: unknown }).observedResponses;
    } catch {
      observed = (error as Error).message;
    }
    if (name === 'AbortError') {
      throw new WaitAbortedError(`Stopped waiting for ${description}: aborted`, {
        cause: wait.abortSignal?.reason ?? error,
        lastState: observed,
      });
    }
    throw new WaitTimeoutError(`Timed out waiting for ${description}; observed: ${JSON.stringify(observed)}`, {
      cause: error,
      lastState: observed,
      waitedMs: Date.now() - started,
      attempts: countAttempts(observed),
    });
  }
}

function countAttempts(observed: unknown): number {
  if (observed === null || typeof observed !== 'object') return 0;
  return Object.values(observed as Record<string, unknown>).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
}

// Deleting a table (deleteTable, and the first half of resetTable): internal, not exported from the subpath.
import {
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { BlueGreenError, InvalidStateError, isAwsError, type Logger, type ResolvedWaitOptions } from '../core/index.js';
import type { DeleteTableResult } from './dynamo-types.js';
import { waitForTable } from './table-waits.js';

/** What the table operations need from the tool. */
export interface TableContext {
  client: DynamoDBClient;
  logger: Logger;
}

/** `DescribeTable`, or `null` when the table does not exist. */
export async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | null> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table ?? null;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return null;
    throw error;
  }
}

/**
 * DynamoDB's `LimitExceededException` as a {@link BlueGreenError} saying which limits (DynamoDB API Reference,
 * CreateTable, Errors, LimitExceededException, https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html:
 * "up to 500 simultaneous table operations", and up to 250 creations of tables with secondary indexes at a time).
 */
export function limitError(error: unknown, action: string): unknown {
  if (!isAwsError(error, 'LimitExceededException')) return error;
  return new BlueGreenError(
    `DynamoDB refused to ${action} after retries: LimitExceededException (at most 500 tables may be creating, updating or deleting at once per account and region, and at most 250 GSIs may be created in parallel): ${(error as Error).message}`,
    { cause: error },
  );
}

/** A table being created or updated cannot be deleted or changed: wait until it is ACTIVE. */
async function whenActive(ctx: TableContext, table: TableDescription, wait: ResolvedWaitOptions): Promise<TableDescription> {
  if (table.TableStatus === 'ACTIVE' || table.TableStatus === undefined) return table;
  ctx.logger.info(`DynamoTools: table ${table.TableName} is ${table.TableStatus}; waiting until it is ACTIVE`);
  return (await waitForTable(ctx.client, table.TableName as string, 'active', wait)) ?? table;
}

/**
 * Deletes the table unless it is gone or being deleted already (`already`), turning deletion protection off first only
 * when asked, and waits until it is gone when `wait` is given.
 */
export async function deleteExisting(
  ctx: TableContext,
  tableName: string,
  disableProtection: boolean,
  wait: ResolvedWaitOptions | undefined,
  precondition: ResolvedWaitOptions,
): Promise<DeleteTableResult> {
  const { client, logger } = ctx;
  const gone: DeleteTableResult = { outcome: 'already', message: `table ${tableName} does not exist`, tableName, previousStatus: null };
  const deleting = async (previousStatus: string, waitFirst: boolean): Promise<DeleteTableResult> => {
    if (waitFirst && wait) await waitForTable(client, tableName, 'gone', wait);
    return { outcome: 'already', message: `table ${tableName} is already being deleted`, tableName, previousStatus };
  };
  let table = await describeTable(client, tableName);
  if (!table) return gone;
  const previousStatus = table.TableStatus ?? 'UNKNOWN';
  if (table.TableStatus === 'DELETING') return deleting(previousStatus, true);
  if (table.DeletionProtectionEnabled) {
    if (!disableProtection) {
      throw new InvalidStateError(
        `Table ${tableName} has deletion protection on: pass disableDeletionProtection: true to turn it off and delete it. Nothing was changed.`,
        { state: { TableStatus: table.TableStatus, DeletionProtectionEnabled: true } },
      );
    }
    table = await whenActive(ctx, table, precondition);
    const { TableDescription: updated } = await client.send(
      new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: false }),
    );
    logger.info(`DynamoTools: turned deletion protection off on ${tableName}`);
    if (updated?.TableStatus) table = updated;
  }
  await whenActive(ctx, table, precondition);
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return gone;
    if (isAwsError(error, 'ResourceInUseException')) {
      const now = await describeTable(client, tableName);
      if (now === null || now.TableStatus === 'DELETING') return deleting(previousStatus, now !== null);
      throw new InvalidStateError(`Table ${tableName} is ${now.TableStatus} and cannot be deleted now: try again.`, {
        state: now.TableStatus,
        cause: error,
      });
    }
    throw limitError(error, `delete table ${tableName}`);
  }
  logger.info(`DynamoTools: deleting ${tableName}`);
  if (wait) await waitForTable(client, tableName, 'gone', wait);
  return { outcome: 'changed', message: `deleted table ${tableName}`, tableName, previousStatus };
}

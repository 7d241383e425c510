// deleteTable: the standalone guarded deletion of `bluegreen-toolkit/dynamodb` (a hook importing only DynamoTools does
// not carry it); deleteExisting is also the first half of resetTable.
import {
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BlueGreenError,
  GuardError,
  InvalidStateError,
  isAwsError,
  type Logger,
  optionalBoolean,
  pick,
  type ResolvedWaitOptions,
  resolveWaitOptions,
  type StackReference,
  type WaitSetting,
} from '../core/index.js';
import type { DynamoTools } from './dynamo-tools.js';
import { type DeleteTableOptions, type DeleteTableResult, TABLE_WAIT } from './dynamo-types.js';
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

/**
 * The guard of {@link deleteTable} and {@link resetTable}: `expectedTableName` must equal the configured table name
 * (a {@link GuardError} and no AWS call otherwise). Returns the options as a record.
 */
export function guardTable(options: unknown, tableName: string, fn: 'deleteTable' | 'resetTable'): Record<string, unknown> {
  const opts = (options !== null && typeof options === 'object' && !Array.isArray(options) ? options : {}) as Record<string, unknown>;
  if (opts.expectedTableName !== tableName) {
    throw new GuardError(
      opts.expectedTableName === undefined
        ? `${fn} deletes table ${tableName}: confirm with { expectedTableName: '${tableName}' }.`
        : `Refusing to ${fn === 'resetTable' ? 'reset' : 'delete'} table ${tableName}: expectedTableName is ${JSON.stringify(opts.expectedTableName)}. Nothing was changed.`,
    );
  }
  return opts;
}

/**
 * Deletes the stack's table and, by default, waits until it is gone. **Destructive:** every item is lost (take an
 * on-demand backup first if you may need them). Guarded: `expectedTableName` must equal the configured table name,
 * otherwise {@link bluegreen-toolkit!GuardError} and no AWS call. A table that is already gone or being deleted is
 * success (`outcome: 'already'`); one still being created or updated is waited for until `ACTIVE` first.
 *
 * @param dynamo - the tools of the table pair (their DynamoDB client, logger and dry-run setting are used).
 * @param ref - the stack whose table is deleted.
 * @param options.expectedTableName - the name of the table you mean to delete (required).
 * @param options.wait - wait until the table is gone (default `true`: up to 900 s).
 * @param options.disableDeletionProtection - turn deletion protection off first (default `false`).
 * @returns the outcome and the status the table had.
 * @throws {@link bluegreen-toolkit!GuardError} when `expectedTableName` is missing or does not match (no AWS call).
 * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
 * @throws {@link bluegreen-toolkit!InvalidStateError} when the table has deletion protection on and
 *   `disableDeletionProtection` is not set.
 * @throws {@link bluegreen-toolkit!WaitTimeoutError} when the table is not gone in time.
 *
 * @remarks IAM: `dynamodb:DescribeTable`, `dynamodb:DeleteTable`, and `dynamodb:UpdateTable` with
 * `disableDeletionProtection`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { DynamoTools, deleteTable } from 'bluegreen-toolkit/dynamodb';
 *
 * const dynamo = new DynamoTools({ tables, clientConfig: { region: 'eu-west-1' } });
 * await deleteTable(dynamo, StackReference.Blue, { expectedTableName: 'orders-blue' });
 * ```
 */
export async function deleteTable(dynamo: DynamoTools, ref: StackReference, options: DeleteTableOptions): Promise<DeleteTableResult> {
  const ops = dynamo.operations;
  const { tableName } = pick(dynamo.tables, ops.parseRef(ref));
  const opts = guardTable(options, tableName, 'deleteTable');
  const disable = optionalBoolean(opts.disableDeletionProtection, 'deleteTable options.disableDeletionProtection', false);
  const setting = (opts.wait ?? true) as WaitSetting;
  const wait = ops.waitOptions(setting, TABLE_WAIT);
  const precondition = resolveWaitOptions(setting === false ? true : setting, TABLE_WAIT) as ResolvedWaitOptions;
  return deleteExisting({ client: dynamo.client, logger: ops.logger }, tableName, disable, wait, precondition);
}

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ToolInternals } from '../core/base-tool.js';
import {
  type AwsClientConfig,
  type ClientSource,
  type CommonToolOptions,
  type Pair,
  requireObject,
  requireString,
  type StackReference,
  type StepResult,
  type WaitOptions,
  type WaitSetting,
} from '../core/index.js';
import type { TableDefinition } from './table-definition.js';

/**
 * One stack's DynamoDB table.
 *
 * @example
 * ```ts
 * import type { TableConfig } from 'bluegreen-toolkit/dynamodb';
 *
 * const green: TableConfig = { tableName: 'orders-green' };
 * ```
 */
export interface TableConfig {
  /** The table's name. */
  tableName: string;
}

/**
 * Options of {@link DynamoTools}: the blue/green pair of tables plus a DynamoDB client (`awsSdkV3Client`) or settings
 * to create one (`clientConfig`), never both.
 *
 * @example
 * ```ts
 * import { DynamoTools, type DynamoToolsOptions } from 'bluegreen-toolkit/dynamodb';
 *
 * const options: DynamoToolsOptions = {
 *   tables: { blue: { tableName: 'orders-blue' }, green: { tableName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * const dynamo = new DynamoTools(options);
 * ```
 */
export type DynamoToolsOptions = CommonToolOptions &
  ClientSource<DynamoDBClient, AwsClientConfig> & {
    /** The table of each stack (two different tables). */
    tables: Pair<TableConfig>;
  };

/**
 * Options of {@link deleteTable}.
 *
 * @example
 * ```ts
 * import type { DeleteTableOptions } from 'bluegreen-toolkit/dynamodb';
 *
 * const options: DeleteTableOptions = { expectedTableName: 'orders-blue', wait: { maxWaitTime: 600 } };
 * ```
 */
export interface DeleteTableOptions {
  /** The guard: the name of the table you mean to delete. It must equal the stack's configured table name. */
  expectedTableName: string;
  /** Wait until the table is gone (default `true`: up to 900 s, polling every 5–30 s). */
  wait?: WaitSetting;
  /**
   * Turn the table's deletion protection off first (default `false`: a protected table is refused with
   * {@link bluegreen-toolkit!InvalidStateError} and nothing is changed).
   */
  disableDeletionProtection?: boolean;
}

/**
 * The result of {@link deleteTable}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { type DeleteTableResult, deleteTable } from 'bluegreen-toolkit/dynamodb';
 *
 * const result: DeleteTableResult = await deleteTable(dynamo, StackReference.Blue, { expectedTableName: 'orders-blue' });
 * console.log(result.previousStatus);
 * ```
 */
export interface DeleteTableResult extends StepResult {
  /** The table's name. */
  tableName: string;
  /** The table's status before the call, or `null` when it did not exist. */
  previousStatus: string | null;
}

/**
 * Options of {@link resetTable}.
 *
 * @example
 * ```ts
 * import type { ResetTableOptions } from 'bluegreen-toolkit/dynamodb';
 *
 * const options: ResetTableOptions = { expectedTableName: 'orders-green', disableDeletionProtection: true };
 * ```
 */
export interface ResetTableOptions {
  /** The guard: the name of the table you mean to reset (its data is deleted). It must equal the stack's table name. */
  expectedTableName: string;
  /**
   * How long to wait for the old table to go and the new one to become `ACTIVE` (default `true`: up to 900 s each,
   * polling every 5–30 s). `false` is refused: the table can only be created once the old one is gone, and TTL,
   * point-in-time recovery and tags only applied once it is `ACTIVE`.
   */
  wait?: true | WaitOptions;
  /** Turn the existing table's deletion protection off before deleting it (default `false`). */
  disableDeletionProtection?: boolean;
  /** The stack that is live: resetting it is refused with a LiveStackError before any AWS call (default: no check). */
  liveStack?: StackReference;
}

/**
 * The result of {@link resetTable}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { type ResetTableResult, resetTable } from 'bluegreen-toolkit/dynamodb';
 *
 * const result: ResetTableResult = await resetTable(dynamo, StackReference.Green, { expectedTableName: 'orders-green' });
 * console.log(result.latestStreamArn, result.definition.notCopied);
 * ```
 */
export interface ResetTableResult extends StepResult {
  /** The table that was recreated. */
  tableName: string;
  /** The partner table whose definition was copied. */
  sourceTableName: string;
  /** Whether an existing table was deleted first (`false` when it was already gone, for example on a resumed run). */
  deletedExisting: boolean;
  /** The new table's ARN. */
  tableArn?: string;
  /** The new table's stream ARN, when the partner has a stream (event source mappings must point at this new ARN). */
  latestStreamArn?: string;
  /** The definition that was applied: the `CreateTable` input, TTL attribute, point-in-time recovery and tags. */
  definition: TableDefinition;
}

export const TABLE_NAME = {
  minLength: 3,
  maxLength: 255,
  pattern: /^[a-zA-Z0-9_.-]+$/,
  patternHint: "3-255 letters, digits, '_', '.' and '-'",
};
export const TABLE_WAIT: WaitOptions = { maxWaitTime: 900, minDelay: 5, maxDelay: 30 };

export function parseTableConfig(value: unknown, path: string): TableConfig {
  const input = requireObject(value, path, ['tableName']);
  return { tableName: requireString(input.tableName, `${path}.tableName`, TABLE_NAME) };
}

/**
 * See {@link DynamoTools.operations}.
 *
 * @internal
 */
export type DynamoToolOperations = ToolInternals;

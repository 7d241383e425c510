/**
 * `bluegreen-toolkit/dynamodb`: describe, delete and reset the DynamoDB tables of a blue/green pair (recreate a stack's
 * table empty from its partner's definition). The destructive operations are the standalone {@link deleteTable} and
 * {@link resetTable}, so a hook importing only {@link DynamoTools} does not carry them. Imports only
 * `@aws-sdk/client-dynamodb` and the package core.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { DynamoTools, resetTable } from 'bluegreen-toolkit/dynamodb';
 *
 * const dynamo = new DynamoTools({
 *   tables: { blue: { tableName: 'orders-blue' }, green: { tableName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await resetTable(dynamo, StackReference.Green, { expectedTableName: 'orders-green' });
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/dynamodb
 */

export { DynamoTools } from './dynamo-tools.js';
export type {
  DeleteTableOptions,
  DeleteTableResult,
  DynamoToolsOptions,
  ResetTableOptions,
  ResetTableResult,
  TableConfig,
} from './dynamo-types.js';
export { buildTableDefinition, type TableDefinition } from './table-definition.js';
export { deleteTable } from './table-delete.js';
export { resetTable } from './table-reset.js';

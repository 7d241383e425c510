import { DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { BaseTool, type Pair, pick, requireDisjointPair, requirePair, type StackReference } from '../core/index.js';
import { type DynamoToolOperations, type DynamoToolsOptions, parseTableConfig, type TableConfig } from './dynamo-types.js';
import { describeTable } from './table-delete.js';

/**
 * The DynamoDB tables of a blue/green pair: describe them here; delete or reset one with the standalone
 * {@link deleteTable} and {@link resetTable} of the same subpath (a hook importing only this class does not carry
 * them). `resetTable` is the "replacement store is purged and gets the latest schema" step: the stack's table is
 * recreated, empty, from its partner's definition.
 *
 * Both operations delete data; both are guarded: the caller passes the name of the table it expects to delete.
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
 */
export class DynamoTools extends BaseTool {
  /** The DynamoDB client every call goes through. */
  readonly client: DynamoDBClient;
  /** The validated table pair. */
  readonly tables: Pair<TableConfig>;

  /**
   * @param options - the table pair and client settings; validated at once ({@link bluegreen-toolkit!ConfigError}
   *   naming the bad path).
   */
  constructor(options: DynamoToolsOptions) {
    super(options, 'DynamoTools');
    this.tables = requirePair(options.tables, 'tables', parseTableConfig);
    requireDisjointPair(
      { path: 'tables.blue.tableName', value: this.tables.blue.tableName },
      { path: 'tables.green.tableName', value: this.tables.green.tableName },
      { what: 'table', hint: 'each stack needs its own table (resetTable copies one onto the other)' },
    );
    this.client = this.createClient(DynamoDBClient, options, options);
  }

  /**
   * Describes the stack's table.
   *
   * @param ref - the stack whose table is described.
   * @returns the `DescribeTable` description, or `null` when the table does not exist.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference (before any AWS call).
   *
   * @remarks IAM: `dynamodb:DescribeTable`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { DynamoTools } from 'bluegreen-toolkit/dynamodb';
   *
   * const dynamo = new DynamoTools({ tables, clientConfig: { region: 'eu-west-1' } });
   * const table = await dynamo.describeTable(StackReference.Blue);
   * console.log(table?.TableStatus ?? 'absent', table?.ItemCount);
   * ```
   */
  async describeTable(ref: StackReference): Promise<TableDescription | null> {
    const { tableName } = pick(this.tables, this.parseRef(ref));
    return describeTable(this.client, tableName);
  }

  /**
   * What the subpath's standalone operations ({@link deleteTable}, {@link resetTable}) need from the tool: its
   * reference parsing, its dry-run-aware wait resolution and its logger.
   *
   * @internal
   */
  get operations(): DynamoToolOperations {
    // The tool itself, seen through those protected members (as AuroraTools and LambdaTools do).
    return this as unknown as DynamoToolOperations;
  }
}

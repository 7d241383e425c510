import { DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import {
  BaseTool,
  ConfigError,
  GuardError,
  opposite,
  optionalBoolean,
  type Pair,
  pick,
  type ResolvedWaitOptions,
  refuseLiveStack,
  requireDisjointPair,
  requirePair,
  resolveWaitOptions,
  type StackReference,
  type WaitSetting,
} from '../core/index.js';
import {
  type DeleteTableOptions,
  type DeleteTableResult,
  type DynamoToolsOptions,
  parseTableConfig,
  type ResetTableOptions,
  type ResetTableResult,
  TABLE_WAIT,
  type TableConfig,
} from './dynamo-types.js';
import { deleteExisting, describeTable, type TableContext } from './table-delete.js';
import { resetFromPartner } from './table-reset.js';

/**
 * Deletes and resets the DynamoDB tables of a blue/green pair. `resetTable` is the "replacement store is purged and
 * gets the latest schema" step: the stack's table is recreated, empty, from its partner's definition.
 *
 * Both operations delete data; both are guarded: the caller passes the name of the table it expects to delete.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { DynamoTools } from 'bluegreen-toolkit/dynamodb';
 *
 * const dynamo = new DynamoTools({
 *   tables: { blue: { tableName: 'orders-blue' }, green: { tableName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await dynamo.resetTable(StackReference.Green, { expectedTableName: 'orders-green' });
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
   * Deletes the stack's table and, by default, waits until it is gone. **Destructive:** every item is lost (take an
   * on-demand backup first if you may need them). Guarded: `expectedTableName` must equal the configured table name,
   * otherwise {@link bluegreen-toolkit!GuardError} and no AWS call. A table that is already gone or being deleted is
   * success (`outcome: 'already'`); one still being created or updated is waited for until `ACTIVE` first.
   *
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
   * import { DynamoTools } from 'bluegreen-toolkit/dynamodb';
   *
   * const dynamo = new DynamoTools({ tables, clientConfig: { region: 'eu-west-1' } });
   * await dynamo.deleteTable(StackReference.Blue, { expectedTableName: 'orders-blue' });
   * ```
   */
  async deleteTable(ref: StackReference, options: DeleteTableOptions): Promise<DeleteTableResult> {
    const stack = this.parseRef(ref);
    const { tableName } = pick(this.tables, stack);
    const opts = this.#guard(options, tableName, 'deleteTable');
    const disable = optionalBoolean(opts.disableDeletionProtection, 'deleteTable options.disableDeletionProtection', false);
    const setting = (opts.wait ?? true) as WaitSetting;
    const wait = this.waitOptions(setting, TABLE_WAIT);
    const precondition = resolveWaitOptions(setting === false ? true : setting, TABLE_WAIT) as ResolvedWaitOptions;
    return deleteExisting(this.#context(), tableName, disable, wait, precondition);
  }

  /**
   * Recreates the stack's table, empty, from its **partner's** definition: key schema, attribute definitions, global
   * and local secondary indexes (projections, per-index provisioned throughput or on-demand limits), billing mode or
   * provisioned throughput, stream specification, server-side encryption (same KMS key), table class, deletion
   * protection, TTL (`UpdateTimeToLive` once `ACTIVE`), point-in-time recovery with its recovery period
   * (`UpdateContinuousBackups`) and tags (every page of `ListTagsOfResource`, then `TagResource`; reserved `aws:` tags
   * are skipped). Waits until the new table is `ACTIVE`.
   *
   * **Destructive:** every item of the stack's table is lost. Guarded like {@link DynamoTools.deleteTable}. The
   * partner's definition is read before anything is deleted, so a missing partner changes nothing. Resumable: when a
   * previous run deleted the table but failed before creating it, the next run creates it. The new table has a new
   * stream ARN: recreate event source mappings that read the old stream. Not copied: global table replicas, auto
   * scaling policies, resource policies, Kinesis streaming destinations, contributor insights, warm throughput.
   *
   * @param ref - the stack whose table is reset; its partner is the other stack.
   * @param options.expectedTableName - the name of the table you mean to reset (required).
   * @param options.wait - wait settings (default: up to 900 s for the deletion and 900 s for the creation).
   * @param options.disableDeletionProtection - turn the existing table's deletion protection off first (default `false`).
   * @returns the new table's ARN and stream ARN and the definition applied.
   * @throws {@link bluegreen-toolkit!GuardError} when `expectedTableName` is missing or does not match (no AWS call).
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad reference or option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the partner table does not exist (nothing changed).
   * @throws {@link bluegreen-toolkit!InvalidStateError} when the table has deletion protection on and
   *   `disableDeletionProtection` is not set, or when another process created the table meanwhile.
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when a wait runs out.
   *
   * @remarks IAM: `dynamodb:DescribeTable`, `dynamodb:DescribeTimeToLive`, `dynamodb:DescribeContinuousBackups`,
   * `dynamodb:ListTagsOfResource` (partner); `dynamodb:DeleteTable`, `dynamodb:CreateTable`, `dynamodb:UpdateTimeToLive`,
   * `dynamodb:UpdateContinuousBackups` (when the partner has point-in-time recovery), `dynamodb:TagResource`, and
   * `dynamodb:UpdateTable` with `disableDeletionProtection` (the stack's table); `kms:DescribeKey`,
   * `kms:CreateGrant` when the partner uses a customer managed KMS key.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { DynamoTools } from 'bluegreen-toolkit/dynamodb';
   *
   * const dynamo = new DynamoTools({ tables, clientConfig: { region: 'eu-west-1' } });
   * const result = await dynamo.resetTable(StackReference.Green, { expectedTableName: 'orders-green' });
   * console.log(result.latestStreamArn);
   * ```
   */
  async resetTable(ref: StackReference, options: ResetTableOptions): Promise<ResetTableResult> {
    const stack = this.parseRef(ref);
    const { tableName } = pick(this.tables, stack);
    const sourceTableName = pick(this.tables, opposite(stack)).tableName;
    const opts = this.#guard(options, tableName, 'resetTable');
    refuseLiveStack(stack, opts.liveStack, `reset table ${tableName}`);
    const disable = optionalBoolean(opts.disableDeletionProtection, 'resetTable options.disableDeletionProtection', false);
    if (opts.wait === false) {
      throw new ConfigError(
        'resetTable cannot run with wait: false: the table is created only once the old one is gone, and TTL, point-in-time recovery and tags are applied once it is ACTIVE. Pass wait: true or { maxWaitTime, ... }.',
      );
    }
    const setting = (opts.wait ?? true) as WaitSetting;
    const wait = this.waitOptions(setting, TABLE_WAIT);
    const precondition = resolveWaitOptions(setting, TABLE_WAIT) as ResolvedWaitOptions;

    return resetFromPartner(this.#context(), tableName, sourceTableName, disable, wait, precondition);
  }

  #context(): TableContext {
    return { client: this.client, logger: this.logger };
  }

  #guard(options: unknown, tableName: string, method: string): Record<string, unknown> {
    const opts = (options !== null && typeof options === 'object' && !Array.isArray(options) ? options : {}) as Record<string, unknown>;
    if (opts.expectedTableName !== tableName) {
      throw new GuardError(
        opts.expectedTableName === undefined
          ? `${method} deletes table ${tableName}: confirm with { expectedTableName: '${tableName}' }.`
          : `Refusing to ${method === 'resetTable' ? 'reset' : 'delete'} table ${tableName}: expectedTableName is ${JSON.stringify(opts.expectedTableName)}. Nothing was changed.`,
      );
    }
    return opts;
  }
}

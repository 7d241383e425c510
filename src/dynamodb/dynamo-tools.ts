import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  type TableDescription,
  type Tag,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  BaseTool,
  BlueGreenError,
  ConfigError,
  chunk,
  GuardError,
  InvalidStateError,
  isAwsError,
  isRetryableAwsError,
  opposite,
  optionalBoolean,
  type Pair,
  pick,
  type ResolvedWaitOptions,
  ResourceNotFoundError,
  refuseLiveStack,
  requirePair,
  resolveWaitOptions,
  type StackReference,
  type WaitSetting,
  waitFor,
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
import { buildTableDefinition } from './table-definition.js';
import { waitForTable } from './table-waits.js';

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
    if (this.tables.blue.tableName === this.tables.green.tableName) {
      throw new ConfigError(
        `tables.blue and tables.green are both '${this.tables.blue.tableName}': each stack needs its own table (resetTable copies one onto the other).`,
      );
    }
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
    return this.describe(tableName);
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
    const opts = this.guard(options, tableName, 'deleteTable');
    const disable = optionalBoolean(opts.disableDeletionProtection, 'deleteTable options.disableDeletionProtection', false);
    const setting = (opts.wait ?? true) as WaitSetting;
    const wait = this.waitOptions(setting, TABLE_WAIT);
    const precondition = resolveWaitOptions(setting === false ? true : setting, TABLE_WAIT) as ResolvedWaitOptions;
    return this.deleteExisting(tableName, disable, wait, precondition);
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
    const opts = this.guard(options, tableName, 'resetTable');
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

    // 1. Read the partner's definition before anything changes.
    const source = await this.describe(sourceTableName);
    if (!source) {
      throw new ResourceNotFoundError(
        `Cannot reset ${tableName}: its partner table ${sourceTableName} does not exist, so there is no definition to copy. Nothing was changed.`,
        { resource: sourceTableName },
      );
    }
    const { TimeToLiveDescription: ttl } = await this.client.send(new DescribeTimeToLiveCommand({ TableName: sourceTableName }));
    const { ContinuousBackupsDescription: backups } = await this.client.send(
      new DescribeContinuousBackupsCommand({ TableName: sourceTableName }),
    );
    const tags = await this.listTags(source.TableArn as string);
    const definition = buildTableDefinition(source, tableName, ttl, tags, backups?.PointInTimeRecoveryDescription);
    for (const note of definition.notCopied) this.logger.warn(`DynamoTools: not copied from ${sourceTableName}: ${note}`);

    // 2. Delete the stack's table (already gone on a resumed run) and wait until it is gone.
    const deleted = await this.deleteExisting(tableName, disable, wait, precondition);

    // 3. Create it from the partner's definition and wait until ACTIVE.
    let created: TableDescription | undefined;
    try {
      ({ TableDescription: created } = await this.client.send(new CreateTableCommand(definition.createTable)));
    } catch (error) {
      if (isAwsError(error, 'ResourceInUseException')) {
        throw new InvalidStateError(
          `Table ${tableName} exists again: another process created it while it was being reset. Run resetTable again.`,
          {
            state: 'exists',
            cause: error,
          },
        );
      }
      throw this.limitError(error, `create table ${tableName}`);
    }
    this.logger.info(`DynamoTools: creating ${tableName} from the definition of ${sourceTableName}`);
    const active = wait ? await waitForTable(this.client, tableName, 'active', wait) : undefined;
    const table = active ?? created;
    const tableArn = table?.TableArn ?? (source.TableArn as string).replace(/table\/[^/]+$/, `table/${tableName}`);

    // 4. TTL and tags, once ACTIVE.
    if (definition.timeToLiveAttribute) {
      await this.client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { Enabled: true, AttributeName: definition.timeToLiveAttribute },
        }),
      );
    }
    if (definition.pointInTimeRecovery) await this.enablePointInTimeRecovery(tableName, definition.pointInTimeRecovery, precondition);
    for (const batch of chunk(definition.tags, 50)) {
      await this.client.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: batch }));
    }

    const result: ResetTableResult = {
      outcome: 'changed',
      message: `${deleted.previousStatus === null ? 'created' : 'recreated'} ${tableName} empty from the definition of ${sourceTableName}`,
      tableName,
      sourceTableName,
      deletedExisting: deleted.previousStatus !== null,
      tableArn,
      definition,
    };
    if (table?.LatestStreamArn) result.latestStreamArn = table.LatestStreamArn;
    return result;
  }

  /**
   * `UpdateContinuousBackups` on a table that has just become ACTIVE can answer ContinuousBackupsUnavailableException
   * for a while (backups are still being set up): retry it until the wait's deadline.
   */
  private async enablePointInTimeRecovery(
    tableName: string,
    pitr: { recoveryPeriodInDays?: number },
    wait: ResolvedWaitOptions,
  ): Promise<void> {
    const command = new UpdateContinuousBackupsCommand({
      TableName: tableName,
      PointInTimeRecoverySpecification: {
        PointInTimeRecoveryEnabled: true,
        ...(pitr.recoveryPeriodInDays === undefined ? {} : { RecoveryPeriodInDays: pitr.recoveryPeriodInDays }),
      },
    });
    await waitFor(
      async () => {
        try {
          await this.client.send(command);
          return { done: true, value: undefined };
        } catch (error) {
          if (isAwsError(error, 'ContinuousBackupsUnavailableException') || isRetryableAwsError(error)) {
            return { done: false, state: (error as Error).name };
          }
          throw error;
        }
      },
      { ...wait, description: `point-in-time recovery to be enabled on ${tableName}` },
    );
  }

  private guard(options: unknown, tableName: string, method: string): Record<string, unknown> {
    if (options === undefined || options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new GuardError(`${method} deletes table ${tableName}: confirm with { expectedTableName: '${tableName}' }.`);
    }
    const opts = options as Record<string, unknown>;
    if (opts.expectedTableName !== tableName) {
      throw new GuardError(
        opts.expectedTableName === undefined
          ? `${method} deletes table ${tableName}: confirm with { expectedTableName: '${tableName}' }.`
          : `Refusing to ${method === 'resetTable' ? 'reset' : 'delete'} table ${tableName}: expectedTableName is ${JSON.stringify(opts.expectedTableName)}. Nothing was changed.`,
      );
    }
    return opts;
  }

  private async deleteExisting(
    tableName: string,
    disableProtection: boolean,
    wait: ResolvedWaitOptions | undefined,
    precondition: ResolvedWaitOptions,
  ): Promise<DeleteTableResult> {
    let table = await this.describe(tableName);
    if (!table) return { outcome: 'already', message: `table ${tableName} does not exist`, tableName, previousStatus: null };
    const previousStatus = table.TableStatus ?? 'UNKNOWN';
    if (table.TableStatus === 'DELETING') {
      if (wait) await waitForTable(this.client, tableName, 'gone', wait);
      return { outcome: 'already', message: `table ${tableName} is already being deleted`, tableName, previousStatus };
    }
    if (table.DeletionProtectionEnabled) {
      if (!disableProtection) {
        throw new InvalidStateError(
          `Table ${tableName} has deletion protection on: pass disableDeletionProtection: true to turn it off and delete it. Nothing was changed.`,
          { state: { TableStatus: table.TableStatus, DeletionProtectionEnabled: true } },
        );
      }
      table = await this.whenActive(table, precondition);
      const { TableDescription: updated } = await this.client.send(
        new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: false }),
      );
      this.logger.info(`DynamoTools: turned deletion protection off on ${tableName}`);
      if (updated?.TableStatus) table = updated;
    }
    await this.whenActive(table, precondition);
    try {
      await this.client.send(new DeleteTableCommand({ TableName: tableName }));
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) {
        return { outcome: 'already', message: `table ${tableName} does not exist`, tableName, previousStatus: null };
      }
      if (isAwsError(error, 'ResourceInUseException')) {
        const now = await this.describe(tableName);
        if (now === null || now.TableStatus === 'DELETING') {
          if (now && wait) await waitForTable(this.client, tableName, 'gone', wait);
          return { outcome: 'already', message: `table ${tableName} is already being deleted`, tableName, previousStatus };
        }
        throw new InvalidStateError(`Table ${tableName} is ${now.TableStatus} and cannot be deleted now: try again.`, {
          state: now.TableStatus,
          cause: error,
        });
      }
      throw this.limitError(error, `delete table ${tableName}`);
    }
    this.logger.info(`DynamoTools: deleting ${tableName}`);
    if (wait) await waitForTable(this.client, tableName, 'gone', wait);
    return { outcome: 'changed', message: `deleted table ${tableName}`, tableName, previousStatus };
  }

  /** A table being created or updated cannot be deleted or changed: wait until it is ACTIVE. */
  private async whenActive(table: TableDescription, wait: ResolvedWaitOptions): Promise<TableDescription> {
    if (table.TableStatus === 'ACTIVE' || table.TableStatus === undefined) return table;
    this.logger.info(`DynamoTools: table ${table.TableName} is ${table.TableStatus}; waiting until it is ACTIVE`);
    return (await waitForTable(this.client, table.TableName as string, 'active', wait)) ?? table;
  }

  private async describe(tableName: string): Promise<TableDescription | null> {
    try {
      const { Table } = await this.client.send(new DescribeTableCommand({ TableName: tableName }));
      return Table ?? null;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return null;
      throw error;
    }
  }

  private async listTags(resourceArn: string): Promise<Tag[]> {
    const tags: Tag[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListTagsOfResourceCommand({ ResourceArn: resourceArn, NextToken: token }));
      tags.push(...(page.Tags ?? []));
      token = page.NextToken;
    } while (token);
    return tags;
  }

  private limitError(error: unknown, action: string): unknown {
    if (!isAwsError(error, 'LimitExceededException')) return error;
    return new BlueGreenError(
      `DynamoDB refused to ${action} after retries: LimitExceededException (at most 500 tables may be creating, updating or deleting at once per account and region, and at most 250 GSIs may be created in parallel): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

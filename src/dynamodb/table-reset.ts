// resetTable: the standalone guarded reset of `bluegreen-toolkit/dynamodb` (a hook importing only DynamoTools does not
// carry it, nor the table definition it copies).
import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ListTagsOfResourceCommand,
  type TableDescription,
  type Tag,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  ConfigError,
  chunk,
  InvalidStateError,
  isAwsError,
  isRetryableAwsError,
  opposite,
  optionalBoolean,
  pick,
  type ResolvedWaitOptions,
  ResourceNotFoundError,
  refuseLiveStack,
  resolveWaitOptions,
  type StackReference,
  type WaitSetting,
  waitFor,
} from '../core/index.js';
import { tokenPages } from '../core/pages.js';
import type { DynamoTools } from './dynamo-tools.js';
import { type ResetTableOptions, type ResetTableResult, TABLE_WAIT } from './dynamo-types.js';
import { buildTableDefinition } from './table-definition.js';
import { deleteExisting, describeTable, guardTable, limitError, type TableContext } from './table-delete.js';
import { waitForTable } from './table-waits.js';

/**
 * Recreates the stack's table, empty, from its **partner's** definition: key schema, attribute definitions, global
 * and local secondary indexes (projections, per-index provisioned throughput or on-demand limits), billing mode or
 * provisioned throughput, stream specification, server-side encryption (same KMS key), table class, deletion
 * protection, TTL (`UpdateTimeToLive` once `ACTIVE`), point-in-time recovery with its recovery period
 * (`UpdateContinuousBackups`) and tags (every page of `ListTagsOfResource`, then `TagResource`; reserved `aws:` tags
 * are skipped). Waits until the new table is `ACTIVE`.
 *
 * **Destructive:** every item of the stack's table is lost. Guarded like {@link deleteTable}, and refuses
 * `liveStack`. The partner's definition is read before anything is deleted, so a missing partner changes nothing.
 * Resumable: when a previous run deleted the table but failed before creating it, the next run creates it. The new
 * table has a new stream ARN: recreate event source mappings that read the old stream. Not copied: global table
 * replicas, auto scaling policies, resource policies, Kinesis streaming destinations, contributor insights, warm
 * throughput.
 *
 * @param dynamo - the tools of the table pair (their DynamoDB client, logger and dry-run setting are used).
 * @param ref - the stack whose table is reset; its partner is the other stack.
 * @param options.expectedTableName - the name of the table you mean to reset (required).
 * @param options.wait - wait settings (default: up to 900 s for the deletion and 900 s for the creation).
 * @param options.disableDeletionProtection - turn the existing table's deletion protection off first (default `false`).
 * @param options.liveStack - the live stack: resetting it is refused (default: no check).
 * @returns the new table's ARN and stream ARN and the definition applied.
 * @throws {@link bluegreen-toolkit!GuardError} when `expectedTableName` is missing or does not match (no AWS call).
 * @throws {@link bluegreen-toolkit!LiveStackError} when `ref` is `liveStack` (no AWS call).
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
 * import { DynamoTools, resetTable } from 'bluegreen-toolkit/dynamodb';
 *
 * const dynamo = new DynamoTools({ tables, clientConfig: { region: 'eu-west-1' } });
 * const result = await resetTable(dynamo, StackReference.Green, { expectedTableName: 'orders-green' });
 * console.log(result.latestStreamArn);
 * ```
 */
export async function resetTable(dynamo: DynamoTools, ref: StackReference, options: ResetTableOptions): Promise<ResetTableResult> {
  const ops = dynamo.operations;
  const stack = ops.parseRef(ref);
  const { tableName } = pick(dynamo.tables, stack);
  const sourceTableName = pick(dynamo.tables, opposite(stack)).tableName;
  const opts = guardTable(options, tableName, 'resetTable');
  refuseLiveStack(stack, opts.liveStack, `reset table ${tableName}`);
  const disable = optionalBoolean(opts.disableDeletionProtection, 'resetTable options.disableDeletionProtection', false);
  if (opts.wait === false) {
    throw new ConfigError(
      'resetTable cannot run with wait: false: the table is created only once the old one is gone, and TTL, point-in-time recovery and tags are applied once it is ACTIVE. Pass wait: true or { maxWaitTime, ... }.',
    );
  }
  const setting = (opts.wait ?? true) as WaitSetting;
  const wait = ops.waitOptions(setting, TABLE_WAIT);
  const precondition = resolveWaitOptions(setting, TABLE_WAIT) as ResolvedWaitOptions;
  return resetFromPartner({ client: dynamo.client, logger: ops.logger }, tableName, sourceTableName, disable, wait, precondition);
}

/** Recreates `tableName`, empty, from the definition of `sourceTableName` (see {@link resetTable}). */
async function resetFromPartner(
  ctx: TableContext,
  tableName: string,
  sourceTableName: string,
  disable: boolean,
  wait: ResolvedWaitOptions | undefined,
  precondition: ResolvedWaitOptions,
): Promise<ResetTableResult> {
  const { client, logger } = ctx;
  // 1. Read the partner's definition before anything changes.
  const source = await describeTable(client, sourceTableName);
  if (!source) {
    throw new ResourceNotFoundError(
      `Cannot reset ${tableName}: its partner table ${sourceTableName} does not exist, so there is no definition to copy. Nothing was changed.`,
      { resource: sourceTableName },
    );
  }
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: sourceTableName }));
  const { ContinuousBackupsDescription: backups } = await client.send(new DescribeContinuousBackupsCommand({ TableName: sourceTableName }));
  const tags = await listTags(ctx, source.TableArn as string);
  const definition = buildTableDefinition(source, tableName, ttl, tags, backups?.PointInTimeRecoveryDescription);
  for (const note of definition.notCopied) logger.warn(`DynamoTools: not copied from ${sourceTableName}: ${note}`);

  // 2. Delete the stack's table (already gone on a resumed run) and wait until it is gone.
  const deleted = await deleteExisting(ctx, tableName, disable, wait, precondition);

  // 3. Create it from the partner's definition and wait until ACTIVE.
  let created: TableDescription | undefined;
  try {
    ({ TableDescription: created } = await client.send(new CreateTableCommand(definition.createTable)));
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
    throw limitError(error, `create table ${tableName}`);
  }
  logger.info(`DynamoTools: creating ${tableName} from the definition of ${sourceTableName}`);
  const active = wait ? await waitForTable(client, tableName, 'active', wait) : undefined;
  const table = active ?? created;
  const tableArn = table?.TableArn ?? (source.TableArn as string).replace(/table\/[^/]+$/, `table/${tableName}`);

  // 4. TTL and tags, once ACTIVE.
  if (definition.timeToLiveAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: definition.timeToLiveAttribute },
      }),
    );
  }
  if (definition.pointInTimeRecovery) await enablePointInTimeRecovery(client, tableName, definition.pointInTimeRecovery, precondition);
  for (const batch of chunk(definition.tags, 50)) {
    await client.send(new TagResourceCommand({ ResourceArn: tableArn, Tags: batch }));
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
async function enablePointInTimeRecovery(
  client: DynamoDBClient,
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
        await client.send(command);
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

/** Every tag (ListTagsOfResource, all pages; the SDK ships no paginator for it, so tokenPages with a loop guard). */
async function listTags(ctx: TableContext, resourceArn: string): Promise<Tag[]> {
  const tags: Tag[] = [];
  const pages = tokenPages(
    (token) => ctx.client.send(new ListTagsOfResourceCommand({ ResourceArn: resourceArn, NextToken: token })),
    `DynamoTools: ListTagsOfResource (${resourceArn})`,
    ctx.logger,
  );
  for await (const page of pages) tags.push(...(page.Tags ?? []));
  return tags;
}

// resetTable's work once its input is validated: internal, not exported from the subpath.
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
  chunk,
  InvalidStateError,
  isAwsError,
  isRetryableAwsError,
  type ResolvedWaitOptions,
  ResourceNotFoundError,
  waitFor,
} from '../core/index.js';
import { tokenPages } from '../core/pages.js';
import type { ResetTableResult } from './dynamo-types.js';
import { buildTableDefinition } from './table-definition.js';
import { deleteExisting, describeTable, limitError, type TableContext } from './table-delete.js';
import { waitForTable } from './table-waits.js';

/** Recreates `tableName`, empty, from the definition of `sourceTableName` (see `DynamoTools.resetTable`). */
export async function resetFromPartner(
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

import type {
  CreateTableCommandInput,
  GlobalSecondaryIndex,
  GlobalSecondaryIndexDescription,
  KeySchemaElement,
  LocalSecondaryIndex,
  LocalSecondaryIndexDescription,
  OnDemandThroughput,
  PointInTimeRecoveryDescription,
  Projection,
  TableDescription,
  Tag,
  TimeToLiveDescription,
} from '@aws-sdk/client-dynamodb';

/**
 * A table's definition as {@link buildTableDefinition} derives it from another table.
 *
 * @example
 * ```ts
 * import type { TableDefinition } from 'bluegreen-toolkit/dynamodb';
 *
 * const { createTable, timeToLiveAttribute, tags }: TableDefinition = result.definition;
 * ```
 */
export interface TableDefinition {
  /** The `CreateTable` input: keys, attribute definitions, indexes, billing, stream, SSE, table class, deletion protection. */
  createTable: CreateTableCommandInput;
  /** The TTL attribute to enable once the table is `ACTIVE` (`UpdateTimeToLive`), when the source has TTL on. */
  timeToLiveAttribute?: string;
  /**
   * Point-in-time recovery to enable once the table is `ACTIVE` (`UpdateContinuousBackups`), when the source has it
   * on, with the source's recovery period.
   */
  pointInTimeRecovery?: { recoveryPeriodInDays?: number };
  /** The tags to apply with `TagResource` (every tag of the source except the reserved `aws:` ones). */
  tags: Tag[];
  /** The source's reserved `aws:` tag keys, which cannot be copied. */
  skippedTags: string[];
  /** Settings of the source that a new table does not get (global table replicas, auto scaling, ...). */
  notCopied: string[];
}

const keySchema = (elements: KeySchemaElement[] | undefined): KeySchemaElement[] =>
  (elements ?? []).map((e) => ({ AttributeName: e.AttributeName, KeyType: e.KeyType }));

function projection(source: Projection | undefined): Projection {
  const result: Projection = { ProjectionType: source?.ProjectionType ?? 'ALL' };
  if (source?.NonKeyAttributes && source.NonKeyAttributes.length > 0) result.NonKeyAttributes = [...source.NonKeyAttributes];
  return result;
}

/** An on-demand table's or index's maximum throughput, when it has one (0 or absent means "no limit"). */
function onDemand(source: OnDemandThroughput | undefined): OnDemandThroughput | undefined {
  const result: OnDemandThroughput = {};
  if ((source?.MaxReadRequestUnits ?? 0) > 0) result.MaxReadRequestUnits = source?.MaxReadRequestUnits;
  if ((source?.MaxWriteRequestUnits ?? 0) > 0) result.MaxWriteRequestUnits = source?.MaxWriteRequestUnits;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The capacity part of a table or GSI: provisioned throughput as currently provisioned, or the on-demand limits. */
function capacity(
  source: { ProvisionedThroughput?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number }; OnDemandThroughput?: OnDemandThroughput },
  provisioned: boolean,
): Pick<GlobalSecondaryIndex, 'ProvisionedThroughput' | 'OnDemandThroughput'> {
  if (provisioned) {
    return {
      ProvisionedThroughput: {
        ReadCapacityUnits: source.ProvisionedThroughput?.ReadCapacityUnits ?? 1,
        WriteCapacityUnits: source.ProvisionedThroughput?.WriteCapacityUnits ?? 1,
      },
    };
  }
  const limits = onDemand(source.OnDemandThroughput);
  return limits ? { OnDemandThroughput: limits } : {};
}

/** The name, key schema and projection of a secondary index (global or local). */
const secondaryIndex = (index: LocalSecondaryIndexDescription | GlobalSecondaryIndexDescription): LocalSecondaryIndex => ({
  IndexName: index.IndexName,
  KeySchema: keySchema(index.KeySchema),
  Projection: projection(index.Projection),
});

/**
 * Derives the definition of a new, empty table named `tableName` from `source` (a `DescribeTable` result), its TTL
 * (`DescribeTimeToLive`) and its tags (`ListTagsOfResource`, every page): key schema, attribute definitions, global
 * and local secondary indexes with their projections (and per-index provisioned throughput or on-demand limits),
 * billing mode or throughput, stream specification, server-side encryption (with the same KMS key), table class,
 * deletion protection, TTL, point-in-time recovery and tags. No AWS call is made.
 *
 * @param source - the table to copy, as `DescribeTable` returns it.
 * @param tableName - the name of the table to create.
 * @param timeToLive - the source's `DescribeTimeToLive` result.
 * @param tags - the source's tags.
 * @param pointInTimeRecovery - the source's `DescribeContinuousBackups` point-in-time recovery description.
 *
 * @example
 * ```ts
 * import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { buildTableDefinition } from 'bluegreen-toolkit/dynamodb';
 *
 * const client = new DynamoDBClient({});
 * const { Table } = await client.send(new DescribeTableCommand({ TableName: 'orders-blue' }));
 * const { createTable } = buildTableDefinition(Table!, 'orders-green', undefined, []);
 * ```
 */
export function buildTableDefinition(
  source: TableDescription,
  tableName: string,
  timeToLive: TimeToLiveDescription | undefined,
  tags: readonly Tag[],
  pointInTimeRecovery?: PointInTimeRecoveryDescription,
): TableDefinition {
  const billingMode = source.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  const provisioned = billingMode === 'PROVISIONED';
  const createTable: CreateTableCommandInput = {
    TableName: tableName,
    AttributeDefinitions: (source.AttributeDefinitions ?? []).map((a) => ({
      AttributeName: a.AttributeName,
      AttributeType: a.AttributeType,
    })),
    KeySchema: keySchema(source.KeySchema),
    BillingMode: billingMode,
    DeletionProtectionEnabled: source.DeletionProtectionEnabled === true,
    ...capacity(source, provisioned),
  };
  const gsis = (source.GlobalSecondaryIndexes ?? [])
    .filter((i) => i.IndexStatus !== 'DELETING')
    .map((i) => ({ ...secondaryIndex(i), ...capacity(i, provisioned) }));
  if (gsis.length > 0) createTable.GlobalSecondaryIndexes = gsis;
  const lsis = (source.LocalSecondaryIndexes ?? []).map(secondaryIndex);
  if (lsis.length > 0) createTable.LocalSecondaryIndexes = lsis;
  if (source.StreamSpecification?.StreamEnabled) {
    createTable.StreamSpecification = { StreamEnabled: true, StreamViewType: source.StreamSpecification.StreamViewType };
  }
  const sse = source.SSEDescription;
  if (sse && sse.SSEType === 'KMS' && ['ENABLED', 'ENABLING', 'UPDATING'].includes(sse.Status ?? '')) {
    createTable.SSESpecification = {
      Enabled: true,
      SSEType: 'KMS',
      ...(sse.KMSMasterKeyArn ? { KMSMasterKeyId: sse.KMSMasterKeyArn } : {}),
    };
  }
  if (source.TableClassSummary?.TableClass) createTable.TableClass = source.TableClassSummary.TableClass;

  const notCopied: string[] = [];
  if ((source.Replicas ?? []).length > 0) notCopied.push('global table replicas (Replicas)');
  if (provisioned) notCopied.push('Application Auto Scaling policies (capacity is copied as currently provisioned)');

  const definition: TableDefinition = {
    createTable,
    tags: tags.filter((t) => !t.Key?.startsWith('aws:')).map((t) => ({ Key: t.Key, Value: t.Value })),
    skippedTags: tags.filter((t) => t.Key?.startsWith('aws:')).map((t) => t.Key as string),
    notCopied,
  };
  const ttlOn = timeToLive?.TimeToLiveStatus === 'ENABLED' || timeToLive?.TimeToLiveStatus === 'ENABLING';
  if (ttlOn && timeToLive?.AttributeName) definition.timeToLiveAttribute = timeToLive.AttributeName;
  if (pointInTimeRecovery?.PointInTimeRecoveryStatus === 'ENABLED') {
    const days = pointInTimeRecovery.RecoveryPeriodInDays;
    definition.pointInTimeRecovery = days === undefined ? {} : { recoveryPeriodInDays: days };
  }
  return definition;
}

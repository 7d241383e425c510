import { strict as assert } from 'node:assert';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  PutItemCommand,
  ScanCommand,
  type TableDescription,
  type Tag,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoTools, deleteTable, resetTable } from '../../../src/dynamodb/index.js';
import { DryRunRecorder, GuardError, InvalidStateError, ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: DynamoTools (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let dynamo: DynamoDBClient;
  const fast = { maxWaitTime: 30, minDelay: 0.2, maxDelay: 1 };
  const tables = { blue: { tableName: 'orders-blue' }, green: { tableName: 'orders-green' } };
  const tools = () => new DynamoTools({ tables, clientConfig: aws.clientConfig() });
  const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
  const partnerTags: Tag[] = Array.from({ length: 12 }, (_, i) => ({ Key: `tag-${String(i).padStart(2, '0')}`, Value: `v${i}` }));

  /** The partner: provisioned, a GSI with its own throughput and an INCLUDE projection, an LSI, a stream, SSE with a KMS key, TTL, 12 tags. */
  const partnerDefinition = (name: string): CreateTableCommandInput => ({
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'customer', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'by-customer',
        KeySchema: [
          { AttributeName: 'customer', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'status'] },
        ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 2 },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'by-created',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KMS_KEY },
    Tags: partnerTags,
  });

  async function describeOne(name: string): Promise<TableDescription> {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: name }));
    return Table as TableDescription;
  }
  async function exists(name: string): Promise<boolean> {
    try {
      await describeOne(name);
      return true;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return false;
      throw error;
    }
  }
  async function tags(arn: string): Promise<Tag[]> {
    const all: Tag[] = [];
    let NextToken: string | undefined;
    do {
      const page = await dynamo.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken }));
      all.push(...(page.Tags ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return all.sort((a, b) => String(a.Key).localeCompare(String(b.Key)));
  }
  /** The parts of a description that define a table (names and ARNs aside). */
  function shape(t: TableDescription) {
    return {
      AttributeDefinitions: t.AttributeDefinitions,
      KeySchema: t.KeySchema,
      BillingMode: t.BillingModeSummary?.BillingMode,
      Throughput: [t.ProvisionedThroughput?.ReadCapacityUnits, t.ProvisionedThroughput?.WriteCapacityUnits],
      GSIs: t.GlobalSecondaryIndexes?.map((i) => [
        i.IndexName,
        i.KeySchema,
        i.Projection,
        i.ProvisionedThroughput?.ReadCapacityUnits,
        i.ProvisionedThroughput?.WriteCapacityUnits,
      ]),
      LSIs: t.LocalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema, i.Projection]),
      Stream: t.StreamSpecification,
      SSE: [t.SSEDescription?.Status, t.SSEDescription?.SSEType, t.SSEDescription?.KMSMasterKeyArn],
      DeletionProtection: t.DeletionProtectionEnabled,
    };
  }
  async function putItems(name: string, n: number) {
    for (let i = 0; i < n; i++) {
      await dynamo.send(
        new PutItemCommand({
          TableName: name,
          Item: { pk: { S: `order-${i}` }, sk: { S: 'v1' }, customer: { S: 'c1' }, createdAt: { N: String(i) } },
        }),
      );
    }
  }
  async function itemCount(name: string): Promise<number> {
    const { Count } = await dynamo.send(new ScanCommand({ TableName: name, Select: 'COUNT' }));
    return Count ?? 0;
  }

  beforeEach(() => {
    dynamo = new DynamoDBClient(aws.clientConfig());
  });

  describe('Function: resetTable', () => {
    beforeEach(async () => {
      await dynamo.send(new CreateTableCommand(partnerDefinition('orders-blue')));
      await dynamo.send(
        new UpdateTimeToLiveCommand({ TableName: 'orders-blue', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }),
      );
      await dynamo.send(
        new UpdateContinuousBackupsCommand({
          TableName: 'orders-blue',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 10 },
        }),
      );
      await putItems('orders-blue', 3);
    });

    it('recreates the table empty from the partner’s definition: indexes, throughput, stream, SSE, TTL, PITR and every tag page', async () => {
      // The green table has an old schema (no indexes, no stream, on-demand) and data.
      await dynamo.send(
        new CreateTableCommand({
          TableName: 'orders-green',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          Tags: [{ Key: 'stale', Value: 'yes' }],
        }),
      );
      await putItems('orders-green', 5);
      const result = await resetTable(tools(), StackReference.Green, { expectedTableName: 'orders-green', wait: fast });

      assert.equal(result.outcome, 'changed');
      assert.equal(result.deletedExisting, true);
      assert.equal(result.sourceTableName, 'orders-blue');
      const green = await describeOne('orders-green');
      const blue = await describeOne('orders-blue');
      assert.deepEqual(shape(green), shape(blue));
      assert.equal(green.GlobalSecondaryIndexes?.[0]?.IndexName, 'by-customer', 'the comparison is not vacuous');
      assert.deepEqual(green.SSEDescription?.KMSMasterKeyArn, KMS_KEY);
      assert.equal(green.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
      assert.equal(result.tableArn, green.TableArn);
      assert.equal(result.latestStreamArn, green.LatestStreamArn);
      assert.equal(await itemCount('orders-green'), 0, 'the table is empty');
      assert.equal(await itemCount('orders-blue'), 3, 'the partner keeps its data');
      const { TimeToLiveDescription } = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'orders-green' }));
      assert.deepEqual([TimeToLiveDescription?.TimeToLiveStatus, TimeToLiveDescription?.AttributeName], ['ENABLED', 'expiresAt']);
      const { ContinuousBackupsDescription: pitr } = await dynamo.send(new DescribeContinuousBackupsCommand({ TableName: 'orders-green' }));
      assert.deepEqual(
        [pitr?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus, pitr?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays],
        ['ENABLED', 10],
      );
      const greenTags = await tags(green.TableArn as string);
      assert.equal(greenTags.length, 12, 'all 12 tags, across two ListTagsOfResource pages of the partner');
      assert.deepEqual(greenTags, await tags(blue.TableArn as string));
    });

    it('is resumable: when the table is already gone it is created (and a repeat recreates it again)', async () => {
      const first = await resetTable(tools(), StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
      assert.equal(first.deletedExisting, false);
      assert.match(first.message, /^created orders-green/);
      assert.deepEqual(shape(await describeOne('orders-green')), shape(await describeOne('orders-blue')));
      await putItems('orders-green', 2);
      const again = await resetTable(tools(), StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
      assert.equal(again.deletedExisting, true);
      assert.equal(await itemCount('orders-green'), 0);
      assert.equal((await tags((await describeOne('orders-green')).TableArn as string)).length, 12);
    });

    it('resumes a run that deleted the table and then failed before CreateTable', async () => {
      await dynamo.send(new CreateTableCommand({ ...partnerDefinition('orders-green'), Tags: [] }));
      await putItems('orders-green', 4);
      // A client whose first CreateTable fails, as a crashed or throttled hook would.
      const flaky = new DynamoDBClient(aws.clientConfig());
      let failures = 0;
      flaky.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'CreateTableCommand' && failures++ === 0)
            throw Object.assign(new Error('connection reset'), { name: 'NetworkingError' });
          return next(args);
        },
        { step: 'initialize', name: 'failFirstCreateTable' },
      );
      const t = new DynamoTools({ tables, awsSdkV3Client: flaky });
      await assert.rejects(resetTable(t, StackReference.Green, { expectedTableName: 'orders-green', wait: fast }), /connection reset/);
      assert.equal(await exists('orders-green'), false, 'the first run deleted the table');
      const resumed = await resetTable(t, StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
      assert.equal(resumed.deletedExisting, false);
      assert.deepEqual(shape(await describeOne('orders-green')), shape(await describeOne('orders-blue')));
      assert.equal(await itemCount('orders-green'), 0);
    });

    it('copies deletion protection and on-demand billing from the partner', async () => {
      const definition = partnerDefinition('orders-green');
      delete definition.ProvisionedThroughput;
      for (const gsi of definition.GlobalSecondaryIndexes ?? []) delete gsi.ProvisionedThroughput;
      await dynamo.send(
        new CreateTableCommand({ ...definition, BillingMode: 'PAY_PER_REQUEST', DeletionProtectionEnabled: true, Tags: [] }),
      );
      const result = await resetTable(tools(), StackReference.Blue, { expectedTableName: 'orders-blue', wait: fast });
      assert.equal(result.definition.createTable.BillingMode, 'PAY_PER_REQUEST');
      const blue = await describeOne('orders-blue');
      assert.equal(blue.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
      assert.equal(blue.DeletionProtectionEnabled, true);
      // The table now has deletion protection: the next reset is refused unless told to turn it off.
      await assert.rejects(resetTable(tools(), StackReference.Blue, { expectedTableName: 'orders-blue', wait: fast }), InvalidStateError);
      assert.ok(await exists('orders-blue'));
      const again = await resetTable(tools(), StackReference.Blue, {
        expectedTableName: 'orders-blue',
        wait: fast,
        disableDeletionProtection: true,
      });
      assert.equal(again.deletedExisting, true);
      assert.equal((await describeOne('orders-blue')).DeletionProtectionEnabled, true, 'protection is back on, as on the partner');
    });

    it('dry-run reads the partner for real and records every change without sending it', async () => {
      await dynamo.send(new CreateTableCommand({ ...partnerDefinition('orders-green'), BillingMode: 'PROVISIONED', Tags: [] }));
      await putItems('orders-green', 2);
      const recorder = new DryRunRecorder();
      const t = new DynamoTools({ tables, clientConfig: aws.clientConfig(), dryRun: recorder });
      const result = await resetTable(t, StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
      assert.deepEqual(
        recorder.calls.map((c) => c.operation),
        ['DeleteTable', 'CreateTable', 'UpdateTimeToLive', 'UpdateContinuousBackups', 'TagResource'],
      );
      assert.equal((recorder.calls[4]?.input as { Tags?: Tag[] } | undefined)?.Tags?.length, 12);
      assert.equal(result.tableArn, (await describeOne('orders-green')).TableArn);
      assert.equal(await itemCount('orders-green'), 2, 'nothing was deleted');
    });

    it('a missing partner is a ResourceNotFoundError and the table is left untouched', async () => {
      const t = new DynamoTools({
        tables: { blue: { tableName: 'orders-blue' }, green: { tableName: 'nowhere' } },
        clientConfig: aws.clientConfig(),
      });
      await assert.rejects(resetTable(t, StackReference.Blue, { expectedTableName: 'orders-blue', wait: fast }), (e: unknown) => {
        assert.ok(e instanceof ResourceNotFoundError);
        assert.equal(e.resource, 'nowhere');
        return true;
      });
      assert.equal(await itemCount('orders-blue'), 3);
    });

    it('the guard refuses a mismatched name and changes nothing', async () => {
      await assert.rejects(resetTable(tools(), StackReference.Blue, { expectedTableName: 'orders-green' }), GuardError);
      assert.equal(await itemCount('orders-blue'), 3);
    });
  });

  describe('Function: deleteTable', () => {
    it('deletes the table and waits until it is gone; a repeat is already', async () => {
      await dynamo.send(new CreateTableCommand({ ...partnerDefinition('orders-green'), Tags: [] }));
      const t = tools();
      const result = await deleteTable(t, StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
      assert.deepEqual([result.outcome, result.previousStatus], ['changed', 'ACTIVE']);
      assert.equal(await exists('orders-green'), false);
      const again = await deleteTable(t, StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
      assert.deepEqual([again.outcome, again.previousStatus], ['already', null]);
    });

    it('refuses a protected table unless disableDeletionProtection is set', async () => {
      await dynamo.send(new CreateTableCommand({ ...partnerDefinition('orders-green'), Tags: [], DeletionProtectionEnabled: true }));
      await assert.rejects(deleteTable(tools(), StackReference.Green, { expectedTableName: 'orders-green', wait: fast }), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.match(e.message, /disableDeletionProtection: true/);
        return true;
      });
      assert.ok(await exists('orders-green'));
      await deleteTable(tools(), StackReference.Green, { expectedTableName: 'orders-green', wait: fast, disableDeletionProtection: true });
      assert.equal(await exists('orders-green'), false);
    });

    it('the guard refuses a missing or mismatched name and the table stays', async () => {
      await dynamo.send(new CreateTableCommand({ ...partnerDefinition('orders-green'), Tags: [] }));
      await assert.rejects(deleteTable(tools(), StackReference.Green, { expectedTableName: 'orders-blue' }), GuardError);
      await assert.rejects(deleteTable(tools(), StackReference.Green, undefined as never), GuardError);
      assert.ok(await exists('orders-green'));
    });
  });

  describe('Method: describeTable', () => {
    it('returns the description, or null when the table does not exist', async () => {
      await dynamo.send(new CreateTableCommand({ ...partnerDefinition('orders-blue'), Tags: [] }));
      const t = tools();
      assert.equal((await t.describeTable(StackReference.Blue))?.TableName, 'orders-blue');
      assert.equal(await t.describeTable(StackReference.Green), null);
    });
  });
});

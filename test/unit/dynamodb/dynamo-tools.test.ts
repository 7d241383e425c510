import { strict as assert } from 'node:assert';
import {
  ContinuousBackupsUnavailableException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  LimitExceededException,
  ListTagsOfResourceCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type TableDescription,
  TagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { DynamoTools, deleteTable, resetTable } from '../../../src/dynamodb/index.js';
import {
  BlueGreenError,
  ConfigError,
  GuardError,
  InvalidStateError,
  ResourceNotFoundError,
  StackReference,
  WaitTimeoutError,
} from '../../../src/index.js';
import { runWithClock } from '../../support/fake-clock.js';

const ARN = (name: string) => `arn:aws:dynamodb:eu-west-1:123456789012:table/${name}`;
const KMS = 'arn:aws:kms:eu-west-1:123456789012:key/abc';
const meta = { $metadata: {} };
const notFound = () => new ResourceNotFoundException({ message: 'Requested resource not found', ...meta });
const tables = { blue: { tableName: 'orders-blue' }, green: { tableName: 'orders-green' } };

/** The partner table's attributes and key schema, which the reset copies as they are. */
const ATTRIBUTES = [
  { AttributeName: 'pk', AttributeType: 'S' as const },
  { AttributeName: 'sk', AttributeType: 'S' as const },
  { AttributeName: 'gpk', AttributeType: 'S' as const },
  { AttributeName: 'lsk', AttributeType: 'N' as const },
];
const TABLE_KEYS = [
  { AttributeName: 'pk', KeyType: 'HASH' as const },
  { AttributeName: 'sk', KeyType: 'RANGE' as const },
];

/** A DescribeTable result as AWS returns it for a provisioned table with GSI, LSI, stream and KMS encryption. */
function partner(overrides: Partial<TableDescription> = {}): TableDescription {
  return {
    TableName: 'orders-blue',
    TableArn: ARN('orders-blue'),
    TableStatus: 'ACTIVE',
    TableId: 'id',
    ItemCount: 42,
    TableSizeBytes: 1000,
    CreationDateTime: new Date(0),
    AttributeDefinitions: ATTRIBUTES,
    KeySchema: TABLE_KEYS,
    BillingModeSummary: { BillingMode: 'PROVISIONED' },
    ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5, NumberOfDecreasesToday: 2, LastIncreaseDateTime: new Date(0) },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'g1',
        IndexArn: `${ARN('orders-blue')}/index/g1`,
        IndexStatus: 'ACTIVE',
        ItemCount: 3,
        IndexSizeBytes: 10,
        KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] },
        ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 3, NumberOfDecreasesToday: 0 },
      },
      {
        IndexName: 'being-removed',
        IndexStatus: 'DELETING',
        KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'l1',
        IndexArn: `${ARN('orders-blue')}/index/l1`,
        ItemCount: 1,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'lsk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    LatestStreamArn: `${ARN('orders-blue')}/stream/2024`,
    SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: KMS },
    TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
    DeletionProtectionEnabled: true,
    ...overrides,
  };
}
const green = (status: TableDescription['TableStatus'], overrides: Partial<TableDescription> = {}) => ({
  Table: { TableName: 'orders-green', TableArn: ARN('orders-green'), TableStatus: status, DeletionProtectionEnabled: false, ...overrides },
});

describe('Class: DynamoTools', () => {
  const client = new DynamoDBClient({ region: 'eu-west-1' });
  const ddb = mockClient(DynamoDBClient);
  const tools = () => new DynamoTools({ tables, awsSdkV3Client: client });
  const ops = () => ddb.calls().map((c) => c.args[0].constructor.name.replace(/Command$/, ''));
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    ddb.reset();
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  const run = <T>(promise: Promise<T>) => runWithClock(clock, promise);

  describe('Constructor', () => {
    for (const [what, value, message] of [
      [
        'the same table on both sides',
        { blue: { tableName: 'same' }, green: { tableName: 'same' } },
        /tables\.blue\.tableName and tables\.green\.tableName both select table 'same'/,
      ],
      ['a name that is too short', { ...tables, blue: { tableName: 'ab' } }, /tables\.blue\.tableName/],
      ['a table ARN instead of a name', { ...tables, green: { tableName: ARN('x') } }, /tables\.green\.tableName .* is not valid/],
      ['an unknown key', { ...tables, blue: { tableName: 'abc', name: 'x' } }, /unknown key 'name'/],
    ] as const) {
      it(`rejects ${what} with a ConfigError`, () => {
        assert.throws(
          () => new DynamoTools({ tables: value as never, awsSdkV3Client: client }),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
      });
    }
  });

  describe('Method: describeTable', () => {
    it('returns the table description', async () => {
      ddb.on(DescribeTableCommand, { TableName: 'orders-blue' }).resolves({ Table: partner() });
      assert.equal((await tools().describeTable(StackReference.Blue))?.TableArn, ARN('orders-blue'));
      assert.equal(ddb.calls().length, 1);
    });
    it('returns null when the table does not exist', async () => {
      ddb.on(DescribeTableCommand).rejects(notFound());
      assert.equal(await tools().describeTable(StackReference.Green), null);
    });
    it('propagates other errors', async () => {
      const denied = new DynamoDBServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'no', $metadata: {} });
      ddb.on(DescribeTableCommand).rejects(denied);
      await assert.rejects(tools().describeTable(StackReference.Green), (e: unknown) => e === denied);
    });
    it('rejects a bad reference with a ConfigError and makes no AWS call', async () => {
      await assert.rejects(tools().describeTable(null as never), ConfigError);
      assert.equal(ddb.calls().length, 0);
    });
  });

  describe('Function: deleteTable', () => {
    const confirm = { expectedTableName: 'orders-green' };

    it('deletes the table and waits (DescribeTable) until it is gone', async () => {
      ddb
        .on(DescribeTableCommand, { TableName: 'orders-green' })
        .resolvesOnce(green('ACTIVE'))
        .resolvesOnce(green('DELETING'))
        .rejects(notFound());
      ddb.on(DeleteTableCommand).resolves({ TableDescription: green('DELETING').Table });
      const result = await run(deleteTable(tools(), StackReference.Green, confirm));
      assert.deepEqual([result.outcome, result.previousStatus, result.tableName], ['changed', 'ACTIVE', 'orders-green']);
      assert.deepEqual(ops(), ['DescribeTable', 'DeleteTable', 'DescribeTable', 'DescribeTable']);
      assert.deepEqual(ddb.commandCalls(DeleteTableCommand)[0]?.args[0].input, { TableName: 'orders-green' });
    });

    it('wait: false returns once DeleteTable was accepted', async () => {
      ddb.on(DescribeTableCommand).resolves(green('ACTIVE'));
      ddb.on(DeleteTableCommand).resolves({});
      await run(deleteTable(tools(), StackReference.Green, { ...confirm, wait: false }));
      assert.deepEqual(ops(), ['DescribeTable', 'DeleteTable']);
    });

    it('is idempotent: a missing table is already deleted, with one DescribeTable call', async () => {
      ddb.on(DescribeTableCommand).rejects(notFound());
      const result = await run(deleteTable(tools(), StackReference.Green, confirm));
      assert.deepEqual([result.outcome, result.previousStatus], ['already', null]);
      assert.deepEqual(ops(), ['DescribeTable']);
    });

    it('a DELETING table is already being deleted; the wait still runs', async () => {
      ddb.on(DescribeTableCommand).resolvesOnce(green('DELETING')).resolvesOnce(green('DELETING')).rejects(notFound());
      const result = await run(deleteTable(tools(), StackReference.Green, confirm));
      assert.equal(result.outcome, 'already');
      assert.equal(ddb.commandCalls(DeleteTableCommand).length, 0);
      assert.equal(ddb.commandCalls(DescribeTableCommand).length, 3);
    });

    it('a CREATING table is waited for until ACTIVE, then deleted', async () => {
      ddb
        .on(DescribeTableCommand)
        .resolvesOnce(green('CREATING'))
        .resolvesOnce(green('CREATING'))
        .resolvesOnce(green('ACTIVE'))
        .rejects(notFound());
      ddb.on(DeleteTableCommand).resolves({});
      await run(deleteTable(tools(), StackReference.Green, confirm));
      assert.deepEqual(ops(), ['DescribeTable', 'DescribeTable', 'DescribeTable', 'DeleteTable', 'DescribeTable']);
    });

    it('deletion protection on: InvalidStateError and nothing changed', async () => {
      ddb.on(DescribeTableCommand).resolves(green('ACTIVE', { DeletionProtectionEnabled: true }));
      await assert.rejects(run(deleteTable(tools(), StackReference.Green, confirm)), (e: unknown) => {
        assert.ok(e instanceof InvalidStateError);
        assert.match(e.message, /disableDeletionProtection: true/);
        return true;
      });
      assert.deepEqual(ops(), ['DescribeTable']);
    });

    it('disableDeletionProtection: true turns protection off with UpdateTable, then deletes', async () => {
      ddb
        .on(DescribeTableCommand)
        .resolvesOnce(green('ACTIVE', { DeletionProtectionEnabled: true }))
        .rejects(notFound());
      ddb.on(UpdateTableCommand).resolves({ TableDescription: green('ACTIVE').Table });
      ddb.on(DeleteTableCommand).resolves({});
      await run(deleteTable(tools(), StackReference.Green, { ...confirm, disableDeletionProtection: true }));
      assert.deepEqual(ops(), ['DescribeTable', 'UpdateTable', 'DeleteTable', 'DescribeTable']);
      assert.deepEqual(ddb.commandCalls(UpdateTableCommand)[0]?.args[0].input, {
        TableName: 'orders-green',
        DeletionProtectionEnabled: false,
      });
    });

    it('ResourceNotFoundException from DeleteTable (deleted meanwhile) is already', async () => {
      ddb.on(DescribeTableCommand).resolves(green('ACTIVE'));
      ddb.on(DeleteTableCommand).rejects(notFound());
      assert.equal((await run(deleteTable(tools(), StackReference.Green, confirm))).outcome, 'already');
    });

    it('ResourceInUseException from DeleteTable while another process deletes it is already', async () => {
      ddb.on(DescribeTableCommand).resolvesOnce(green('ACTIVE')).resolvesOnce(green('DELETING')).rejects(notFound());
      ddb.on(DeleteTableCommand).rejects(new ResourceInUseException({ message: 'in use', ...meta }));
      const result = await run(deleteTable(tools(), StackReference.Green, confirm));
      assert.equal(result.outcome, 'already');
    });

    it('ResourceInUseException while the table is being updated is an InvalidStateError', async () => {
      ddb.on(DescribeTableCommand).resolvesOnce(green('ACTIVE')).resolves(green('UPDATING'));
      ddb.on(DeleteTableCommand).rejects(new ResourceInUseException({ message: 'in use', ...meta }));
      await assert.rejects(
        run(deleteTable(tools(), StackReference.Green, confirm)),
        (e: unknown) => e instanceof InvalidStateError && e.state === 'UPDATING',
      );
    });

    it('LimitExceededException after the SDK retries is a BlueGreenError that explains the limit', async () => {
      ddb.on(DescribeTableCommand).resolves(green('ACTIVE'));
      const limit = new LimitExceededException({ message: 'Too many tables', ...meta });
      ddb.on(DeleteTableCommand).rejects(limit);
      await assert.rejects(run(deleteTable(tools(), StackReference.Green, confirm)), (e: unknown) => {
        assert.ok(e instanceof BlueGreenError);
        assert.match(e.message, /500 tables/);
        assert.equal(e.cause, limit);
        return true;
      });
    });

    it('a table that is not gone in time is a WaitTimeoutError', async () => {
      ddb.on(DescribeTableCommand).resolves(green('DELETING'));
      await assert.rejects(run(deleteTable(tools(), StackReference.Green, { ...confirm, wait: { maxWaitTime: 60 } })), (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.match(e.message, /orders-green to be deleted/);
        return true;
      });
    });

    for (const [what, options] of [
      ['no options', undefined],
      ['no expectedTableName', { wait: true }],
      ['the partner’s name', { expectedTableName: 'orders-blue' }],
      ['a name that differs in case', { expectedTableName: 'Orders-Green' }],
    ] as const) {
      it(`the guard refuses ${what} with a GuardError and no AWS call`, async () => {
        await assert.rejects(deleteTable(tools(), StackReference.Green, options as never), GuardError);
        assert.equal(ddb.calls().length, 0);
      });
    }
    for (const [what, ref, options] of [
      ['an unknown stack', 'both', confirm],
      ['a bad wait option', StackReference.Green, { ...confirm, wait: { maxDelay: -1 } }],
      ['a non-boolean disableDeletionProtection', StackReference.Green, { ...confirm, disableDeletionProtection: 'yes' }],
    ] as const) {
      it(`rejects ${what} with a ConfigError and no AWS call`, async () => {
        await assert.rejects(deleteTable(tools(), ref as StackReference, options as never), ConfigError);
        assert.equal(ddb.calls().length, 0);
      });
    }
  });

  describe('Function: resetTable', () => {
    const confirm = { expectedTableName: 'orders-green' };
    function happyPath(source = partner()) {
      ddb.on(DescribeTableCommand, { TableName: 'orders-blue' }).resolves({ Table: source });
      ddb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' } });
      ddb.on(DescribeContinuousBackupsCommand).resolves({
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: 'ENABLED',
          PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED', RecoveryPeriodInDays: 14 },
        },
      });
      ddb.on(UpdateContinuousBackupsCommand).resolves({});
      ddb
        .on(ListTagsOfResourceCommand)
        .resolvesOnce({
          Tags: [
            { Key: 'team', Value: 'orders' },
            { Key: 'aws:cloudformation:stack-name', Value: 'orders-blue' },
          ],
          NextToken: 't1',
        })
        .resolvesOnce({ Tags: [{ Key: 'env', Value: 'prod' }] });
      ddb
        .on(DescribeTableCommand, { TableName: 'orders-green' })
        .resolvesOnce(green('ACTIVE'))
        .rejectsOnce(notFound())
        .resolves(green('ACTIVE', { LatestStreamArn: `${ARN('orders-green')}/stream/new` }));
      ddb.on(DeleteTableCommand).resolves({});
      ddb.on(CreateTableCommand).resolves({ TableDescription: green('CREATING').Table });
      ddb.on(UpdateTimeToLiveCommand).resolves({});
      ddb.on(TagResourceCommand).resolves({});
    }

    it('reads the partner first, deletes, creates from the partner’s definition, waits, then applies TTL and tags', async () => {
      happyPath();
      const result = await run(resetTable(tools(), StackReference.Green, confirm));
      assert.deepEqual(ops(), [
        'DescribeTable', // partner
        'DescribeTimeToLive',
        'DescribeContinuousBackups',
        'ListTagsOfResource',
        'ListTagsOfResource',
        'DescribeTable', // the table to reset
        'DeleteTable',
        'DescribeTable', // waitUntilTableNotExists
        'CreateTable',
        'DescribeTable', // waitUntilTableExists
        'UpdateTimeToLive',
        'UpdateContinuousBackups',
        'TagResource',
      ]);
      assert.deepEqual(
        ddb.commandCalls(ListTagsOfResourceCommand).map((c) => c.args[0].input),
        [
          { ResourceArn: ARN('orders-blue'), NextToken: undefined },
          { ResourceArn: ARN('orders-blue'), NextToken: 't1' },
        ],
      );
      assert.deepEqual(ddb.commandCalls(CreateTableCommand)[0]?.args[0].input, {
        TableName: 'orders-green',
        AttributeDefinitions: ATTRIBUTES,
        KeySchema: TABLE_KEYS,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: [
          {
            IndexName: 'g1',
            KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] },
            ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 3 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'l1',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'lsk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KMS },
        TableClass: 'STANDARD_INFREQUENT_ACCESS',
      });
      assert.deepEqual(ddb.commandCalls(UpdateTimeToLiveCommand)[0]?.args[0].input, {
        TableName: 'orders-green',
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
      });
      assert.deepEqual(ddb.commandCalls(UpdateContinuousBackupsCommand)[0]?.args[0].input, {
        TableName: 'orders-green',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 14 },
      });
      assert.deepEqual(ddb.commandCalls(TagResourceCommand)[0]?.args[0].input, {
        ResourceArn: ARN('orders-green'),
        Tags: [
          { Key: 'team', Value: 'orders' },
          { Key: 'env', Value: 'prod' },
        ],
      });
      assert.deepEqual(result.definition.skippedTags, ['aws:cloudformation:stack-name']);
      assert.equal(result.latestStreamArn, `${ARN('orders-green')}/stream/new`);
      assert.equal(result.tableArn, ARN('orders-green'));
      assert.deepEqual([result.outcome, result.deletedExisting], ['changed', true]);
    });

    it('is resumable: a table already gone (deleted by a failed earlier run) is created without DeleteTable', async () => {
      happyPath();
      ddb.on(DescribeTableCommand, { TableName: 'orders-green' }).rejectsOnce(notFound()).resolves(green('ACTIVE'));
      const result = await run(resetTable(tools(), StackReference.Green, confirm));
      assert.equal(ddb.commandCalls(DeleteTableCommand).length, 0);
      assert.equal(ddb.commandCalls(CreateTableCommand).length, 1);
      assert.equal(result.deletedExisting, false);
      assert.match(result.message, /^created orders-green empty from the definition of orders-blue/);
    });

    it('copies an on-demand partner without provisioned throughput, keeping only set on-demand limits', async () => {
      happyPath(
        partner({
          BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
          ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
          OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: -1 },
          GlobalSecondaryIndexes: [
            {
              IndexName: 'g1',
              KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL', NonKeyAttributes: [] },
              ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
            },
          ],
          LocalSecondaryIndexes: undefined,
          StreamSpecification: undefined,
          SSEDescription: undefined,
          TableClassSummary: undefined,
          DeletionProtectionEnabled: false,
        }),
      );
      await run(resetTable(tools(), StackReference.Green, confirm));
      const input = ddb.commandCalls(CreateTableCommand)[0]?.args[0].input;
      assert.equal(input?.BillingMode, 'PAY_PER_REQUEST');
      assert.equal(input?.ProvisionedThroughput, undefined);
      assert.deepEqual(input?.OnDemandThroughput, { MaxReadRequestUnits: 100 });
      assert.deepEqual(input?.GlobalSecondaryIndexes, [
        { IndexName: 'g1', KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ]);
      for (const key of ['LocalSecondaryIndexes', 'StreamSpecification', 'SSESpecification', 'TableClass'] as const)
        assert.equal(input?.[key], undefined, key);
      assert.equal(input?.DeletionProtectionEnabled, false);
    });

    it('sends no UpdateTimeToLive, UpdateContinuousBackups or TagResource when the partner has no TTL, PITR or tags', async () => {
      happyPath();
      ddb.on(DescribeTimeToLiveCommand).resolves({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
      ddb.on(DescribeContinuousBackupsCommand).resolves({
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: 'ENABLED',
          PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
        },
      });
      ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
      await run(resetTable(tools(), StackReference.Green, confirm));
      assert.equal(ddb.commandCalls(UpdateTimeToLiveCommand).length, 0);
      assert.equal(ddb.commandCalls(UpdateContinuousBackupsCommand).length, 0);
      assert.equal(ddb.commandCalls(TagResourceCommand).length, 0);
    });

    it('retries UpdateContinuousBackups while the new table answers ContinuousBackupsUnavailableException', async () => {
      happyPath();
      const unavailable = new ContinuousBackupsUnavailableException({ message: 'Backups are being enabled for the table', ...meta });
      ddb.on(UpdateContinuousBackupsCommand).rejectsOnce(unavailable).rejectsOnce(unavailable).resolves({});
      await run(resetTable(tools(), StackReference.Green, confirm));
      assert.equal(ddb.commandCalls(UpdateContinuousBackupsCommand).length, 3);
      assert.equal(ddb.commandCalls(TagResourceCommand).length, 1, 'the tags are applied after PITR');
    });

    it('a missing partner is a ResourceNotFoundError before anything is deleted', async () => {
      ddb.on(DescribeTableCommand, { TableName: 'orders-blue' }).rejects(notFound());
      await assert.rejects(run(resetTable(tools(), StackReference.Green, confirm)), (e: unknown) => {
        assert.ok(e instanceof ResourceNotFoundError);
        assert.equal(e.resource, 'orders-blue');
        assert.match(e.message, /Nothing was changed/);
        return true;
      });
      assert.deepEqual(ops(), ['DescribeTable']);
    });

    it('a table with deletion protection is refused before anything changes', async () => {
      happyPath();
      ddb.on(DescribeTableCommand, { TableName: 'orders-green' }).resolves(green('ACTIVE', { DeletionProtectionEnabled: true }));
      await assert.rejects(run(resetTable(tools(), StackReference.Green, confirm)), InvalidStateError);
      assert.equal(ddb.commandCalls(DeleteTableCommand).length, 0);
      assert.equal(ddb.commandCalls(CreateTableCommand).length, 0);
    });

    it('ResourceInUseException from CreateTable (created meanwhile by someone else) is an InvalidStateError', async () => {
      happyPath();
      ddb.on(CreateTableCommand).rejects(new ResourceInUseException({ message: 'Table already exists', ...meta }));
      await assert.rejects(
        run(resetTable(tools(), StackReference.Green, confirm)),
        (e: unknown) => e instanceof InvalidStateError && /exists again/.test(e.message),
      );
    });

    it('a table that does not become ACTIVE in time is a WaitTimeoutError, and TTL and tags are not applied', async () => {
      happyPath();
      ddb.on(DescribeTableCommand, { TableName: 'orders-green' }).rejectsOnce(notFound()).resolves(green('CREATING'));
      await assert.rejects(run(resetTable(tools(), StackReference.Green, { ...confirm, wait: { maxWaitTime: 120 } })), (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.match(e.message, /orders-green to become ACTIVE/);
        return true;
      });
      assert.equal(ddb.commandCalls(UpdateTimeToLiveCommand).length, 0);
      assert.equal(ddb.commandCalls(TagResourceCommand).length, 0);
    });

    for (const [what, options, type] of [
      ['a mismatched expectedTableName', { expectedTableName: 'orders-blue' }, GuardError],
      ['no options', undefined, GuardError],
      ['wait: false', { ...confirm, wait: false }, ConfigError],
      ['a bad wait option', { ...confirm, wait: { minDelay: 'x' } }, ConfigError],
    ] as const) {
      it(`rejects ${what} with a ${type.name} and no AWS call`, async () => {
        await assert.rejects(resetTable(tools(), StackReference.Green, options as never), type);
        assert.equal(ddb.calls().length, 0);
      });
    }
  });
});

import { strict as assert } from 'node:assert';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoTools, deleteTable, resetTable } from '../../../src/dynamodb/index.js';
import { StackReference } from '../../../src/index.js';
import { DynamoPhaseProxy } from '../../support/dynamodb-phase-proxy.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: DynamoTools (moto behind a proxy adding the CREATING/DELETING phases that moto skips)', () => {
  const aws = useEmulator({ resetEach: true });
  let proxy: DynamoPhaseProxy;
  let endpoint: string;
  let moto: DynamoDBClient;
  const fast = { maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.2 };
  const tables = { blue: { tableName: 'orders-blue' }, green: { tableName: 'orders-green' } };
  const table = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => ({
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'gsk', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [
      { IndexName: 'by-gsk', KeySchema: [{ AttributeName: 'gsk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ],
    ...extra,
  });
  const tools = () => new DynamoTools({ tables, clientConfig: { ...aws.clientConfig(), endpoint } });

  beforeEach(async () => {
    proxy = new DynamoPhaseProxy(aws.endpoint(), 3);
    endpoint = await proxy.start();
    moto = new DynamoDBClient(aws.clientConfig());
  });
  afterEach(() => proxy.stop());

  it('resetTable waits through DELETING before CreateTable and through CREATING before TTL and tags', async () => {
    await moto.send(new CreateTableCommand(table('orders-blue', { Tags: [{ Key: 'team', Value: 'orders' }] })));
    await moto.send(
      new UpdateTimeToLiveCommand({ TableName: 'orders-blue', TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' } }),
    );
    await moto.send(new CreateTableCommand(table('orders-green')));

    const result = await resetTable(tools(), StackReference.Green, { expectedTableName: 'orders-green', wait: fast });
    assert.equal(result.outcome, 'changed');

    const greenLog = proxy.log.filter((line) => line.includes('orders-green'));
    const deleting = greenLog.filter((l) => l === 'DescribeTable orders-green → DELETING').length;
    const creating = greenLog.filter((l) => l === 'DescribeTable orders-green → CREATING').length;
    assert.ok(deleting >= 2, `polled through DELETING: ${greenLog.join(' | ')}`);
    assert.ok(creating >= 2, `polled through CREATING: ${greenLog.join(' | ')}`);
    assert.ok(!greenLog.some((l) => l.endsWith('ResourceInUseException')), `never acted on a table in transition: ${greenLog.join(' | ')}`);
    const createAt = greenLog.indexOf('CreateTable orders-green → CREATING');
    assert.ok(createAt > greenLog.lastIndexOf('DescribeTable orders-green → DELETING'), 'CreateTable only after the old table was gone');
    assert.ok(
      greenLog.findIndex((l) => l.startsWith('UpdateTimeToLive')) > greenLog.lastIndexOf('DescribeTable orders-green → CREATING'),
      'TTL only once ACTIVE',
    );

    const { Table } = await moto.send(new DescribeTableCommand({ TableName: 'orders-green' }));
    assert.equal(Table?.GlobalSecondaryIndexes?.[0]?.IndexName, 'by-gsk');
    const { TimeToLiveDescription } = await moto.send(new DescribeTimeToLiveCommand({ TableName: 'orders-green' }));
    assert.equal(TimeToLiveDescription?.AttributeName, 'ttl');
    const { Tags } = await moto.send(new ListTagsOfResourceCommand({ ResourceArn: Table?.TableArn }));
    assert.deepEqual(Tags, [{ Key: 'team', Value: 'orders' }]);
  });

  it('deleteTable on a table still CREATING waits until ACTIVE, deletes it and waits through DELETING until it is gone', async () => {
    const viaProxy = new DynamoDBClient({ ...aws.clientConfig(), endpoint });
    await viaProxy.send(new CreateTableCommand(table('orders-blue')));
    const result = await deleteTable(tools(), StackReference.Blue, { expectedTableName: 'orders-blue', wait: fast });
    assert.deepEqual([result.outcome, result.previousStatus], ['changed', 'CREATING']);
    const log = proxy.log.filter((l) => l.includes('orders-blue'));
    assert.ok(log.indexOf('DeleteTable orders-blue → DELETING') > log.lastIndexOf('DescribeTable orders-blue → CREATING'), log.join(' | '));
    assert.equal(log.at(-1), 'DescribeTable orders-blue → ResourceNotFoundException', 'waited until DescribeTable says it is gone');
    await assert.rejects(
      moto.send(new DescribeTableCommand({ TableName: 'orders-blue' })),
      (e: Error) => e.name === 'ResourceNotFoundException',
    );
  });

  it('deleteTable on a table already DELETING is already, and waits until it is gone', async () => {
    await moto.send(new CreateTableCommand(table('orders-blue')));
    const t = tools();
    await deleteTable(t, StackReference.Blue, { expectedTableName: 'orders-blue', wait: false });
    const again = await deleteTable(t, StackReference.Blue, { expectedTableName: 'orders-blue', wait: fast });
    assert.deepEqual([again.outcome, again.previousStatus], ['already', 'DELETING']);
    assert.equal(proxy.log.at(-1), 'DescribeTable orders-blue → ResourceNotFoundException');
  });
});

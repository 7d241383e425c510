import { strict as assert } from 'node:assert';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoTools, resetTable } from '../../../src/dynamodb/index.js';
import { ConfigError, GuardError, LiveStackError, refuseLiveStack, StackReference } from '../../../src/index.js';
import { purgeQueues, SqsTools } from '../../../src/sqs/index.js';

describe('Function: refuseLiveStack (the liveStack guard of destructive tool methods)', () => {
  const sqs = mockClient(SQSClient);
  const ddb = mockClient(DynamoDBClient);
  beforeEach(() => {
    sqs.reset();
    ddb.reset();
  });
  after(() => {
    sqs.restore();
    ddb.restore();
  });

  it('passes for the other stack and without a liveStack; refuses the live one with LiveStackError (a GuardError)', () => {
    refuseLiveStack('blue', 'green', 'purge');
    refuseLiveStack('blue', undefined, 'purge');
    assert.throws(
      () => refuseLiveStack('green', 'green', 'reset table t-green'),
      (e: unknown) =>
        e instanceof LiveStackError &&
        e instanceof GuardError &&
        e.liveStack === 'green' &&
        /Refusing to reset table t-green: the green stack is live/.test(e.message),
    );
    assert.throws(() => refuseLiveStack('green', 'purple', 'x'), ConfigError);
  });

  it('purgeQueues(sqs, …) refuses the live stack before any AWS call', async () => {
    const tools = new SqsTools({
      queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } },
      awsSdkV3Client: new SQSClient({ region: 'eu-west-1' }),
    });
    await assert.rejects(purgeQueues(tools, StackReference.Green, { liveStack: StackReference.Green }), LiveStackError);
    assert.equal(sqs.calls().length, 0);
  });

  it('resetTable(dynamo, …) refuses the live stack before any AWS call (the classic re-run bug)', async () => {
    const tools = new DynamoTools({
      tables: { blue: { tableName: 't-blue' }, green: { tableName: 't-green' } },
      awsSdkV3Client: new DynamoDBClient({ region: 'eu-west-1' }),
    });
    await assert.rejects(
      resetTable(tools, StackReference.Green, { expectedTableName: 't-green', liveStack: StackReference.Green }),
      LiveStackError,
    );
    assert.equal(ddb.calls().length, 0);
  });
});

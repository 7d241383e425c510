import { strict as assert } from 'node:assert';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError, StackReference } from '../../../src/index.js';
import { FlipLease, LeaseHeldError, LeaseLostError } from '../../../src/runbook/index.js';

/**
 * AWS's refusal of a conditional write, as the SDK deserialises it: ConditionalCheckFailedException (HTTP 400,
 * "The conditional request failed"), carrying the item when the request asked for
 * ReturnValuesOnConditionCheckFailure: ALL_OLD (DynamoDB API Reference, UpdateItem and ConditionalCheckFailedException).
 */
const refused = (Item?: Record<string, { S?: string; N?: string }>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    ...(Item ? { Item } : {}),
  });

describe('Class: FlipLease', () => {
  const ddb = mockClient(DynamoDBClient);
  let now = 1_000_000;
  const lease = (options: Partial<ConstructorParameters<typeof FlipLease>[0]> = {}) =>
    new FlipLease({
      tableName: 'locks',
      lockId: 'shop',
      holder: 'me@ci:1',
      leaseId: 'lease-me',
      clientConfig: { region: 'eu-west-1' },
      now: () => now,
      ...options,
    });
  beforeEach(() => {
    ddb.reset();
    now = 1_000_000;
  });

  describe('Method: acquire', () => {
    it('takes the lease with one conditional UpdateItem (free, own, or expired) and an expiry of now + leaseSeconds', async () => {
      ddb
        .on(UpdateItemCommand)
        .resolves({
          Attributes: {
            lockId: { S: 'shop' },
            leaseId: { S: 'lease-me' },
            holder: { S: 'me@ci:1' },
            expiresAt: { N: String(now + 120_000) },
          },
        });
      const record = await lease().acquire({ target: StackReference.Green, phase: 'all' });
      assert.equal(record.held, true);
      const calls = ddb.commandCalls(UpdateItemCommand);
      assert.equal(calls.length, 1);
      const input = calls[0]?.args[0].input;
      assert.equal(input?.ConditionExpression, 'attribute_not_exists(leaseId) OR leaseId = :id OR expiresAt < :now');
      assert.equal(input?.ReturnValuesOnConditionCheckFailure, 'ALL_OLD');
      assert.deepEqual(input?.ExpressionAttributeValues?.[':exp'], { N: String(now + 120_000) });
      assert.deepEqual(input?.ExpressionAttributeValues?.[':target'], { S: 'green' });
    });

    it('a refusal (ConditionalCheckFailedException with the item, per ReturnValuesOnConditionCheckFailure) is a LeaseHeldError naming the holder — one call, no read', async () => {
      ddb.on(UpdateItemCommand).rejects(
        refused({
          lockId: { S: 'shop' },
          leaseId: { S: 'lease-other' },
          holder: { S: 'alice@laptop:42' },
          expiresAt: { N: String(now + 60_000) },
          intentTarget: { S: 'blue' },
          intentPhase: { S: 'finish' },
        }),
      );
      const error = await lease()
        .acquire({ target: StackReference.Green, phase: 'all' })
        .catch((e) => e);
      assert.ok(error instanceof LeaseHeldError);
      assert.equal(error.holder, 'alice@laptop:42');
      assert.equal(error.leaseId, 'lease-other');
      assert.equal(error.expiresAt, now + 60_000);
      assert.deepEqual(error.intent, { target: 'blue', phase: 'finish' });
      assert.match(error.message, /held by alice@laptop:42 \(flipping to blue, phase finish\).*Nothing was changed.*bluegreen lock break/);
      assert.equal(ddb.calls().length, 1);
    });

    it('a refusal without the item reads it (strongly consistent) to name the holder', async () => {
      ddb.on(UpdateItemCommand).rejects(refused());
      ddb
        .on(GetItemCommand)
        .resolves({ Item: { lockId: { S: 'shop' }, leaseId: { S: 'x' }, holder: { S: 'bob' }, expiresAt: { N: String(now + 5000) } } });
      const error = await lease()
        .acquire({ target: StackReference.Blue, phase: 'prepare' })
        .catch((e) => e);
      assert.ok(error instanceof LeaseHeldError);
      assert.equal(error.holder, 'bob');
      assert.equal(ddb.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead, true);
    });

    it('a refusal whose item shows the lease expired or released in between is retried (bounded)', async () => {
      ddb
        .on(UpdateItemCommand)
        .rejectsOnce(refused({ lockId: { S: 'shop' }, lastHolder: { S: 'bob' } }))
        .resolves({ Attributes: { lockId: { S: 'shop' }, leaseId: { S: 'lease-me' }, expiresAt: { N: String(now + 120_000) } } });
      const record = await lease().acquire({ target: StackReference.Blue, phase: 'all' });
      assert.equal(record.held, true);
      assert.equal(ddb.commandCalls(UpdateItemCommand).length, 2);
    });

    it('bad options are a ConfigError before any AWS call', () => {
      assert.throws(() => lease({ tableName: 'x' }), ConfigError);
      assert.throws(
        () => lease({ leaseSeconds: 10, heartbeatSeconds: 10 }),
        /heartbeatSeconds \(10\) must be shorter than lock.leaseSeconds \(10\)/,
      );
      assert.throws(() => lease({ leaseSeconds: -1 }), ConfigError);
      assert.equal(ddb.calls().length, 0);
    });
  });

  describe('Method: heartbeat / release', () => {
    it('a heartbeat extends the expiry only while the lease is ours; refused, it is a LeaseLostError naming the new holder', async () => {
      ddb.on(UpdateItemCommand).resolvesOnce({});
      await lease().heartbeat({ target: StackReference.Green, completedSteps: ['a'], status: 'running', updatedAt: 'now' });
      const input = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
      assert.equal(input?.ConditionExpression, 'leaseId = :mine');
      assert.deepEqual(input?.ExpressionAttributeValues?.[':mine'], { S: 'lease-me' });
      assert.match(String(input?.ExpressionAttributeValues?.[':progress']?.S), /"completedSteps":\["a"\]/);
      ddb.on(UpdateItemCommand).rejects(refused({ lockId: { S: 'shop' }, leaseId: { S: 'lease-2' }, holder: { S: 'carol' } }));
      const error = await lease()
        .heartbeat()
        .catch((e) => e);
      assert.ok(error instanceof LeaseLostError);
      assert.equal(error.holder, 'carol');
    });

    it('release records the live stack and removes the holder; a retry after a lost response is already', async () => {
      ddb.on(UpdateItemCommand).resolvesOnce({});
      const first = await lease().release({ live: StackReference.Green });
      assert.equal(first.outcome, 'changed');
      const input = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
      assert.match(String(input?.UpdateExpression), /SET lastHolder = :holder, releasedAt = :now, live = :live REMOVE leaseId, holder/);
      assert.equal(input?.ConditionExpression, 'leaseId = :mine');
      // The retry finds the item without a holder (the first attempt landed): already released.
      ddb.on(UpdateItemCommand).rejects(refused({ lockId: { S: 'shop' }, lastHolder: { S: 'me@ci:1' }, live: { S: 'green' } }));
      ddb.on(GetItemCommand).resolves({ Item: { lockId: { S: 'shop' }, lastHolder: { S: 'me@ci:1' }, live: { S: 'green' } } });
      const again = await lease().release({ live: StackReference.Green });
      assert.equal(again.outcome, 'already');
    });
  });

  describe('Method: read / keepAlive', () => {
    it('an item whose expiresAt has passed reads as not held (a crashed holder)', async () => {
      ddb.on(GetItemCommand).resolves({
        Item: {
          lockId: { S: 'shop' },
          leaseId: { S: 'dead' },
          holder: { S: 'crashed' },
          expiresAt: { N: String(now - 1) },
          live: { S: 'blue' },
        },
      });
      const record = await lease().read();
      assert.equal(record?.held, false);
      assert.equal(record?.holder, 'crashed');
      assert.equal(record?.live, 'blue');
    });

    it('keepAlive renews on its interval and aborts its signal with LeaseLostError once the lease is lost', async () => {
      ddb
        .on(UpdateItemCommand)
        .resolvesOnce({})
        .rejects(refused({ lockId: { S: 'shop' }, leaseId: { S: 'other' }, holder: { S: 'dave' } }));
      const alive = lease({ leaseSeconds: 1, heartbeatSeconds: 0.02 }).keepAlive();
      try {
        await new Promise((resolve) => alive.signal.addEventListener('abort', resolve, { once: true }));
        assert.ok(alive.signal.reason instanceof LeaseLostError);
        assert.equal((alive.signal.reason as LeaseLostError).holder, 'dave');
        assert.equal(ddb.commandCalls(UpdateItemCommand).length, 2);
      } finally {
        alive.stop();
      }
    });
  });
});

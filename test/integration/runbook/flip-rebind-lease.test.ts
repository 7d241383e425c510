import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoTools, resetTable } from '../../../src/dynamodb/index.js';
import { StackReference } from '../../../src/index.js';
import { LambdaTools, rebindStreamMappings } from '../../../src/lambda/index.js';
import { FlipLease, LeaseHeldError } from '../../../src/runbook/index.js';
import { createLambdaRole, createTestFunction } from '../../support/lambda-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('Flip: rebinding a reset table stream, and the lease on DynamoDB (emulator)', function () {
  this.timeout(120_000);
  const aws = useEmulator({ resetEach: true });

  describe('Function: rebindStreamMappings', () => {
    it('after resetTable (new LatestStreamArn) the mapping is recreated on the new stream with the same settings', async () => {
      const ddb = new DynamoDBClient(aws.clientConfig());
      const lambda = new LambdaClient(aws.clientConfig());
      await createLambdaRole(aws.endpoint());
      for (const stack of ['blue', 'green'])
        await ddb.send(
          new CreateTableCommand({
            TableName: `rb-${stack}`,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
          }),
        );
      for (const stack of ['blue', 'green']) await createTestFunction(lambda, `rb-worker-${stack}`);
      const before = await ddb.send(new DescribeTableCommand({ TableName: 'rb-green' }));
      const oldStream = before.Table?.LatestStreamArn as string;
      const created = await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'rb-worker-green',
          EventSourceArn: oldStream,
          StartingPosition: 'LATEST',
          BatchSize: 37,
          MaximumRetryAttempts: 4,
          Enabled: false,
        }),
      );

      const tables = new DynamoTools({
        tables: { blue: { tableName: 'rb-blue' }, green: { tableName: 'rb-green' } },
        clientConfig: aws.clientConfig(),
      });
      await resetTable(tables, StackReference.Green, {
        expectedTableName: 'rb-green',
        liveStack: StackReference.Blue,
        wait: { maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 },
      });
      const after = await ddb.send(new DescribeTableCommand({ TableName: 'rb-green' }));
      const newStream = after.Table?.LatestStreamArn as string;
      assert.notEqual(newStream, oldStream, 'a recreated table has a new stream ARN');

      const tools = new LambdaTools({
        functions: { blue: { functionName: 'rb-worker-blue' }, green: { functionName: 'rb-worker-green' } },
        clientConfig: aws.clientConfig(),
      });
      const result = await rebindStreamMappings(tools, StackReference.Green, `${after.Table?.TableArn}/stream/`, newStream);
      assert.equal(result.outcome, 'changed');
      // Every mapping of the function (by name and by ARN, as LambdaTools lists them).
      const mappings = await tools.listEventSourceMappings(StackReference.Green);
      assert.deepEqual(
        mappings.map((m) => m.eventSourceArn),
        [newStream],
        'the old mapping is gone, one mapping reads the new stream',
      );
      const gone = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })).catch((e: Error) => e.name);
      assert.equal(gone, 'ResourceNotFoundException');
      const rebound = await lambda.send(new GetEventSourceMappingCommand({ UUID: mappings[0]?.uuid }));
      assert.equal(rebound.BatchSize, 37);
      assert.equal(rebound.MaximumRetryAttempts, 4);
      assert.notEqual(rebound.UUID, created.UUID);
      const again = await rebindStreamMappings(tools, StackReference.Green, `${after.Table?.TableArn}/stream/`, newStream);
      assert.equal(again.outcome, 'already', 'idempotent');
    });
  });

  describe('Class: FlipLease (conditional writes evaluated by the emulator)', () => {
    const lease = (holder: string, extra: Partial<ConstructorParameters<typeof FlipLease>[0]> = {}) =>
      new FlipLease({ tableName: 'flip-locks', lockId: 'shop', holder, clientConfig: aws.clientConfig(), ...extra });
    beforeEach(async () => {
      await new DynamoDBClient(aws.clientConfig()).send(
        new CreateTableCommand({
          TableName: 'flip-locks',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
        }),
      );
    });

    it('of 8 holders contending for the lease exactly one gets it; the others get LeaseHeldError naming the winner', async () => {
      // One after another: moto evaluates a conditional write and applies it without an item lock, so truly
      // concurrent writes can both pass there. DynamoDB itself makes the check and the write one atomic operation
      // (Developer Guide, "Condition expressions"); the unit tests pin the refusal's shape, and concurrent races belong
      // to the account-true world, which must apply writes to one item one at a time as DynamoDB does.
      const results: PromiseSettledResult<{ holder?: string }>[] = [];
      for (let i = 0; i < 8; i++)
        results.push(
          await lease(`holder-${i}`)
            .acquire({ target: StackReference.Green, phase: 'all' })
            .then(
              (value) => ({ status: 'fulfilled' as const, value }),
              (reason: unknown) => ({ status: 'rejected' as const, reason }),
            ),
        );
      const won = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ holder?: string }>[];
      assert.equal(won.length, 1);
      const winner = won[0]?.value.holder;
      for (const r of results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]) {
        assert.ok(r.reason instanceof LeaseHeldError, String(r.reason));
        assert.equal(r.reason.holder, winner);
      }
      assert.equal((await lease('reader').read())?.holder, winner);
    });

    it('a crashed holder (never released) blocks until its lease expires, then the next flip takes it; release keeps the live stack', async () => {
      await lease('crashed', { leaseSeconds: 1, heartbeatSeconds: 0.2 }).acquire({ target: StackReference.Green, phase: 'all' });
      await assert.rejects(lease('next').acquire({ target: StackReference.Green, phase: 'all' }), LeaseHeldError);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const next = lease('next');
      const record = await next.acquire({ target: StackReference.Green, phase: 'all' });
      assert.equal(record.holder, 'next');
      await next.release({ live: StackReference.Green });
      const after = await lease('reader').read();
      assert.deepEqual([after?.held, after?.live, after?.lastHolder], [false, 'green', 'next']);
      // Acquire is idempotent for its own lease id (a retry whose first attempt landed, or a durable replay).
      const own = lease('durable', { leaseId: 'exec-1' });
      await own.acquire({ target: StackReference.Blue, phase: 'all' });
      await own.acquire({ target: StackReference.Blue, phase: 'all' });
      assert.equal((await own.breakLease('exec-1'))?.holder, 'durable');
      assert.equal(await own.breakLease(), undefined, 'nothing left to break');
    });
  });

  it('infra/lock-table.yaml passes the pinned cfn-lint with no error or warning', () => {
    const cfnLint = `${root}.venv-moto/bin/cfn-lint`;
    assert.ok(existsSync(cfnLint), 'cfn-lint is missing: run `node scripts/ensure-moto.mjs`');
    const result = spawnSync(cfnLint, ['--format', 'parseable', `${root}infra/lock-table.yaml`], { encoding: 'utf8' });
    assert.equal(result.status, 0, `cfn-lint found problems:\n${result.stdout}${result.stderr}`);
  });
});

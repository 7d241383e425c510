import { strict as assert } from 'node:assert';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, createStackTools, type FlipOptions, getStatusBoard, LeaseHeldError } from '../../../src/runbook/index.js';
import { type FlipWorld, startFlipWorld } from '../../support/account-true/flip-world.js';
import { createLockTable } from '../../support/account-true/lock-table.js';
import { useEmulator } from '../../support/use-emulator.js';

/** One AWS minute lasts 0.1 s. */
const SCALE = 1 / 600;
const FAST = { maxWaitTime: 60, minDelay: 0.02, maxDelay: 0.2 };
const LOCK_TABLE = 'bluegreen-locks';

function options(stage: FlipWorld, client: string, extra: Partial<FlipOptions> = {}): FlipOptions {
  return {
    clientConfig: stage.world.clientConfig({ client }),
    lock: { tableName: LOCK_TABLE, leaseSeconds: 30, heartbeatSeconds: 1 },
    propagationDwellSeconds: 900 * SCALE,
    drain: { windowSeconds: 60 * SCALE, metricPeriodSeconds: 60 * SCALE, maxWaitTime: 60 },
    wait: FAST,
    ...extra,
  };
}

/** Mutating calls that reached the proxy, except the lease's own writes to the lock table. */
const stackWrites = (stage: FlipWorld, client?: string) =>
  stage.world.log
    .mutating()
    .filter((c) => c.resource !== LOCK_TABLE && (client === undefined || c.client === client))
    .map((c) => `${c.service}.${c.operation} ${c.resource ?? ''}`);

describe('account-true: the flip lease and live state', function () {
  this.timeout(300_000);
  const aws = useEmulator({ resetEach: true });
  let stage: FlipWorld | undefined;
  afterEach(async () => {
    await stage?.close();
    stage = undefined;
  });

  it('a re-run of a completed flip makes 0 mutating calls (counted at the proxy, lock table included); the live table keeps its item', async () => {
    stage = await startFlipWorld(aws.endpoint(), { seed: 11, timeScale: SCALE });
    await createLockTable(stage.world.motoConfig(), LOCK_TABLE);
    const flip = () => bluegreenFlip(stage!.config, options(stage!, 'first'));
    assert.equal((await flip().flip(StackReference.Green)).succeeded, true);
    const table = stage.names.green.table;
    const dynamo = new DynamoDBClient(stage.world.motoConfig());
    await dynamo.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'session-1' }, user: { S: 'ada' } } }));
    await stage.world.settle();
    const tools = await createStackTools(stage.config, { clientConfig: stage.world.motoConfig() });
    const before = (await getStatusBoard(tools)).rows;

    stage.world.log.clear();
    const again = await flip().flip(StackReference.Green);
    assert.equal(again.succeeded, true);
    assert.deepEqual(stackWrites(stage), [], 'no mutating call reached any stack resource');
    assert.deepEqual(stage.world.log.counts(), {}, 'nor the lock table: the re-run reads the lease instead of taking it');
    const item = await dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'session-1' } } }));
    assert.equal(item.Item?.user?.S, 'ada', 'the live table was not reset');
    await stage.world.settle();
    assert.deepEqual((await getStatusBoard(tools)).rows, before);
  });

  it('two flips on one pair, 20 races: exactly one proceeds, the other fails with LeaseHeldError before any mutating call; the pair ends on the target', async () => {
    stage = await startFlipWorld(aws.endpoint(), { seed: 12, timeScale: SCALE, stack: 'messaging', sns: { propagation: [0, 60] } });
    await createLockTable(stage.world.motoConfig(), LOCK_TABLE);
    const config = stage.config;
    for (let race = 0; race < 20; race++) {
      const target = race % 2 === 0 ? StackReference.Green : StackReference.Blue;
      stage.world.log.clear();
      const fast = { propagationDwellSeconds: 60 * SCALE };
      const outcomes: PromiseSettledResult<unknown>[] = await Promise.allSettled([
        bluegreenFlip(config, options(stage, 'a', fast)).flip(target),
        bluegreenFlip(config, options(stage, 'b', fast)).flip(target),
      ]);
      const ok = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.flatMap((o, i) =>
        o.status === 'rejected' ? [{ error: o.reason as Error, client: i === 0 ? 'a' : 'b' }] : [],
      );
      assert.equal(ok.length, 1, `race ${race}: exactly one flip proceeds (${refused.map((r) => String(r.error)).join('; ')})`);
      assert.equal(refused.length, 1);
      const loser = refused[0] as { error: Error; client: string };
      assert.ok(loser.error instanceof LeaseHeldError, `race ${race}: ${String(loser.error)}`);
      assert.match(loser.error.message, /held|lease/i);
      assert.deepEqual(stackWrites(stage, loser.client), [], `race ${race}: the refused flip made no mutating call`);
      await stage.world.settle();
      const tools = await createStackTools(stage.config, { clientConfig: stage.world.motoConfig() });
      const board = await getStatusBoard(tools);
      const subs = board.rows.find((r) => r.section === 'sns' && r.label === 'subscriptions');
      assert.deepEqual(
        target === StackReference.Green ? [subs?.blue, subs?.green] : [subs?.green, subs?.blue],
        ['0/1 enabled', '1/1 enabled'],
        `race ${race}: ends exactly on ${target}`,
      );
    }
  });
});

import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/core/index.js';
import { getStatusBoard, type StackTools } from '../../../src/runbook/index.js';

/** Fake tools whose every read takes a few ms and records how many reads are in flight. */
function fakeTools() {
  let inFlight = 0;
  const peaks: number[] = [];
  const read =
    <T>(value: T) =>
    async () => {
      inFlight++;
      peaks.push(inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return value;
    };
  const tools = {
    sqs: { getQueueDepth: read({ queues: [{ role: 'queue', total: 0, visible: 0, inFlight: 0, delayed: 0 }] }) },
    sns: { getSubscriptionStates: read([{ enabled: true }]) },
    lambda: { listEventSourceMappings: read([{ state: 'Enabled' }]) },
    eventbridge: { listRules: read([{ enabled: false }]) },
    cloudwatch: { getAlarmStates: read({ alarms: [], inAlarm: [] }) },
    dynamodb: { describeTable: read({ TableStatus: 'ACTIVE' }) },
  } as unknown as StackTools;
  return { tools, peak: () => Math.max(...peaks), reads: () => peaks.length };
}

describe('Function: getStatusBoard', () => {
  it('reads every section of both stacks at once (a lambda section reads mappings and rules together)', async () => {
    const fake = fakeTools();
    const board = await getStatusBoard(fake.tools);
    assert.equal(fake.reads(), 12);
    assert.equal(fake.peak(), 12, 'all 12 reads were in flight together');
    assert.deepEqual(
      board.rows.map((r) => `${r.section}/${r.label}`),
      [
        'dynamodb/table',
        'sqs/queue depth',
        'sns/subscriptions',
        'lambda/event source mappings',
        'lambda/rules',
        'cloudwatch/alarm actions',
        'cloudwatch/in ALARM',
      ],
      'rows stay in service order',
    );
  });

  it('bounds the reads in flight by options.concurrency', async () => {
    const fake = fakeTools();
    await getStatusBoard(fake.tools, { concurrency: 2 });
    // each (section, stack) job counts once; the lambda job itself reads two things at once
    assert.ok(fake.peak() <= 4, `peak ${fake.peak()}`);
    assert.equal(fake.reads(), 12);
  });

  it('rejects a bad concurrency with a ConfigError before any read', async () => {
    const fake = fakeTools();
    await assert.rejects(getStatusBoard(fake.tools, { concurrency: 0 }), ConfigError);
    assert.equal(fake.reads(), 0);
  });
});

import { strict as assert } from 'node:assert';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, type LeaseRecord, Runbook, RunbookError } from '../../../src/runbook/index.js';
import { FakeStack, FULL, INSTANT } from './fake-stack.js';
import { memoryLease } from './memory-lease.js';

const G = StackReference.Green;

describe('Function: bluegreenFlip — exact undo with pre-states', () => {
  it('a failed step whose resource was already in place before the run (its call lost) is not reverted by the undo', async () => {
    const fake = new FakeStack();
    fake.state.green.mappings = true; // switched on by hand before the flip
    fake.fail('lambda.enableEventMappings(green)', { applied: true });
    const error = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() })
      .prepare(G)
      .catch((e: unknown) => e);
    assert.ok(error instanceof RunbookError);
    assert.equal(error.failedStep, 'lambda: enable green event source mappings');
    assert.equal(fake.state.green.mappings, true, 'the mapping that was on before stays on');
    assert.ok(!fake.calls.includes('lambda.disableEventMappings(green)'), 'no disable call for a mapping the run did not change');
    // The steps before it changed things: they are reverted.
    assert.equal(fake.state.green.cluster, 'stopped');
  });

  it('a failed step whose change landed is reverted when its resource was off before the run', async () => {
    const fake = new FakeStack();
    fake.fail('sns.enableSubscription(green)', { applied: true });
    const error = await bluegreenFlip(FULL, { ...INSTANT, tools: fake.tools() })
      .prepare(G)
      .catch((e: unknown) => e);
    assert.ok(error instanceof RunbookError);
    assert.equal(fake.state.green.subscriptions, false);
    assert.equal(fake.state.green.mappings, false);
  });

  it('with a lease, the pre-state recorded before a failed step survives a resumed run: the resumed undo reverts what the first attempt changed', async () => {
    const shared: { record?: LeaseRecord } = {};
    const fake = new FakeStack();
    const options = { ...INSTANT, lock: undefined, tools: fake.tools() };
    fake.fail('sns.enableSubscription(green)', { applied: true, times: 1 });
    const first = await bluegreenFlip(FULL, { ...options, lease: memoryLease(shared, 'ci-1') })
      .prepare(G, { undoOnFailure: false })
      .catch((e: unknown) => e);
    assert.ok(first instanceof RunbookError);
    assert.equal(fake.state.green.subscriptions, true, 'the lost call landed and nothing was undone');
    assert.deepEqual(shared.record?.progress?.snapshots?.['sns: enable green subscriptions'], { inPlace: [], toRevert: ['sub-green'] });
    // Resumed at the failed step (which now finds its change in place); a later step fails.
    fake.fail('cloudwatch.enableAlarmActions(green)');
    const resumed = await bluegreenFlip(FULL, { ...options, lease: memoryLease(shared, 'ci-2') })
      .prepare(G, { from: 'sns: enable green subscriptions' })
      .catch((e: unknown) => e);
    assert.ok(resumed instanceof RunbookError);
    assert.ok(resumed.undone.includes('sns: enable green subscriptions'));
    assert.equal(
      fake.state.green.subscriptions,
      false,
      'reverted: the first attempt changed it, though a new snapshot would say "in place"',
    );
    // The steps the first run completed (with their recorded pre-states) are undone too: back to where it began.
    assert.equal(fake.state.green.mappings, false);
    assert.equal(fake.state.green.cluster, 'stopped');
    // Undone steps are back to their pre-state: their snapshots are not kept.
    assert.equal(shared.record?.progress?.snapshots?.['sns: enable green subscriptions'], undefined);
  });

  it('a successful flip clears the recorded pre-states', async () => {
    const shared: { record?: LeaseRecord } = {};
    await bluegreenFlip(FULL, { ...INSTANT, lock: undefined, tools: new FakeStack().tools(), lease: memoryLease(shared, 'ci-1') }).flip(G);
    assert.equal(shared.record?.progress?.status, 'succeeded');
    assert.equal(shared.record?.progress?.snapshots, undefined);
  });
});

describe('Class: Runbook — snapshots', () => {
  it('takes a step’s snapshot before its run, awaits onSnapshot, and gives undo the pre-state; an earlier run’s snapshot wins', async () => {
    const order: string[] = [];
    const undoBefore: Record<string, unknown> = {};
    const step = (name: string) => ({
      name,
      snapshot: async () => {
        order.push(`snapshot ${name}`);
        return { of: name };
      },
      run: async () => {
        order.push(`run ${name}`);
        if (name === 'c') throw new Error('c broke');
      },
      undo: async ({ before }: { before?: unknown }) => {
        undoBefore[name] = before;
      },
    });
    const runbook = new Runbook({ name: 'rb', steps: [step('a'), step('b'), step('c')] });
    const error = await runbook
      .run({
        from: 'b',
        snapshots: { a: { of: 'a (first run)' }, b: { of: 'b (first run)' } },
        onSnapshot: async (name) => {
          order.push(`recorded ${name}`);
        },
      })
      .catch((e: unknown) => e);
    assert.ok(error instanceof RunbookError);
    assert.deepEqual(order, ['run b', 'snapshot c', 'recorded c', 'run c']);
    assert.deepEqual(undoBefore, { a: { of: 'a (first run)' }, b: { of: 'b (first run)' }, c: { of: 'c' } });
  });

  it('a failed step without undo that names its resources is listed in leftToFix with them; a read-only one is not', async () => {
    const runbook = new Runbook({
      name: 'rb',
      steps: [
        { name: 'gate', run: async () => ({ outcome: 'already' }) },
        {
          name: 'reset',
          run: async () => {
            throw new Error('lost');
          },
          resources: async () => ['dynamodb table t-green'],
          manualUndo: 'recreate it',
        },
      ],
    });
    const error = (await runbook.run().catch((e: unknown) => e)) as RunbookError;
    assert.deepEqual(
      error.leftToFix.map((f) => ({ step: f.step, resources: f.resources, fix: f.fix, attempts: f.attempts })),
      [{ step: 'reset', resources: ['dynamodb table t-green'], fix: 'recreate it', attempts: 0 }],
    );
    assert.match(error.message, /reset \(dynamodb table t-green\): lost → recreate it/);
  });
});

import { strict as assert } from 'node:assert';
import type { DurableContext } from '@aws/durable-execution-sdk-js';
import {
  type DurableFlipReport,
  type DurableLease,
  type DurableProgress,
  type DurableStep,
  type DurableUndoContext,
  durableFlip,
  durableFlipOf,
  runDurableSteps,
} from '../../../src/durable/index.js';
import { silentLogger } from '../../../src/index.js';
import { runDurable, useLocalDurableRunner } from '../../support/durable/local-runner.js';

const CONFIG = { sqs: { queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } } };
const SWITCH = 'lambda: enable green event source mappings';
const LATER = 'sns: disable blue subscriptions';

interface PreState {
  inPlace: string[];
  toRevert: string[];
}

/**
 * An in-memory stack: the switching step turns on the mappings A, B and C (A may already be on), with a snapshot, an
 * exact undo, an undo settle and `resources` as the flip's switching steps have (src/runbook/flip-prestate.ts); a
 * later step flips one switch. Counts snapshots and records what each undo and undo check received.
 */
function world(options: { onBefore?: string[]; failAt?: string; crashAt?: string; undoFails?: boolean; noUndo?: boolean } = {}) {
  const on = new Set(options.onBefore ?? []);
  const mappings = ['A', 'B', 'C'];
  const calls = { snapshots: 0, undoBefores: [] as unknown[], undoSettleBefores: [] as unknown[], resources: 0 };
  let crashed = false;
  const fault = (name: string) => {
    if (options.crashAt === name && !crashed) {
      crashed = true;
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    }
    if (options.failAt === name) throw new Error(`${name} refused`);
  };
  const switching: DurableStep = {
    name: SWITCH,
    snapshot: async () => {
      calls.snapshots++;
      return { inPlace: mappings.filter((m) => on.has(m)), toRevert: mappings.filter((m) => !on.has(m)) } satisfies PreState;
    },
    run: async () => {
      for (const m of mappings) on.add(m);
      fault(SWITCH);
      return { outcome: 'changed', message: 'enabled' };
    },
    ...(options.noUndo
      ? {}
      : {
          undo: async ({ before }: DurableUndoContext) => {
            calls.undoBefores.push(before);
            if (options.undoFails) throw new Error('UpdateEventSourceMapping: ResourceConflictException');
            const revert = (before as PreState | undefined)?.toRevert ?? mappings;
            for (const m of revert) on.delete(m);
            return { outcome: revert.length ? 'changed' : 'already' };
          },
          undoSettle: {
            description: 'reverted mappings Disabled',
            maxWaitSeconds: 60,
            check: async ({ before }) => {
              calls.undoSettleBefores.push(before);
              return { done: true };
            },
          },
        }),
    resources: async ({ before }) => {
      calls.resources++;
      const pre = before as PreState | undefined;
      return mappings.filter((m) => on.has(m) && !pre?.inPlace.includes(m)).map((m) => `lambda mapping ${m}`);
    },
  };
  let later = false;
  const laterStep: DurableStep = {
    name: LATER,
    run: async () => {
      later = true;
      fault(LATER);
      return { outcome: 'changed' };
    },
    undo: async () => {
      later = false;
      return { outcome: 'changed' };
    },
  };
  return { on, calls, steps: [switching, laterStep], later: () => later };
}

const sorted = (s: Set<string>) => [...s].sort();

describe('Function: durableFlip — exact undo from pre-states (LocalDurableTestRunner, time skipping)', () => {
  useLocalDurableRunner();

  it('a failure at a later step: the undo (and its settle) get the snapshot as before; only what was not already on is reverted', async () => {
    const w = world({ onBefore: ['A'], failAt: LATER });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps }), { phase: 'prepare', target: 'green' });
    assert.equal(run.status, 'FAILED');
    assert.deepEqual(sorted(w.on), ['A'], 'A was on before the flip and stays on; B and C are off again');
    const pre = { inPlace: ['A'], toRevert: ['B', 'C'] };
    assert.deepEqual(w.calls.undoBefores, [pre]);
    assert.deepEqual(w.calls.undoSettleBefores, [pre]);
    assert.equal(w.later(), false);
    assert.equal(w.calls.resources, 0, 'resources are read only when something is left to fix');
  });

  it('a failure at the snapshotted step itself (its change landed): its undo gets before and reverts only B and C', async () => {
    const w = world({ onBefore: ['A'], failAt: SWITCH });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps }), { phase: 'prepare', target: 'green' });
    assert.equal(run.status, 'FAILED');
    assert.match(run.error?.errorMessage ?? '', new RegExp(`failed at '${SWITCH}'`));
    assert.deepEqual(sorted(w.on), ['A']);
    assert.deepEqual(w.calls.undoBefores, [{ inPlace: ['A'], toRevert: ['B', 'C'] }]);
    assert.equal(w.later(), false, 'the later step never ran');
  });

  it('a crash in the run after the snapshot checkpoint replays with the checkpointed pre-state: the snapshot is not taken again', async () => {
    // The crash lands A, B and C; a snapshot read again on replay would see all three on and revert nothing.
    const w = world({ onBefore: ['A'], crashAt: SWITCH, failAt: LATER });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps }), { phase: 'prepare', target: 'green' });
    assert.equal(run.status, 'FAILED');
    assert.ok(run.history.includes(`StepFailed:${SWITCH}`), 'the interrupted attempt is in the history');
    assert.ok(run.invocations >= 2, `replayed: ${run.invocations} invocations`);
    assert.equal(w.calls.snapshots, 1);
    assert.deepEqual(w.calls.undoBefores, [{ inPlace: ['A'], toRevert: ['B', 'C'] }]);
    assert.deepEqual(sorted(w.on), ['A']);
  });

  it('the execution history names the snapshot step, just before the step it belongs to', async () => {
    const w = world({ onBefore: ['A'] });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps }), { phase: 'prepare', target: 'green' });
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
    assert.deepEqual(
      run.operations.map((o) => `${o.subType} ${o.name}`),
      ['Step flip: plan', `Step snapshot: ${SWITCH}`, `Step ${SWITCH}`, `Step ${LATER}`],
    );
    assert.ok(run.history.includes(`StepSucceeded:snapshot: ${SWITCH}`), run.history.join('\n'));
    assert.deepEqual(sorted(w.on), ['A', 'B', 'C']);
  });

  it('an undo that keeps failing: leftToFix names the resources still changed (read in the step resources: …)', async () => {
    const w = world({ onBefore: ['A'], failAt: LATER, undoFails: true });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps, undoAttempts: 2, undoRetryDelaySeconds: 1 }), {
      phase: 'prepare',
      target: 'green',
    });
    assert.equal(run.status, 'FAILED');
    assert.equal(w.calls.undoBefores.length, 2, 'two attempts');
    const left = (run.error?.errorMessage ?? '').match(/LEFT TO FIX: (.*)$/)?.[1] ?? '';
    assert.ok(left.startsWith(`${SWITCH} [lambda mapping B, lambda mapping C] (`), left);
    assert.ok(run.operations.some((o) => o.name === `resources: ${SWITCH}`));
    assert.equal(w.calls.resources, 1);
  });

  it('a failed step without undo is listed in leftToFix only with the resources it names', async () => {
    const w = world({ onBefore: ['A'], failAt: SWITCH, noUndo: true });
    const handler = async (_event: unknown, context: DurableContext) =>
      runDurableSteps(context, w.steps, { name: 'exact', logger: silentLogger, dryRun: false });
    const run = await runDurable(handler, {});
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
    const report = run.result as DurableFlipReport;
    assert.equal(report.failedStep, SWITCH);
    assert.deepEqual(
      report.leftToFix.map((f) => [f.step, f.resources]),
      [[SWITCH, ['lambda mapping B', 'lambda mapping C']]],
    );
    // Nothing changed (already all on before): nothing is named, so nothing is listed.
    const nothing = world({ onBefore: ['A', 'B', 'C'], failAt: SWITCH, noUndo: true });
    const quiet = await runDurable(
      async (_event: unknown, context: DurableContext) =>
        runDurableSteps(context, nothing.steps, { name: 'exact', logger: silentLogger, dryRun: false }),
      {},
    );
    assert.deepEqual((quiet.result as DurableFlipReport).leftToFix, []);
  });

  it('done + snapshots of an earlier run (RunOptions.done): skipped, not snapshotted again, undone exactly from the recorded pre-state', async () => {
    // The earlier run recorded A in place, then turned on B and C, and died.
    const w = world({ onBefore: ['A', 'B', 'C'], failAt: LATER });
    const handler = async (_event: unknown, context: DurableContext) =>
      runDurableSteps(context, w.steps, {
        name: 'exact',
        logger: silentLogger,
        dryRun: false,
        done: [SWITCH],
        snapshots: { [SWITCH]: { inPlace: ['A'], toRevert: ['B', 'C'] } },
      });
    const run = await runDurable(handler, {});
    const report = run.result as DurableFlipReport;
    assert.equal(report.steps[0]?.status, 'undone');
    assert.equal(w.calls.snapshots, 0);
    assert.deepEqual(sorted(w.on), ['A']);
    assert.deepEqual(report.undone, [LATER, SWITCH]);
  });

  it('the lease records each pre-state with its heartbeat; a failure drops the undone ones; a later execution continues', async () => {
    const w = world({ onBefore: ['A'], failAt: LATER });
    const heartbeats: DurableProgress[] = [];
    const released: (DurableProgress | undefined)[] = [];
    const lease = (): DurableLease => ({
      acquire: async () => undefined,
      heartbeat: async (p) => void heartbeats.push(structuredClone(p as DurableProgress)),
      release: async (final) => void released.push(final?.progress),
    });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps, leaseFor: lease }), {
      phase: 'prepare',
      target: 'green',
    });
    assert.equal(run.status, 'FAILED');
    assert.deepEqual(heartbeats.at(-1)?.snapshots, { [SWITCH]: { inPlace: ['A'], toRevert: ['B', 'C'] } });
    assert.equal(released.length, 1);
    assert.equal(released[0]?.status, 'failed');
    assert.equal(released[0]?.snapshots, undefined, 'the undone step is back to its pre-state');
    assert.deepEqual(released[0]?.completedSteps, []);

    // An unfinished earlier execution recorded SWITCH done with its pre-state: this one skips it and undoes it exactly.
    const v = world({ onBefore: ['A', 'B', 'C'], failAt: LATER });
    const record = {
      progress: { target: 'green', status: 'running', snapshots: { [SWITCH]: { inPlace: ['A'], toRevert: ['B', 'C'] } } },
    };
    const flip = { config: {}, lease: () => undefined, plan: async () => ({ steps: v.steps, skip: [SWITCH], notes: [], record }) };
    const again = await runDurable(durableFlipOf(flip), { phase: 'prepare', target: 'green' });
    assert.equal(again.status, 'FAILED');
    assert.equal(v.calls.snapshots, 0);
    assert.deepEqual(sorted(v.on), ['A']);
    assert.ok(again.operations.some((o) => o.name === `undo: ${SWITCH}`));
  });

  it("a step without snapshot whose undo works from its result (the reader scale-out): its result is kept as { result } for a later execution's undo", async () => {
    const SCALE = 'aurora: scale out green readers';
    const undone: unknown[] = [];
    const scale = (fail: boolean): DurableStep[] => [
      {
        name: SCALE,
        run: async () => ({ outcome: 'changed', previousMinCapacity: 0, previousMaxCapacity: 1 }),
        undo: async ({ result, before }) => void undone.push(result ?? (before as { result?: unknown } | undefined)?.result),
      },
      {
        name: LATER,
        run: async () => {
          if (fail) throw new Error('refused');
          return { outcome: 'changed' };
        },
      },
    ];
    const heartbeats: DurableProgress[] = [];
    const lease = (): DurableLease => ({
      acquire: async () => undefined,
      heartbeat: async (p) => void heartbeats.push(structuredClone(p as DurableProgress)),
      release: async () => undefined,
    });
    const ok = await runDurable(durableFlip(CONFIG, { steps: async () => scale(false), leaseFor: lease }), {
      phase: 'prepare',
      target: 'green',
    });
    assert.equal(ok.status, 'SUCCEEDED', JSON.stringify(ok.error));
    const kept = { result: { outcome: 'changed', previousMinCapacity: 0, previousMaxCapacity: 1 } };
    assert.deepEqual(heartbeats.at(-1)?.snapshots, { [SCALE]: kept });
    // An unfinished earlier execution recorded it: this one skips it and, failing, undoes it with that result.
    const record = { progress: { target: 'green', status: 'running', snapshots: { [SCALE]: kept } } };
    const flip = { config: {}, lease: () => undefined, plan: async () => ({ steps: scale(true), skip: [SCALE], notes: [], record }) };
    const again = await runDurable(durableFlipOf(flip), { phase: 'prepare', target: 'green' });
    assert.equal(again.status, 'FAILED');
    assert.deepEqual(undone, [kept.result]);
  });
});

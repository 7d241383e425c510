import { strict as assert } from 'node:assert';
import { ConfigError, WaitTimeoutError } from '../../../src/index.js';
import { Runbook, RunbookError, type RunbookEvent, type RunbookStep } from '../../../src/runbook/index.js';

describe('Class: Runbook (settle, dwell, best effort, skip, afterStep)', () => {
  it('polls a step settle until done, carrying each check state into the next, then dwells, before the next step', async () => {
    const log: string[] = [];
    const states: unknown[] = [];
    const steps: RunbookStep[] = [
      {
        name: 'a',
        run: async () => {
          log.push('run a');
          return { outcome: 'changed', message: 'a', token: 7 };
        },
        settle: {
          description: 'a took effect',
          maxWaitSeconds: 5,
          minDelaySeconds: 0.01,
          maxDelaySeconds: 0.01,
          check: async ({ state, result, attempt }) => {
            states.push(state);
            log.push(`check ${attempt} token ${(result as { token: number }).token}`);
            const n = ((state as { n?: number } | undefined)?.n ?? 0) + 1;
            return { done: n === 3, state: { n } };
          },
        },
        dwellSeconds: 0.05,
      },
      { name: 'b', run: async () => void log.push('run b') },
    ];
    const events: RunbookEvent[] = [];
    await new Runbook({ name: 'rb', steps, onEvent: (e) => events.push(e) }).run();
    assert.deepEqual(log, ['run a', 'check 1 token 7', 'check 2 token 7', 'check 3 token 7', 'run b']);
    assert.deepEqual(states, [undefined, { n: 1 }, { n: 2 }]);
    assert.deepEqual(
      events.filter((e) => e.type === 'waiting').map((e) => e.message),
      ['after: waiting for a took effect', 'after: dwell 0.05s'],
    );
  });

  it('a settle that times out fails its step, and the step is undone (its change was made)', async () => {
    const log: string[] = [];
    const steps: RunbookStep[] = [
      {
        name: 'a',
        run: async () => void log.push('run a'),
        settle: {
          description: 'never',
          maxWaitSeconds: 0.05,
          minDelaySeconds: 0.01,
          maxDelaySeconds: 0.01,
          check: async () => ({ done: false, state: 'nope' }),
        },
        undo: async () => void log.push('undo a'),
      },
    ];
    const error = (await new Runbook({ name: 'rb', steps }).run().catch((e) => e)) as RunbookError;
    assert.ok(error instanceof RunbookError);
    assert.ok(error.cause instanceof WaitTimeoutError);
    assert.deepEqual(log, ['run a', 'undo a']);
    assert.deepEqual(error.undone, ['a']);
  });

  it('a failing best-effort step is a warning: the run succeeds and nothing is undone', async () => {
    const log: string[] = [];
    const steps: RunbookStep[] = [
      { name: 'a', run: async () => void log.push('run a'), undo: async () => void log.push('undo a') },
      { name: 'stop', bestEffort: true, run: async () => Promise.reject(new Error('InvalidDBClusterStateFault: busy')) },
      { name: 'c', run: async () => void log.push('run c') },
    ];
    const report = await new Runbook({ name: 'rb', steps }).run();
    assert.equal(report.succeeded, true);
    assert.deepEqual(log, ['run a', 'run c']);
    assert.deepEqual(
      report.steps.map((s) => s.status),
      ['done', 'warning', 'done'],
    );
    assert.deepEqual(
      report.warnings.map((w) => [w.step, w.message]),
      [['stop', 'InvalidDBClusterStateFault: busy']],
    );
  });

  it('skip: steps done by an earlier run are reported skipped, not run, and not undone by this run', async () => {
    const log: string[] = [];
    const steps: RunbookStep[] = ['a', 'b', 'c'].map((name) => ({
      name,
      run: async () => {
        log.push(`run ${name}`);
        if (name === 'c') throw new Error('c broke');
      },
      undo: async () => void log.push(`undo ${name}`),
    }));
    const error = (await new Runbook({ name: 'rb', steps }).run({ skip: ['a'] }).catch((e) => e)) as RunbookError;
    assert.deepEqual(log, ['run b', 'run c', 'undo c', 'undo b']);
    assert.equal(error.report.steps[0]?.status, 'skipped');
    await assert.rejects(new Runbook({ name: 'rb', steps }).run({ skip: ['zz'] }), ConfigError);
  });

  it('afterStep is awaited after each step; when it throws, the run fails there and undoes what it changed', async () => {
    const log: string[] = [];
    const steps: RunbookStep[] = ['a', 'b'].map((name) => ({
      name,
      run: async () => void log.push(`run ${name}`),
      undo: async () => void log.push(`undo ${name}`),
    }));
    const error = (await new Runbook({ name: 'rb', steps })
      .run({
        afterStep: async (step, status) => {
          log.push(`after ${step} ${status}`);
          if (step === 'b') throw new Error('progress not recorded');
        },
      })
      .catch((e) => e)) as RunbookError;
    assert.deepEqual(log, ['run a', 'after a done', 'run b', 'after b done', 'undo b', 'undo a']);
    assert.equal(error.failedStep, 'b');
  });

  it('undoOnFailure as a function decides per cause (the flip never undoes after losing its lease)', async () => {
    const log: string[] = [];
    const steps: RunbookStep[] = [
      { name: 'a', run: async () => void log.push('run a'), undo: async () => void log.push('undo a') },
      { name: 'b', run: async () => Promise.reject(new Error('lease lost')) },
    ];
    const error = (await new Runbook({ name: 'rb', steps })
      .run({ undoOnFailure: (cause) => !(cause instanceof Error && cause.message === 'lease lost') })
      .catch((e) => e)) as RunbookError;
    assert.deepEqual(log, ['run a']);
    assert.deepEqual(error.undone, []);
  });

  it('rejects a settle without check or maxWaitSeconds, and a negative dwell, with a ConfigError', () => {
    assert.throws(
      () =>
        new Runbook({
          name: 'rb',
          steps: [{ name: 'a', run: async () => 1, settle: { description: 'x', maxWaitSeconds: 0, check: async () => ({ done: true }) } }],
        }),
      /settle needs \{ description, check\(\), maxWaitSeconds > 0 \}/,
    );
    assert.throws(() => new Runbook({ name: 'rb', steps: [{ name: 'a', run: async () => 1, dwellSeconds: -1 }] }), ConfigError);
  });
});

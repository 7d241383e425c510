import { strict as assert } from 'node:assert';
import { ConfigError } from '../../../src/index.js';
import { Runbook, RunbookError, type RunbookEvent, type RunbookStep } from '../../../src/runbook/index.js';

function makeSteps(count: number, options: { failAt?: number; failUndoAt?: number; alreadyAt?: number; noUndoAt?: number } = {}) {
  const log: string[] = [];
  const steps: RunbookStep[] = Array.from({ length: count }, (_, i) => {
    const name = `step-${i + 1}`;
    const step: RunbookStep = {
      name,
      run: async () => {
        log.push(`run ${name}`);
        if (options.failAt === i + 1) throw new Error(`${name} broke`);
        return options.alreadyAt === i + 1
          ? { outcome: 'already', message: `${name} was already done` }
          : { outcome: 'changed', message: `${name} done` };
      },
    };
    if (options.noUndoAt !== i + 1) {
      step.undo = async () => {
        log.push(`undo ${name}`);
        if (options.failUndoAt === i + 1) throw new Error(`undo ${name} broke`);
      };
    }
    return step;
  });
  return { log, steps };
}

describe('Class: Runbook', () => {
  describe('Method: run', () => {
    it('runs every step in order and reports done / already with durations', async () => {
      const { log, steps } = makeSteps(4, { alreadyAt: 2 });
      const events: RunbookEvent[] = [];
      const report = await new Runbook({ name: 'rb', steps, onEvent: (e) => events.push(e) }).run();
      assert.deepEqual(log, ['run step-1', 'run step-2', 'run step-3', 'run step-4']);
      assert.equal(report.succeeded, true);
      assert.deepEqual(
        report.steps.map((s) => s.status),
        ['done', 'already', 'done', 'done'],
      );
      assert.deepEqual(
        events.map((e) => `${e.type}:${e.step}`),
        [
          'started:step-1',
          'done:step-1',
          'started:step-2',
          'already:step-2',
          'started:step-3',
          'done:step-3',
          'started:step-4',
          'done:step-4',
        ],
      );
      assert.ok(events.filter((e) => e.type === 'done').every((e) => typeof e.durationMs === 'number'));
      assert.equal(events[3]?.message, 'step-2 was already done');
    });

    for (let failAt = 1; failAt <= 5; failAt++) {
      it(`a failure at step ${failAt} of 5 undoes the failed step (its change may have landed) and then the completed steps, in reverse order`, async () => {
        const { log, steps } = makeSteps(5, { failAt });
        const runbook = new Runbook({ name: 'flip', steps });
        const error = await runbook.run().then(
          () => assert.fail('should throw'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof RunbookError);
        const completed = Array.from({ length: failAt - 1 }, (_, i) => `step-${i + 1}`);
        const expectedLog = [
          ...completed.map((s) => `run ${s}`),
          `run step-${failAt}`,
          `undo step-${failAt}`,
          ...[...completed].reverse().map((s) => `undo ${s}`),
        ];
        assert.deepEqual(log, expectedLog);
        assert.equal(error.failedStep, `step-${failAt}`);
        assert.deepEqual(error.ran, completed);
        assert.deepEqual(error.undone, [`step-${failAt}`, ...[...completed].reverse()]);
        assert.deepEqual(error.undoFailures, []);
        assert.match(error.message, new RegExp(`failed at step 'step-${failAt}': step-${failAt} broke`));
        assert.equal((error.cause as Error).message, `step-${failAt} broke`);
        assert.deepEqual(
          error.report.steps.map((s) => s.status),
          Array.from({ length: 5 }, (_, i) => (i + 1 <= failAt ? 'undone' : 'not-run')),
        );
      });
    }

    it('a failing undo is retried, then reported (event, error, report, leftToFix) and the remaining undos still run', async () => {
      const { log, steps } = makeSteps(4, { failAt: 4, failUndoAt: 2 });
      const events: RunbookEvent[] = [];
      const error = (await new Runbook({ name: 'rb', steps, onEvent: (e) => events.push(e) })
        .run({ undoRetryDelaySeconds: 0 })
        .catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.deepEqual(log.slice(4), ['undo step-4', 'undo step-3', 'undo step-2', 'undo step-2', 'undo step-2', 'undo step-1']);
      assert.deepEqual(error.undone, ['step-4', 'step-3', 'step-1']);
      assert.deepEqual(
        error.undoFailures.map((f) => [f.step, (f.error as Error).message]),
        [['step-2', 'undo step-2 broke']],
      );
      assert.deepEqual(
        error.leftToFix.map((f) => [f.step, f.attempts, f.fix]),
        [['step-2', 3, "revert 'step-2' by hand (its undo failed 3 times)"]],
      );
      assert.equal(events.filter((e) => e.type === 'undo-retry' && e.step === 'step-2').length, 2);
      assert.match(error.message, /UNDO FAILED \(still applied, fix by hand\):\n {4}- step-2: undo step-2 broke/);
      assert.ok(events.some((e) => e.type === 'undo-failed' && e.step === 'step-2'));
      assert.equal(error.report.steps[1]?.status, 'undo-failed');
    });

    it('a step without undo is reported as not undoable and left as is', async () => {
      const { steps } = makeSteps(3, { failAt: 3, noUndoAt: 1 });
      const error = (await new Runbook({ name: 'rb', steps }).run().catch((e) => e)) as RunbookError;
      assert.deepEqual(error.undone, ['step-3', 'step-2']);
      assert.equal(error.report.steps[0]?.status, 'not-undoable');
      assert.match(error.message, /no undo defined \(left as is\): step-1/);
    });

    it('cancelling through the signal stops before the next step and undoes what ran', async () => {
      const controller = new AbortController();
      const log: string[] = [];
      const steps: RunbookStep[] = [
        { name: 'a', run: async () => void log.push('run a'), undo: async () => void log.push('undo a') },
        {
          name: 'b',
          run: async () => {
            log.push('run b');
            controller.abort('ci cancelled');
          },
          undo: async () => void log.push('undo b'),
        },
        { name: 'c', run: async () => void log.push('run c') },
      ];
      const error = (await new Runbook({ name: 'rb', steps }).run({ signal: controller.signal }).catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.equal(error.failedStep, 'c');
      assert.deepEqual(log, ['run a', 'run b', 'undo b', 'undo a']);
    });
  });

  describe('Method: resumeFrom', () => {
    it('continues where a failed run stopped, skipping the earlier steps', async () => {
      let broken = true;
      const log: string[] = [];
      const steps: RunbookStep[] = ['a', 'b', 'c', 'd'].map((name) => ({
        name,
        run: async () => {
          log.push(`run ${name}`);
          if (name === 'c' && broken) throw new Error('c broke');
        },
      }));
      const runbook = new Runbook({ name: 'rb', steps });
      await assert.rejects(runbook.run(), RunbookError);
      broken = false;
      log.length = 0;
      const events: string[] = [];
      runbook.on((e) => events.push(`${e.type}:${e.step}`));
      const report = await runbook.resumeFrom('c');
      assert.deepEqual(log, ['run c', 'run d']);
      assert.deepEqual(
        report.steps.map((s) => s.status),
        ['skipped', 'skipped', 'done', 'done'],
      );
      assert.deepEqual(events.slice(0, 2), ['skipped:a', 'skipped:b']);
    });

    it('a failure after resuming undoes the skipped steps too (they were done by the earlier run)', async () => {
      const { log, steps } = makeSteps(4, { failAt: 4 });
      const error = (await new Runbook({ name: 'rb', steps }).resumeFrom('step-3').catch((e) => e)) as RunbookError;
      assert.deepEqual(log, ['run step-3', 'run step-4', 'undo step-4', 'undo step-3', 'undo step-2', 'undo step-1']);
      assert.deepEqual(error.ran, ['step-1', 'step-2', 'step-3']);
    });

    it('with undoOnFailure: false a failure leaves the completed steps applied, and resumeFrom(failed step) finishes the run', async () => {
      let broken = true;
      const log: string[] = [];
      const steps: RunbookStep[] = ['a', 'b', 'c'].map((name) => ({
        name,
        run: async () => {
          log.push(`run ${name}`);
          if (name === 'b' && broken) throw new Error('b broke');
        },
        undo: async () => void log.push(`undo ${name}`),
      }));
      const runbook = new Runbook({ name: 'rb', steps });
      const error = (await runbook.run({ undoOnFailure: false }).catch((e) => e)) as RunbookError;
      assert.ok(error instanceof RunbookError);
      assert.deepEqual(log, ['run a', 'run b'], 'nothing undone');
      assert.deepEqual(error.ran, ['a']);
      assert.deepEqual(error.undone, []);
      assert.match(error.message, /resume from 'b'/);
      assert.deepEqual(
        error.report.steps.map((s) => s.status),
        ['done', 'failed', 'not-run'],
      );
      broken = false;
      log.length = 0;
      await runbook.resumeFrom(error.failedStep);
      assert.deepEqual(log, ['run b', 'run c']);
    });

    it('an unknown step is a ConfigError listing the steps, and nothing runs', async () => {
      const { log, steps } = makeSteps(2);
      await assert.rejects(
        new Runbook({ name: 'rb', steps }).resumeFrom('nope'),
        (e: unknown) => e instanceof ConfigError && /steps: step-1, step-2/.test(e.message),
      );
      assert.deepEqual(log, []);
    });
  });

  describe('Constructor', () => {
    const run = async () => undefined;
    for (const [label, options] of [
      ['no options', undefined],
      ['no name', { steps: [] }],
      ['steps not an array', { name: 'x', steps: {} }],
      [
        'a duplicate step name',
        {
          name: 'x',
          steps: [
            { name: 'a', run },
            { name: 'a', run },
          ],
        },
      ],
      ['a step without run', { name: 'x', steps: [{ name: 'a' }] }],
      ['a step with a non-function undo', { name: 'x', steps: [{ name: 'a', run, undo: 'yes' }] }],
      ['a step with an empty name', { name: 'x', steps: [{ name: '', run }] }],
    ] as const) {
      it(`rejects ${label} with a ConfigError`, () => {
        assert.throws(() => new Runbook(options as never), ConfigError);
      });
    }
  });
});

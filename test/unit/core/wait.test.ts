import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { backoffDelay, ConfigError, resolveWaitOptions, WaitAbortedError, WaitTimeoutError, waitFor } from '../../../src/index.js';

describe('Module: core/wait', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  describe('Function: backoffDelay', () => {
    it('stays within [minDelay, min(maxDelay, minDelay * 2^(n-1))] for every attempt and random value', () => {
      const opts = { minDelay: 1, maxDelay: 10 };
      for (let attempt = 1; attempt <= 12; attempt++) {
        const cap = Math.min(10_000, 1000 * 2 ** (attempt - 1));
        for (const r of [0, 0.25, 0.5, 0.999999]) {
          const d = backoffDelay(attempt, opts, () => r);
          assert.ok(d >= 1000 && d <= cap, `attempt ${attempt} r ${r}: ${d} not in [1000, ${cap}]`);
        }
        assert.equal(
          backoffDelay(attempt, opts, () => 0),
          1000,
        );
        assert.equal(
          backoffDelay(attempt, opts, () => 0.9999999),
          cap,
        );
      }
    });
    it('is capped at maxDelay', () => {
      assert.equal(
        backoffDelay(50, { minDelay: 2, maxDelay: 30 }, () => 0.9999999),
        30_000,
      );
    });
  });

  describe('Function: waitFor', () => {
    it('runs the first check immediately and resolves with its value', async () => {
      const check = sinon.stub().resolves({ done: true, value: 42 });
      const result = await waitFor(check, { maxWaitTime: 10 });
      assert.equal(result, 42);
      assert.equal(check.callCount, 1);
      assert.equal(Date.now(), 1_000_000, 'no time passed');
    });

    it('backs off exponentially between checks, with jitter inside the bounds', async () => {
      const times: number[] = [];
      let n = 0;
      const promise = waitFor(
        async () => {
          times.push(Date.now());
          n++;
          return n >= 5 ? { done: true, value: 'ok' } : { done: false, state: n };
        },
        { maxWaitTime: 600, minDelay: 1, maxDelay: 5, random: () => 0.9999999 },
      );
      await clock.runAllAsync();
      assert.equal(await promise, 'ok');
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      assert.deepEqual(gaps, [1000, 2000, 4000, 5000]);
    });

    it('never sleeps past the deadline: a last check runs at the deadline, then WaitTimeoutError with the last state', async () => {
      const times: number[] = [];
      let n = 0;
      const promise = waitFor(
        async () => {
          times.push(Date.now());
          return { done: false, state: { status: 'starting', n: ++n } };
        },
        { maxWaitTime: 10, minDelay: 4, maxDelay: 8, random: () => 0.9999999, description: 'cluster x to be available' },
      );
      const assertion = assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof WaitTimeoutError);
        assert.deepEqual(error.lastState, { status: 'starting', n: times.length });
        assert.equal(error.attempts, times.length);
        assert.match(error.message, /cluster x to be available/);
        assert.match(error.message, /starting/);
        return true;
      });
      await clock.runAllAsync();
      await assertion;
      const start = 1_000_000;
      assert.deepEqual(
        times.map((t) => t - start),
        [0, 4000, 10_000],
      );
      assert.ok(Date.now() - start <= 10_000, 'never past the deadline');
    });

    it('maxWaitTime 0 checks once and times out without sleeping', async () => {
      const check = sinon.stub().resolves({ done: false, state: 'x' });
      await assert.rejects(waitFor(check, { maxWaitTime: 0 }), WaitTimeoutError);
      assert.equal(check.callCount, 1);
    });

    it('an abort during a pause rejects at once with WaitAbortedError, and no further check runs', async () => {
      const controller = new AbortController();
      const check = sinon.stub().resolves({ done: false, state: 'pending' });
      const promise = waitFor(check, { maxWaitTime: 600, minDelay: 30, maxDelay: 30, abortSignal: controller.signal });
      const assertion = assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof WaitAbortedError);
        assert.equal(error.lastState, 'pending');
        assert.equal(error.cause, 'stop now');
        return true;
      });
      await clock.tickAsync(5_000);
      controller.abort('stop now');
      await assertion;
      assert.equal(check.callCount, 1);
      assert.equal(clock.countTimers(), 0, 'the pending timer was cleared');
    });

    it('an already aborted signal rejects before the first check', async () => {
      const check = sinon.stub().resolves({ done: true, value: 1 });
      await assert.rejects(waitFor(check, { abortSignal: AbortSignal.abort() }), WaitAbortedError);
      assert.equal(check.callCount, 0);
    });

    it('propagates an error thrown by the check', async () => {
      await assert.rejects(
        waitFor(async () => {
          throw new Error('AccessDenied');
        }),
        /AccessDenied/,
      );
    });
  });

  describe('Function: resolveWaitOptions', () => {
    it('returns undefined for false/undefined and fills defaults for true', () => {
      assert.equal(resolveWaitOptions(undefined), undefined);
      assert.equal(resolveWaitOptions(false), undefined);
      assert.deepEqual(resolveWaitOptions(true, { maxWaitTime: 900 }), { maxWaitTime: 900, minDelay: 2, maxDelay: 30 });
      assert.deepEqual(resolveWaitOptions({ minDelay: 1 }, { maxWaitTime: 5 }), { maxWaitTime: 5, minDelay: 1, maxDelay: 30 });
    });
    for (const bad of [{ maxWaitTime: -1 }, { minDelay: Number.NaN }, { maxDelay: '3' }, { minDelay: 10, maxDelay: 5 }]) {
      it(`rejects ${JSON.stringify(bad)} with a ConfigError`, () => {
        assert.throws(() => resolveWaitOptions(bad as never), ConfigError);
      });
    }
    it('rejects a non-object, non-boolean setting', () => {
      assert.throws(() => resolveWaitOptions('yes' as never), ConfigError);
    });
  });
});

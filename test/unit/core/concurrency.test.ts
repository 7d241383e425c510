import { strict as assert } from 'node:assert';
import { BatchError, ConfigError, chunk, mapLimit, mapLimitSettled } from '../../../src/index.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Module: core/concurrency', () => {
  describe('Function: mapLimit', () => {
    for (const limit of [1, 3, 8]) {
      it(`never has more than ${limit} calls in flight and keeps input order`, async () => {
        let inFlight = 0;
        let peak = 0;
        const items = Array.from({ length: 25 }, (_, i) => i);
        const results = await mapLimit(items, limit, async (item) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await tick((item * 7) % 5);
          inFlight--;
          return item * 2;
        });
        assert.deepEqual(
          results,
          items.map((i) => i * 2),
        );
        assert.ok(peak <= limit, `peak ${peak} > ${limit}`);
        assert.equal(peak, Math.min(limit, items.length), 'uses the whole bound');
      });
    }

    it('processes every item even when some fail, then reports every failure', async () => {
      const processed: number[] = [];
      const items = Array.from({ length: 10 }, (_, i) => i);
      await assert.rejects(
        mapLimit(items, 3, async (item) => {
          await tick(1);
          processed.push(item);
          if (item % 3 === 0) throw new Error(`boom ${item}`);
          return item;
        }),
        (error: unknown) => {
          assert.ok(error instanceof BatchError);
          assert.deepEqual(
            error.failures.map((f) => f.index),
            [0, 3, 6, 9],
          );
          assert.deepEqual(
            error.failures.map((f) => (f.error as Error).message),
            ['boom 0', 'boom 3', 'boom 6', 'boom 9'],
          );
          assert.deepEqual(error.results, [undefined, 1, 2, undefined, 4, 5, undefined, 7, 8, undefined]);
          assert.match(error.message, /4 of 10 operations failed/);
          return true;
        },
      );
      assert.deepEqual(
        processed.sort((a, b) => a - b),
        items,
      );
    });

    it('resolves an empty list without calling fn', async () => {
      assert.deepEqual(
        await mapLimit([], 4, async () => {
          throw new Error('not called');
        }),
        [],
      );
    });

    for (const bad of [0, -1, 1.5, Number.NaN]) {
      it(`rejects limit ${bad} with a ConfigError`, async () => {
        await assert.rejects(
          mapLimit([1], bad, async (x) => x),
          ConfigError,
        );
      });
    }
  });

  describe('Function: mapLimitSettled', () => {
    it('returns settled results in order', async () => {
      const out = await mapLimitSettled([1, 2], 2, async (x) => {
        if (x === 2) throw new Error('no');
        return x;
      });
      assert.equal(out[0]?.status, 'fulfilled');
      assert.equal(out[1]?.status, 'rejected');
    });
  });

  describe('Function: chunk', () => {
    it('splits 250 items into 100 + 100 + 50 and never yields an empty chunk', () => {
      const chunks = chunk(
        Array.from({ length: 250 }, (_, i) => i),
        100,
      );
      assert.deepEqual(
        chunks.map((c) => c.length),
        [100, 100, 50],
      );
      assert.deepEqual(chunk([], 100), []);
    });
    it('rejects a size below 1', () => {
      assert.throws(() => chunk([1], 0), ConfigError);
    });
  });
});

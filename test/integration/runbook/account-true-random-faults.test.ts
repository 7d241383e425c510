import { strict as assert } from 'node:assert';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, createStackTools, getStatusBoard } from '../../../src/runbook/index.js';
import { type FlipWorld, startFlipWorld } from '../../support/account-true/flip-world.js';
import { createLockTable } from '../../support/account-true/lock-table.js';
import { useEmulator } from '../../support/use-emulator.js';

/** One AWS minute lasts 0.1 s. */
const SCALE = 1 / 600;
/** A production client retries more than the SDK's default 3 attempts; with 20 % faults, 10 attempts all fail with p = 1e-7. */
const MAX_ATTEMPTS = 10;

const cell = (rows: { section: string; label: string; blue: string; green: string }[], section: string, label: string) =>
  rows.find((r) => r.section === section && r.label === label);

describe('account-true: random faults — every flip completes and ends exactly on its target', function () {
  this.timeout(600_000);
  const aws = useEmulator({ resetEach: true });
  let stage: FlipWorld | undefined;
  afterEach(async () => {
    await stage?.close();
    stage = undefined;
  });

  for (const rate of [0.05, 0.2]) {
    it(`${rate * 100} % of all calls faulted (throttling, 5xx, reset before and after forwarding): → green then → blue`, async () => {
      stage = await startFlipWorld(aws.endpoint(), { seed: Math.round(rate * 100), timeScale: SCALE });
      const tableName = await createLockTable(stage.world.motoConfig());
      for (const kind of ['throttle', 'server-error', 'reset-before', 'reset-after'] as const)
        stage.world.faults.add({ kind, rate: rate / 4 });
      for (const target of [StackReference.Green, StackReference.Blue]) {
        const report = await bluegreenFlip(stage.config, {
          clientConfig: stage.world.clientConfig({ maxAttempts: MAX_ATTEMPTS }),
          lock: { tableName },
          propagationDwellSeconds: 900 * SCALE,
          drain: { windowSeconds: 60 * SCALE, metricPeriodSeconds: 60 * SCALE, maxWaitTime: 120 },
          wait: { maxWaitTime: 120, minDelay: 0.02, maxDelay: 0.2 },
        }).flip(target);
        assert.equal(report.succeeded, true);
        await stage.world.settle();
        const rows = (await getStatusBoard(await createStackTools(stage.config, { clientConfig: stage.world.motoConfig() }))).rows;
        const old = target === StackReference.Green ? 'blue' : 'green';
        for (const [section, label, on, off] of [
          ['sns', 'subscriptions', '1/1 enabled', '0/1 enabled'],
          ['lambda', 'event source mappings', '2/2 enabled', '0/2 enabled'],
          ['aurora', 'cluster', 'available', 'stopped'],
        ] as const) {
          const row = cell(rows, section, label);
          assert.deepEqual([row?.[target], row?.[old]], [on, off], `${section}/${label} after the flip to ${target}`);
        }
      }
      const faults = stage.world.log.calls.filter((c) => c.fault).length;
      assert.ok(faults > 0, 'faults were injected');
      console.log(`      ${faults} of ${stage.world.log.calls.length} calls faulted`);
    });
  }
});

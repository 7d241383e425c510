/**
 * Benchmark (not a test): a whole `flip --to green` of the demo stack pair in the account-true world
 * (test/support/account-true), against the sum of the waits it cannot avoid — the SNS propagation dwell (twice),
 * the drain window and the Aurora start as modelled — so the overhead ratio says how much time the flip adds on top
 * of what AWS makes it wait. Also prints the AWS calls of the flip per service (reads included) and its mutating calls.
 *
 * Time is scaled: `BENCH_TIME_SCALE` real seconds per AWS second (default 1/600: one AWS minute lasts 0.1 s), so the
 * figures are real-time measurements of a scaled world; the ratio is what carries over.
 *
 *   npm run bench -- flip
 */
import { StackReference } from '../src/index.js';
import { bluegreenFlip } from '../src/runbook/index.js';
import { startFlipWorld } from '../test/support/account-true/flip-world.js';
import {
  AURORA_START_SECONDS,
  SNS_FILTER_POLICY_PROPAGATION_SECONDS,
  SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS,
} from '../test/support/account-true/index.js';
import { createLockTable } from '../test/support/account-true/lock-table.js';
import { startEmulator } from '../test/support/emulator.js';

const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 1 / 600);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function once(endpoint: string, seed: number) {
  const stage = await startFlipWorld(endpoint, {
    seed,
    timeScale: SCALE,
    sns: { propagation: [0, SNS_FILTER_POLICY_PROPAGATION_SECONDS] },
  });
  try {
    const tableName = await createLockTable(stage.world.motoConfig());
    const dwell = SNS_FILTER_POLICY_PROPAGATION_SECONDS * SCALE;
    const window = SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS * SCALE;
    const steps = new Map<string, number>();
    const flip = bluegreenFlip(stage.config, {
      onEvent: (e) => {
        if (e.type === 'started') steps.set(e.step, Date.now());
        else if (e.type !== 'waiting' && steps.has(e.step)) steps.set(e.step, Date.now() - (steps.get(e.step) as number));
      },
      clientConfig: stage.world.clientConfig(),
      lock: { tableName },
      propagationDwellSeconds: dwell,
      drain: { windowSeconds: window, metricPeriodSeconds: window, maxWaitTime: 120 },
      wait: { maxWaitTime: 120, minDelay: Math.min(0.1, AURORA_START_SECONDS * SCALE), maxDelay: 0.2 },
    });
    stage.world.log.clear();
    const started = Date.now();
    const report = await flip.flip(StackReference.Green);
    const wallSeconds = (Date.now() - started) / 1000;
    if (!report.succeeded) throw new Error('the flip did not succeed');
    const unavoidable = 2 * dwell + window + AURORA_START_SECONDS * SCALE;
    return { wallSeconds, unavoidable, steps, perService: stage.world.log.perService(), mutating: stage.world.log.counts() };
  } finally {
    await stage.close();
  }
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  try {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await emulator.reset();
      runs.push(await once(emulator.endpoint, i + 1));
    }
    console.log(
      `flip --to green of the demo pair in the account-true world (time scale ${SCALE.toFixed(5)}: 1 AWS min = ${(60 * SCALE).toFixed(2)} s)`,
    );
    console.log('run | wall (s) | unavoidable waits (s) = 2 × dwell + drain window + Aurora start | overhead ratio');
    runs.forEach((r, i) => {
      console.log(
        `${i + 1}   | ${r.wallSeconds.toFixed(2).padStart(8)} | ${r.unavoidable.toFixed(2).padStart(21)} | ${(r.wallSeconds / r.unavoidable).toFixed(2)}`,
      );
    });
    const last = runs[runs.length - 1];
    if (last) {
      const total = Object.values(last.perService).reduce((a, b) => a + b, 0);
      console.log(`\nAWS calls of one flip per service (reads included, ${total} in all):`);
      for (const [service, count] of Object.entries(last.perService).sort((a, b) => b[1] - a[1]))
        console.log(`  ${service.padEnd(24)} ${count}`);
      console.log('\nslowest steps of the last run (s, including their settle and dwell):');
      for (const [step, ms] of [...last.steps].sort((a, b) => b[1] - a[1]).slice(0, 8))
        console.log(`  ${(ms / 1000).toFixed(2).padStart(6)}  ${step}`);
      console.log('\nmutating calls of one flip (service.Operation):');
      for (const [op, count] of Object.entries(last.mutating).sort()) console.log(`  ${op.padEnd(48)} ${count}`);
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

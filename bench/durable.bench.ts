/**
 * Benchmark (not a test): the demo stack's flip as a Lambda durable function — `prepare` then `finish` towards green,
 * run with the official local runner (LocalDurableTestRunner, time skipping on) against moto behind the account-true
 * proxy, with AWS's own wait figures (SNS's 15-minute propagation dwell, twice). Prints, per phase, the function's
 * **active** seconds (the invocations' run time, what Lambda bills) against the **waited** seconds (the durable waits:
 * dwells and the pauses between settle checks, during which the function is suspended), and the operations the
 * execution history holds.
 *
 *   npm run bench -- durable
 */
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { provisionDemo } from '../examples/demo/provision.js';
import { type DurableFlipReport, durableFlip } from '../src/durable/index.js';
import type { StackConfig } from '../src/runbook/index.js';
import { startAccountTrueWorld } from '../test/support/account-true/index.js';
import { startCodeDeployDouble } from '../test/support/codedeploy-double.js';
import { runDurable } from '../test/support/durable/local-runner.js';
import { startEmulator } from '../test/support/emulator.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const emulator = await startEmulator();
const world = await startAccountTrueWorld(emulator.endpoint, { seed: 11, timeScale: 1 / 60 });
const cd = await startCodeDeployDouble({ hookTimeoutMs: 3_600_000, lambdaTimeoutMs: 3_600_000 });
await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
try {
  const { config } = (await provisionDemo(world.motoConfig(), { prefix: 'bench' })) as { config: StackConfig };
  const handler = durableFlip(config, {
    clientConfig: world.clientConfig(),
    wait: { maxWaitTime: 600, minDelay: 1, maxDelay: 30 },
    drain: { windowSeconds: 1, zeroReadings: 2, metricPeriodSeconds: 1 },
    codedeployClient: new CodeDeployClient(cd.clientConfig()),
  });
  const rows: string[][] = [];
  let totalActive = 0;
  let totalWaited = 0;
  for (const phase of ['prepare', 'finish'] as const) {
    const run = await runDurable(handler, { phase, target: 'green' });
    if (run.status !== 'SUCCEEDED') throw new Error(`${phase} ended ${run.status}: ${JSON.stringify(run.error)}`);
    const report = run.result as DurableFlipReport;
    const count = (subType: string) => run.operations.filter((o) => o.subType === subType).length;
    totalActive += run.activeSeconds;
    totalWaited += report.waitedSeconds;
    rows.push([
      phase,
      run.activeSeconds.toFixed(1),
      String(report.waitedSeconds),
      `${((100 * run.activeSeconds) / (run.activeSeconds + report.waitedSeconds)).toFixed(2)} %`,
      String(run.invocations),
      `${count('Step')} steps, ${count('WaitForCondition')} conditions, ${count('Wait')} waits`,
    ]);
  }
  rows.push([
    'both',
    totalActive.toFixed(1),
    String(totalWaited),
    `${((100 * totalActive) / (totalActive + totalWaited)).toFixed(2)} %`,
    '',
    '',
  ]);
  const head = ['phase', 'active s', 'waited s', 'active share', 'invocations', 'history'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log('\ndurable flip of the demo stack → green (moto + account-true proxy, local durable runner, AWS-true dwells)');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log(
    "\nactive = the invocations' run time (billed); waited = durable waits (SNS propagation dwells, settle pauses), suspended, not billed.",
  );
} finally {
  await LocalDurableTestRunner.teardownTestEnvironment();
  await cd.stop();
  await world.close();
  await emulator.stop();
}

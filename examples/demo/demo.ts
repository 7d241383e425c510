/**
 * `npm run demo`: the main job, end to end, on a laptop. Starts the local AWS emulator, provisions a blue and a green
 * stack, shows the status board, flips blue → green with live progress, shows the board again, flips back, flips to
 * green once more as a durable function (printing its execution history), and stops the emulator.
 */
import { StackReference } from '../../src/index.js';
import { bluegreenFlip, createStackTools, getStatusBoard, renderStatusBoard, type StackConfig } from '../../src/runbook/index.js';
import { emulatorClientConfig, startEmulator } from '../../test/support/emulator.js';
import { runDurableDemo } from './durable-demo.js';
import { provisionDemo } from './provision.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const out = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export async function runDemo(): Promise<void> {
  const began = Date.now();
  out('bluegreen-toolkit demo: whole-stack blue/green against a local AWS emulator (moto server)');
  const emulator = await startEmulator({ log: (line) => out(`  emulator: ${line}`) });
  try {
    const clientConfig = emulatorClientConfig(emulator.endpoint);
    out('\n1. provisioning a blue (live) and a green stack ...');
    const { config: stackConfig } = await provisionDemo(clientConfig, { live: 'blue', lockTable: true });
    const config = stackConfig as StackConfig;
    const tools = await createStackTools(config, { clientConfig });

    out('\n2. status board before the flip');
    out(renderStatusBoard(await getStatusBoard(tools)));

    for (const target of [StackReference.Green, StackReference.Blue]) {
      out(`\n3. flip → ${target}`);
      const flip = bluegreenFlip(config, {
        clientConfig,
        tools,
        wait: { maxWaitTime: 60, minDelay: 0.2, maxDelay: 1 },
        // The emulator applies SNS filter changes at once and its queue depths are exact: the demo scales SNS's
        // 15-minute propagation dwell and SQS's one-minute drain window down to seconds (keep the defaults on AWS).
        propagationDwellSeconds: 1,
        drain: { maxWaitTime: 30, windowSeconds: 2, zeroReadings: 3 },
        onEvent: (e) => {
          if (e.type === 'started' || e.type === 'waiting') return;
          const time = e.durationMs === undefined ? '' : ` (${seconds(e.durationMs)})`;
          out(`   [${String(e.index).padStart(2)}/${e.total}] ${e.type.padEnd(8)} ${e.step}${time}`);
        },
      });
      const report = await flip.flip(target);
      out(`   flip → ${target} done in ${seconds(report.durationMs)}`);
      out(`\n4. status board after the flip → ${target}`);
      out(renderStatusBoard(await getStatusBoard(tools)));
    }

    out('\n5. flip → green again, as a Lambda durable function (bluegreen-toolkit/durable; local durable runner)');
    await runDurableDemo(config, clientConfig, out);
    out('\n6. status board after the durable flip → green');
    out(renderStatusBoard(await getStatusBoard(tools)));
  } finally {
    await emulator.stop();
    out(`\nemulator stopped; demo finished in ${seconds(Date.now() - began)}`);
  }
}

await runDemo();

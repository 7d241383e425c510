/**
 * Benchmark (not a test): `bluegreen status` (getStatusBoard) on the demo stack (every service) against its floor.
 *
 *   npm run bench -- status          (BENCH_LATENCY_MS to change the round trip, BENCH_RUNS the runs per figure)
 */
import { provisionDemo } from '../examples/demo/provision.js';
import { createStackTools, getStatusBoard, STACK_SECTIONS, type StackConfig } from '../src/runbook/index.js';
import { emulatorClientConfig, startEmulator } from '../test/support/emulator.js';
import { startQuotaProxy } from './lib/quota-proxy.js';
import { median, printTable } from './lib/table.js';

const RTT = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const METHOD = `Method
- The demo stack (examples/demo/provision.ts: Aurora, DynamoDB, SQS, SNS, Kinesis, Lambda, CloudWatch, ECS, both
  stacks) in moto, behind a proxy that waits ${RTT} ms per request (one round trip); no quota cap.
- board = getStatusBoard over every section (what \`bluegreen status\` prints), median of ${RUNS} runs after a warm-up.
- per section = the same board built with only that section's tool, median of ${RUNS} runs: each section's own dependent
  chain of requests (its "rounds" = time / RTT, rounded).
- floor = the longest of those chains: the board cannot finish before its slowest section. Target: board ≤ 1.5× floor.
- "sequential" = the sum of the sections (what a board reading one section after another would take).`;

async function main(): Promise<void> {
  console.log(METHOD);
  const emulator = await startEmulator();
  const proxy = await startQuotaProxy(emulator.endpoint, { delayMs: RTT });
  try {
    const { config } = (await provisionDemo(emulatorClientConfig(emulator.endpoint), { prefix: 'bench' })) as { config: StackConfig };
    const clientConfig = emulatorClientConfig(proxy.endpoint);
    const timeBoard = async (cfg: StackConfig) => {
      const tools = await createStackTools(cfg, { clientConfig });
      await getStatusBoard(tools); // warm-up: client initialisation
      const times: number[] = [];
      let requests = 0;
      for (let i = 0; i < RUNS; i++) {
        proxy.reset();
        const t0 = performance.now();
        await getStatusBoard(tools);
        times.push(performance.now() - t0);
        requests = proxy.total().requests;
      }
      return { ms: median(times), requests };
    };
    const rows: string[][] = [['what', 'time ms', 'requests', 'rounds (time / RTT)']];
    const sections: { name: string; ms: number }[] = [];
    for (const section of STACK_SECTIONS) {
      if (config[section] === undefined) continue;
      const only = { ...config, ...Object.fromEntries(STACK_SECTIONS.filter((s) => s !== section).map((s) => [s, undefined])) };
      const r = await timeBoard(only as StackConfig);
      sections.push({ name: section, ms: r.ms });
      rows.push([`section ${section}`, r.ms.toFixed(0), String(r.requests), (r.ms / RTT).toFixed(1)]);
    }
    const board = await timeBoard(config);
    const floor = Math.max(...sections.map((s) => s.ms));
    const slowest = sections.find((s) => s.ms === floor)?.name;
    const sequential = sections.reduce((a, s) => a + s.ms, 0);
    rows.push(['board (all sections)', board.ms.toFixed(0), String(board.requests), (board.ms / RTT).toFixed(1)]);
    console.log('');
    printTable(rows);
    console.log(
      `\nfloor = slowest section (${slowest}) ${floor.toFixed(0)} ms; board ${board.ms.toFixed(0)} ms = ${(board.ms / floor).toFixed(2)}× floor` +
        ` (target ≤ 1.5×); sections one after another would take ${sequential.toFixed(0)} ms = ${(sequential / floor).toFixed(2)}× floor`,
    );
  } finally {
    await proxy.close();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

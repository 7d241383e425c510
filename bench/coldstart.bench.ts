/**
 * Benchmark (not a test): cold start of a hook Lambda built with this package against its SDK-only twin.
 *
 *   npm run bench -- coldstart        (21 ABBA pairs per case by default, at least 15 with BENCH_PAIRS; BENCH_CASES=… to pick cases)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { bundledModules, bundleSource, sdkExportsIn } from '../test/support/bundle-overhead.js';
import { hasValgrind, instructionsOf } from './lib/instructions.js';
import { measurePhases, PHASE_PRELUDE, PHASES, withPhaseMarks } from './lib/phases.js';
import { median, printTable, quantile } from './lib/table.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.tmp', 'bench-coldstart');
// 21 ABBA pairs (84 runs per hook) by default; at least 15.
const PAIRS = Math.max(15, Number(process.env.BENCH_PAIRS ?? 21));
const src = (p: string) => JSON.stringify(join(root, 'src', p));
/** The environment of every hook process (timed, phase-marked and counted alike). */
const ENV = { ...process.env, AWS_REGION: 'eu-west-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
/** The "external" builds leave the SDK out, as the Lambda Node.js runtime provides it. */
const SDK_EXTERNAL = ['@aws-sdk/*'];
// ABBA pairs of the phase-marked builds (BENCH_PHASE_PAIRS=0: no phase table).
const PHASE_PAIRS = Math.max(0, Number(process.env.BENCH_PHASE_PAIRS ?? 11));
// BENCH_INSTRUCTIONS=1 (with valgrind installed): also count the instructions each bundled hook executes (3 runs a side).
const INSTRUCTIONS = process.env.BENCH_INSTRUCTIONS === '1';
/** BENCH_CASES=flip,parking: only the cases whose name contains one of these (default: all). */
const ONLY = (process.env.BENCH_CASES ?? '').split(',').filter(Boolean);

const METHOD = `Method
- Each hook is a whole process: \`node hook.mjs\` = Node start-up + loading the bundle + constructing the tools at module
  scope (as a Lambda handler module does outside its handler); no AWS call is made. Wall time measured by the parent.
- Twin = the minimal SDK-only hook doing the same: it constructs the same SDK clients (new XClient({ region })) in the
  order ours does, and imports exactly the commands, paginators and waiters our bundle carries (read from our bundle's
  esbuild metafile), the client packages in the order our bundle first imports them. The order is part of the twin
  because it shows with the SDK external: the parking hook's twin importing client-codedeploy before client-dynamodb
  (as ours does) took 1.025× the time of the same twin importing them the other way round (60 rotated runs each),
  which was all of ours' measured overhead.
- Two builds per hook, esbuild --minify, ESM, node20, mainFields module,main (CDK NodejsFunction's ESM setting):
  "external" = @aws-sdk/* left out (the Lambda Node.js runtime provides it, CDK's default), "bundled" = SDK inside.
- Flip hooks are built from tool instances (bluegreenFlipFromTools from bluegreen-toolkit/flip, what a hook should do;
  the 1-service hook also constructs the QueueMetrics CloudWatch client its drain check reads); the "config path" rows
  build the same flip from a stack config (bluegreenFlip(config), what the CLI does), for comparison: a bundler cannot
  tell which services a config lists, so that path carries every service.
- ${PAIRS} pairs per case after one warm-up of each; each pair runs ours and the twin twice in ABBA order (ours, twin,
  twin, ours) and its ratio is ours' total over the twin's, so machine load hits both alike and the order effect
  cancels: a process's time depends on which bundle ran just before it (the 4-service flip hook measured 1.098× when
  ours ran first in a pair and 1.026× when the twin did; another run of the 1-service hook, 1.016× and 1.042×), so
  with plain pairs (ours-twin, twin-ours, …) the median fell in one of two clusters and moved between runs. The figure
  is the median of the per-pair ratios; "middle half of pairs" is their 25th to 75th percentile; the last two columns
  are the medians of the single-order ratios within the pairs (ours first: ours after ours, twin after ours; twin
  first: the reverse), for the spread. Target ≤ 1.05×.
- Where ours' extra time goes (second table; BENCH_PHASE_PAIRS=0 leaves it out): both sides rebuilt with three
  performance.now() marks and run ${PHASE_PAIRS} more ABBA pairs; per phase, the median over the pairs of ours' time
  minus the twin's (ms). load = Node start-up + reading and compiling the bundle (with the SDK external, also loading
  and running the SDK's packages, which Node does before the bundle's first statement); evaluate = running the
  bundle's module bodies; construct = the hook module's own statements (tools or clients constructed at module
  scope); rest = exit and spawn. The marks are not in the timed bundles above.
- With BENCH_INSTRUCTIONS=1 and valgrind installed, a third table: the instructions each bundled hook executes
  (valgrind --tool=cachegrind), less V8's random hash-seed prime search at isolate start-up (5–16 M instructions,
  different in every process, the same for any script), the fewest of 3 runs a side (a background optimizing compile
  finishes before exit in some runs only). These counts repeat within about 0.3 %, so this ratio does not move with
  machine load; it is not the target, which is wall time. The SDK-external builds are not counted: background
  optimizing compiles move their counts by up to 30 % between runs.`;

interface Case {
  name: string;
  /** The hook module (ours). */
  source: string;
  /** The `@aws-sdk/client-*` packages whose clients the hook constructs, in the order it constructs them. */
  constructs: string[];
}

const SQS = "{ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } }, clientConfig: { region: 'eu-west-1' } }";
const SNS =
  "{ subscriptions: { blue: { subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:t:1' }, green: { subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:t:2' } }, clientConfig: { region: 'eu-west-1' } }";
const LAMBDA =
  "{ functions: { blue: { functionName: 'f-blue' }, green: { functionName: 'f-green' } }, clientConfig: { region: 'eu-west-1' } }";
const CLOUDWATCH = "{ alarms: { blue: { prefix: 'blue-' }, green: { prefix: 'green-' } }, clientConfig: { region: 'eu-west-1' } }";

const CASES: Case[] = [
  {
    name: 'one-service hook (SqsTools)',
    source: `import { SqsTools } from ${src('sqs/index.ts')};
export const sqs = new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } }, clientConfig: { region: 'eu-west-1' } });
export const handler = async () => sqs;`,
    constructs: ['client-sqs'],
  },
  {
    name: 'external parking hook',
    source: `import { createParkingHook } from ${src('external-hook/index.ts')};
export const handler = createParkingHook({ tableName: 'bluegreen-hooks', clientConfig: { region: 'eu-west-1' } });`,
    constructs: ['client-dynamodb', 'client-codedeploy'],
  },
  {
    name: 'flip hook, 1 service (sqs)',
    // The drain's NumberOfMessagesSent evidence needs a CloudWatch reader: the hook constructs it (QueueMetrics).
    source: `import { QueueMetrics } from ${src('cloudwatch/index.ts')};
import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools({ sqs: new SqsTools(${SQS}) }, { queueMetrics: new QueueMetrics({ clientConfig: { region: 'eu-west-1' } }) });
export const handler = async () => flip;`,
    constructs: ['client-sqs', 'client-cloudwatch'],
  },
  {
    name: 'flip hook, 4 services',
    source: `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { CloudWatchTools } from ${src('cloudwatch/index.ts')};
import { EventBridgeTools } from ${src('eventbridge/index.ts')};
import { LambdaTools } from ${src('lambda/index.ts')};
import { SnsTools } from ${src('sns/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
const lambda = new LambdaTools(${LAMBDA});
export const flip = bluegreenFlipFromTools({
  sqs: new SqsTools(${SQS}),
  sns: new SnsTools(${SNS}),
  lambda,
  eventbridge: new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } }),
  cloudwatch: new CloudWatchTools(${CLOUDWATCH}),
});
export const handler = async () => flip;`,
    constructs: ['client-lambda', 'client-sqs', 'client-sns', 'client-eventbridge', 'client-cloudwatch'],
  },
  {
    name: 'flip hook, 1 service, config path',
    source: flipSource(`{ sqs: ${SQS} }`),
    constructs: ['client-sqs'],
  },
  {
    name: 'flip hook, 4 services, config path',
    source: flipSource(`{ sqs: ${SQS}, sns: ${SNS}, lambda: ${LAMBDA}, cloudwatch: ${CLOUDWATCH} }`),
    constructs: ['client-sqs', 'client-sns', 'client-lambda', 'client-eventbridge', 'client-cloudwatch'],
  },
];

/** A flip hook from a stack config (the config path), with its tools constructed at module scope. */
function flipSource(config: string): string {
  return `import { bluegreenFlip } from ${src('runbook/index.ts')};
const config = { region: 'eu-west-1', ${config.replace(/, clientConfig: \{ region: 'eu-west-1' \}/g, '').slice(1)};
export const flip = bluegreenFlip(config);
await flip.tools();
export const handler = async () => flip;`;
}

/**
 * The SDK-only twin of a bundle: the given clients constructed (in `constructs` order, the order the hook constructs
 * them), the commands our bundle carries for them imported, the packages imported in the order `ours` (our
 * SDK-external build's code) first imports them.
 */
function twinSource(meta: Metafile, constructs: string[], ours: string): string {
  const exports = sdkExportsIn(meta);
  const first = (pkg: string) => {
    const at = ours.indexOf(`"@aws-sdk/${pkg}"`);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const imports: string[] = [];
  const clients = new Map<string, string>();
  const commands: string[] = [];
  let i = 0;
  for (const pkg of [...constructs].sort((x, y) => first(x) - first(y))) {
    const cls = bundledModules(meta)
      .map((m) => new RegExp(`node_modules/@aws-sdk/${pkg}/dist-es/([A-Za-z0-9]+Client)\\.js$`).exec(m)?.[1])
      .find(Boolean);
    if (!cls) throw new Error(`our bundle does not carry ${pkg}'s client class`);
    const names = [...(exports.get(pkg) ?? [])].sort();
    const aliases = [cls, ...names].map(() => `t${i++}`);
    imports.push(`import { ${[cls, ...names].map((n, k) => `${n} as ${aliases[k]}`).join(', ')} } from '@aws-sdk/${pkg}';`);
    clients.set(pkg, aliases[0] as string);
    commands.push(...aliases.slice(1));
  }
  const made = constructs.map((pkg, k) => `const c${k} = new ${clients.get(pkg)}({ region: 'eu-west-1' });`);
  const used = [...constructs.map((_, k) => `c${k}`), ...commands];
  return `${[...imports, ...made, `export const used = [${used.join(', ')}];`, 'export const handler = async () => used;'].join('\n')}\n`;
}

function runOnce(file: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [file], { env: ENV, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

async function main(): Promise<void> {
  console.log(METHOD);
  const rows: string[][] = [
    [
      'hook',
      'SDK',
      'clients constructed',
      'ours KB',
      'twin KB',
      'ours ms',
      'twin ms',
      'ratio (median of pairs)',
      'verdict',
      'middle half of pairs',
      'ours first',
      'twin first',
    ],
  ];
  const misses: string[] = [];
  const phaseRows: string[][] = [
    ['hook', 'SDK', ...PHASES.map((p) => `Δ ${p} ms`), 'Δ total ms', ...PHASES.map((p) => `${p} ms ours/twin`)],
  ];
  const counting = INSTRUCTIONS && hasValgrind();
  if (INSTRUCTIONS && !counting) console.log('BENCH_INSTRUCTIONS=1: valgrind is not on the PATH, no instruction table');
  const countRows: string[][] = [['hook', 'SDK', 'ours M instructions', 'twin M instructions', 'ratio']];
  for (const c of CASES.filter((k) => ONLY.length === 0 || ONLY.some((o) => k.name.includes(o)))) {
    const slug = c.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    // The twin's imports come from the SDK-bundled build of ours (its metafile names the SDK modules it uses).
    const full = await bundleSource(`${slug}-ours-bundled`, c.source, { outDir: out });
    const lean = await bundleSource(`${slug}-ours-external`, c.source, { outDir: out, external: SDK_EXTERNAL });
    const twinSrc = twinSource(full.meta, c.constructs, readFileSync(lean.file, 'utf8'));
    for (const variant of ['external', 'bundled'] as const) {
      const external = variant === 'external' ? SDK_EXTERNAL : undefined;
      const ours = variant === 'bundled' ? full : lean;
      const twin = await bundleSource(`${slug}-twin-${variant}`, twinSrc, { outDir: out, external });
      runOnce(ours.file);
      runOnce(twin.file);
      const ratios: number[] = [];
      const oursFirst: number[] = [];
      const twinFirst: number[] = [];
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        // ABBA: ours, twin, twin, ours.
        const o1 = runOnce(ours.file);
        const t1 = runOnce(twin.file);
        const t2 = runOnce(twin.file);
        const o2 = runOnce(ours.file);
        a.push(o1, o2);
        b.push(t1, t2);
        ratios.push((o1 + o2) / (t1 + t2));
        oursFirst.push(o1 / t1);
        twinFirst.push(o2 / t2);
      }
      const ratio = median(ratios);
      const verdict = ratio <= 1.05 ? 'ok' : 'over 1.05×';
      if (ratio > 1.05) misses.push(`${c.name} (${variant})`);
      rows.push([
        c.name,
        variant,
        c.constructs.map((p) => p.replace('client-', '')).join('+'),
        (ours.bytes / 1024).toFixed(1),
        (twin.bytes / 1024).toFixed(1),
        median(a).toFixed(1),
        median(b).toFixed(1),
        `${ratio.toFixed(3)}×`,
        verdict,
        `${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}×`,
        `${median(oursFirst).toFixed(3)}×`,
        `${median(twinFirst).toFixed(3)}×`,
      ]);
      // Bundled builds only: with the SDK external, background optimizing (TurboFan) compiles move the count by up to
      // 30 % between runs (the twin of the 4-service flip hook: 965 M to 1258 M).
      if (counting && variant === 'bundled') {
        // The fewest of 3 runs: an optimizing (TurboFan) compile on a background thread finishes before exit in some
        // runs and not in others.
        const count = (file: string) => Math.min(...[1, 2, 3].map(() => instructionsOf(file, ENV, out)));
        const o = count(ours.file);
        const t = count(twin.file);
        countRows.push([c.name, variant, (o / 1e6).toFixed(1), (t / 1e6).toFixed(1), `${(o / t).toFixed(3)}×`]);
      }
      if (PHASE_PAIRS === 0) continue;
      const marked = { outDir: out, external, prelude: PHASE_PRELUDE };
      const oursMarked = await bundleSource(`${slug}-ours-${variant}-phases`, withPhaseMarks(c.source), marked);
      const twinMarked = await bundleSource(`${slug}-twin-${variant}-phases`, withPhaseMarks(twinSrc), marked);
      const ph = measurePhases(oursMarked.file, twinMarked.file, PHASE_PAIRS, ENV);
      phaseRows.push([
        c.name,
        variant,
        ...ph.delta.map((d) => d.toFixed(1)),
        ph.delta.reduce((x, y) => x + y, 0).toFixed(1),
        ...PHASES.map((_, i) => `${(ph.ours[i] as number).toFixed(1)}/${(ph.twin[i] as number).toFixed(1)}`),
      ]);
    }
  }
  console.log('');
  printTable(rows);
  if (PHASE_PAIRS > 0) {
    console.log(`\nWhere ours' extra time goes (median of ${PHASE_PAIRS} ABBA pairs of the phase-marked builds):`);
    printTable(phaseRows);
  }
  if (counting) {
    console.log('\nInstructions executed (valgrind cachegrind, less the hash-seed search; fewest of 3 runs a side):');
    printTable(countRows);
  }
  console.log(misses.length ? `\nover target: ${misses.join('; ')}` : '\nevery hook within 1.05× of its SDK-only twin');
}

await main();

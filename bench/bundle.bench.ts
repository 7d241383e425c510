/**
 * Benchmark (not a test): what a hook Lambda pays for importing one subpath of this package.
 *
 * For each subpath: the esbuild-minified bundle size of a minimal hook that imports it, minus that of the same hook
 * importing only the bare SDK client(s) the subpath uses (our overhead; target ≤ 15 KB), and the cold import time of
 * the bundle relative to the bare client's bundle (median of several fresh processes, alternating; target ≤ 1.15×).
 * Targets are reported, not enforced; the one hard rule is that the root entry must not pull any SDK client. Needs `npm run build` first (bench/run.ts does it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.tmp', 'bench-bundle');
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 11);

function clientsUsedBy(subpath: string): string[] {
  const dir = join(root, 'dist', 'esm', subpath);
  const found = new Set<string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js'))
        for (const m of readFileSync(p, 'utf8').matchAll(/from ['"](@aws-sdk\/client-[a-z0-9-]+)['"]/g)) found.add(m[1] as string);
    }
  };
  walk(dir);
  return [...found].sort();
}

async function bundle(name: string, source: string): Promise<{ bytes: number; file: string; inputs: string[] }> {
  const entry = join(work, `${name}.mjs`);
  const outfile = join(work, `${name}.bundle.mjs`);
  writeFileSync(entry, source);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    // The SDK's CommonJS internals require() Node built-ins; an ESM bundle needs a require (as CDK's NodejsFunction adds).
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
    nodePaths: [join(root, 'node_modules')],
  });
  return { bytes: statSync(outfile).size, file: outfile, inputs: Object.keys(result.metafile.inputs) };
}

function importOnce(file: string): number {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t=process.hrtime.bigint();await import(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
    ],
    { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  return Number(out.trim());
}

/** Median cold-import times of two bundles, measured alternately so machine load affects both alike. */
function importMsPair(a: string, b: string): [number, number] {
  const ta: number[] = [];
  const tb: number[] = [];
  importOnce(a); // warm the file cache for both
  importOnce(b);
  for (let i = 0; i < RUNS; i++) {
    ta.push(importOnce(a));
    tb.push(importOnce(b));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  return [median(ta), median(tb)];
}

export async function main(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const subpaths = Object.keys(pkg.exports)
    .filter((s) => s !== '.' && s !== './package.json')
    .map((s) => s.slice(2));

  const rootBundle = await bundle(
    'root',
    `import * as m from ${JSON.stringify(join(root, 'dist/esm/index.js'))};\nexport const handler = async () => Object.keys(m).length;\n`,
  );
  const rootClients = rootBundle.inputs.filter((i) => i.includes('@aws-sdk/client-'));
  console.log(`root entry: ${(rootBundle.bytes / 1024).toFixed(1)} KB minified, SDK client modules pulled: ${rootClients.length}`);
  if (rootClients.length > 0) {
    console.error('FAIL: the root entry pulls an SDK client');
    process.exitCode = 1;
  }

  // A minimal hook imports the subpath's primary export and uses it; the whole-subpath figure imports every export.
  const PRIMARY: Record<string, string> = {
    aurora: 'AuroraTools',
    cloudwatch: 'CloudWatchTools',
    codedeploy: 'CodeDeployTools',
    dynamodb: 'DynamoTools',
    ecs: 'EcsTools',
    'ecs-deployment': 'EcsServiceDeploymentTools',
    'external-hook': 'createParkingHook',
    hooks: 'codeDeployHook',
    kinesis: 'KinesisTools',
    lambda: 'LambdaTools',
    runbook: 'bluegreenFlip',
    sns: 'SnsTools',
    sqs: 'SqsTools',
  };
  const rows: string[][] = [
    [
      'subpath',
      'hook imports',
      'clients',
      'bare KB',
      'hook KB',
      'overhead KB',
      'whole subpath KB',
      'bare ms',
      'hook ms',
      'ratio',
      'verdict',
    ],
  ];
  const over: string[] = [];
  for (const subpath of subpaths) {
    const entry = JSON.stringify(join(root, `dist/esm/${subpath}/index.js`));
    const primary = PRIMARY[subpath];
    const whole = await bundle(
      `${subpath}-whole`,
      `import * as ours from ${entry};\nexport const handler = async () => Object.keys(ours).length;\n`,
    );
    // The runbook loads the clients of whichever services a stack lists, so its baseline is every client it bundles.
    const declared = clientsUsedBy(subpath);
    const bundled = [
      ...new Set(whole.inputs.map((i) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(i)?.[1]).filter((c): c is string => Boolean(c))),
    ].map((c) => `@aws-sdk/${c}`);
    const clients = subpath === 'runbook' ? bundled.sort() : declared;
    const bareImports = clients.map((c, i) => `import * as c${i} from '${c}';`).join('\n');
    const bareUse = clients.map((_, i) => `Object.keys(c${i}).length`).join(' + ') || '0';
    const bare = await bundle(`${subpath}-bare`, `${bareImports}\nexport const handler = async () => ${bareUse};\n`);
    const hookImport = primary ? `import { ${primary} } from ${entry};` : `import * as ours from ${entry};`;
    const hookUse = primary ? `typeof ${primary}` : 'Object.keys(ours).length';
    const ours = await bundle(
      `${subpath}-ours`,
      `${bareImports}\n${hookImport}\nexport const handler = async () => [${bareUse}, ${hookUse}];\n`,
    );
    const foreign = ours.inputs.filter((i) => /@aws-sdk\/client-/.test(i) && !clients.some((c) => i.includes(`${c}/`)));
    const overheadKb = (ours.bytes - bare.bytes) / 1024;
    const [bareMs, oursMs] = importMsPair(bare.file, ours.file);
    const ratio = oursMs / bareMs;
    const misses = [
      overheadKb > 15 ? 'size' : '',
      ratio > 1.15 ? 'import time' : '',
      foreign.length ? `${foreign.length} foreign client modules` : '',
    ].filter(Boolean);
    if (misses.length) over.push(`${subpath} (${misses.join(', ')})`);
    rows.push([
      subpath,
      primary ?? '*',
      clients.map((c) => c.replace('@aws-sdk/client-', '')).join('+') || '(none)',
      (bare.bytes / 1024).toFixed(1),
      (ours.bytes / 1024).toFixed(1),
      overheadKb.toFixed(1),
      ((whole.bytes - bare.bytes) / 1024).toFixed(1),
      bareMs.toFixed(1),
      oursMs.toFixed(1),
      `${ratio.toFixed(2)}x`,
      misses.length ? `over: ${misses.join(', ')}` : 'ok',
    ]);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
  console.log(`\nbundle overhead per subpath (esbuild --minify, node20 ESM; import time = median of ${RUNS} fresh processes)`);
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
  console.log('\ntargets: overhead ≤ 15 KB, import time ≤ 1.15× the bare client, no other service client in the bundle');
  console.log(over.length ? `over target: ${over.join('; ')}` : 'every subpath within target');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

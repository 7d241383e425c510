import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/**
 * Bundle-size overhead of one subpath's primary export over the bare SDK it uses, read from esbuild's metafile.
 *
 * Method: two minified node ESM bundles (esbuild, `target: node20`, the SDK bundled):
 * - **ours**: `import { Primary } from '<subpath>'` and use it;
 * - **bare**: the SDK-only twin — the same `@aws-sdk/client-*` client classes, and exactly the commands, paginators and
 *   waiters that *ours* bundles (read from ours' metafile), imported by name from the client packages.
 * Overhead = ours' output bytes − bare's output bytes: the package's own code plus anything else it drags in (other
 * clients, our dependencies). Shared by the unit test (test/unit/core/subpath-overhead.test.ts) and `npm run bench`.
 */
export interface OverheadFigure {
  subpath: string;
  primary: string;
  /** `@aws-sdk/client-*` packages ours bundles (sorted). */
  clients: string[];
  bareBytes: number;
  oursBytes: number;
  overheadBytes: number;
  /** Our own source modules in ours' bundle, largest first (bytes in the output). */
  ownModules: [string, number][];
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT_FILE = /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\/dist-es\/(commands|pagination|waiters)\/([A-Za-z0-9]+)\.js$/;

/** The input modules that contribute bytes to a one-output bundle (the metafile's `inputs` also lists shaken-off ones). */
export function bundledModules(meta: Metafile): string[] {
  const output = Object.values(meta.outputs)[0];
  return Object.entries(output?.inputs ?? {})
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([path]) => path);
}

/** The SDK exports (by name) that a bundle uses, grouped by client package, from its metafile. */
export function sdkExportsIn(meta: Metafile): Map<string, Set<string>> {
  const byClient = new Map<string, Set<string>>();
  for (const input of bundledModules(meta)) {
    const m = CLIENT_FILE.exec(input);
    const clientPkg = /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(input)?.[1];
    if (clientPkg && !byClient.has(clientPkg)) byClient.set(clientPkg, new Set());
    if (!m) continue;
    const [, client, kind, file] = m as unknown as [string, string, string, string];
    const set = byClient.get(client) as Set<string>;
    if (kind === 'commands' && file !== 'index') set.add(file);
    else if (kind === 'pagination' && file.endsWith('Paginator') && file !== 'Interfaces')
      set.add(`paginate${file.slice(0, -'Paginator'.length)}`);
    else if (kind === 'waiters' && file.startsWith('waitFor') && file !== 'index') set.add(`waitUntil${file.slice('waitFor'.length)}`);
  }
  return byClient;
}

/** The client class an `@aws-sdk/client-*` package exports (read from its dist-es file names). */
function clientClass(pkg: string, meta: Metafile): string | undefined {
  return bundledModules(meta)
    .map((i) => new RegExp(`node_modules/@aws-sdk/${pkg}/dist-es/([A-Za-z0-9]+Client)\\.js$`).exec(i)?.[1])
    .find(Boolean);
}

export async function bundleSource(
  name: string,
  source: string,
  options: { outDir: string; external?: string[]; prelude?: string },
): Promise<{ file: string; bytes: number; meta: Metafile }> {
  mkdirSync(options.outDir, { recursive: true });
  const entry = join(options.outDir, `${name}.entry.mjs`);
  const outfile = join(options.outDir, `${name}.mjs`);
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
    external: options.external,
    // ESM output preferring the dependencies' ESM builds, as CDK's NodejsFunction recommends for OutputFormat.ESM
    // (`mainFields: ['module', 'main']`, https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.OutputFormat.html):
    // the SDK's dist-es is tree-shaken, so the twin carries only the commands it uses.
    mainFields: ['module', 'main'],
    // The SDK's CommonJS internals require() Node built-ins; an ESM bundle needs a require (as CDK's NodejsFunction adds).
    // `prelude`: statements the bundle runs first (the cold-start benchmark's phase marks).
    banner: { js: `${options.prelude ?? ''}import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);` },
    logLevel: 'silent',
    nodePaths: [join(root, 'node_modules')],
  });
  const out = Object.values(result.metafile.outputs)[0];
  return { file: outfile, bytes: out?.bytes ?? 0, meta: result.metafile };
}

/** The SDK-only twin of a bundle: same clients, same commands/paginators/waiters, imported by name. */
export function bareTwinSource(meta: Metafile, construct = false): string {
  const lines: string[] = [];
  const uses: string[] = [];
  let i = 0;
  for (const [pkg, names] of sdkExportsIn(meta)) {
    // A package with only models bundled (no client class: e.g. a type-only import that leaked) has no twin part.
    const cls = clientClass(pkg, meta);
    if (!cls) continue;
    const imported = [cls, ...[...names].sort()];
    const aliases = imported.map((n) => `${n} as s${i++}`);
    lines.push(`import { ${aliases.join(', ')} } from '@aws-sdk/${pkg}';`);
    const [clientAlias, ...rest] = aliases.map((a) => a.split(' as ')[1] as string);
    uses.push(construct ? `new ${clientAlias}({ region: 'eu-west-1' })` : (clientAlias as string), ...rest);
  }
  lines.push(`export const used = [${uses.join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

/** Overhead of `import { primary } from src/<subpath>/index.ts` over its bare twin. */
export async function subpathOverhead(subpath: string, primary: string, outDir: string): Promise<OverheadFigure> {
  const entry = JSON.stringify(join(root, 'src', subpath, 'index.ts'));
  const ours = await bundleSource(`${subpath}-ours`, `import { ${primary} } from ${entry};\nexport const used = [${primary}];\n`, {
    outDir,
  });
  const bare = await bundleSource(`${subpath}-bare`, bareTwinSource(ours.meta), { outDir });
  const output = Object.values(ours.meta.outputs)[0];
  const ownModules = Object.entries(output?.inputs ?? {})
    .filter(([path]) => !path.includes('node_modules') && path.includes('src/'))
    .map(([path, v]) => [path.replace(/^.*src\//, 'src/'), v.bytesInOutput] as [string, number])
    .sort((a, b) => b[1] - a[1]);
  return {
    subpath,
    primary,
    clients: [...sdkExportsIn(ours.meta).keys()].map((c) => `@aws-sdk/${c}`).sort(),
    bareBytes: bare.bytes,
    oursBytes: ours.bytes,
    overheadBytes: ours.bytes - bare.bytes,
    ownModules,
  };
}

/**
 * {@link subpathOverhead} for many subpaths with two esbuild runs in all (every "ours" entry in one build, every twin
 * in another; one output file per entry), for a fast unit test.
 */
export async function subpathOverheads(subpaths: Record<string, string>, outDir: string): Promise<OverheadFigure[]> {
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true,
    minify: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    metafile: true,
    write: false,
    outdir: outDir,
    mainFields: ['module', 'main'],
    logLevel: 'silent' as const,
    nodePaths: [join(root, 'node_modules')],
  };
  const names = Object.keys(subpaths);
  const entry = (name: string, kind: string, source: string) => {
    const file = join(outDir, `${name}-${kind}.entry.mjs`);
    writeFileSync(file, source);
    return file;
  };
  const oursEntries = names.map((n) =>
    entry(
      n,
      'ours',
      `import { ${subpaths[n]} } from ${JSON.stringify(join(root, 'src', n, 'index.ts'))};\nexport const used = [${subpaths[n]}];\n`,
    ),
  );
  const ours = await build({ ...common, entryPoints: oursEntries });
  const perEntry = (meta: Metafile, file: string): Metafile => {
    const [, out] =
      Object.entries(meta.outputs).find(([, o]) => o.entryPoint && file.endsWith(o.entryPoint.replace(/^(\.\.\/)+/, ''))) ?? [];
    if (!out) throw new Error(`no output for ${file}`);
    return { outputs: { x: out }, inputs: meta.inputs } as unknown as Metafile;
  };
  const oursMeta = oursEntries.map((f) => perEntry(ours.metafile as Metafile, f));
  const bareEntries = names.map((n, i) => entry(n, 'bare', bareTwinSource(oursMeta[i] as Metafile)));
  const bare = await build({ ...common, entryPoints: bareEntries });
  return names.map((subpath, i) => {
    const o = Object.values((oursMeta[i] as Metafile).outputs)[0] as Metafile['outputs'][string];
    const b = Object.values(perEntry(bare.metafile as Metafile, bareEntries[i] as string).outputs)[0] as Metafile['outputs'][string];
    return {
      subpath,
      primary: subpaths[subpath] as string,
      clients: [...sdkExportsIn(oursMeta[i] as Metafile).keys()].map((c) => `@aws-sdk/${c}`).sort(),
      bareBytes: b.bytes,
      oursBytes: o.bytes,
      overheadBytes: o.bytes - b.bytes,
      ownModules: Object.entries(o.inputs)
        .filter(([path]) => !path.includes('node_modules') && path.includes('src/'))
        .map(([path, v]) => [path.replace(/^.*src\//, 'src/'), v.bytesInOutput] as [string, number])
        .sort((x, y) => y[1] - x[1]),
    };
  });
}

/** The primary export of every service subpath: what a minimal hook importing that subpath uses. */
export const PRIMARY_EXPORTS: Record<string, string> = {
  aurora: 'AuroraTools',
  'aurora-events': 'AuroraEventTools',
  cloudwatch: 'CloudWatchTools',
  codedeploy: 'CodeDeployTools',
  dynamodb: 'DynamoTools',
  ecs: 'EcsTools',
  'ecs-deployment': 'EcsServiceDeploymentTools',
  'ecs-task-sets': 'EcsTaskSetDeployment, deployGreen', // the class and its heaviest step: a stage's hook uses one step
  eventbridge: 'EventBridgeTools',
  'external-hook': 'createParkingHook',
  hooks: 'codeDeployHook',
  kinesis: 'KinesisTools',
  lambda: 'LambdaTools',
  sns: 'SnsTools',
  sqs: 'SqsTools',
};

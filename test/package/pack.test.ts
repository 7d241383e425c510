/**
 * Packaging proof: `npm pack`, install the tarball into a temporary project outside this repository (with only the
 * peer clients a consumer would add), then load every subpath of the exports map from ESM (`import`) and from CJS
 * (`require`).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
const specifier = (subpath: string) => (subpath === '.' ? 'bluegreen-toolkit' : `bluegreen-toolkit/${subpath.slice(2)}`);

describe('Package: bluegreen-toolkit tarball', function () {
  this.timeout(300_000);
  let project: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'bluegreen-pack-'));
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() as string;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const peers = Object.keys(pkg.peerDependencies ?? {}).map(
      (name) => `${name}@${pkg.devDependencies[name] ?? pkg.peerDependencies[name]}`,
    );
    const tools = ['ts-node', 'typescript', '@types/node', 'esbuild'].map((name) => `${name}@${pkg.devDependencies[name]}`);
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(project, packed), ...peers, ...tools],
      {
        cwd: project,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  });

  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('the tarball holds dist (ESM + CJS + types) and no sources or tests', () => {
    const files = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
    const paths = (JSON.parse(files) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    assert.ok(paths.includes('dist/esm/index.js'));
    assert.ok(paths.includes('dist/cjs/index.js'));
    assert.ok(paths.includes('dist/esm/index.d.ts'));
    assert.ok(paths.includes('dist/cjs/index.d.ts'));
    assert.ok(!paths.some((p) => p.startsWith('src/') || p.startsWith('test/')), 'no sources or tests');
  });

  for (const subpath of subpaths) {
    it(`import('${specifier(subpath)}') works from ESM`, () => {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import('${specifier(subpath)}'); console.log(JSON.stringify(Object.keys(m).sort()));`,
        ],
        { cwd: project, encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      );
      const names = JSON.parse(out) as string[];
      assert.ok(names.length > 0, 'exports something');
      if (subpath === '.') assert.ok(names.includes('StackReference') && names.includes('parseStackReference'));
    });

    it(`require('${specifier(subpath)}') works from CJS`, () => {
      const out = execFileSync(
        process.execPath,
        ['-e', `const m = require('${specifier(subpath)}'); console.log(JSON.stringify(Object.keys(m).sort()));`],
        { cwd: project, encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      );
      const names = JSON.parse(out) as string[];
      assert.ok(names.length > 0, 'exports something');
      if (subpath === '.') assert.equal(names.includes('StackReference'), true);
    });
  }

  it('a ts-node script type-checks and runs against every subpath (CJS consumer, node16 resolution)', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          strict: true,
          skipLibCheck: false,
          types: ['node'],
        },
      }),
    );
    const lines = subpaths.map((subpath, i) => `import * as m${i} from '${specifier(subpath)}';`);
    const body = [
      "import { StackReference, parseStackReference } from 'bluegreen-toolkit';",
      ...lines,
      'const target: StackReference = parseStackReference(process.argv[2]);',
      `const counts: number[] = [${subpaths.map((_, i) => `Object.keys(m${i}).length`).join(', ')}];`,
      'console.log(JSON.stringify({ target, counts }));',
    ].join('\n');
    writeFileSync(join(project, 'chore.ts'), body);
    const out = execFileSync(join(project, 'node_modules', '.bin', 'ts-node'), ['chore.ts', 'GREEN'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const result = JSON.parse(out.trim().split('\n').pop() as string) as { target: string; counts: number[] };
    assert.equal(result.target, 'green');
    assert.equal(result.counts.length, subpaths.length);
    assert.ok(result.counts.every((n) => n > 0));
  });

  it('a ts-node script with a type error is rejected (the types are really checked)', () => {
    writeFileSync(
      join(project, 'bad.ts'),
      "import { StackReference } from 'bluegreen-toolkit';\nconst s: StackReference = 'purple';\nconsole.log(s);\n",
    );
    assert.throws(
      () => execFileSync(join(project, 'node_modules', '.bin', 'ts-node'), ['bad.ts'], { cwd: project, encoding: 'utf8', stdio: 'pipe' }),
      (error: { stderr?: string }) => /TS2322/.test(String(error.stderr)),
    );
  });

  it('esbuild bundles a one-service hook Lambda with only that service client, and the bundle runs', async () => {
    const services = subpaths.filter((s) => s !== '.').map((s) => s.slice(2));
    const service = services.includes('sqs') ? 'sqs' : services[0];
    if (!service) return assert.fail('no service subpath to bundle');
    writeFileSync(
      join(project, 'hook.mjs'),
      `import * as tools from 'bluegreen-toolkit/${service}';\nimport { parseStackReference } from 'bluegreen-toolkit';\nexport const handler = async (event) => ({ target: parseStackReference(event.target), exports: Object.keys(tools).length });\n`,
    );
    const esbuild = (await import(join(project, 'node_modules', 'esbuild', 'lib', 'main.js'))) as typeof import('esbuild');
    const result = await esbuild.build({
      entryPoints: [join(project, 'hook.mjs')],
      outfile: join(project, 'dist', 'hook.mjs'),
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      // The SDK's CommonJS internals require() Node built-ins; an ESM bundle needs a require (as CDK's NodejsFunction adds).
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      absWorkingDir: project,
      logLevel: 'silent',
    });
    const clients = new Set(
      Object.keys(result.metafile.inputs)
        .map((input) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(input)?.[1])
        .filter((c): c is string => Boolean(c)),
    );
    const distDir = join(project, 'node_modules', 'bluegreen-toolkit', 'dist', 'esm', service);
    const expected = new Set<string>();
    for (const file of readdirSync(distDir).filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(join(distDir, file), 'utf8').matchAll(/from ['"]@aws-sdk\/(client-[a-z0-9-]+)['"]/g))
        expected.add(m[1] as string);
    }
    assert.ok(expected.size > 0, `the ${service} subpath uses an SDK client`);
    assert.deepEqual([...clients].sort(), [...expected].sort(), `the ${service} hook bundles only its own SDK client(s)`);
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import('./dist/hook.mjs'); console.log(JSON.stringify(await handler({ target: 'blue' })));`,
      ],
      {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    const answer = JSON.parse(out) as { target: string; exports: number };
    assert.equal(answer.target, 'blue');
    assert.ok(answer.exports > 0);
  });

  it('ESM and CJS builds expose the same names', () => {
    for (const subpath of subpaths) {
      const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' });
      const esm = run([
        '--input-type=module',
        '-e',
        `console.log(JSON.stringify(Object.keys(await import('${specifier(subpath)}')).filter((k) => k !== 'default').sort()))`,
      ]);
      const cjs = run(['-e', `console.log(JSON.stringify(Object.keys(require('${specifier(subpath)}')).sort()))`]);
      assert.deepEqual(JSON.parse(esm), JSON.parse(cjs), subpath);
    }
  });
});

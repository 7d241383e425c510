/**
 * Packaging proof: `npm pack`, install the tarball into a temporary project outside this repository (with only the
 * peer clients a consumer would add), then load every subpath of the exports map from ESM (`import`) and from CJS
 * (`require`).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const subpaths = Object.keys(pkg.exports).filter((key) => !key.endsWith('.json'));
const specifier = (subpath: string) => (subpath === '.' ? 'bluegreen-toolkit' : `bluegreen-toolkit/${subpath.slice(2)}`);

describe('Package: bluegreen-toolkit tarball', function () {
  this.timeout(300_000);
  let project: string;
  let tarball: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'bluegreen-pack-'));
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() as string;
    tarball = join(project, packed);
    console.log(`      (installing ${packed} with its peer clients into a temporary consumer project…)`);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const peers = Object.keys(pkg.peerDependencies ?? {}).map(
      (name) => `${name}@${pkg.devDependencies[name] ?? pkg.peerDependencies[name]}`,
    );
    const tools = ['ts-node', 'tsx', 'typescript', '@types/node', 'esbuild'].map((name) => `${name}@${pkg.devDependencies[name]}`);
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

  it('the tarball holds dist (ESM + CJS + types), the sources its maps point at, and no tests', () => {
    const files = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const paths = (JSON.parse(files) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    assert.ok(paths.includes('dist/esm/index.js'));
    assert.ok(paths.includes('dist/cjs/index.js'));
    assert.ok(paths.includes('dist/esm/index.d.ts'));
    assert.ok(paths.includes('dist/cjs/index.d.ts'));
    assert.ok(paths.includes('src/index.ts'), 'src/ ships: the source and declaration maps point at it');
    assert.ok(paths.includes('schema/stack.schema.json'), 'the JSON Schema of stack.json ships');
    assert.ok(!paths.some((p) => p.startsWith('test/') || p.startsWith('bench/')), 'no tests');
  });

  it('every source map and declaration map in the installed package points at a file that exists', () => {
    const installed = join(project, 'node_modules', 'bluegreen-toolkit');
    const maps = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.map') ? [join(dir, d.name)] : [],
      );
    })(join(installed, 'dist'));
    assert.ok(maps.length > 100, `${maps.length} maps`);
    const broken = maps.flatMap((map) => {
      const { sources, sourceRoot = '' } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourceRoot?: string };
      return sources.map((s) => resolve(dirname(map), sourceRoot, s)).filter((file) => !existsSync(file));
    });
    assert.deepEqual(broken, []);
  });

  it('@arethetypeswrong/cli finds no problem under node10, node16 (CJS and ESM) and bundler resolution', () => {
    const attw = join(root, 'node_modules', '.bin', 'attw');
    // The packed tarball is what `attw --pack` would pack; exit code 0 means no problem in any resolution mode.
    const out = execFileSync(attw, [tarball, '--format', 'ascii'], { cwd: root, encoding: 'utf8' });
    assert.match(out, /No problems found/);
    for (const mode of ['node10', 'node16 \\(from CJS\\)', 'node16 \\(from ESM\\)', 'bundler']) assert.match(out, new RegExp(mode));
  });

  it('publint --strict finds nothing to report', () => {
    const out = execFileSync(join(root, 'node_modules', '.bin', 'publint'), ['run', tarball, '--strict'], { cwd: root, encoding: 'utf8' });
    assert.match(out, /All good!/);
  });

  it('each runtime dependency is installed once, deduplicated with the copy the SDK clients use', () => {
    const deps = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: object }).dependencies);
    for (const dep of deps) {
      const copies = (function walk(dir: string): string[] {
        const here = existsSync(join(dir, dep, 'package.json')) ? [join(dir, dep)] : [];
        const nested = readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .flatMap((d) => {
            const pkgs = d.name.startsWith('@') ? readdirSync(join(dir, d.name)).map((n) => join(dir, d.name, n)) : [join(dir, d.name)];
            return pkgs.filter((p) => existsSync(join(p, 'node_modules'))).flatMap((p) => walk(join(p, 'node_modules')));
          });
        return [...here, ...nested];
      })(join(project, 'node_modules'));
      assert.equal(copies.length, 1, `${dep}: ${copies.join(', ')}`);
    }
  });

  it('README quick start 2 runs as written with tsx (a .mts script in a CommonJS project), failing only at AWS', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Quick start 2'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1] as string;
    assert.match(code, /scripts\/drain-blue\.mts — npx tsx scripts\/drain-blue\.mts/);
    mkdirSync(join(project, 'scripts'), { recursive: true });
    writeFileSync(join(project, 'scripts', 'drain-blue.mts'), code);
    // Type-checks as README says (strict, nodenext) against the installed package.
    execFileSync(
      join(project, 'node_modules', '.bin', 'tsc'),
      ['--noEmit', '--module', 'nodenext', '--strict', '--skipLibCheck', 'scripts/drain-blue.mts'],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    // Runs: no AWS here and no credentials, so it must get as far as the first AWS call and fail there.
    const home = mkdtempSync(join(tmpdir(), 'bluegreen-home-'));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1' };
    try {
      execFileSync(join(project, 'node_modules', '.bin', 'tsx'), ['scripts/drain-blue.mts'], {
        cwd: project,
        encoding: 'utf8',
        stdio: 'pipe',
        env,
        timeout: 120_000,
      });
      assert.fail('it cannot succeed without AWS');
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr);
      assert.doesNotMatch(stderr, /TS\d{4}|ERR_UNKNOWN_FILE_EXTENSION|ERR_REQUIRE|Cannot find module|Top-level await/, stderr);
      assert.match(stderr, /credentials|CredentialsProviderError|ECONNREFUSED|ENOTFOUND|getaddrinfo/i, stderr);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
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

  // docs/bundling.md: each documented setting, reproduced with esbuild directly (SAM's and CDK's esbuild options as
  // they pass them; `sam build` and `cdk synth` are not run here), bundles a hook and the bundle runs.
  const settings: [string, Record<string, unknown>][] = [
    ['esbuild --format=esm --main-fields=module,main', { format: 'esm', mainFields: ['module', 'main'], target: 'node20' }],
    [
      'SAM BuildMethod: esbuild (Format esm, Target es2022, MainFields module,main, OutExtension .js=.mjs)',
      { format: 'esm', mainFields: ['module', 'main'], target: 'es2022' },
    ],
    [
      'CDK NodejsFunction (format ESM, mainFields module,main, @aws-sdk/* external)',
      { format: 'esm', mainFields: ['module', 'main'], target: 'node20', external: ['@aws-sdk/*'] },
    ],
  ];
  for (const [name, options] of settings) {
    it(`bundles with the settings of docs/bundling.md and the bundle runs: ${name}`, async () => {
      writeFileSync(
        join(project, 'sqs-hook.mjs'),
        "import { SqsTools } from 'bluegreen-toolkit/sqs';\nimport { parseStackReference } from 'bluegreen-toolkit';\n" +
          "const sqs = new SqsTools({ queues: { blue: { queueName: 'a' }, green: { queueName: 'b' } }, clientConfig: { region: 'eu-west-1' } });\n" +
          'export const handler = async (event) => ({ target: parseStackReference(event.target), tool: sqs.constructor.name });\n',
      );
      const esbuild = (await import(join(project, 'node_modules', 'esbuild', 'lib', 'main.js'))) as typeof import('esbuild');
      const outfile = join(project, 'dist', `sqs-hook-${settings.findIndex(([n]) => n === name)}.mjs`);
      await esbuild.build({
        entryPoints: [join(project, 'sqs-hook.mjs')],
        outfile,
        bundle: true,
        platform: 'node',
        absWorkingDir: project,
        logLevel: 'silent',
        ...options,
      });
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { handler } = await import(${JSON.stringify(outfile)}); console.log(JSON.stringify(await handler({ target: 'GREEN' })));`,
        ],
        { cwd: project, encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      );
      assert.deepEqual(JSON.parse(out), { target: 'green', tool: 'SqsTools' });
    });
  }

  it("without those settings esbuild's ESM bundle crashes at load (the trap docs/bundling.md warns of)", async () => {
    const esbuild = (await import(join(project, 'node_modules', 'esbuild', 'lib', 'main.js'))) as typeof import('esbuild');
    const outfile = join(project, 'dist', 'sqs-hook-default.mjs');
    await esbuild.build({
      entryPoints: [join(project, 'sqs-hook.mjs')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      absWorkingDir: project,
      logLevel: 'silent',
    });
    assert.throws(
      () =>
        execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(outfile)});`], {
          cwd: project,
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      (error: { stderr?: string }) => /Dynamic require of/.test(String(error.stderr)),
    );
  });

  it("the bluegreen bin from the tarball follows the CLI convention, and the SDK's Node.js notice does not reach the user", async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    await new Promise((done) => server.close(done));
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_MAX_ATTEMPTS: '1' };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const bin = join(project, 'node_modules', '.bin', 'bluegreen');
    const run = (args: string[]) => {
      try {
        execFileSync(bin, args, { cwd: project, encoding: 'utf8', stdio: 'pipe', env });
        return { code: 0, stderr: '' };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { code: e.status, stderr: String(e.stderr) };
      }
    };
    const usage = run(['flip', '--config', 'stack.json', '--to', 'purple']);
    assert.equal(usage.code, 2, usage.stderr);
    assert.match(usage.stderr, /Invalid --to 'purple'[\s\S]*Run 'bluegreen flip --help' for usage/);
    const aws = run(['deployment', 'watch', 'd-ABCDEF123', '--region', 'eu-west-1', '--endpoint', `http://127.0.0.1:${port}`]);
    assert.equal(aws.code, 1, aws.stderr);
    assert.match(aws.stderr, /hint: AWS could not be reached/);
    assert.doesNotMatch(aws.stderr, /NodeVersionSupportWarning/);
    if (Number(process.versions.node.split('.')[0]) < 22) {
      // The control: the same SDK client created outside the CLI prints the notice on this Node.js version.
      const control = spawnSync(
        process.execPath,
        ['-e', "const { CodeDeployClient } = require('@aws-sdk/client-codedeploy'); new CodeDeployClient({ region: 'eu-west-1' });"],
        { cwd: project, encoding: 'utf8', env },
      );
      assert.match(control.stderr, /NodeVersionSupportWarning/, 'without the CLI the SDK prints its notice here');
    }
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

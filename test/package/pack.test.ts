/**
 * Packaging proof: `npm pack`, install the tarball into a temporary project outside this repository (with only the
 * peer clients a consumer would add), then load every subpath of the exports map from ESM (`import`) and from CJS
 * (`require`).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(project, packed), ...peers], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
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

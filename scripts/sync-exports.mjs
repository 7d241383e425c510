// Rewrites package.json's "exports" map from the service folders: every src/<name>/index.ts (except core and cli,
// which are internal) becomes the subpath "./<name>". Run after adding a folder; a unit test checks it is in sync.
// It also writes "typesVersions", the same subpaths for TypeScript's node10 resolution (`moduleResolution: node`,
// ts-node's default), which ignores "exports": `bluegreen-toolkit/sqs` → dist/cjs/sqs/index.d.ts.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const INTERNAL = new Set(['core', 'cli']);
const entry = (dir) => ({
  import: { types: `./dist/esm/${dir}index.d.ts`, default: `./dist/esm/${dir}index.js` },
  require: { types: `./dist/cjs/${dir}index.d.ts`, default: `./dist/cjs/${dir}index.js` },
});

export function expectedExports(root = new URL('..', import.meta.url)) {
  const src = new URL('src/', root);
  const folders = readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !INTERNAL.has(d.name) && existsSync(new URL(`${d.name}/index.ts`, src)))
    .map((d) => d.name)
    .sort();
  const exports = { '.': entry('') };
  for (const name of folders) exports[`./${name}`] = entry(`${name}/`);
  exports['./package.json'] = './package.json';
  return exports;
}

/** The `typesVersions` map for resolvers that ignore `exports` (TypeScript's node10), derived from the exports. */
export function expectedTypesVersions(exports = expectedExports()) {
  const paths = {};
  for (const [subpath, target] of Object.entries(exports)) {
    if (subpath === '.' || typeof target === 'string') continue;
    paths[subpath.slice(2)] = [target.require.types];
  }
  return { '*': paths };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const file = new URL('../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.exports = expectedExports();
  pkg.typesVersions = expectedTypesVersions(pkg.exports);
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`exports: ${Object.keys(pkg.exports).join(', ')}`);
}

// Dual build: ESM (dist/esm) and CommonJS (dist/cjs), each with its own declaration files, so both `import` and
// `require` resolve correctly typed modules. dist/cjs/package.json marks that tree as CommonJS.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const tsc = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.cjs.json'], { stdio: 'inherit' });
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
writeFileSync('dist/esm/package.json', `${JSON.stringify({ type: 'module', sideEffects: false }, null, 2)}\n`);
// The JSON Schema of stack.json, from the tools' option types (shipped as bluegreen-toolkit/schema/stack.schema.json).
execFileSync(process.execPath, ['scripts/gen-schema.mjs'], { stdio: 'inherit' });
for (const bin of ['dist/esm/cli/bin.js', 'dist/cjs/cli/bin.js']) if (existsSync(bin)) chmodSync(bin, 0o755);

/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn, each in its own Node process (so one benchmark's emulator or
 * module state never leaks into the next), and fails when one fails. Benchmarks are not tests: they print figures.
 *
 *   npm run bench              # all of them
 *   npm run bench -- toggle    # only files whose name contains "toggle"
 *   npm run bench -- durable   # the durable flip: active seconds against waited seconds
 *
 * A benchmark that reads the built package (its source mentions `dist/`) gets one `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(1);
}

if (files.some((f) => readFileSync(join(benchDir, f), 'utf8').includes('dist/'))) {
  console.log('> npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { cwd: root, stdio: 'inherit' });
  console.log(`=== ${file}: ${result.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (result.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}

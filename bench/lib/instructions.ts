/**
 * Instructions a cold start executes, counted by valgrind (cachegrind, no cache simulation), for the cold-start
 * benchmark: a figure machine load does not move, beside the wall-time ratios it does move.
 *
 * V8 picks its hash seed at isolate start-up with a random prime search (`detail::sprp`, called by
 * `HashSeed::InitializeRoots` before any script runs): 5 to 16 million instructions, different in every process. It
 * is the same work for any script, so it is subtracted; the rest of a bundled hook's count repeats within about 0.3 %
 * between runs, except that an optimizing compile on a background thread finishes before exit in some runs only (take
 * the fewest of a few runs). With the SDK external the count moves by up to 30 % (background optimizing
 * compiles), so only bundled hooks are counted.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Whether valgrind is on the PATH. */
export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Instructions of one `node file` run, less V8's random hash-seed prime search. */
export function instructionsOf(file: string, env: NodeJS.ProcessEnv, tmpDir: string): number {
  const out = join(tmpDir, 'cachegrind.out');
  const r = spawnSync(
    'valgrind',
    ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, '--smc-check=all-non-file', process.execPath, file],
    { env, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`valgrind ${file} exited ${r.status}: ${r.stderr.slice(-500)}`);
  let total = 0;
  let seedSearch = 0;
  let inSeedSearch = false;
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (line.startsWith('fn=')) inSeedSearch = line.includes('detail::sprp');
    else if (line.startsWith('summary:')) total = Number(line.slice('summary:'.length));
    else if (inSeedSearch && /^\d+ \d+$/.test(line)) seedSearch += Number(line.split(' ')[1]);
  }
  rmSync(out, { force: true });
  if (!(total > 0)) throw new Error(`no instruction count for ${file}`);
  return total - seedSearch;
}

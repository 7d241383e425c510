/**
 * Where a cold start's time goes, for the cold-start benchmark: the hook is rebuilt with three `performance.now()`
 * marks (ms since the process started) and run as a whole process, like the timed bundles.
 *
 * - `load`: Node start-up, reading and compiling the bundle, up to its first statement (the bundle's prelude).
 * - `evaluate`: running the bundle's module bodies (ours and the SDK's), up to the hook module's own first statement.
 * - `construct`: the hook module's statements (constructing the tools or clients at module scope).
 * - `rest`: from the end of the module to the parent seeing the process end, plus the spawn before Node's clock starts.
 */
import { spawnSync } from 'node:child_process';
import { median } from './table.js';

export const PHASES = ['load', 'evaluate', 'construct', 'rest'] as const;

/** The prelude the bundle runs first (pass it as `bundleSource`'s `prelude`). */
export const PHASE_PRELUDE = 'globalThis.__bgMark0=performance.now();';

/**
 * A hook module with the marks around its own statements. ESM hoists the imports, so the first statement runs after
 * every imported module's body.
 */
export function withPhaseMarks(source: string): string {
  return `const __bgMark1 = performance.now();
${source}
const __bgMark2 = performance.now();
process.on('exit', () => process.stdout.write(JSON.stringify([globalThis.__bgMark0, __bgMark1, __bgMark2])));
`;
}

/** One run of a marked bundle: the four phases in ms. */
function phasesOnce(file: string, env: NodeJS.ProcessEnv): number[] {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [file], { env, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const [m0, m1, m2] = JSON.parse(r.stdout) as [number, number, number];
  return [m0, m1 - m0, m2 - m1, wall - m2];
}

/**
 * `pairs` ABBA blocks of the two marked bundles. Per phase: the median over the blocks of ours' mean minus the twin's
 * mean (ms), and the medians of each side's own time.
 */
export function measurePhases(
  ours: string,
  twin: string,
  pairs: number,
  env: NodeJS.ProcessEnv,
): { delta: number[]; ours: number[]; twin: number[] } {
  phasesOnce(ours, env);
  phasesOnce(twin, env);
  const deltas: number[][] = PHASES.map(() => []);
  const o: number[][] = PHASES.map(() => []);
  const t: number[][] = PHASES.map(() => []);
  for (let i = 0; i < pairs; i++) {
    const o1 = phasesOnce(ours, env);
    const t1 = phasesOnce(twin, env);
    const t2 = phasesOnce(twin, env);
    const o2 = phasesOnce(ours, env);
    PHASES.forEach((_, p) => {
      const oMean = ((o1[p] as number) + (o2[p] as number)) / 2;
      const tMean = ((t1[p] as number) + (t2[p] as number)) / 2;
      deltas[p]?.push(oMean - tMean);
      o[p]?.push(oMean);
      t[p]?.push(tMean);
    });
  }
  return { delta: deltas.map(median), ours: o.map(median), twin: t.map(median) };
}

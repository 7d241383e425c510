import type { StackReference } from '../core/index.js';
import type { FlipStepContext } from './flip-step-context.js';
import { FINISH, PREPARE } from './flip-steps.js';
import type { FlipPhase } from './flip-types.js';
import { type FlipProgress, LeaseLostError, type LeaseRecord } from './lease-types.js';
import type { ObservedLiveState } from './live-state.js';
import type { RunOptions } from './runbook.js';
import type { RunbookReport, RunbookStep, StepStatus } from './runbook-types.js';
import { STACK_SECTIONS, type StackConfig } from './stack-config.js';
import type { StackTools } from './stack-tools.js';

export const IN_PLACE: StepStatus[] = ['done', 'already', 'skipped', 'warning'];

export function isLeaseLost(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof LeaseLostError) return true;
  return false;
}

/** Plan-time: can AWS stop the old cluster at all (global member, Serverless v1, parallel query: AuroraTools.checkStoppable)? */
export async function stoppable(
  tools: StackTools,
  ref: StackReference,
): Promise<{ stoppable: true } | { stoppable: false; reason: string }> {
  if (!tools.aurora) return { stoppable: true };
  return tools.aurora.checkStoppable(ref);
}

/** A stable key for the pair: a hash of the config's service sections (the resources it names). */
export function defaultLockId(config: StackConfig): string {
  const sections = Object.fromEntries(STACK_SECTIONS.filter((s) => config[s] !== undefined).map((s) => [s, config[s]]));
  const text = JSON.stringify(sections);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `flip:${hash.toString(16).padStart(8, '0')}`;
}

/**
 * What a leased run continues from: steps an unfinished earlier run of this flip completed, with the pre-state it
 * recorded for them, are undone (exactly) if this run fails (`done`); the others, and those of a finished run, are
 * only skipped. `snapshots`: the pre-states an unfinished earlier run recorded (a finished one's are cleared).
 */
export function resumeSets(
  record: LeaseRecord,
  ref: StackReference,
  planned: readonly string[],
  options: RunOptions,
): { done: string[]; skip: string[]; snapshots: Record<string, unknown> } {
  const unfinished = record.progress?.target === ref && record.progress.status !== 'succeeded';
  const prior = unfinished ? record.progress?.snapshots : undefined;
  const done = planned.filter((name) => prior && Object.hasOwn(prior, name) && !options.skip?.includes(name));
  const skip = [...new Set([...(options.skip ?? []), ...planned])].filter((name) => !done.includes(name));
  return { done, skip, snapshots: { ...prior, ...options.snapshots } };
}

/**
 * A changing step without a snapshot whose undo works from its result (the reader scale-out/in): its result is kept
 * as its pre-state, so a resumed run can still undo it exactly.
 */
export function keepResult(p: FlipProgress, steps: readonly RunbookStep[], step: string, status: StepStatus, result: unknown): void {
  const made = steps.find((s) => s.name === step);
  if (status === 'done' && made?.undo && !made.snapshot && !p.snapshots?.[step] && result !== undefined)
    p.snapshots = { ...p.snapshots, [step]: { result: JSON.parse(JSON.stringify(result)) } };
}

/** After a failed run: an undone (or never run) step is back to its pre-state; a new run takes a new snapshot. */
export function dropUndone(p: FlipProgress, report: RunbookReport): void {
  const stale = new Set(report.steps.filter((s) => s.status === 'undone' || s.status === 'not-run').map((s) => s.name));
  const kept = Object.entries(p.snapshots ?? {}).filter(([name]) => !stale.has(name));
  if (kept.length > 0) p.snapshots = Object.fromEntries(kept);
  else delete p.snapshots;
}

/**
 * The steps of a phase and those an earlier run of this flip recorded as done (`skip`); a flip recorded complete
 * that AWS contradicts runs every step again (said in `context.notes`).
 */
export function planSteps(
  phase: FlipPhase,
  context: FlipStepContext,
  current: LeaseRecord | undefined,
  observed: ObservedLiveState,
  flipId: string | undefined,
): { steps: RunbookStep[]; skip: string[] } {
  const { target: ref, old, notes } = context;
  const finishing = phase !== 'prepare';
  const factories = phase === 'prepare' ? PREPARE : phase === 'finish' ? FINISH : [...PREPARE, ...FINISH];
  const steps = factories.map((make) => make(context)).filter((s): s is RunbookStep => s !== undefined);
  let skip: string[] = [];
  const progress = current?.progress;
  if (progress && progress.target === ref && (flipId === undefined || progress.flipId === flipId)) {
    const names = new Set(steps.map((s) => s.name));
    skip = progress.completedSteps.filter((name) => names.has(name));
    // Cross-check: a flip recorded complete must show in AWS as the target alone consuming.
    if (finishing && current?.live === ref && progress.status === 'succeeded' && observed.live !== ref && observed.live !== 'neither') {
      notes.push(
        `the lease records ${ref} live (flip of ${progress.updatedAt}) but AWS shows ${observed.live} consuming (${ref}: ${observed[ref].evidence.join(', ')}; ${old}: ${observed[old].evidence.join(', ')}): running every step again`,
      );
      skip = [];
    }
  }
  return { steps, skip };
}

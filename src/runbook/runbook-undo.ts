import { sleep } from '../core/index.js';
import type { RunOptions } from './runbook.js';
import { type LeftToFix, RunbookError } from './runbook-error.js';
import type { RunbookEvent, RunbookReport, RunbookStep, StepContext, UndoContext } from './runbook-types.js';

/** What the undo needs from its {@link Runbook}. */
export interface UndoHost {
  name: string;
  steps: readonly RunbookStep[];
  dryRun: boolean;
  emit(event: RunbookEvent): void;
  context(step: string, signal: AbortSignal): StepContext;
  settleAndDwell: SettleAndDwell;
}

/** Waits for a step's settle condition (after its run or undo), then its dwell; skipped in dry-run. */
export type SettleAndDwell = (
  settle: RunbookStep['settle'],
  dwellSeconds: number | undefined,
  context: StepContext,
  result: unknown,
  i: number,
  when: 'after' | 'after undo',
) => Promise<void>;

/** A failed run, as the undo needs it. */
export interface UndoRequest {
  host: UndoHost;
  /** Indexes of the steps this run may have changed, in run order (done, and treated as done by `from`). */
  completed: number[];
  /** Index of the step that failed after it started its `run` (undone first), if any. */
  failed: number | undefined;
  report: RunbookReport;
  failedStep: string;
  cause: unknown;
  options: RunOptions;
  /** What each completed step's `run` resolved with. */
  results: ReadonlyMap<number, unknown>;
  /** Each step's pre-state (its snapshot), by index. */
  befores: ReadonlyMap<number, unknown>;
}

/**
 * After a failure: undo the failed step, then the done steps in reverse (`already` steps are not reversed), each
 * retried `undoAttempts` times, each given its pre-state; returns the {@link RunbookError} listing what is left to
 * fix by hand, with the resources still changed.
 */
export async function undoAfterFailure(request: UndoRequest): Promise<RunbookError> {
  const { host, completed, failed, report, failedStep, cause, options, results, befores } = request;
  const undo = typeof options.undoOnFailure === 'function' ? options.undoOnFailure(cause) : options.undoOnFailure !== false;
  const ran = completed.map((i) => host.steps[i]?.name as string);
  const causeText = cause instanceof Error ? cause.message : String(cause);
  const head = `Runbook '${host.name}' failed at step '${failedStep}': ${causeText}`;
  if (!undo) {
    const message = [
      head,
      `  ran: ${ran.length ? ran.join(', ') : '(none)'}`,
      `  undone: (none: undo is off for this failure; fix the cause and resume from '${failedStep}')`,
    ].join('\n');
    return new RunbookError(message, { cause, failedStep, ran, undone: [], report });
  }
  // The failed step first (its change may have landed although its call failed), then the completed ones in reverse.
  const order = [...(failed === undefined ? [] : [failed]), ...[...completed].reverse()];
  const undone: string[] = [];
  const leftToFix: LeftToFix[] = [];
  const attempts = Math.max(1, options.undoAttempts ?? 3);
  const retryDelay = options.undoRetryDelaySeconds ?? 2;
  // Undo must run even when the run was cancelled: give it a signal that is never aborted.
  const undoSignal = new AbortController().signal;
  const total = host.steps.length;
  for (const i of order) {
    const step = host.steps[i] as RunbookStep;
    const entry = report.steps[i] as RunbookReport['steps'][number];
    const context: UndoContext = { ...host.context(step.name, undoSignal), result: results.get(i), before: befores.get(i) };
    // What is still changed, read only when something is left to fix (a read that fails names nothing).
    const stillChanged = async () => (await step.resources?.(context).catch(() => undefined)) ?? undefined;
    if (!step.undo) {
      if (i !== failed) entry.status = 'not-undoable';
      const resources = i === failed ? await stillChanged() : undefined;
      const named = resources ? { resources } : {};
      if (resources?.length)
        // The failed step's change landed on the resources it names, and nothing can revert it.
        leftToFix.push({
          step: step.name,
          ...(step.description ? { description: step.description } : {}),
          attempts: 0,
          error: cause,
          fix: step.manualUndo ?? `'${step.name}' has no undo and may have been applied: check it by hand`,
          ...named,
        });
      host.emit({ type: 'no-undo', step: step.name, index: i + 1, total });
      continue;
    }
    host.emit({ type: 'undo-started', step: step.name, index: i + 1, total });
    const t0 = Date.now();
    let lastError: unknown;
    let ok = false;
    for (let attempt = 1; attempt <= attempts && !ok; attempt++) {
      try {
        const result = await step.undo(context);
        await host.settleAndDwell(step.undoSettle, step.undoDwellSeconds, context, result, i, 'after undo');
        ok = true;
      } catch (error) {
        lastError = error;
        if (attempt < attempts) {
          host.emit({
            type: 'undo-retry',
            step: step.name,
            index: i + 1,
            total,
            error,
            message: `attempt ${attempt} of ${attempts} failed`,
          });
          if (!host.dryRun) await sleep(retryDelay * 1000 * 2 ** (attempt - 1));
        }
      }
    }
    if (ok) {
      entry.status = 'undone';
      undone.push(step.name);
      host.emit({ type: 'undone', step: step.name, index: i + 1, total, durationMs: Date.now() - t0 });
    } else {
      entry.status = 'undo-failed';
      entry.error = lastError;
      const resources = await stillChanged();
      const named = resources ? { resources } : {};
      leftToFix.push({
        step: step.name,
        ...(step.description ? { description: step.description } : {}),
        attempts,
        error: lastError,
        fix: step.manualUndo ?? `revert '${step.name}' by hand (its undo failed ${attempts} times)`,
        ...named,
      });
      host.emit({ type: 'undo-failed', step: step.name, index: i + 1, total, durationMs: Date.now() - t0, error: lastError });
    }
  }
  for (const [i, s] of report.steps.entries()) {
    if (s.status === 'already') host.emit({ type: 'not-reversed', step: s.name, index: i + 1, total, message: 'it changed nothing' });
  }
  const lines = [head, `  ran: ${ran.length ? ran.join(', ') : '(none)'}`, `  undone: ${undone.length ? undone.join(', ') : '(none)'}`];
  const kept = report.steps.filter((s) => s.status === 'already').map((s) => s.name);
  if (kept.length) lines.push(`  left as they were (already in place, not reversed): ${kept.join(', ')}`);
  if (leftToFix.length) {
    lines.push('  UNDO FAILED (still applied, fix by hand):');
    for (const f of leftToFix)
      lines.push(
        `    - ${f.step}${f.resources?.length ? ` (${f.resources.join(', ')})` : ''}: ${f.error instanceof Error ? f.error.message : String(f.error)} → ${f.fix}`,
      );
  }
  const notUndoable = report.steps.filter((s) => s.status === 'not-undoable').map((s) => s.name);
  if (notUndoable.length) lines.push(`  no undo defined (left as is): ${notUndoable.join(', ')}`);
  return new RunbookError(lines.join('\n'), { cause, failedStep, ran, undone, leftToFix, report });
}

import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { DurableRunOptions } from './durable-runner.js';
import { durableDwell, durableSettle } from './durable-waits.js';
import type { DurableFlipReport, DurableStep, DurableStepContext, DurableUndoContext } from './types.js';

export const jsonSafe = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/** The original error behind a durable operation error (its `cause` keeps the name and message). */
export const original = (e: unknown): { name: string; message: string } => {
  const cause = (e as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause : e instanceof Error ? e : new Error(String(e));
  return { name: inner.name, message: inner.message };
};

/** A failed durable run, as its undo needs it (the runbook's `UndoRequest`). @internal */
export interface DurableUndoRequest {
  context: DurableContext;
  steps: DurableStep[];
  report: DurableFlipReport;
  /** Indexes of the steps this run may have changed, in run order (done, and `done` by an earlier execution). */
  completed: number[];
  /** The step that failed after its run started (undone first), if any. */
  failed: number | undefined;
  cause: { name: string; message: string };
  options: DurableRunOptions;
  stepContext: (step: string) => DurableStepContext;
  /** What each completed step's run resolved with (as JSON). */
  results: ReadonlyMap<number, unknown>;
  /** Each step's pre-state (its checkpointed snapshot, or an earlier execution's), by index. */
  befores: ReadonlyMap<number, unknown>;
  /** The failed step's name when it is not `steps[failed]` (a step that could not start). */
  failedName?: string;
}

/**
 * After a failure, as the runbook's undo: the failed step first (its change may have landed although its call
 * failed), then the completed ones in reverse — each undo a checkpointed step with durable retries, given the step's
 * result and pre-state (`before`), followed by its own settle (which sees `before` too) and dwell. What is left to
 * fix names the resources still changed (`resources`, read in the checkpointed step `resources: <step>`). @internal
 */
export async function undoDurably(request: DurableUndoRequest): Promise<DurableFlipReport> {
  const { context, steps, report, completed, failed, cause, options, stepContext, results, befores } = request;
  const failedStep = request.failedName ?? (failed === undefined ? '' : (steps[failed] as DurableStep).name);
  report.failedStep = failedStep;
  report.error = `${failedStep}: ${cause.message}`;
  if (options.undoOnFailure && !options.undoOnFailure(cause)) return report;
  const attempts = Math.max(1, options.undoAttempts ?? 3);
  const delay = options.undoRetryDelaySeconds ?? 2;
  for (const i of [...(failed === undefined ? [] : [failed]), ...[...completed].reverse()]) {
    const step = steps[i] as DurableStep;
    const entry = report.steps[i] as DurableFlipReport['steps'][number];
    const undoContext: DurableUndoContext = {
      ...stepContext(step.name),
      result: results.get(i) ?? undefined,
      before: befores.get(i) ?? undefined,
    };
    // What is still changed, read only when something is left to fix (a read that fails names nothing). A read of
    // AWS: checkpointed, so a replay takes the same decision.
    const resources = step.resources;
    const stillChanged = async (): Promise<string[] | undefined> => {
      if (!resources) return undefined;
      const named = await context.step(`resources: ${step.name}`, async () => {
        try {
          return await resources(undoContext);
        } catch {
          return null;
        }
      });
      return named ?? undefined;
    };
    const undo = step.undo;
    if (!undo) {
      if (i !== failed) {
        entry.status = 'not-undoable';
        continue;
      }
      const named = await stillChanged();
      // The failed step's change landed on the resources it names, and nothing can revert it.
      if (named?.length)
        report.leftToFix.push({
          step: step.name,
          error: cause.message,
          fix: step.manualUndo ?? `'${step.name}' has no undo and may have been applied: check it by hand`,
          resources: named,
        });
      continue;
    }
    try {
      const result = await context.step(`undo: ${step.name}`, async () => jsonSafe(await undo(undoContext)), {
        retryStrategy: (_error, attempt) =>
          attempt < attempts ? { shouldRetry: true, delay: { seconds: delay * 2 ** (attempt - 1) } } : { shouldRetry: false },
      });
      if (step.undoSettle && !options.dryRun)
        report.waitedSeconds += await durableSettle(
          context,
          `undo: ${step.name} · wait: ${step.undoSettle.description}`,
          step.undoSettle,
          undoContext,
          result,
        );
      if (!options.dryRun)
        report.waitedSeconds += await durableDwell(context, `undo: ${step.name} · dwell ${step.undoDwellSeconds}s`, step.undoDwellSeconds);
      entry.status = 'undone';
      report.undone.push(step.name);
    } catch (error) {
      entry.status = 'undo-failed';
      entry.error = original(error).message;
      const named = await stillChanged();
      report.leftToFix.push({
        step: step.name,
        error: original(error).message,
        fix: step.manualUndo ?? `revert '${step.name}' by hand (its undo failed ${attempts} times)`,
        ...(named ? { resources: named } : {}),
      });
    }
  }
  return report;
}

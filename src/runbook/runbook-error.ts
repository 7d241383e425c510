import { BlueGreenError } from '../core/index.js';
import type { RunbookReport } from './runbook-types.js';

/**
 * One resource a failed run could not restore: the step whose undo kept failing, what it would have reverted, the last
 * error, and what to do by hand.
 *
 * @example
 * ```ts
 * import { RunbookError, type LeftToFix } from 'bluegreen-toolkit/runbook';
 *
 * try { await runbook.run(); } catch (e) {
 *   if (e instanceof RunbookError) e.leftToFix.forEach((f: LeftToFix) => console.error(`${f.step}: ${f.fix}`));
 * }
 * ```
 */
export interface LeftToFix {
  /** The step whose change is still applied. */
  step: string;
  /** The step's description, when it has one. */
  description?: string;
  /** How many undo attempts were made. */
  attempts: number;
  /** What the last attempt threw. */
  error: unknown;
  /** What to do by hand (the step's `manualUndo`, or a generic instruction naming the step). */
  fix: string;
  /**
   * The resources still changed, as the step names them (`lambda mapping <uuid>`, `sns subscription <arn>`, …):
   * those its undo was to revert. Absent when the step does not name its resources.
   */
  resources?: string[];
}

/**
 * A step failed. The failed step and the completed steps were undone in reverse order (steps that reported `already`
 * changed nothing and are left as they were); `report` says what ran, what failed and what was undone, and
 * `leftToFix` lists precisely what is still applied because its undo kept failing (never hidden).
 *
 * @example
 * ```ts
 * import { RunbookError } from 'bluegreen-toolkit/runbook';
 *
 * try { await runbook.run(); } catch (e) { if (e instanceof RunbookError) console.error(e.failedStep, e.leftToFix); }
 * ```
 */
export class RunbookError extends BlueGreenError {
  /** The step that failed. */
  readonly failedStep: string;
  /** Steps that completed before the failure (including skipped-as-done ones), in order. */
  readonly ran: string[];
  /** Steps whose undo succeeded, in the order they were undone (the failed step first, when it was undone). */
  readonly undone: string[];
  /** Undos that failed after every retry — these steps are still applied and need attention. */
  readonly undoFailures: { step: string; error: unknown }[];
  /** The same as `undoFailures`, with attempts and what to do by hand. Empty when everything was restored. */
  readonly leftToFix: LeftToFix[];
  /** The full report. */
  readonly report: RunbookReport;
  constructor(
    message: string,
    options: {
      cause: unknown;
      failedStep: string;
      ran: string[];
      undone: string[];
      undoFailures?: { step: string; error: unknown }[];
      leftToFix?: LeftToFix[];
      report: RunbookReport;
    },
  ) {
    super(message, { cause: options.cause });
    this.failedStep = options.failedStep;
    this.ran = options.ran;
    this.undone = options.undone;
    this.leftToFix = options.leftToFix ?? [];
    this.undoFailures = options.undoFailures ?? this.leftToFix.map((f) => ({ step: f.step, error: f.error }));
    this.report = options.report;
  }
}

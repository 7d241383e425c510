import type { Logger, Outcome, StepResult } from '../core/index.js';

/**
 * What a step's `run` and `undo` receive.
 *
 * @example
 * ```ts
 * import type { StepContext } from 'bluegreen-toolkit/runbook';
 *
 * const run = async ({ signal, logger }: StepContext) => { logger.info('working'); signal.throwIfAborted(); };
 * ```
 */
export interface StepContext {
  /** The step's name. */
  step: string;
  /** Aborted when the run is cancelled; long waits should pass it on as `abortSignal`. */
  signal: AbortSignal;
  /** The runbook's logger. */
  logger: Logger;
  /** True in dry-run mode (the tools record mutating calls instead of sending them). */
  dryRun: boolean;
}

/**
 * One named step of a {@link Runbook}: `run` does it, the optional `undo` reverts it. Both should be idempotent: a
 * step may be run again after a failure, and undone after it half-ran.
 *
 * @example
 * ```ts
 * import type { RunbookStep } from 'bluegreen-toolkit/runbook';
 *
 * const step: RunbookStep = {
 *   name: 'start green database',
 *   run: () => aurora.startDatabase(StackReference.Green, { wait: true }),
 *   undo: () => aurora.stopDatabase(StackReference.Green),
 * };
 * ```
 */
export interface RunbookStep {
  /** A unique name, used in events, errors and `resumeFrom`. */
  name: string;
  /** A longer description for plans and logs. */
  description?: string;
  /** Does the step. Resolving with a {@link StepResult} whose outcome is `already` reports the step as "already". */
  run(context: StepContext): Promise<unknown>;
  /** Reverts the step (called in reverse order when a later step fails). */
  undo?(context: StepContext): Promise<unknown>;
}

/**
 * A progress event emitted while a {@link Runbook} runs.
 *
 * - `started`: a step began.
 * - `done` / `already`: it finished, having changed something / finding everything already in place.
 * - `failed`: it threw; undo follows.
 * - `skipped`: before the `resumeFrom` step (assumed done by an earlier run).
 * - `undo-started`, `undone`, `undo-failed`, `no-undo`: reverting a completed step.
 *
 * @example
 * ```ts
 * runbook.on((event) => console.log(event.type, event.step, event.durationMs ?? ''));
 * ```
 */
export interface RunbookEvent {
  /** What happened. */
  type: 'started' | 'done' | 'already' | 'failed' | 'skipped' | 'undo-started' | 'undone' | 'undo-failed' | 'no-undo';
  /** The step's name. */
  step: string;
  /** The step's position, from 1. */
  index: number;
  /** How many steps the runbook has. */
  total: number;
  /** How long the step (or its undo) took, for finished events. */
  durationMs?: number;
  /** The step's own message, when it returned a {@link StepResult}. */
  message?: string;
  /** What the step or undo threw, for `failed` / `undo-failed`. */
  error?: unknown;
}

/**
 * The final status of one step in a {@link RunbookReport}: `done` / `already` / `skipped` when it is in place,
 * `failed` for the step that threw, `undone` / `undo-failed` / `not-undoable` for completed steps after a failure, and
 * `not-run` for steps never reached.
 *
 * @example
 * ```ts
 * import { RunbookError, type StepStatus } from 'bluegreen-toolkit/runbook';
 *
 * const needsAttention: StepStatus[] = ['undo-failed', 'not-undoable'];
 * try {
 *   await runbook.run();
 * } catch (e) {
 *   if (!(e instanceof RunbookError)) throw e;
 *   for (const s of e.report.steps) if (needsAttention.includes(s.status)) console.error(`still applied: ${s.name} (${s.status})`);
 * }
 * ```
 */
export type StepStatus = 'done' | 'already' | 'skipped' | 'failed' | 'undone' | 'undo-failed' | 'not-undoable' | 'not-run';

/**
 * What a run did, step by step.
 *
 * @example
 * ```ts
 * const report = await runbook.run();
 * for (const s of report.steps) console.log(s.name, s.status, s.durationMs);
 * ```
 */
export interface RunbookReport {
  /** The runbook's name. */
  name: string;
  /** True when every step finished (done, already or skipped). */
  succeeded: boolean;
  /** One entry per step, in runbook order. */
  steps: { name: string; status: StepStatus; outcome?: Outcome; durationMs?: number; message?: string; error?: unknown }[];
  /** Total duration. */
  durationMs: number;
  /** True in dry-run mode. */
  dryRun: boolean;
}

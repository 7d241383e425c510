import { BlueGreenError, ConfigError, type Logger, requireString, type StepResult, silentLogger } from '../core/index.js';
import type { RunbookError } from './runbook-error.js';
import type { RunbookOptions, RunOptions } from './runbook-options.js';
import type { RunbookEvent, RunbookReport, RunbookStep, StepContext, StepStatus } from './runbook-types.js';
import { type SettleAndDwell, type UndoHost, type UndoRequest, undoAfterFailure } from './runbook-undo.js';
import { dwell, settleStep } from './step-waits.js';

export { type LeftToFix, RunbookError } from './runbook-error.js';
export type { RunbookOptions, RunOptions } from './runbook-options.js';

/**
 * Named, ordered steps with undo. `run()` executes them in order; when one fails (or the run is cancelled), the
 * completed steps are undone in reverse order and a {@link RunbookError} lists what ran, what failed and what was
 * undone. Progress events (started / done / already / failed / undone …, with durations) go to listeners.
 *
 * @example
 * ```ts
 * import { Runbook } from 'bluegreen-toolkit/runbook';
 * import { StackReference } from 'bluegreen-toolkit';
 *
 * const runbook = new Runbook({
 *   name: 'switch consumers to green',
 *   steps: [
 *     { name: 'enable green mappings', run: () => lambda.enableEventMappings(StackReference.Green, { wait: true }),
 *       undo: () => lambda.disableEventMappings(StackReference.Green, { wait: true }) },
 *     { name: 'disable blue mappings', run: () => lambda.disableEventMappings(StackReference.Blue, { wait: true }),
 *       undo: () => lambda.enableEventMappings(StackReference.Blue, { wait: true }) },
 *   ],
 * });
 * runbook.on((e) => console.log(`${e.type} ${e.step}`));
 * await runbook.run();
 * ```
 */
export class Runbook {
  /** The runbook's name. */
  readonly name: string;
  readonly #steps: RunbookStep[];
  readonly #logger: Logger;
  readonly #dryRun: boolean;
  readonly #listeners: ((event: RunbookEvent) => void)[] = [];

  /** @param options - see {@link RunbookOptions}; validated here (a {@link ConfigError} for duplicate or bad steps). */
  constructor(options: RunbookOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigError('new Runbook(options) needs { name, steps }.');
    this.name = requireString(options.name, 'Runbook name');
    if (!Array.isArray(options.steps)) throw new ConfigError(`Runbook '${this.name}': steps must be an array of { name, run, undo? }.`);
    const seen = new Set<string>();
    options.steps.forEach((step, i) => {
      if (step === null || typeof step !== 'object')
        throw new ConfigError(`Runbook '${this.name}': steps[${i}] must be an object { name, run, undo? }.`);
      const name = requireString(step.name, `Runbook '${this.name}' steps[${i}].name`);
      if (seen.has(name)) throw new ConfigError(`Runbook '${this.name}': step name '${name}' is used twice; names must be unique.`);
      seen.add(name);
      if (typeof step.run !== 'function') throw new ConfigError(`Runbook '${this.name}': step '${name}' has no run() function.`);
      if (step.undo !== undefined && typeof step.undo !== 'function')
        throw new ConfigError(`Runbook '${this.name}': step '${name}' undo must be a function.`);
      for (const key of ['settle', 'undoSettle'] as const) {
        const settle = step[key];
        if (settle === undefined) continue;
        if (settle === null || typeof settle !== 'object' || typeof settle.check !== 'function' || !(settle.maxWaitSeconds > 0))
          throw new ConfigError(`Runbook '${this.name}': step '${name}' ${key} needs { description, check(), maxWaitSeconds > 0 }.`);
      }
      for (const key of ['dwellSeconds', 'undoDwellSeconds'] as const) {
        const value = step[key];
        if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0))
          throw new ConfigError(`Runbook '${this.name}': step '${name}' ${key} must be a number of seconds >= 0.`);
      }
    });
    this.#steps = [...options.steps];
    this.#logger = options.logger ?? silentLogger;
    this.#dryRun = Boolean(options.dryRun);
    if (options.onEvent) this.#listeners.push(options.onEvent);
  }

  /** The step names, in order. */
  get stepNames(): string[] {
    return this.#steps.map((s) => s.name);
  }

  /** Adds a progress listener. */
  on(listener: (event: RunbookEvent) => void): this {
    this.#listeners.push(listener);
    return this;
  }

  /** Runs from `step` (earlier steps are treated as done by an earlier run). Same as `run({ from: step })`. */
  resumeFrom(step: string, options: Omit<RunOptions, 'from'> = {}): Promise<RunbookReport> {
    return this.run({ ...options, from: step });
  }

  /**
   * Runs the steps in order: each step's `run`, then its `settle` condition, then its dwell.
   *
   * @returns the report when every step finished.
   * @throws {@link RunbookError} when a step failed (after undoing), {@link bluegreen-toolkit!ConfigError} for an unknown
   *   `from` or `skip` step.
   */
  async run(options: RunOptions = {}): Promise<RunbookReport> {
    const total = this.#steps.length;
    let start = 0;
    if (options.from !== undefined) {
      start = this.#steps.findIndex((s) => s.name === options.from);
      if (start < 0)
        throw new ConfigError(`Runbook '${this.name}' has no step '${String(options.from)}'; steps: ${this.stepNames.join(', ')}.`);
    }
    const done = new Set(options.done ?? []);
    const skip = new Set([...(options.skip ?? []), ...done]);
    for (const name of skip)
      if (!this.stepNames.includes(name))
        throw new ConfigError(`Runbook '${this.name}' has no step '${name}' to skip; steps: ${this.stepNames.join(', ')}.`);
    const began = Date.now();
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const report: RunbookReport = {
      name: this.name,
      succeeded: false,
      dryRun: this.#dryRun,
      durationMs: 0,
      warnings: [],
      steps: this.#steps.map((s) => ({ name: s.name, status: 'not-run' as StepStatus })),
    };
    // Steps this run may have changed, in order: completed ones, and those skipped by `from` (treated as done).
    const completed: number[] = [];
    const results = new Map<number, unknown>();
    // Each step's pre-state (its snapshot), for an undo that reverts only what the run changed.
    const befores = new Map<number, unknown>();
    const fail = (failed: number | undefined, failedStep: string, cause: unknown) =>
      this.#fail({ completed, failed, report, failedStep, cause, options, results, befores });
    try {
      for (let i = 0; i < start; i++) {
        (report.steps[i] as { status: StepStatus }).status = 'skipped';
        if (options.snapshots && Object.hasOwn(options.snapshots, this.#name(i))) befores.set(i, options.snapshots[this.#name(i)]);
        if (!skip.has(this.#name(i)) || done.has(this.#name(i))) completed.push(i);
        this.#emit({ type: 'skipped', step: this.#name(i), index: i + 1, total });
      }
      for (let i = start; i < total; i++) {
        const step = this.#steps[i] as RunbookStep;
        const entry = report.steps[i] as RunbookReport['steps'][number];
        if (skip.has(step.name)) {
          entry.status = 'skipped';
          if (done.has(step.name)) {
            completed.push(i);
            if (options.snapshots && Object.hasOwn(options.snapshots, step.name)) befores.set(i, options.snapshots[step.name]);
          }
          entry.message = 'done by an earlier run';
          this.#emit({ type: 'skipped', step: step.name, index: i + 1, total, message: entry.message });
          continue;
        }
        this.#emit({ type: 'started', step: step.name, index: i + 1, total });
        const t0 = Date.now();
        let result: unknown;
        let ran = false;
        try {
          if (controller.signal.aborted)
            throw new BlueGreenError(`Runbook '${this.name}' was cancelled before step '${step.name}'`, {
              cause: controller.signal.reason,
            });
          const context = this.#context(step.name, controller.signal);
          await this.#snapshot(step, context, options, i, befores);
          ran = true;
          result = await step.run(context);
          await this.#settleAndDwell(step.settle, step.dwellSeconds, context, result, i, 'after');
          const outcome = resultOutcome(result);
          Object.assign(entry, {
            status: outcome,
            outcome: outcome === 'already' ? 'already' : 'changed',
            durationMs: Date.now() - t0,
            message: resultMessage(result),
          });
          // An `already` step changed nothing — unless an earlier attempt recorded its pre-state (a resumed run): that
          // attempt may have made the change, so it is undone too (exactly: its undo gets that pre-state).
          if (outcome === 'done' || (options.snapshots && Object.hasOwn(options.snapshots, step.name))) {
            completed.push(i);
            results.set(i, result);
          }
          this.#emit({ type: outcome, step: step.name, index: i + 1, total, durationMs: entry.durationMs, message: entry.message });
        } catch (error) {
          if (step.bestEffort && ran && !controller.signal.aborted) {
            const message = error instanceof Error ? error.message : String(error);
            Object.assign(entry, { status: 'warning', durationMs: Date.now() - t0, error, message });
            report.warnings.push({ step: step.name, message, error });
            this.#emit({ type: 'warning', step: step.name, index: i + 1, total, durationMs: entry.durationMs, error, message });
          } else {
            Object.assign(entry, { status: 'failed', durationMs: Date.now() - t0, error });
            this.#emit({ type: 'failed', step: step.name, index: i + 1, total, durationMs: entry.durationMs, error });
            throw await fail(ran ? i : undefined, step.name, error);
          }
        }
        if (options.afterStep) {
          try {
            await options.afterStep(step.name, entry.status, result);
          } catch (error) {
            entry.error = error;
            throw await fail(undefined, step.name, error);
          }
        }
      }
      report.succeeded = true;
      return report;
    } finally {
      report.durationMs = Date.now() - began;
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  readonly #settleAndDwell: SettleAndDwell = async (settle, dwellSeconds, context, result, i, when) => {
    if (context.dryRun) return;
    const total = this.#steps.length;
    if (settle) {
      this.#emit({ type: 'waiting', step: context.step, index: i + 1, total, message: `${when}: waiting for ${settle.description}` });
      await settleStep(settle, context, result);
    }
    if (dwellSeconds) {
      this.#emit({ type: 'waiting', step: context.step, index: i + 1, total, message: `${when}: dwell ${dwellSeconds}s` });
      await dwell(dwellSeconds, context, `${context.step}: dwell`);
    }
  };

  /** Takes the step's pre-state (or keeps an earlier run's) and hands it to `onSnapshot` before the step runs. */
  async #snapshot(step: RunbookStep, context: StepContext, options: RunOptions, i: number, befores: Map<number, unknown>): Promise<void> {
    if (options.snapshots && Object.hasOwn(options.snapshots, step.name)) {
      befores.set(i, options.snapshots[step.name]);
      return;
    }
    if (!step.snapshot) return;
    const before = await step.snapshot(context);
    befores.set(i, before);
    await options.onSnapshot?.(step.name, before);
  }

  #fail(failure: Omit<UndoRequest, 'host'>): Promise<RunbookError> {
    const host: UndoHost = {
      name: this.name,
      steps: this.#steps,
      dryRun: this.#dryRun,
      emit: (event) => this.#emit(event),
      context: (step, signal) => this.#context(step, signal),
      settleAndDwell: this.#settleAndDwell,
    };
    return undoAfterFailure({ host, ...failure });
  }

  #context(step: string, signal: AbortSignal): StepContext {
    return { step, signal, logger: this.#logger, dryRun: this.#dryRun };
  }

  #name(i: number): string {
    return (this.#steps[i] as RunbookStep).name;
  }

  #emit(event: RunbookEvent): void {
    const level = event.type === 'failed' || event.type === 'undo-failed' ? 'error' : 'info';
    this.#logger[level](`runbook ${this.name}: ${event.type} ${event.step}`, {
      ...event,
      error: event.error instanceof Error ? event.error.message : event.error,
    });
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.warn('runbook listener threw', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

function resultOutcome(result: unknown): 'done' | 'already' {
  return result !== null && typeof result === 'object' && (result as StepResult).outcome === 'already' ? 'already' : 'done';
}

function resultMessage(result: unknown): string | undefined {
  const message = result !== null && typeof result === 'object' ? (result as StepResult).message : undefined;
  return typeof message === 'string' ? message : undefined;
}

import { BlueGreenError, ConfigError, type Logger, requireString, type StepResult, silentLogger } from '../core/index.js';
import type { RunbookEvent, RunbookReport, RunbookStep, StepContext, StepStatus } from './runbook-types.js';

/**
 * Options of a {@link Runbook}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { Runbook, type RunbookOptions } from 'bluegreen-toolkit/runbook';
 *
 * const options: RunbookOptions = {
 *   name: 'retire blue consumers',
 *   steps: [
 *     { name: 'disable blue rules', run: () => lambda.disableRules(StackReference.Blue),
 *       undo: () => lambda.enableRules(StackReference.Blue) },
 *     { name: 'purge blue queues', run: () => sqs.purgeQueues(StackReference.Blue) },
 *   ],
 *   logger: console,
 *   onEvent: (e) => console.log(`[${e.index}/${e.total}] ${e.type} ${e.step}`),
 * };
 * await new Runbook(options).run();
 * ```
 */
export interface RunbookOptions {
  /** A name for logs and errors. */
  name: string;
  /** The ordered steps (names must be unique). */
  steps: RunbookStep[];
  /** Where progress is logged (default: nothing). */
  logger?: Logger;
  /** Passed to every step's context; the tools a step uses should be built in dry-run mode too. Default false. */
  dryRun?: boolean;
  /** Called for every progress event (same as {@link Runbook.on}; default: none). */
  onEvent?: (event: RunbookEvent) => void;
}

/**
 * Options of {@link Runbook.run} and of the flip's phases ({@link BlueGreenFlip.prepare}, …); {@link Runbook.resumeFrom}
 * takes them without `from`.
 *
 * @example
 * ```ts
 * import { type RunOptions, RunbookError } from 'bluegreen-toolkit/runbook';
 *
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const options: RunOptions = { signal: controller.signal, undoOnFailure: false };
 * try {
 *   await runbook.run(options);
 * } catch (e) {
 *   // Nothing was undone: fix the cause, then continue where it stopped.
 *   if (e instanceof RunbookError) console.error(`fix it, then: runbook.resumeFrom('${e.failedStep}')`);
 * }
 * ```
 */
export interface RunOptions {
  /** Cancels the run between steps and inside waits; a cancelled run undoes its completed steps (default: none). */
  signal?: AbortSignal;
  /**
   * Start at this step; earlier steps are reported `skipped` and treated as done (so a failure undoes them too).
   * Default: the first step.
   */
  from?: string;
  /**
   * Undo the completed steps when a step fails (default `true`). With `false` the stacks are left as they are at the
   * failure — to investigate, fix the cause and continue with `resumeFrom(failedStep)`.
   */
  undoOnFailure?: boolean;
}

/**
 * A step failed. The completed steps were undone in reverse order; `report` says what ran, what failed and what was
 * undone, including undo failures (never hidden).
 *
 * @example
 * ```ts
 * import { RunbookError } from 'bluegreen-toolkit/runbook';
 *
 * try { await runbook.run(); } catch (e) { if (e instanceof RunbookError) console.error(e.failedStep, e.undoFailures); }
 * ```
 */
export class RunbookError extends BlueGreenError {
  /** The step that failed. */
  readonly failedStep: string;
  /** Steps that completed before the failure (including skipped-as-done ones), in order. */
  readonly ran: string[];
  /** Steps whose undo succeeded, in the order they were undone. */
  readonly undone: string[];
  /** Undos that failed — these steps are still applied and need attention. */
  readonly undoFailures: { step: string; error: unknown }[];
  /** The full report. */
  readonly report: RunbookReport;
  constructor(
    message: string,
    options: {
      cause: unknown;
      failedStep: string;
      ran: string[];
      undone: string[];
      undoFailures: { step: string; error: unknown }[];
      report: RunbookReport;
    },
  ) {
    super(message, { cause: options.cause });
    this.failedStep = options.failedStep;
    this.ran = options.ran;
    this.undone = options.undone;
    this.undoFailures = options.undoFailures;
    this.report = options.report;
  }
}

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
   * Runs the steps in order.
   *
   * @returns the report when every step finished.
   * @throws {@link RunbookError} when a step failed (after undoing), {@link ConfigError} for an unknown `from` step.
   */
  async run(options: RunOptions = {}): Promise<RunbookReport> {
    const total = this.#steps.length;
    let start = 0;
    if (options.from !== undefined) {
      start = this.#steps.findIndex((s) => s.name === options.from);
      if (start < 0)
        throw new ConfigError(`Runbook '${this.name}' has no step '${String(options.from)}'; steps: ${this.stepNames.join(', ')}.`);
    }
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
      steps: this.#steps.map((s) => ({ name: s.name, status: 'not-run' as StepStatus })),
    };
    const completed: number[] = [];
    try {
      for (let i = 0; i < start; i++) {
        (report.steps[i] as { status: StepStatus }).status = 'skipped';
        completed.push(i);
        this.#emit({ type: 'skipped', step: this.#name(i), index: i + 1, total });
      }
      for (let i = start; i < total; i++) {
        const step = this.#steps[i] as RunbookStep;
        const entry = report.steps[i] as RunbookReport['steps'][number];
        this.#emit({ type: 'started', step: step.name, index: i + 1, total });
        const t0 = Date.now();
        try {
          if (controller.signal.aborted)
            throw new BlueGreenError(`Runbook '${this.name}' was cancelled before step '${step.name}'`, {
              cause: controller.signal.reason,
            });
          const result = await step.run(this.#context(step.name, controller.signal));
          const outcome = resultOutcome(result);
          Object.assign(entry, {
            status: outcome,
            outcome: outcome === 'already' ? 'already' : 'changed',
            durationMs: Date.now() - t0,
            message: resultMessage(result),
          });
          completed.push(i);
          this.#emit({ type: outcome, step: step.name, index: i + 1, total, durationMs: entry.durationMs, message: entry.message });
        } catch (error) {
          Object.assign(entry, { status: 'failed', durationMs: Date.now() - t0, error });
          this.#emit({ type: 'failed', step: step.name, index: i + 1, total, durationMs: entry.durationMs, error });
          if (options.undoOnFailure === false) throw this.#stopped(completed, report, step.name, error);
          throw await this.#undo(completed, report, step.name, error);
        }
      }
      report.succeeded = true;
      return report;
    } finally {
      report.durationMs = Date.now() - began;
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async #undo(completed: number[], report: RunbookReport, failedStep: string, cause: unknown): Promise<RunbookError> {
    const total = this.#steps.length;
    const undone: string[] = [];
    const undoFailures: { step: string; error: unknown }[] = [];
    // Undo must run even when the run was cancelled: give it a signal that is never aborted.
    const undoSignal = new AbortController().signal;
    for (const i of [...completed].reverse()) {
      const step = this.#steps[i] as RunbookStep;
      const entry = report.steps[i] as RunbookReport['steps'][number];
      if (!step.undo) {
        entry.status = 'not-undoable';
        this.#emit({ type: 'no-undo', step: step.name, index: i + 1, total });
        continue;
      }
      this.#emit({ type: 'undo-started', step: step.name, index: i + 1, total });
      const t0 = Date.now();
      try {
        await step.undo(this.#context(step.name, undoSignal));
        entry.status = 'undone';
        undone.push(step.name);
        this.#emit({ type: 'undone', step: step.name, index: i + 1, total, durationMs: Date.now() - t0 });
      } catch (error) {
        entry.status = 'undo-failed';
        entry.error = error;
        undoFailures.push({ step: step.name, error });
        this.#emit({ type: 'undo-failed', step: step.name, index: i + 1, total, durationMs: Date.now() - t0, error });
      }
    }
    const ran = completed.map((i) => this.#name(i));
    const causeText = cause instanceof Error ? cause.message : String(cause);
    const lines = [
      `Runbook '${this.name}' failed at step '${failedStep}': ${causeText}`,
      `  ran: ${ran.length ? ran.join(', ') : '(none)'}`,
      `  undone: ${undone.length ? undone.join(', ') : '(none)'}`,
    ];
    if (undoFailures.length) {
      lines.push(
        `  UNDO FAILED (still applied, needs attention): ${undoFailures.map((f) => `${f.step} (${f.error instanceof Error ? f.error.message : String(f.error)})`).join('; ')}`,
      );
    }
    const notUndoable = report.steps.filter((s) => s.status === 'not-undoable').map((s) => s.name);
    if (notUndoable.length) lines.push(`  no undo defined (left as is): ${notUndoable.join(', ')}`);
    return new RunbookError(lines.join('\n'), { cause, failedStep, ran, undone, undoFailures, report });
  }

  #stopped(completed: number[], report: RunbookReport, failedStep: string, cause: unknown): RunbookError {
    const ran = completed.map((i) => this.#name(i));
    const causeText = cause instanceof Error ? cause.message : String(cause);
    const message = [
      `Runbook '${this.name}' failed at step '${failedStep}': ${causeText}`,
      `  ran: ${ran.length ? ran.join(', ') : '(none)'}`,
      `  undone: (none: undoOnFailure is false; fix the cause and resume from '${failedStep}')`,
    ].join('\n');
    return new RunbookError(message, { cause, failedStep, ran, undone: [], undoFailures: [], report });
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

import type { Logger } from '../core/index.js';
import type { RunbookEvent, RunbookStep, StepStatus } from './runbook-types.js';

/**
 * Options of a {@link Runbook}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { Runbook, type RunbookOptions } from 'bluegreen-toolkit/runbook';
 * import { purgeQueues } from 'bluegreen-toolkit/sqs';
 *
 * const options: RunbookOptions = {
 *   name: 'retire blue consumers',
 *   steps: [
 *     { name: 'disable blue rules', run: () => eventBridge.disableRules(StackReference.Blue),
 *       undo: () => eventBridge.enableRules(StackReference.Blue) },
 *     { name: 'purge blue queues', run: () => purgeQueues(sqs, StackReference.Blue) },
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
   * Steps an earlier run already completed (for example recorded with the flip's lease): reported `skipped`, not run
   * and not undone by this run (default: none).
   */
  skip?: readonly string[];
  /**
   * Steps an unfinished earlier attempt of this same work completed (the flip's lease records them): reported
   * `skipped` and not run again, but — unlike `skip` — undone when this run fails, with their recorded pre-state
   * (`snapshots`), so a failed resumed run still ends where the first attempt began (default: none).
   */
  done?: readonly string[];
  /**
   * Undo the failed and completed steps when a step fails (default `true`). With `false` the stacks are left as they
   * are at the failure — to investigate, fix the cause and continue with `resumeFrom(failedStep)`. A function decides
   * per cause (for example: never undo when the lease was lost to another flip).
   */
  undoOnFailure?: boolean | ((cause: unknown) => boolean);
  /** Attempts per undo before it is reported as left to fix (default 3). */
  undoAttempts?: number;
  /** Pause before an undo is tried again, in seconds (default 2; doubled on each retry). */
  undoRetryDelaySeconds?: number;
  /**
   * Awaited after each step finished (done, already or warning), before the next one starts — for example to record
   * progress. When it throws, the run fails at that step (default: none).
   */
  afterStep?: (step: string, status: StepStatus, result: unknown) => Promise<void>;
  /**
   * Pre-states an earlier run of the same work took (step name → what the step's `snapshot` read): used instead of a
   * new snapshot, and given to the undo of steps treated as done by `from` — so a resumed run still undoes exactly
   * what the first attempt changed (default: none).
   */
  snapshots?: Readonly<Record<string, unknown>>;
  /**
   * Awaited after a step's snapshot was taken and before its `run`, to keep it where a resumed run can read it (the
   * flip records it with the lease's progress). When it throws, the step fails without running (default: none).
   */
  onSnapshot?: (step: string, snapshot: unknown) => Promise<void>;
}

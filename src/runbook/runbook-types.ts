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
 * What a step's `undo` receives: the step's context plus what its `run` resolved with (`undefined` when `run` threw:
 * the failed step is undone too, without knowing whether its change landed).
 *
 * @example
 * ```ts
 * import { AuroraScalingTools, type ScaleResult } from 'bluegreen-toolkit/aurora';
 * import type { UndoContext } from 'bluegreen-toolkit/runbook';
 *
 * const aurora = new AuroraScalingTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 * });
 * // the undo of an `aurora.scaleOut` step: put back the capacities its result recorded (none when `run` threw)
 * const undo = async ({ result }: UndoContext) => {
 *   const scaled = result as ScaleResult | undefined;
 *   if (scaled) await aurora.restoreReaderCapacity(scaled.resourceId, scaled.previousMinCapacity, scaled.previousMaxCapacity);
 * };
 * ```
 */
export interface UndoContext extends StepContext {
  /** What `run` resolved with, or `undefined` for the step that failed. */
  result?: unknown;
  /**
   * What the step's `snapshot` read before it ran (kept from the first attempt across `from`/resume runs), or
   * `undefined` when the step has no snapshot: the undo reverts only what was not already in place.
   */
  before?: unknown;
}

/**
 * What a {@link StepSettle.check} receives: the step's context plus what the call it follows resolved with, and the
 * state the previous check returned (so a check can count readings across polls without keeping memory of its own —
 * a durable runner checkpoints it between polls).
 *
 * @example
 * ```ts
 * import type { SettleContext } from 'bluegreen-toolkit/runbook';
 *
 * const check = async ({ state }: SettleContext) => {
 *   const zeros = ((state as { zeros?: number } | undefined)?.zeros ?? 0) + 1;
 *   return { done: zeros >= 3, state: { zeros } };
 * };
 * ```
 */
export interface SettleContext extends StepContext {
  /** What `run` (or `undo`) resolved with; `undefined` when the call threw (a settle after a failed call is not polled). */
  result: unknown;
  /** The `state` the previous check returned (`undefined` for the first check). Must be JSON-serialisable. */
  state: unknown;
  /** The check number, from 1. */
  attempt: number;
  /** In an undo's settle: the step's pre-state (see {@link UndoContext.before}). */
  before?: unknown;
}

/**
 * What a {@link StepSettle.check} resolves with: `done` when the change took effect; `state` is kept for the next
 * check (and shown in a {@link bluegreen-toolkit!WaitTimeoutError} when the wait times out). A check throws to fail
 * the step at once (for example a mapping that went `Disabled` with a PROBLEM reason).
 *
 * @example
 * ```ts
 * import type { SettleCheckResult } from 'bluegreen-toolkit/runbook';
 *
 * const result: SettleCheckResult = { done: false, state: { status: 'starting' } };
 * ```
 */
export interface SettleCheckResult {
  /** True when the change the step made has taken effect. */
  done: boolean;
  /** JSON-serialisable state: passed to the next check, reported on timeout. */
  state?: unknown;
}

/**
 * A condition polled after a step's call until the change took effect (a cluster `available`, mappings `Enabled`, a
 * queue drained), kept apart from the mutating call as data: the in-process {@link Runbook} polls it with
 * {@link bluegreen-toolkit!waitFor}; a durable runner can turn it into a checkpointed wait-for-condition. The check
 * makes read-only calls only.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { StepSettle } from 'bluegreen-toolkit/runbook';
 *
 * const settle: StepSettle = {
 *   description: 'green cluster available',
 *   maxWaitSeconds: 1800,
 *   minDelaySeconds: 10,
 *   check: async () => {
 *     const { status } = await aurora.getClusterState(StackReference.Green);
 *     return { done: status === 'available', state: { status } };
 *   },
 * };
 * ```
 */
export interface StepSettle {
  /** What is awaited, for logs and timeouts ("green cluster available"). */
  description: string;
  /** One read-only check. */
  check(context: SettleContext): Promise<SettleCheckResult>;
  /** Give up after this long with a {@link bluegreen-toolkit!WaitTimeoutError} (the step then fails). */
  maxWaitSeconds: number;
  /** Smallest pause between checks (default 2 s). */
  minDelaySeconds?: number;
  /** Largest pause between checks (default 30 s; capped exponential backoff with jitter in between). */
  maxDelaySeconds?: number;
}

/**
 * One named step of a {@link Runbook}: `run` makes the change, the optional `settle` polls until it took effect and
 * `dwellSeconds` waits a fixed time after it (for example SNS's filter-policy propagation); `undo` (with `undoSettle`,
 * `undoDwellSeconds`) reverts it. `run` and `undo` must be idempotent: a step may be run again after a failure, and
 * is undone after it failed too (its change may have landed although the response was lost).
 *
 * The waits are data, not code inside `run`, so every runner can schedule them its own way: the in-process
 * {@link Runbook} sleeps and polls; a durable function checkpoints them.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { RunbookStep } from 'bluegreen-toolkit/runbook';
 *
 * const step: RunbookStep = {
 *   name: 'start green database',
 *   run: () => aurora.startDatabase(StackReference.Green),
 *   settle: {
 *     description: 'green cluster available',
 *     maxWaitSeconds: 1800,
 *     check: async () => ({ done: (await aurora.getClusterState(StackReference.Green)).status === 'available' }),
 *   },
 *   undo: () => aurora.stopDatabase(StackReference.Green),
 * };
 * ```
 */
export interface RunbookStep {
  /** A unique name, used in events, errors and `resumeFrom`. */
  name: string;
  /** A longer description for plans and logs. */
  description?: string;
  /** Makes the change. Resolving with a {@link StepResult} whose outcome is `already` reports the step as "already". */
  run(context: StepContext): Promise<unknown>;
  /**
   * Reads (read-only calls only) the pre-state of the resources `run` switches, JSON-serialisable: taken just before
   * `run` — or given by an earlier run of the same flip through {@link RunOptions.snapshots}, which then wins — and
   * passed to `undo` (and its `undoSettle`) as `context.before`, so the undo reverts only what the run changed, also
   * for the failed step whose change may have landed (default: none; the undo then reverts everything the step
   * switches).
   */
  snapshot?(context: StepContext): Promise<unknown>;
  /**
   * Reads (read-only calls) which of the step's resources are still changed compared with its pre-state
   * (`context.before`; `context.result` as for `undo`), named for {@link LeftToFix.resources}: asked when the undo
   * failed, or when the step failed and has no undo — a step without undo is listed only when this names something
   * (default: none named).
   */
  resources?(context: UndoContext): Promise<string[]>;
  /** Polled after `run` until the change took effect (default: none). */
  settle?: StepSettle;
  /** A fixed wait after `run` (and `settle`), in seconds, before the next step (default 0). */
  dwellSeconds?: number;
  /**
   * Reverts the step. Called in reverse order when a later step fails, and for the failing step itself; not called
   * for steps that reported `already` (they changed nothing). `context.result` is what `run` resolved with
   * (`undefined` for the failed step), so an undo can restore exactly the values the step replaced.
   */
  undo?(context: UndoContext): Promise<unknown>;
  /** Polled after `undo` until the revert took effect (default: none). */
  undoSettle?: StepSettle;
  /** A fixed wait after `undo` (and `undoSettle`), in seconds (default 0). */
  undoDwellSeconds?: number;
  /**
   * A best-effort step: when it fails, the failure is reported (status `warning`, with the reason) and the run goes
   * on; nothing is undone because of it (default `false`).
   */
  bestEffort?: boolean;
  /** What to do by hand when this step's undo keeps failing (shown in {@link RunbookError.leftToFix}). */
  manualUndo?: string;
}

/**
 * A progress event emitted while a {@link Runbook} runs.
 *
 * - `started`: a step began.
 * - `done` / `already`: it finished, having changed something / finding everything already in place.
 * - `waiting`: the step's change is made; its `settle` condition is polled or its dwell runs (`message` says which).
 * - `failed`: it threw; undo follows.
 * - `warning`: a best-effort step failed; the run goes on (`error` says why).
 * - `skipped`: before the `resumeFrom` step, or recorded as done by an earlier run.
 * - `undo-started`, `undone`, `undo-failed`, `no-undo`: reverting a step; `undo-retry`: an undo attempt failed and is
 *   tried again; `not-reversed`: a step that reported `already` is left as it was (it changed nothing).
 *
 * @example
 * ```ts
 * runbook.on((event) => console.log(event.type, event.step, event.durationMs ?? ''));
 * ```
 */
export interface RunbookEvent {
  /** What happened. */
  type:
    | 'started'
    | 'waiting'
    | 'done'
    | 'already'
    | 'failed'
    | 'warning'
    | 'skipped'
    | 'undo-started'
    | 'undo-retry'
    | 'undone'
    | 'undo-failed'
    | 'no-undo'
    | 'not-reversed';
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
 * `warning` for a best-effort step that failed (the run went on), `failed` for the step that threw (when its undo
 * succeeded it becomes `undone`), `undone` / `undo-failed` / `not-undoable` for reverted steps after a failure
 * (`already` steps stay `already`: they changed nothing and are not reversed), and `not-run` for steps never reached.
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
export type StepStatus = 'done' | 'already' | 'skipped' | 'warning' | 'failed' | 'undone' | 'undo-failed' | 'not-undoable' | 'not-run';

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
  /** True when every step finished (done, already, skipped, or warning for a best-effort step). */
  succeeded: boolean;
  /** Best-effort steps that failed without stopping the run, with the reason. */
  warnings: { step: string; message: string; error: unknown }[];
  /** One entry per step, in runbook order. */
  steps: { name: string; status: StepStatus; outcome?: Outcome; durationMs?: number; message?: string; error?: unknown }[];
  /** Total duration. */
  durationMs: number;
  /** True in dry-run mode. */
  dryRun: boolean;
}

import type { Logger, StackReference } from '../core/index.js';

/**
 * What a durable step's `run`, `undo` and settle checks receive (the same shape as the runbook's `StepContext`).
 *
 * @example
 * ```ts
 * import type { DurableStepContext } from 'bluegreen-toolkit/durable';
 *
 * const run = async ({ step, logger }: DurableStepContext) => logger.info(`running ${step}`);
 * ```
 */
export interface DurableStepContext {
  /** The step's name. */
  step: string;
  /** Never aborted inside a durable step: the durable execution, not a signal, bounds the time. */
  signal: AbortSignal;
  /** The flip's logger. */
  logger: Logger;
  /** True in dry-run mode. */
  dryRun: boolean;
}

/**
 * What a settle check receives: the step context, what `run` (or `undo`) resolved with (as JSON: it comes back from
 * the execution's checkpoint on replay), the `state` the previous check returned and the check number.
 *
 * @example
 * ```ts
 * import type { DurableSettleContext } from 'bluegreen-toolkit/durable';
 *
 * const check = async ({ attempt, state }: DurableSettleContext) => ({ done: attempt >= 3, state });
 * ```
 */
export interface DurableSettleContext extends DurableStepContext {
  /** What the call resolved with, as JSON. */
  result: unknown;
  /** The previous check's `state` (`undefined` for the first check). */
  state: unknown;
  /** The check number, from 1. */
  attempt: number;
  /** In an undo's settle: the step's pre-state (see {@link DurableUndoContext.before}). */
  before?: unknown;
}

/**
 * What a durable step's `undo` and `resources` receive (the runbook's `UndoContext`): the step context plus what its
 * `run` resolved with (as JSON; `undefined` for the step that failed) and its pre-state.
 *
 * @example
 * ```ts
 * import type { DurableUndoContext } from 'bluegreen-toolkit/durable';
 *
 * const undo = async ({ before }: DurableUndoContext) => {
 *   const { inPlace } = before as { inPlace: string[] };
 *   console.log(`leaving ${inPlace.join(', ')} as they were before the run`);
 * };
 * ```
 */
export interface DurableUndoContext extends DurableStepContext {
  /** What `run` resolved with (as JSON), or `undefined` for the step that failed. */
  result?: unknown;
  /**
   * What the step's `snapshot` read before it ran (the checkpointed `snapshot: <step>` result, or an earlier
   * execution's record), or `undefined` when the step has none: the undo reverts only what was not already in place.
   */
  before?: unknown;
}

/**
 * A condition polled after a step's call until its change took effect — the runbook's `StepSettle`. The durable flip
 * turns it into a `waitForCondition`: each check is checkpointed and the pauses between checks suspend the function.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { DurableSettle } from 'bluegreen-toolkit/durable';
 *
 * const settle: DurableSettle = {
 *   description: 'green cluster available',
 *   maxWaitSeconds: 1800,
 *   minDelaySeconds: 15,
 *   check: async () => ({ done: (await aurora.getClusterState(StackReference.Green)).status === 'available' }),
 * };
 * ```
 */
export interface DurableSettle {
  /** What is awaited ("green cluster available"). */
  description: string;
  /** One read-only check; `state` (JSON) is passed to the next check. Throw to fail the step at once. */
  check(context: DurableSettleContext): Promise<{ done: boolean; state?: unknown }>;
  /** Give up after this long (the step then fails and is undone). */
  maxWaitSeconds: number;
  /** First pause between checks (default 2 s); doubled after each check. */
  minDelaySeconds?: number;
  /** Longest pause between checks (default 30 s). */
  maxDelaySeconds?: number;
}

/**
 * One step of a durable flip: the runbook's `RunbookStep` shape — `run` makes the change, `settle` is polled until it
 * took effect, `dwellSeconds` waits a fixed time after it; `undo` (with `undoSettle`, `undoDwellSeconds`) reverts it.
 * The waits are data, so the durable runner makes each of them a durable wait.
 *
 * @example
 * ```ts
 * import type { DurableStep } from 'bluegreen-toolkit/durable';
 *
 * const step: DurableStep = {
 *   name: 'sns: enable green subscriptions',
 *   run: () => sns.enableSubscription(StackReference.Green),
 *   dwellSeconds: 900, // SNS: filter-policy changes take up to 15 minutes
 *   undo: () => sns.disableSubscription(StackReference.Green),
 * };
 * ```
 */
export interface DurableStep {
  /** A unique name: the durable step's name in the execution history. */
  name: string;
  /** A longer description for plans and logs. */
  description?: string;
  /** Makes the change (idempotent). Resolving with `{ outcome: 'already' }` reports "already". */
  run(context: DurableStepContext): Promise<unknown>;
  /**
   * Reads (read-only calls) the pre-state of the resources `run` switches, JSON-serialisable: checkpointed as its own
   * durable step `snapshot: <step>` just before the step's run, so a replay reuses it and never reads it again after
   * the change landed; passed to `undo`, its `undoSettle` and `resources` as `before`.
   */
  snapshot?(context: DurableStepContext): Promise<unknown>;
  /**
   * Reads (read-only calls) which of the step's resources are still changed compared with `before`, named in
   * `leftToFix[].resources`: asked (as the durable step `resources: <step>`) when the undo failed, or when the step
   * failed and has no undo — such a step is listed only when this names something.
   */
  resources?(context: DurableUndoContext): Promise<string[]>;
  /** Polled after `run` until the change took effect. */
  settle?: DurableSettle;
  /** A fixed wait after `run` and `settle`, seconds. */
  dwellSeconds?: number;
  /** Reverts the step (idempotent); called for the failed step too, never for steps that reported `already`. */
  undo?(context: DurableUndoContext): Promise<unknown>;
  /** Polled after `undo`. */
  undoSettle?: DurableSettle;
  /** A fixed wait after `undo`, seconds. */
  undoDwellSeconds?: number;
  /** A failure is reported as a warning and the flip goes on. */
  bestEffort?: boolean;
  /** What to do by hand when the undo keeps failing. */
  manualUndo?: string;
}

/**
 * The final status of a step in a {@link DurableFlipReport} (the runbook's statuses).
 *
 * @example
 * ```ts
 * import type { DurableStepStatus } from 'bluegreen-toolkit/durable';
 *
 * const inPlace: DurableStepStatus[] = ['done', 'already', 'skipped', 'warning'];
 * ```
 */
export type DurableStepStatus =
  | 'done'
  | 'already'
  | 'skipped'
  | 'warning'
  | 'failed'
  | 'undone'
  | 'undo-failed'
  | 'not-undoable'
  | 'not-run';

/**
 * What a durable flip did (JSON: it is the durable execution's result, and the message of its error when it failed).
 *
 * @example
 * ```ts
 * import type { DurableFlipReport } from 'bluegreen-toolkit/durable';
 *
 * const summary = (r: DurableFlipReport) => r.steps.map((s) => `${s.name}: ${s.status}`).join('\n');
 * ```
 */
export interface DurableFlipReport {
  /** `flip <phase> → <target>`. */
  name: string;
  /** True when every step is in place. */
  succeeded: boolean;
  /** One entry per step, in order. */
  steps: { name: string; status: DurableStepStatus; message?: string; error?: string }[];
  /** Best-effort steps that failed. */
  warnings: { step: string; message: string }[];
  /** The step that failed, when one did. */
  failedStep?: string;
  /** Why it failed. */
  error?: string;
  /** Steps whose undo succeeded, in the order they were undone. */
  undone: string[];
  /** Undos that failed after their retries: still applied, fix by hand. */
  leftToFix: { step: string; error: string; fix: string; resources?: string[] }[];
  /** The CodeDeploy hook status reported (once), when the flip runs for a hook. */
  reported?: 'Succeeded' | 'Failed';
  /** Seconds the durable waits were planned to last (dwells, plus settle pauses that ran). */
  waitedSeconds: number;
}

/**
 * The input of a durable flip execution: which phase, which stack becomes live, and — when it runs for a CodeDeploy
 * lifecycle hook — the hook to report to.
 *
 * @example
 * ```ts
 * import type { DurableFlipEvent } from 'bluegreen-toolkit/durable';
 *
 * const event: DurableFlipEvent = {
 *   phase: 'prepare',
 *   target: 'green',
 *   hook: { deploymentId: 'd-ABCDEF123', lifecycleEventHookExecutionId: 'exec-1', invokedAt: new Date().toISOString() },
 * };
 * ```
 */
export interface DurableFlipEvent {
  /** `prepare`, `finish` or `all`. */
  phase: 'prepare' | 'finish' | 'all';
  /** The stack that becomes live. */
  target: StackReference | 'blue' | 'green';
  /** The CodeDeploy hook this flip reports to (exactly once); absent for flips not started by CodeDeploy. */
  hook?: {
    /** The deployment id from the hook event. */
    deploymentId: string;
    /** The hook execution id from the hook event. */
    lifecycleEventHookExecutionId: string;
    /** When CodeDeploy invoked the hook (ISO 8601): the hook's one-hour deadline counts from here. */
    invokedAt: string;
  };
}

import type { DurableContext, RetryDecision } from '@aws/durable-execution-sdk-js';
import { isRetryableAwsError, type Logger, type StepResult } from '../core/index.js';
import { jsonSafe, original, undoDurably } from './durable-undo.js';
import { durableDwell, durableSettle } from './durable-waits.js';
import type { DurableFlipReport, DurableStep, DurableStepContext, DurableStepStatus } from './types.js';

/**
 * Options of {@link runDurableSteps}.
 *
 * @example
 * ```ts
 * import type { DurableRunOptions } from 'bluegreen-toolkit/durable';
 *
 * const options: DurableRunOptions = { name: 'retire blue', logger: console, dryRun: false, undoAttempts: 5 };
 * ```
 */
export interface DurableRunOptions {
  name: string;
  logger: Logger;
  dryRun: boolean;
  /** Steps an earlier run completed: reported `skipped`, neither run nor undone. */
  skip?: readonly string[];
  /**
   * Steps an unfinished earlier run of this same work completed (the runbook's `RunOptions.done`): reported
   * `skipped`, not run again, but undone when this run fails, with their pre-state from `snapshots` (default: none).
   */
  done?: readonly string[];
  /**
   * Pre-states an earlier run took (step name → what the step's `snapshot` read; the runbook's
   * `RunOptions.snapshots`): used instead of a new snapshot, and given to the undo of the `done` steps (default: none).
   */
  snapshots?: Readonly<Record<string, unknown>>;
  /**
   * Called with each step's pre-state before its run step (also on replay, with the checkpointed one), to keep it
   * where a later execution can read it: the durable flip records it with the lease's progress at the heartbeat of
   * `beforeStep` (default: none).
   */
  onSnapshot?: (step: string, snapshot: unknown) => void;
  /**
   * Called after each step finished (done, already or warning) with its checkpointed result (also on replay); the
   * durable flip keeps the result of a step without snapshot as its pre-state `{ result }`, as the runbook's flip
   * does (default: none).
   */
  afterStep?: (step: string, status: 'done' | 'already' | 'warning', result: unknown) => void;
  /** Attempts of a step's `run` for transient errors (throttling, 5xx, lost connections), as durable retries (default 3). */
  stepAttempts?: number;
  /** Attempts of an undo before it is left to fix by hand (default 3). */
  undoAttempts?: number;
  /** Pause before an undo is tried again, seconds, doubled each time (default 2). */
  undoRetryDelaySeconds?: number;
  /**
   * Runs inside each step's durable step, before `run` (the deadline check and the lease heartbeat). A
   * {@link NotStartedError} thrown here fails the step without counting it as run (it is not undone).
   */
  beforeStep?: (index: number, step: DurableStep) => Promise<void>;
  /** The epoch ms after which settle checks give up (the hook deadline minus the undo reserve), per step. */
  settleDeadline?: (index: number) => number | undefined;
  /** Whether a failure with this error (name, message) is undone (default: always). */
  undoOnFailure?: (error: { name: string; message: string }) => boolean;
}

/**
 * A step could not start (the hook deadline is too close, the lease was lost): nothing of the step ran. Thrown by a
 * `beforeStep` hook; the durable runner fails the flip without undoing that step.
 *
 * @example
 * ```ts
 * import { NotStartedError } from 'bluegreen-toolkit/durable';
 *
 * throw new NotStartedError('the CodeDeploy hook deadline leaves 40 s; the step needs 900 s');
 * ```
 */
export class NotStartedError extends Error {
  /** The reason's error name (`FlipDeadlineError`, `LeaseLostError`, …). */
  readonly reason: string;
  constructor(message: string, reason = 'NotStartedError') {
    super(message);
    this.name = 'NotStartedError';
    this.reason = reason;
  }
}

interface RunRecord {
  outcome: 'done' | 'already' | 'warning' | 'not-started';
  message?: string;
  result?: unknown;
  reason?: string;
}

const text = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A transient AWS / network error (throttling, 5xx, a lost connection, a timeout): worth a durable retry. @internal */
export function isTransient(error: unknown): boolean {
  const e = error instanceof Error ? error : new Error(String(error));
  return isRetryableAwsError(e) || /ECONNRESET|EPIPE|socket hang up|TimeoutError/.test(`${e.name} ${e.message}`);
}

/** Durable retries of a step's run: transient AWS / network errors only, capped doubling from 2 s. @internal */
export function transientRetry(attempts: number): (error: Error, attempt: number) => RetryDecision {
  return (error, attempt) =>
    attempt < attempts && isTransient(error)
      ? { shouldRetry: true, delay: { seconds: Math.min(30, 2 * 2 ** (attempt - 1)) } }
      : { shouldRetry: false };
}

/**
 * Runs steps as durable operations, in order: each step's `run` is one named, checkpointed step; its settle condition
 * a `waitForCondition`, its dwell a `wait`. When a step fails, the failed step (if it ran) and then the completed
 * steps are undone in reverse order — each undo a checkpointed step with durable retries, followed by its own settle
 * and dwell; steps that reported `already` are not reversed (they changed nothing). The same order and rules as the
 * in-process runbook, exact undo included: a step's `snapshot` is its own checkpointed step `snapshot: <step>` just
 * before its run step (a replay reuses the checkpointed pre-state, never reads it again after the change landed), and
 * its undo, undo settle and `resources` get it as `before`.
 *
 * Replay-safe: the control flow depends only on checkpointed results, so a re-invocation after a crash or timeout
 * takes the same path, and a step interrupted mid-call runs again (its `run` is idempotent).
 * Lambda Developer Guide, "Lambda durable functions" (steps, waits, replay): https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
 *
 * @param context - the durable context `withDurableExecution` passes to the handler.
 * @param steps - the steps, in order.
 * @param options - {@link DurableRunOptions}.
 * @returns the report (`succeeded: false` with `failedStep`, `undone` and `leftToFix` when a step failed).
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { runDurableSteps } from 'bluegreen-toolkit/durable';
 *
 * export const handler = withDurableExecution(async (_event, context) =>
 *   runDurableSteps(context, [
 *     { name: 'disable blue rules', run: () => eventBridge.disableRules(StackReference.Blue), undo: () => eventBridge.enableRules(StackReference.Blue) },
 *     { name: 'wait a quarter hour', run: async () => ({ outcome: 'already' }), dwellSeconds: 900 },
 *   ], { name: 'retire blue', logger: console, dryRun: false }),
 * );
 * ```
 */
export async function runDurableSteps(
  context: DurableContext,
  steps: DurableStep[],
  options: DurableRunOptions,
): Promise<DurableFlipReport> {
  const done = new Set(options.done ?? []);
  const skip = new Set([...(options.skip ?? []), ...done]);
  const snapshots = options.snapshots ?? {};
  const report: DurableFlipReport = {
    name: options.name,
    succeeded: false,
    steps: steps.map((s) => ({ name: s.name, status: 'not-run' as DurableStepStatus })),
    warnings: [],
    undone: [],
    leftToFix: [],
    waitedSeconds: 0,
  };
  const signal = new AbortController().signal;
  const stepContext = (step: string): DurableStepContext => ({ step, signal, logger: options.logger, dryRun: options.dryRun });
  // Steps this run may have changed, in order; what their run resolved with; each step's pre-state.
  const completed: number[] = [];
  const results = new Map<number, unknown>();
  const befores = new Map<number, unknown>();
  const fail = (failed: number | undefined, cause: { name: string; message: string }, failedName?: string) =>
    undoDurably({ context, steps, report, completed, failed, cause, options, stepContext, results, befores, failedName });
  const attempts = options.stepAttempts ?? 3;
  for (const [i, step] of steps.entries()) {
    const entry = report.steps[i] as DurableFlipReport['steps'][number];
    const earlier = Object.hasOwn(snapshots, step.name);
    if (skip.has(step.name)) {
      Object.assign(entry, { status: 'skipped', message: 'done by an earlier run' });
      if (done.has(step.name)) {
        completed.push(i);
        if (earlier) befores.set(i, snapshots[step.name]);
      }
      continue;
    }
    // The pre-state, taken as its own checkpointed step before the run step: a replay after a crash in the run gets
    // the checkpointed value, never a read made after the change landed. An earlier run's pre-state wins.
    // Whether the step has a snapshot step depends on the step alone (never on what an earlier run gave), so every
    // replay emits the same operations in the same order; the checkpointed value is the given pre-state if any.
    if (step.snapshot) {
      const snapshot = step.snapshot;
      const given = earlier ? { value: snapshots[step.name] } : undefined;
      try {
        befores.set(
          i,
          await context.step(
            `snapshot: ${step.name}`,
            async () => (given ? jsonSafe(given.value) : jsonSafe(await snapshot(stepContext(step.name)))),
            { retryStrategy: transientRetry(attempts) },
          ),
        );
      } catch (error) {
        // Nothing of the step ran: it fails without being undone (as the runbook's).
        Object.assign(entry, { status: 'failed', error: original(error).message });
        return fail(undefined, original(error), step.name);
      }
    } else if (earlier) befores.set(i, snapshots[step.name]);
    if (befores.has(i)) options.onSnapshot?.(step.name, befores.get(i));
    let record: RunRecord;
    try {
      record = await context.step<RunRecord>(
        step.name,
        async (attemptContext) => {
          try {
            await options.beforeStep?.(i, step);
          } catch (error) {
            if (error instanceof NotStartedError) return { outcome: 'not-started', message: error.message, reason: error.reason };
            throw error;
          }
          try {
            const result = await step.run(stepContext(step.name));
            const r = result as StepResult | undefined;
            const outcome = r !== null && typeof r === 'object' && r.outcome === 'already' ? 'already' : 'done';
            return { outcome, message: typeof r?.message === 'string' ? r.message : undefined, result: jsonSafe(result) };
          } catch (error) {
            // Best effort: a refusal (or a transient error on the last attempt) is the warning, checkpointed as the
            // step's result; a transient error before that is retried durably like any other step's (its `run` is
            // idempotent), so an attempt that died mid-call runs again instead of being reported as a warning.
            if (step.bestEffort && (!isTransient(error) || (attemptContext?.attempt ?? attempts) >= attempts))
              return { outcome: 'warning', message: text(error) };
            throw error;
          }
        },
        { retryStrategy: transientRetry(attempts) },
      );
    } catch (error) {
      Object.assign(entry, { status: 'failed', error: original(error).message });
      return fail(i, original(error));
    }
    if (record.outcome === 'not-started') {
      Object.assign(entry, { status: 'failed', error: record.message });
      return fail(undefined, { name: record.reason ?? 'NotStartedError', message: record.message ?? '' }, step.name);
    }
    if (record.outcome === 'warning') {
      Object.assign(entry, { status: 'warning', message: record.message });
      report.warnings.push({ step: step.name, message: record.message ?? '' });
      options.afterStep?.(step.name, 'warning', undefined);
      continue;
    }
    try {
      if (step.settle && !options.dryRun)
        report.waitedSeconds += await durableSettle(
          context,
          `${step.name} · wait: ${step.settle.description}`,
          step.settle,
          stepContext(step.name),
          record.result,
          options.settleDeadline?.(i),
        );
      if (!options.dryRun)
        report.waitedSeconds += await durableDwell(context, `${step.name} · dwell ${step.dwellSeconds}s`, step.dwellSeconds);
    } catch (error) {
      Object.assign(entry, { status: 'failed', error: original(error).message });
      return fail(i, original(error));
    }
    Object.assign(entry, { status: record.outcome, ...(record.message ? { message: record.message } : {}) });
    // An `already` step changed nothing — unless an earlier run recorded its pre-state: that run may have made the
    // change, so it is undone too (exactly, from that pre-state), as in the runbook.
    if (record.outcome === 'done' || earlier) {
      completed.push(i);
      results.set(i, record.result);
    }
    options.afterStep?.(step.name, record.outcome, record.result);
  }
  report.succeeded = true;
  return report;
}

import type { DurableStep } from './types.js';

/**
 * CodeDeploy fails a lifecycle hook whose Lambda reports no status within one hour (AWS CodeDeploy User Guide,
 * "AppSpec 'hooks' section": https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html).
 * A durable flip started for a hook reports `Failed` (after undoing) before this deadline.
 *
 * @example
 * ```ts
 * import { CODEDEPLOY_HOOK_DEADLINE_SECONDS } from 'bluegreen-toolkit/durable';
 *
 * console.log(`a hook has ${CODEDEPLOY_HOOK_DEADLINE_SECONDS / 60} minutes to report`);
 * ```
 */
export const CODEDEPLOY_HOOK_DEADLINE_SECONDS = 3600;

/**
 * Seconds kept back from the hook deadline by default: the flip stops starting new work this long before it, so the
 * undo and the `Failed` report still fit.
 *
 * @example
 * ```ts
 * import { DEFAULT_DEADLINE_MARGIN_SECONDS } from 'bluegreen-toolkit/durable';
 *
 * console.log(`work stops ${DEFAULT_DEADLINE_MARGIN_SECONDS}s before the hook deadline`);
 * ```
 */
export const DEFAULT_DEADLINE_MARGIN_SECONDS = 300;

/** Seconds allowed per undo call (the call, its retries and a short settle) in the undo reserve. */
const UNDO_CALL_SECONDS = 60;

/**
 * The plan of a durable flip: its steps with their durable waits, and whether it fits a CodeDeploy hook's hour.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { durableFlip } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * const plan = await durableFlip(stack).plan('finish', StackReference.Green, { hook: true });
 * if (!plan.fitsHookDeadline) console.error(plan.message);
 * ```
 */
export interface DurablePlan {
  /** `flip <phase> → <target>`. */
  name: string;
  /** Each step with its waits. */
  steps: {
    name: string;
    settle?: { description: string; maxWaitSeconds: number };
    dwellSeconds: number;
    undoable: boolean;
    snapshot?: boolean;
  }[];
  /** The fixed waits (dwells) that no run avoids, seconds. */
  minimumSeconds: number;
  /** Dwells plus every settle condition's longest wait, seconds. */
  worstCaseSeconds: number;
  /** For a hook: the seconds the flip may use (deadline minus margin); undefined otherwise. */
  hookBudgetSeconds?: number;
  /** For a hook: the unavoidable waits plus the undo reserve fit the budget. Always true without a hook. */
  fitsHookDeadline: boolean;
  /** One line saying so. */
  message: string;
}

/** The undo reserve before step `index` starts: undo dwells plus a call allowance for that step and every earlier one. @internal */
export function undoReserveSeconds(steps: DurableStep[], index: number): number {
  let total = 0;
  for (const step of steps.slice(0, index + 1)) if (step.undo) total += UNDO_CALL_SECONDS + (step.undoDwellSeconds ?? 0);
  return total;
}

/**
 * Plans steps as a durable flip: the waits each step schedules, the unavoidable and worst-case durations and, when
 * `hookBudgetSeconds` is given, whether the unavoidable waits plus the undo reserve fit it.
 *
 * @example
 * ```ts
 * import { type DurableStep, planDurableSteps } from 'bluegreen-toolkit/durable';
 *
 * const steps: DurableStep[] = [
 *   { name: 'sqs: disable blue consumers', run: async () => undefined, undo: async () => undefined, dwellSeconds: 300 },
 *   { name: 'aurora: scale in blue', run: async () => undefined },
 * ];
 * const plan = planDurableSteps('retire blue', steps, 3300);
 * console.log(plan.minimumSeconds, plan.worstCaseSeconds, plan.fitsHookDeadline);
 * ```
 */
export function planDurableSteps(name: string, steps: DurableStep[], hookBudgetSeconds?: number): DurablePlan {
  const planned = steps.map((s) => ({
    name: s.name,
    ...(s.settle ? { settle: { description: s.settle.description, maxWaitSeconds: s.settle.maxWaitSeconds } } : {}),
    dwellSeconds: s.dwellSeconds ?? 0,
    undoable: typeof s.undo === 'function',
    snapshot: typeof s.snapshot === 'function',
  }));
  const minimumSeconds = planned.reduce((sum, s) => sum + s.dwellSeconds, 0);
  const worstCaseSeconds = planned.reduce((sum, s) => sum + s.dwellSeconds + (s.settle?.maxWaitSeconds ?? 0), 0);
  if (hookBudgetSeconds === undefined) {
    return {
      name,
      steps: planned,
      minimumSeconds,
      worstCaseSeconds,
      fitsHookDeadline: true,
      message: `${name}: ${steps.length} steps, at least ${minimumSeconds}s of waits`,
    };
  }
  const needed = minimumSeconds + undoReserveSeconds(steps, steps.length - 1);
  const fits = needed <= hookBudgetSeconds;
  const message = fits
    ? `${name}: fits the CodeDeploy hook deadline (at least ${minimumSeconds}s of waits + ${needed - minimumSeconds}s undo reserve ≤ ${hookBudgetSeconds}s; worst case ${worstCaseSeconds}s, stopped and undone in time if reached)`
    : `${name}: needs longer than a CodeDeploy hook allows — at least ${minimumSeconds}s of fixed waits plus ${needed - minimumSeconds}s undo reserve, but the hook leaves ${hookBudgetSeconds}s (one hour minus the margin). Run this phase outside the hook (a durable execution started by your pipeline, not by CodeDeploy) or shorten its dwells.`;
  return { name, steps: planned, minimumSeconds, worstCaseSeconds, hookBudgetSeconds, fitsHookDeadline: fits, message };
}

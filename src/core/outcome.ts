/**
 * What a state-changing step did: `changed` when it made a change, `already` when the resource was already in (or
 * moving to) the requested state and nothing was sent.
 *
 * @example
 * ```ts
 * import type { Outcome } from 'bluegreen-toolkit';
 *
 * const o: Outcome = 'already';
 * ```
 */
export type Outcome = 'changed' | 'already';

/**
 * The result of an idempotent step.
 *
 * @example
 * ```ts
 * const result = await aurora.startDatabase(StackReference.Green);
 * if (result.outcome === 'already') console.log(result.message); // "cluster orders-green is already available"
 * ```
 */
export interface StepResult {
  /** Whether a change was made. */
  outcome: Outcome;
  /** A human-readable summary, for logs and the CLI. */
  message: string;
}

/**
 * `already` when every outcome is `already` (or there are none), otherwise `changed`.
 *
 * @example
 * ```ts
 * import { combineOutcomes } from 'bluegreen-toolkit';
 *
 * combineOutcomes(['already', 'changed']); // 'changed'
 * ```
 */
export function combineOutcomes(outcomes: readonly Outcome[]): Outcome {
  return outcomes.every((o) => o === 'already') ? 'already' : 'changed';
}

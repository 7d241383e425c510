import { sleep, waitFor } from '../core/index.js';
import type { SettleContext, StepContext, StepSettle } from './runbook-types.js';

/**
 * Polls a step's settle condition with core `waitFor` (first check at once, capped exponential backoff with jitter,
 * never past `maxWaitSeconds`), carrying each check's `state` into the next.
 */
export async function settleStep(settle: StepSettle, context: StepContext, result: unknown): Promise<unknown> {
  let state: unknown;
  return waitFor(
    async (attempt) => {
      const check: SettleContext = { ...context, result, state, attempt };
      const outcome = await settle.check(check);
      state = outcome.state;
      return outcome.done ? { done: true, value: state } : { done: false, state };
    },
    {
      maxWaitTime: settle.maxWaitSeconds,
      minDelay: settle.minDelaySeconds ?? 2,
      maxDelay: Math.max(settle.maxDelaySeconds ?? 30, settle.minDelaySeconds ?? 2),
      abortSignal: context.signal,
      description: settle.description,
    },
  );
}

/** A fixed wait (a step's dwell), cancelled by the context's signal. */
export async function dwell(seconds: number | undefined, context: StepContext, what: string): Promise<void> {
  if (!seconds || seconds <= 0 || context.dryRun) return;
  await sleep(seconds * 1000, context.signal, what);
}

import type { DurableContext } from '@aws/durable-execution-sdk-js';
import { WaitTimeoutError } from '../core/index.js';
import type { DurableSettle, DurableStepContext } from './types.js';

/** The settle pause after check `attempt` (from 1): capped doubling from `minDelaySeconds`, whole seconds, no jitter (replay-safe). */
export function settleDelaySeconds(settle: DurableSettle, attempt: number): number {
  const min = Math.max(1, Math.ceil(settle.minDelaySeconds ?? 2));
  const max = Math.max(min, Math.ceil(settle.maxDelaySeconds ?? 30));
  return Math.min(max, min * 2 ** Math.min(attempt - 1, 20));
}

interface SettleState {
  attempt: number;
  state: unknown;
  done: boolean;
  startedAt: number;
  nextDelay: number;
  waited: number;
  /** Why the wait ended without the condition holding (a timeout or the check's own error). */
  failed?: { name: string; message: string } | null;
}

/**
 * A step's settle condition as a durable `waitForCondition`: each check runs (and is checkpointed) as one attempt of
 * the operation; between checks the function is suspended for the capped-doubling pause, so no invocation sleeps.
 * Gives up with a {@link WaitTimeoutError} after `maxWaitSeconds`, or at `deadlineAt` (epoch ms) if that is earlier —
 * decided inside the checkpointed check and carried in its state, so a replay takes the same decision. A check that
 * throws ends the wait the same way (its error is rethrown after the operation).
 *
 * Lambda durable functions, "waitForCondition": https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
 *
 * @returns the seconds the pauses between checks added up to.
 */
export async function durableSettle(
  context: DurableContext,
  name: string,
  settle: DurableSettle,
  stepContext: DurableStepContext,
  result: unknown,
  deadlineAt?: number,
): Promise<number> {
  const final = await context.waitForCondition<SettleState>(
    name,
    async (s) => {
      const startedAt = s.attempt === 0 ? Date.now() : s.startedAt;
      const waited = s.waited + (s.attempt === 0 ? 0 : s.nextDelay);
      // The scheduled pauses count as elapsed even where a clock skips them (the local test runner's time skipping).
      const now = Math.max(Date.now(), startedAt + waited * 1000);
      const attempt = s.attempt + 1;
      const base = { attempt, startedAt, waited, nextDelay: 0 };
      let checked: { done: boolean; state?: unknown };
      try {
        checked = await settle.check({ ...stepContext, result, state: s.state ?? undefined, attempt });
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        return { ...base, state: s.state, done: false, failed: { name: e.name, message: `${name}: ${e.message}` } };
      }
      const state = checked.state === undefined ? null : checked.state;
      if (checked.done) return { ...base, state, done: true };
      const limit = Math.min(startedAt + settle.maxWaitSeconds * 1000, deadlineAt ?? Number.POSITIVE_INFINITY);
      if (now >= limit) {
        const why = limit === deadlineAt ? 'the CodeDeploy hook deadline leaves no more time' : `gave up after ${settle.maxWaitSeconds}s`;
        const message = `${name}: ${settle.description} — ${why} (${attempt} checks; last state ${JSON.stringify(state)})`;
        return { ...base, state, done: false, failed: { name: 'WaitTimeoutError', message } };
      }
      const nextDelay = Math.max(1, Math.min(settleDelaySeconds(settle, attempt), Math.ceil((limit - now) / 1000)));
      return { ...base, state, done: false, nextDelay };
    },
    {
      initialState: { attempt: 0, state: null, done: false, startedAt: 0, nextDelay: 0, waited: 0, failed: null },
      waitStrategy: (s) => (s.done || s.failed ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: s.nextDelay } }),
    },
  );
  if (final.failed) {
    if (final.failed.name === 'WaitTimeoutError')
      throw new WaitTimeoutError(final.failed.message, { lastState: final.state, waitedMs: final.waited * 1000, attempts: final.attempt });
    throw Object.assign(new Error(final.failed.message), { name: final.failed.name });
  }
  return final.waited;
}

/** A fixed dwell as a durable wait (the function is suspended; no compute is billed while it waits). */
export async function durableDwell(context: DurableContext, name: string, seconds: number | undefined): Promise<number> {
  if (!seconds || seconds <= 0) return 0;
  await context.wait(name, { seconds: Math.ceil(seconds) });
  return Math.ceil(seconds);
}

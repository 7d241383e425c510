import type sinon from 'sinon';

/** Runs a promise to completion while the fake clock advances through every pause, rethrowing its error. */
export async function runWithClock<T>(clock: sinon.SinonFakeTimers, promise: Promise<T>): Promise<T> {
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await clock.runAllAsync();
  const result = (await settled) as { value?: T; error?: unknown };
  if ('error' in result) throw result.error;
  return result.value as T;
}

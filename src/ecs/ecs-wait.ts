import { type ECSClient, waitUntilServicesStable } from '@aws-sdk/client-ecs';
import { InvalidStateError, type ResolvedWaitOptions, WaitAbortedError, WaitTimeoutError } from '../core/index.js';

/**
 * Waits with the SDK's public `waitUntilServicesStable` and maps its outcomes to this package's errors: a timeout is a
 * {@link bluegreen-toolkit!WaitTimeoutError} carrying the service state read right after it, an abort a {@link bluegreen-toolkit!WaitAbortedError}, and a
 * failure (service missing or inactive) an {@link bluegreen-toolkit!InvalidStateError}.
 */
export async function waitForStableService(
  client: ECSClient,
  target: { cluster: string; service: string },
  wait: ResolvedWaitOptions,
  readState: () => Promise<unknown>,
): Promise<void> {
  const started = Date.now();
  try {
    await waitUntilServicesStable(
      // ResolvedWaitOptions is exactly maxWaitTime, minDelay, maxDelay and the optional abortSignal: the waiter's settings.
      { client, ...wait },
      { cluster: target.cluster, services: [target.service] },
    );
  } catch (error) {
    const name = `${target.cluster}/${target.service}`;
    const result = waiterResult(error);
    if (result?.state === 'TIMEOUT') {
      const lastState = await readState().catch(() => undefined);
      throw new WaitTimeoutError(`Timed out after ${wait.maxWaitTime}s waiting for ECS service ${name} to be stable`, {
        lastState,
        waitedMs: Date.now() - started,
        attempts: attemptsOf(result),
        cause: error,
      });
    }
    if (result?.state === 'ABORTED') {
      throw new WaitAbortedError(`Stopped waiting for ECS service ${name} to be stable: aborted`, { cause: wait.abortSignal?.reason });
    }
    if (result?.state === 'FAILURE') {
      throw new InvalidStateError(`ECS service ${name} cannot become stable (missing, draining or inactive)`, {
        state: result.reason ?? result,
        cause: error,
      });
    }
    throw error;
  }
}

interface WaiterResultShape {
  state?: string;
  reason?: unknown;
  observedResponses?: Record<string, number>;
}

/** The smithy waiter throws an Error whose message is the JSON of its result. */
function waiterResult(error: unknown): WaiterResultShape | undefined {
  try {
    const parsed = JSON.parse((error as Error).message) as WaiterResultShape;
    return typeof parsed?.state === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function attemptsOf(result: WaiterResultShape): number {
  return Object.values(result.observedResponses ?? {}).reduce((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
}

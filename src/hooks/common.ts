import { BlueGreenError } from '../core/errors.js';
import type { LogAttributes, Logger } from '../core/logger.js';

/**
 * The part of the Lambda context object the hook wrappers use. The real `Context` from `aws-lambda` fits.
 *
 * @example
 * ```ts
 * import type { LambdaContextLike } from 'bluegreen-toolkit/hooks';
 *
 * const context: LambdaContextLike = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'test' };
 * ```
 */
export interface LambdaContextLike {
  /** Milliseconds until Lambda stops the function. */
  getRemainingTimeInMillis(): number;
  /** The invocation's request id. */
  awsRequestId?: string;
  /** The function's name. */
  functionName?: string;
}

/**
 * A hook handler did not finish before its deadline (Lambda's remaining time minus the safety margin). It is the
 * `reason` of the `AbortSignal` handed to the handler.
 *
 * @example
 * ```ts
 * import { HookTimeoutError } from 'bluegreen-toolkit/hooks';
 *
 * if (signal.reason instanceof HookTimeoutError) console.error('out of time');
 * ```
 */
export class HookTimeoutError extends BlueGreenError {
  /** The time the handler had, in milliseconds. */
  readonly budgetMs: number;
  constructor(message: string, options: { budgetMs: number }) {
    super(message);
    this.budgetMs = options.budgetMs;
  }
}

/** A logger that adds fixed attributes to every line. */
export function withAttributes(logger: Logger, fixed: LogAttributes): Logger {
  const merge = (attributes?: LogAttributes) => ({ ...fixed, ...attributes });
  return {
    debug: (message, attributes) => logger.debug(message, merge(attributes)),
    info: (message, attributes) => logger.info(message, merge(attributes)),
    warn: (message, attributes) => logger.warn(message, merge(attributes)),
    error: (message, attributes) => logger.error(message, merge(attributes)),
  };
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Runs `work` until it settles or the budget runs out. On timeout the controller is aborted with a
 * {@link HookTimeoutError} and `{ ok: false, error }` is returned at once (the work is left to finish on its own).
 */
export async function runWithDeadline(
  work: (signal: AbortSignal) => Promise<unknown>,
  budgetMs: number,
  description: string,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown; timedOut: boolean }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ ok: false; error: unknown; timedOut: boolean }>((resolve) => {
    const fire = () => {
      const error = new HookTimeoutError(
        `${description} did not finish within ${budgetMs} ms (Lambda time left minus the safety margin).`,
        {
          budgetMs,
        },
      );
      controller.abort(error);
      resolve({ ok: false, error, timedOut: true });
    };
    if (budgetMs <= 0) fire();
    else timer = setTimeout(fire, budgetMs);
  });
  if (controller.signal.aborted) return deadline; // no time at all: do not start the work
  const running = Promise.resolve()
    .then(() => work(controller.signal))
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error, timedOut: false }),
    );
  try {
    return await Promise.race([running, deadline]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

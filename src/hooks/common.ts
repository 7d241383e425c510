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

/**
 * A logger that adds fixed attributes to every line. A logger that throws (it could not serialize a hostile value,
 * say) never breaks the hook: its errors are swallowed, the report still goes out.
 */
export function withAttributes(logger: Logger, fixed: LogAttributes): Logger {
  const merge = (attributes?: LogAttributes) => ({ ...fixed, ...attributes });
  const safe =
    (level: keyof Logger) =>
    (message: string, attributes?: LogAttributes): void => {
      try {
        logger[level](message, merge(attributes));
      } catch {
        // the logger failed; the hook goes on
      }
    };
  return { debug: safe('debug'), info: safe('info'), warn: safe('warn'), error: safe('error') };
}

/** The longest reason kept from a thrown value (CodeDeploy shows none; it goes to the logs and the result). */
const MAX_REASON = 1000;

/**
 * The message of anything thrown, and never a throw itself: `Object.create(null)` has no `toString`, an error's
 * `message` may be a getter that throws, `String(symbol)` works but a Proxy may throw on any access.
 */
export function errorMessage(error: unknown): string {
  let text: string | undefined;
  try {
    if (error instanceof Error) text = `${String(error.name)}: ${String(error.message)}`;
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    try {
      text = typeof error === 'string' ? error : String(error);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    try {
      text = `a thrown value that cannot be printed (${Object.prototype.toString.call(error)})`;
    } catch {
      text = 'a thrown value that cannot be printed';
    }
  }
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 3)}...` : text;
}

/**
 * Runs `work` until it settles or the budget runs out. On timeout the controller is aborted with a
 * {@link HookTimeoutError} and `{ ok: false, error }` is returned at once (the work can only be asked to stop: the
 * `settled` promise tells when — if ever — it did).
 */
export async function runWithDeadline(
  work: (signal: AbortSignal) => Promise<unknown>,
  budgetMs: number,
  description: string,
): Promise<({ ok: true; value: unknown } | { ok: false; error: unknown; timedOut: boolean }) & { settled: Promise<void> }> {
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
  if (controller.signal.aborted) return { ...(await deadline), settled: Promise.resolve() }; // no time at all: do not start
  const running = Promise.resolve()
    .then(() => work(controller.signal))
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error, timedOut: false }),
    );
  const settled = running.then(() => undefined);
  try {
    return { ...(await Promise.race([running, deadline])), settled };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

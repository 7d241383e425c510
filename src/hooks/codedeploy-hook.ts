import { CodeDeployClient, type CodeDeployClientConfig } from '@aws-sdk/client-codedeploy';
import {
  type HookContext,
  type HookLifecycleEvent,
  parseHookEvent,
  parseHookLifecycleEvent,
  readLifecycleEventStatus,
  resolveHookContext,
} from '../codedeploy/hook-context.js';
import { type HookStatus, type ReportRetryOptions, reportHookStatus, retryTransient } from '../codedeploy/report-hook.js';
import { sdkClient } from '../core/client.js';
import { ConfigError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { describeValue } from '../core/stack.js';
import { errorMessage, type LambdaContextLike, runWithDeadline, withAttributes } from './common.js';

/**
 * What a {@link codeDeployHook} handler receives besides the {@link HookContext}.
 *
 * @example
 * ```ts
 * import type { HookContext } from 'bluegreen-toolkit/codedeploy';
 * import { type CodeDeployHookTools, codeDeployHook } from 'bluegreen-toolkit/hooks';
 *
 * export const handler = codeDeployHook(async (hook: HookContext, { signal, logger, deadline }: CodeDeployHookTools) => {
 *   logger.info(`${deadline.getTime() - Date.now()} ms to test ${hook.deploymentGroupName}`);
 *   const response = await fetch('https://green.example.com/health', { signal });
 *   if (!response.ok) throw new Error(`HTTP ${response.status}`);
 * });
 * ```
 */
export interface CodeDeployHookTools {
  /** Aborted when the deadline passes (its `reason` is a {@link HookTimeoutError}); pass it to your AWS calls and tests. */
  signal: AbortSignal;
  /** The wrapper's logger, with deploymentId, executionId and lifecycleEvent attached to every line. */
  logger: Logger;
  /** The Lambda context, when the runtime passed one. */
  lambdaContext: LambdaContextLike | undefined;
  /** When the wrapper stops waiting for the handler and reports Failed. */
  deadline: Date;
}

/**
 * The user's hook logic: resolve (or return any value, also synchronously) for Succeeded; throw or reject for Failed.
 *
 * @example
 * ```ts
 * import { type CodeDeployHookHandler, codeDeployHook } from 'bluegreen-toolkit/hooks';
 *
 * const smokeTest: CodeDeployHookHandler = async (hook, { signal }) => {
 *   const response = await fetch(`https://${hook.deploymentGroupName}.example.com/health`, { signal });
 *   if (!response.ok) throw new Error(`health check answered HTTP ${response.status}`);
 * };
 * export const handler = codeDeployHook(smokeTest, { lifecycleEvent: 'AfterAllowTestTraffic' });
 * ```
 */
export type CodeDeployHookHandler = (hook: HookContext, tools: CodeDeployHookTools) => unknown;

/**
 * Options of {@link codeDeployHook}. Pass `awsSdkV3Client` **or** `clientConfig`, not both.
 *
 * @example
 * ```ts
 * import { type CodeDeployHookOptions, codeDeployHook } from 'bluegreen-toolkit/hooks';
 *
 * const options: CodeDeployHookOptions = {
 *   clientConfig: { region: 'eu-west-1' },
 *   lifecycleEvent: 'BeforeAllowTraffic',
 *   safetyMargin: 20,
 *   reportRetry: { maxAttempts: 8 },
 *   logger: console,
 * };
 * export const handler = codeDeployHook(async (hook) => console.log(hook.revision), options);
 * ```
 */
export interface CodeDeployHookOptions {
  /** A CodeDeploy client to use (default: one created from `clientConfig`, once, reused across invocations). */
  awsSdkV3Client?: CodeDeployClient;
  /** Settings for the client the wrapper creates (region, endpoint, credentials…). */
  clientConfig?: CodeDeployClientConfig;
  /** The lifecycle event the hook is attached to (default: found via the deployment targets; giving it saves two calls). */
  lifecycleEvent?: HookLifecycleEvent;
  /** Seconds kept back from Lambda's remaining time to report the status (default 30). */
  safetyMargin?: number;
  /** Seconds the handler may run when no Lambda context is passed (default 900, Lambda's maximum). */
  timeout?: number;
  /**
   * Retry policy of the status report **and** of reading the deployment at entry (default
   * `{ maxAttempts: 6, minDelay: 0.2, maxDelay: 5 }`, each attempt with the SDK's own retries inside).
   */
  reportRetry?: ReportRetryOptions;
  /**
   * What to do when the handler has not settled after its deadline although its `signal` was aborted — it ignores the
   * signal. Lambda freezes such work with the environment and thaws it in the next invocation, where it would run
   * during another deployment's hook. `'exit-process'` (default inside Lambda, where `AWS_LAMBDA_FUNCTION_NAME` is
   * set) ends the process after the Failed status was reported, so Lambda starts a fresh environment; `'keep-running'`
   * (default elsewhere) only logs it. A function is called instead (tests).
   */
  stuckHandler?: 'exit-process' | 'keep-running' | (() => void);
  /** Where the wrapper logs (default: nothing). */
  logger?: Logger;
}

/**
 * What the wrapped Lambda handler resolves with (visible in the Lambda console and logs).
 *
 * @example
 * ```ts
 * import { type CodeDeployHookResult, codeDeployHook } from 'bluegreen-toolkit/hooks';
 *
 * const hook = codeDeployHook(async () => {
 *   throw new Error('green answered HTTP 503');
 * }, { lifecycleEvent: 'BeforeAllowTraffic' });
 *
 * export const handler = async (event: unknown, context: { getRemainingTimeInMillis(): number }) => {
 *   const result: CodeDeployHookResult = await hook(event, context);
 *   // Failed was reported: result.reason === 'Error: green answered HTTP 503'
 *   if (result.status === 'Failed') console.error(`${result.lifecycleEvent} of ${result.deploymentId} failed: ${result.reason}`);
 *   return result;
 * };
 * ```
 */
export interface CodeDeployHookResult {
  /** The deployment. */
  deploymentId: string;
  /** The hook execution. */
  lifecycleEventHookExecutionId: string;
  /** The lifecycle event, when it could be resolved. */
  lifecycleEvent: string | undefined;
  /**
   * The status reported, or `Skipped` when the handler was not run because the hook execution had completed already
   * (a duplicate or retried delivery of the event: CodeDeploy shows its lifecycle event no longer `InProgress`).
   */
  status: HookStatus | 'Skipped';
  /**
   * `changed` when this invocation reported the status, `already` when the execution had already completed,
   * `skipped` when nothing was reported (see `status`), `failed` when reporting failed (see `reportError`).
   */
  reportOutcome: 'changed' | 'already' | 'skipped' | 'failed';
  /** Whether the handler ran in this invocation. */
  handlerRan: boolean;
  /** Why the hook failed, or why it was skipped. */
  reason?: string;
  /** Why the report failed, when it did (the deployment then waits for the hook deadline). */
  reportError?: string;
}

/**
 * Wraps your hook logic into a Lambda handler for CodeDeploy lifecycle hooks (Lambda and ECS compute platforms) that
 * reports **exactly one status per hook execution** and runs your handler **at most once** for it:
 *
 * - Succeeded when the handler resolves; Failed when it throws or rejects (with anything: `undefined`, `null`,
 *   `Object.create(null)`, an error whose `message` getter throws), when it has not finished by the deadline
 *   (Lambda's remaining time minus `safetyMargin`; its `signal` is aborted then), or when the deployment could not be
 *   read. Reading the deployment and the report are retried alike on throttling and transient errors.
 * - CodeDeploy invokes hook functions asynchronously, and Lambda may deliver an event twice or retry a failed
 *   invocation ("How Lambda handles errors and retries with asynchronous invocation", AWS Lambda Developer Guide). At
 *   entry the wrapper reads the lifecycle event's status (GetDeploymentTarget) and, when it is no longer `InProgress`,
 *   resolves with `status: 'Skipped'` without running the handler or reporting anything. Set `MaximumRetryAttempts: 0`
 *   (EventInvokeConfig) on hook functions all the same (docs/hooks.md).
 * - The wrapped handler never rejects once it has tried to report: a failed report is logged and returned
 *   (`reportOutcome: 'failed'`), because a rejection would make Lambda run the whole invocation again.
 * - A handler that ignores its aborted signal would run on into the next invocation of the warm environment; see
 *   `stuckHandler`.
 *
 * @param handler - your logic.
 * @param options - see {@link CodeDeployHookOptions}; validated here (a `ConfigError` at cold start).
 * @returns a Lambda handler `(event, context) => Promise<CodeDeployHookResult>`.
 * @throws (the returned handler) `MalformedInputError` when the event is not a CodeDeploy hook event (nothing can
 *   be reported); nothing else.
 *
 * @remarks IAM: `codedeploy:PutLifecycleEventHookExecutionStatus`, `codedeploy:GetDeployment`,
 * `codedeploy:ListDeploymentTargets`, `codedeploy:GetDeploymentTarget`.
 *
 * @example
 * ```ts
 * import { codeDeployHook } from 'bluegreen-toolkit/hooks';
 *
 * export const handler = codeDeployHook(async (hook, { signal, logger }) => {
 *   logger.info(`testing ${hook.applicationName}/${hook.deploymentGroupName} before ${hook.lifecycleEvent}`);
 *   const response = await fetch('https://green.example.com/health', { signal });
 *   if (!response.ok) throw new Error(`green is unhealthy: HTTP ${response.status}`);
 * }, { lifecycleEvent: 'BeforeAllowTraffic' });
 * ```
 */
export function codeDeployHook(
  handler: CodeDeployHookHandler,
  options: CodeDeployHookOptions = {},
): (event: unknown, context?: LambdaContextLike) => Promise<CodeDeployHookResult> {
  if (typeof handler !== 'function') throw new ConfigError(`codeDeployHook(handler) needs a function, got ${describeValue(handler)}.`);
  if (options === null || typeof options !== 'object') throw new ConfigError('codeDeployHook options must be an object.');
  const lifecycleEvent =
    options.lifecycleEvent === undefined ? undefined : parseHookLifecycleEvent(options.lifecycleEvent, 'options.lifecycleEvent');
  const safetyMargin = seconds(options.safetyMargin, 'options.safetyMargin', 30);
  const timeout = seconds(options.timeout, 'options.timeout', 900);
  const baseLogger = options.logger ?? silentLogger;
  // The status report has a hard deadline and its own retry loop. The adaptive retry mode's client-side rate limiter
  // can hold a report back for seconds after throttling — past that deadline — so a client created here uses standard
  // retries unless clientConfig says otherwise (an injected client is used as it is).
  const source =
    options.awsSdkV3Client === undefined &&
    (options.clientConfig === undefined ||
      (typeof options.clientConfig === 'object' && options.clientConfig !== null && !Array.isArray(options.clientConfig)))
      ? { clientConfig: { retryMode: 'standard', ...options.clientConfig } }
      : options;
  const client = sdkClient(CodeDeployClient, source);
  const retry = options.reportRetry ?? {};
  const stuck = stuckHandlerAction(options.stuckHandler);
  // Hook executions this environment has taken on (Lambda runs one invocation at a time per environment, so a
  // duplicate delivered here comes after the first finished). Bounded: old ids are forgotten first.
  const seen = new Set<string>();

  return async (event, context) => {
    const started = Date.now();
    const parsed = parseHookEvent(event);
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : timeout * 1000;
    const budgetMs = Math.floor(remaining - safetyMargin * 1000);
    const handlerDeadline = started + budgetMs;
    // The report keeps 1 s back from Lambda's own end: a report cut off by the timeout is no report.
    const reportDeadline = new Date(started + Math.max(budgetMs, remaining - 1000));
    const ids = { deploymentId: parsed.DeploymentId, executionId: parsed.LifecycleEventHookExecutionId };
    let logger = withAttributes(baseLogger, ids);
    const result = (status: CodeDeployHookResult['status'], rest: Partial<CodeDeployHookResult>): CodeDeployHookResult => ({
      deploymentId: parsed.DeploymentId,
      lifecycleEventHookExecutionId: parsed.LifecycleEventHookExecutionId,
      lifecycleEvent: rest.lifecycleEvent ?? lifecycleEvent,
      status,
      reportOutcome: 'skipped',
      handlerRan: false,
      ...rest,
    });
    if (seen.has(parsed.LifecycleEventHookExecutionId)) {
      logger.warn('this environment already took on this hook execution (duplicate delivery): not running the handler again');
      return result('Skipped', { reason: 'duplicate delivery of a hook execution this environment already handled' });
    }
    remember(seen, parsed.LifecycleEventHookExecutionId);

    let hook: HookContext | undefined;
    let handlerRan = false;
    const outcome = await runWithDeadline(
      async (signal) => {
        // Every read is retried on its own, exactly like the report (a chain of three calls retried as a whole would
        // need all three to succeed in the same attempt).
        const reading = { ...retry, deadline: handlerDeadline, signal, logger, what: `reading deployment ${parsed.DeploymentId}` };
        const retrying = {
          send: (command: unknown, sendOptions?: unknown) =>
            retryTransient(() => (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, sendOptions), reading),
        } as unknown as CodeDeployClient;
        const entry = await readEntry(retrying, parsed, lifecycleEvent, signal);
        if (entry.status !== 'InProgress' || !entry.hook) return { skipped: entry.status ?? 'not listed by the deployment targets' };
        hook = entry.hook;
        logger = withAttributes(baseLogger, { ...ids, lifecycleEvent: hook.lifecycleEvent });
        logger.info(`running ${hook.lifecycleEvent} hook of ${hook.applicationName}/${hook.deploymentGroupName}`);
        handlerRan = true;
        await handler(hook, { signal, logger, lambdaContext: context, deadline: new Date(handlerDeadline) });
        return undefined;
      },
      budgetMs,
      `The ${lifecycleEvent ?? 'lifecycle'} hook of deployment ${parsed.DeploymentId}`,
    );
    const resolvedEvent = (hook as HookContext | undefined)?.lifecycleEvent ?? lifecycleEvent;
    const skipped = outcome.ok ? (outcome.value as { skipped?: string } | undefined)?.skipped : undefined;
    if (skipped !== undefined) {
      logger.info(`the hook's lifecycle event is ${skipped}, not InProgress: a repeated delivery; not running the handler`);
      return result('Skipped', { lifecycleEvent: resolvedEvent, reason: `lifecycle event ${resolvedEvent} is ${skipped}` });
    }
    const status: HookStatus = outcome.ok ? 'Succeeded' : 'Failed';
    const reason = outcome.ok ? undefined : errorMessage(outcome.error);
    if (!outcome.ok) logger.error(`hook failed in ${handlerRan ? 'the handler' : 'reading the deployment'}: ${reason}`);
    const stuckCheck = outcome.ok || !('timedOut' in outcome) || !outcome.timedOut ? undefined : stillRunning(outcome.settled);
    let reportOutcome: CodeDeployHookResult['reportOutcome'];
    let reportError: string | undefined;
    try {
      const report = await reportHookStatus(client, parsed.DeploymentId, parsed.LifecycleEventHookExecutionId, status, {
        logger,
        retry,
        deadline: reportDeadline,
      });
      reportOutcome = report.outcome;
    } catch (error) {
      // Never reject after trying to report: Lambda would run the invocation, and so the handler, again.
      reportOutcome = 'failed';
      reportError = errorMessage(error);
      logger.error(`could not report ${status}: ${reportError}`);
    }
    const final = result(status, {
      lifecycleEvent: resolvedEvent,
      reportOutcome,
      handlerRan,
      ...(reason === undefined ? {} : { reason }),
      ...(reportError === undefined ? {} : { reportError }),
    });
    if (stuckCheck && (await stuckCheck)) {
      logger.error('the handler ignored its aborted signal and is still running after the deadline');
      stuck(logger);
    }
    return final;
  };
}

/** GetDeployment for the context, then the lifecycle event's status on the deployment targets. */
async function readEntry(
  client: CodeDeployClient,
  event: { DeploymentId: string; LifecycleEventHookExecutionId: string },
  lifecycleEvent: HookLifecycleEvent | undefined,
  signal: AbortSignal,
): Promise<{ hook: HookContext | undefined; status: string | undefined }> {
  if (lifecycleEvent) {
    const hook = await resolveHookContext(client, event, { lifecycleEvent, abortSignal: signal });
    return { hook, status: await readLifecycleEventStatus(client, event.DeploymentId, lifecycleEvent, signal) };
  }
  try {
    // Without a given lifecycle event, the one in progress is this execution's; none in progress: it has completed.
    return { hook: await resolveHookContext(client, event, { abortSignal: signal }), status: 'InProgress' };
  } catch (error) {
    if ((error as Error | null)?.name === 'InvalidStateError') return { hook: undefined, status: 'no hook event InProgress' };
    throw error;
  }
}

const MAX_REMEMBERED = 1000;

function remember(seen: Set<string>, id: string): void {
  seen.add(id);
  if (seen.size > MAX_REMEMBERED) seen.delete(seen.values().next().value as string);
}

/** Resolves true when `settled` has not resolved within a short grace period (the handler ignores its signal). */
function stillRunning(settled: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), STUCK_GRACE_MS);
    settled.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** How long an aborted handler may take to stop before it counts as stuck. */
const STUCK_GRACE_MS = 1000;

function stuckHandlerAction(setting: CodeDeployHookOptions['stuckHandler']): (logger: { error(m: string): void }) => void {
  if (typeof setting === 'function') return () => setting();
  if (setting !== undefined && setting !== 'exit-process' && setting !== 'keep-running') {
    throw new ConfigError(`options.stuckHandler ${describeValue(setting)} must be 'exit-process', 'keep-running' or a function.`);
  }
  const mode = setting ?? (process.env.AWS_LAMBDA_FUNCTION_NAME ? 'exit-process' : 'keep-running');
  if (mode === 'keep-running') return () => {};
  return (logger) => {
    // The status is reported; ending the process is the only way to stop code that ignores its signal. Lambda starts
    // a new environment for the next invocation; a retry of this one is skipped at entry (the event has completed).
    logger.error('ending the process so the stuck handler cannot run into the next invocation');
    process.exit(1);
  };
}

function seconds(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${path} must be a number of seconds >= 0, got ${describeValue(value)}.`);
  }
  return value;
}

import { CodeDeployClient, type CodeDeployClientConfig } from '@aws-sdk/client-codedeploy';
import {
  type HookContext,
  type HookLifecycleEvent,
  parseHookEvent,
  parseHookLifecycleEvent,
  resolveHookContext,
} from '../codedeploy/hook-context.js';
import { type HookStatus, type ReportRetryOptions, reportHookStatus } from '../codedeploy/report-hook.js';
import { createAwsClient } from '../core/client.js';
import { ConfigError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { Outcome } from '../core/outcome.js';
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
  /** Retry policy of the status report (default `{ maxAttempts: 6, minDelay: 0.2, maxDelay: 5 }`). */
  reportRetry?: ReportRetryOptions;
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
  /** The status that was reported. */
  status: HookStatus;
  /** `changed` when this invocation reported it, `already` when the execution had already completed. */
  reportOutcome: Outcome;
  /** Why the hook failed, when it did. */
  reason?: string;
}

/**
 * Wraps your hook logic into a Lambda handler for CodeDeploy lifecycle hooks (Lambda and ECS compute platforms) that
 * **always reports exactly once**: Succeeded when the handler resolves, Failed when it throws, rejects, or has not
 * finished by the deadline (Lambda's remaining time minus `safetyMargin`), or when the deployment could not be read.
 * The handler gets the {@link HookContext} (application, deployment group, compute platform, revision, lifecycle event),
 * an `AbortSignal` and a logger. A report is retried on throttling and transient errors; an "already completed" answer
 * is fine. The wrapped handler resolves with a {@link CodeDeployHookResult} and does not throw when the handler fails
 * (so Lambda does not retry the invocation).
 *
 * @param handler - your logic.
 * @param options - see {@link CodeDeployHookOptions}; validated here (a `ConfigError` at cold start).
 * @returns a Lambda handler `(event, context) => Promise<CodeDeployHookResult>`.
 * @throws (the returned handler) `MalformedInputError` when the event is not a CodeDeploy hook event (nothing can
 *   be reported); `HookReportError` when the status could not be reported, naming the missing IAM permission
 *   when access was denied.
 *
 * @remarks IAM: `codedeploy:PutLifecycleEventHookExecutionStatus`, `codedeploy:GetDeployment`, and without
 * `lifecycleEvent` also `codedeploy:ListDeploymentTargets` and `codedeploy:GetDeploymentTarget`.
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
  const client = createAwsClient(CodeDeployClient, source, { logger: baseLogger });

  return async (event, context) => {
    const started = Date.now();
    const parsed = parseHookEvent(event);
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : timeout * 1000;
    const budgetMs = Math.floor(remaining - safetyMargin * 1000);
    const ids = { deploymentId: parsed.DeploymentId, executionId: parsed.LifecycleEventHookExecutionId };
    let logger = withAttributes(baseLogger, ids);
    let hook: HookContext | undefined;
    const outcome = await runWithDeadline(
      async (signal) => {
        hook = await resolveHookContext(client, parsed, { ...(lifecycleEvent ? { lifecycleEvent } : {}), abortSignal: signal });
        logger = withAttributes(baseLogger, { ...ids, lifecycleEvent: hook.lifecycleEvent });
        logger.info(`running ${hook.lifecycleEvent} hook of ${hook.applicationName}/${hook.deploymentGroupName}`);
        return handler(hook, { signal, logger, lambdaContext: context, deadline: new Date(started + budgetMs) });
      },
      budgetMs,
      `The ${lifecycleEvent ?? 'lifecycle'} hook of deployment ${parsed.DeploymentId}`,
    );
    const status: HookStatus = outcome.ok ? 'Succeeded' : 'Failed';
    const reason = outcome.ok ? undefined : errorMessage(outcome.error);
    if (!outcome.ok) {
      const stage = hook ? 'the handler' : 'resolving the deployment';
      logger.error(`hook failed in ${stage}: ${reason}`, { error: outcome.error });
    }
    const report = await reportHookStatus(client, parsed.DeploymentId, parsed.LifecycleEventHookExecutionId, status, {
      logger,
      ...(options.reportRetry ? { retry: options.reportRetry } : {}),
    });
    return {
      deploymentId: parsed.DeploymentId,
      lifecycleEventHookExecutionId: parsed.LifecycleEventHookExecutionId,
      lifecycleEvent: (hook as HookContext | undefined)?.lifecycleEvent ?? lifecycleEvent,
      status,
      reportOutcome: report.outcome,
      ...(reason === undefined ? {} : { reason }),
    };
  };
}

function seconds(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${path} must be a number of seconds >= 0, got ${describeValue(value)}.`);
  }
  return value;
}

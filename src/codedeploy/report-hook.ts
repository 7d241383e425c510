import { type CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { awsErrorName, isAccessDenied, isAwsError, isRetryableAwsError } from '../core/aws-errors.js';
import { ConfigError, HookReportError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { StepResult } from '../core/outcome.js';
import { describeValue } from '../core/stack.js';
import { backoffDelay, sleep } from '../core/wait.js';

/**
 * The two statuses a hook can report.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type HookStatus, reportHookStatus } from 'bluegreen-toolkit/codedeploy';
 *
 * const status: HookStatus = testsPassed ? 'Succeeded' : 'Failed';
 * await reportHookStatus(new CodeDeployClient({}), event.DeploymentId, event.LifecycleEventHookExecutionId, status);
 * ```
 */
export type HookStatus = 'Succeeded' | 'Failed';

/**
 * How reporting a hook status retries throttling and transient errors. Times in seconds. Default
 * `{ maxAttempts: 6, minDelay: 0.2, maxDelay: 5 }`.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type ReportRetryOptions, reportHook } from 'bluegreen-toolkit/codedeploy';
 *
 * const retry: ReportRetryOptions = { maxAttempts: 10, maxDelay: 10 };
 * await reportHook(new CodeDeployTools(), event.DeploymentId, event.LifecycleEventHookExecutionId, 'Succeeded', { retry });
 * ```
 */
export interface ReportRetryOptions {
  /** Attempts in total (default 6). */
  maxAttempts?: number;
  /** Shortest pause between attempts, seconds (default 0.2). */
  minDelay?: number;
  /** Longest pause between attempts, seconds (default 5). */
  maxDelay?: number;
}

/**
 * Options of {@link reportHookStatus}.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type ReportHookOptions, reportHookStatus } from 'bluegreen-toolkit/codedeploy';
 *
 * const options: ReportHookOptions = { retry: { maxAttempts: 3 }, logger: console };
 * await reportHookStatus(new CodeDeployClient({}), event.DeploymentId, event.LifecycleEventHookExecutionId, 'Failed', options);
 * ```
 */
export interface ReportHookOptions {
  /** Retry policy for throttling / transient errors (default `{ maxAttempts: 6, minDelay: 0.2, maxDelay: 5 }`). */
  retry?: ReportRetryOptions;
  /** Where retries and the outcome are logged (default: nothing is logged). */
  logger?: Logger;
  /** No retry pause extends past this time (default: none): a report must land before the Lambda function times out. */
  deadline?: Date;
}

/**
 * What reporting a hook status did: `outcome` is `changed` when this call reported it, `already` when the hook
 * execution had completed before (reported earlier, or timed out).
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { type ReportHookResult, reportHookStatus } from 'bluegreen-toolkit/codedeploy';
 *
 * const r: ReportHookResult = await reportHookStatus(new CodeDeployClient({}), event.DeploymentId, event.LifecycleEventHookExecutionId, 'Succeeded');
 * if (r.outcome === 'already') console.warn(r.message);
 * else console.log(`reported ${r.status} after ${r.attempts} attempt(s)`);
 * ```
 */
export interface ReportHookResult extends StepResult {
  /** The status that was reported. */
  status: HookStatus;
  /** How many PutLifecycleEventHookExecutionStatus calls were made. */
  attempts: number;
}

/**
 * Reports a lifecycle hook's status with PutLifecycleEventHookExecutionStatus, idempotently: a
 * `LifecycleEventAlreadyCompletedException` answer is `outcome: 'already'` (the status was reported before, or the
 * hook already timed out), not an error. Throttling and transient errors are retried with capped exponential backoff
 * and jitter.
 *
 * @param client - a CodeDeploy client.
 * @param deploymentId - the event's `DeploymentId`.
 * @param executionId - the event's `LifecycleEventHookExecutionId`.
 * @param status - `Succeeded` or `Failed`.
 * @param options.retry - `{ maxAttempts = 6, minDelay = 0.2, maxDelay = 5 }` (seconds).
 * @returns `{ outcome, message, status, attempts }`.
 * @throws `ConfigError` for a bad status or id (no call); `HookReportError` when reporting failed, naming
 *   the missing IAM permission when access was denied.
 *
 * @remarks IAM: `codedeploy:PutLifecycleEventHookExecutionStatus`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { reportHookStatus } from 'bluegreen-toolkit/codedeploy';
 *
 * await reportHookStatus(new CodeDeployClient({}), event.DeploymentId, event.LifecycleEventHookExecutionId, 'Succeeded');
 * ```
 */
export async function reportHookStatus(
  client: CodeDeployClient,
  deploymentId: string,
  executionId: string,
  status: HookStatus,
  options: ReportHookOptions = {},
): Promise<ReportHookResult> {
  if (status !== 'Succeeded' && status !== 'Failed') {
    throw new ConfigError(`Hook status ${describeValue(status)} is not valid: report 'Succeeded' or 'Failed'.`);
  }
  if (typeof deploymentId !== 'string' || deploymentId === '')
    throw new ConfigError(`deploymentId ${describeValue(deploymentId)} must be a non-empty string.`);
  if (typeof executionId !== 'string' || executionId === '') {
    throw new ConfigError(`lifecycleEventHookExecutionId ${describeValue(executionId)} must be a non-empty string.`);
  }
  const logger = options.logger ?? silentLogger;
  const what = `${status} for hook execution ${executionId} of deployment ${deploymentId}`;
  let attempts = 0;
  try {
    await retryTransient(
      async () => {
        attempts++;
        await client.send(
          new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId: executionId, status }),
        );
      },
      { ...options.retry, ...(options.deadline ? { deadline: options.deadline.getTime() } : {}), logger, what: `reporting ${what}` },
    );
  } catch (error) {
    if (isAwsError(error, 'LifecycleEventAlreadyCompletedException')) {
      // Also the answer to a retry of a report that did land but whose response was lost (a connection reset).
      logger.info(`hook execution ${executionId} was already completed; not reporting ${status} again`, { deploymentId, executionId });
      return {
        outcome: 'already',
        message: `hook execution ${executionId} of deployment ${deploymentId} was already completed`,
        status,
        attempts,
      };
    }
    if (isAccessDenied(error)) {
      throw new HookReportError(
        `Reporting ${what} was denied: grant codedeploy:PutLifecycleEventHookExecutionStatus to the hook function's role ` +
          `(${awsErrorName(error)}). The deployment waits for the hook deadline (1 hour) and then fails.`,
        { status, cause: error },
      );
    }
    throw new HookReportError(
      `Reporting ${what} failed after ${attempts} attempt(s): ${awsErrorName(error) ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`,
      { status, cause: error },
    );
  }
  logger.info(`reported ${what}`, { deploymentId, executionId, status, attempts });
  return { outcome: 'changed', message: `reported ${what}`, status, attempts };
}

/**
 * Runs `call` again on throttling and transient errors (retryable AWS errors, 5xx, connection resets), with the core
 * capped exponential backoff with jitter (`backoffDelay`), at most `maxAttempts` times and never sleeping past
 * `deadline`. Other errors, and the last transient one, are thrown. Internal: shared by the hook report and the hook
 * wrapper's context resolution (each of its calls retried on its own; the targets are read one at a time, so no
 * bounded-concurrency BatchError reaches it), so a throttle costs both the same patience.
 */
export async function retryTransient<T>(
  call: (attempt: number) => Promise<T>,
  options: ReportRetryOptions & { deadline?: number; signal?: AbortSignal; logger?: Logger; what?: string } = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 6;
  const delays = { minDelay: options.minDelay ?? 0.2, maxDelay: options.maxDelay ?? 5 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!isRetryableAwsError(error) || attempt >= maxAttempts || options.signal?.aborted) throw error;
      const pause = backoffDelay(attempt, delays);
      if (options.deadline !== undefined && Date.now() + pause >= options.deadline) throw error;
      options.logger?.warn(`${options.what ?? 'a call'} failed (${awsErrorName(error) ?? 'Error'}); retrying in ${pause} ms`, { attempt });
      await sleep(pause, options.signal);
    }
  }
}

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
 * import { CodeDeployTools, type ReportRetryOptions } from 'bluegreen-toolkit/codedeploy';
 *
 * const retry: ReportRetryOptions = { maxAttempts: 10, maxDelay: 10 };
 * await new CodeDeployTools().reportHook(event.DeploymentId, event.LifecycleEventHookExecutionId, 'Succeeded', { retry });
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
  const maxAttempts = options.retry?.maxAttempts ?? 6;
  const delays = { minDelay: options.retry?.minDelay ?? 0.2, maxDelay: options.retry?.maxDelay ?? 5 };
  const what = `${status} for hook execution ${executionId} of deployment ${deploymentId}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(
        new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId: executionId, status }),
      );
      logger.info(`reported ${what}`, { deploymentId, executionId, status, attempts: attempt });
      return { outcome: 'changed', message: `reported ${what}`, status, attempts: attempt };
    } catch (error) {
      if (isAwsError(error, 'LifecycleEventAlreadyCompletedException')) {
        logger.info(`hook execution ${executionId} was already completed; not reporting ${status} again`, { deploymentId, executionId });
        return {
          outcome: 'already',
          message: `hook execution ${executionId} of deployment ${deploymentId} was already completed`,
          status,
          attempts: attempt,
        };
      }
      if (isAccessDenied(error)) {
        throw new HookReportError(
          `Reporting ${what} was denied: grant codedeploy:PutLifecycleEventHookExecutionStatus to the hook function's role ` +
            `(${awsErrorName(error)}). The deployment waits for the hook deadline (1 hour) and then fails.`,
          { status, cause: error },
        );
      }
      if (!isRetryableAwsError(error) || attempt >= maxAttempts) {
        throw new HookReportError(
          `Reporting ${what} failed after ${attempt} attempt(s): ${awsErrorName(error) ?? 'Error'}: ${(error as Error)?.message ?? String(error)}`,
          { status, cause: error },
        );
      }
      const pause = backoffDelay(attempt, delays);
      logger.warn(`reporting ${what} failed (${awsErrorName(error)}); retrying in ${pause} ms`, { attempt });
      await sleep(pause);
    }
  }
}

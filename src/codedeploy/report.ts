// reportHook: the standalone hook report of `bluegreen-toolkit/codedeploy` (a CI chore importing only CodeDeployTools
// does not carry it; a hook Lambda reports through codeDeployHook from bluegreen-toolkit/hooks).
import type { CodeDeployTools } from './codedeploy-tools.js';
import { type HookStatus, type ReportHookResult, type ReportRetryOptions, reportHookStatus } from './report-hook.js';

/**
 * Reports a lifecycle hook's status through a {@link CodeDeployTools}' client, idempotently (a second report is
 * `outcome: 'already'`), retrying throttling and transient errors. The deployment id is checked first (a
 * `ConfigError` before any AWS call); see {@link reportHookStatus} for the rest.
 *
 * @param codedeploy - the tool whose client, logger and dry-run setting are used.
 * @param deploymentId - the hook event's `DeploymentId`.
 * @param executionId - the hook event's `LifecycleEventHookExecutionId`.
 * @param status - `Succeeded` or `Failed`.
 * @param options.retry - `{ maxAttempts = 6, minDelay = 0.2, maxDelay = 5 }` (seconds).
 * @returns `{ outcome, message, status, attempts }`.
 * @throws `HookReportError` when it could not be reported (naming the missing permission when denied).
 *
 * @remarks IAM: `codedeploy:PutLifecycleEventHookExecutionStatus`.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, reportHook } from 'bluegreen-toolkit/codedeploy';
 *
 * await reportHook(new CodeDeployTools(), event.DeploymentId, event.LifecycleEventHookExecutionId, 'Succeeded');
 * ```
 */
export async function reportHook(
  codedeploy: CodeDeployTools,
  deploymentId: string,
  executionId: string,
  status: HookStatus,
  options: { retry?: ReportRetryOptions } = {},
): Promise<ReportHookResult> {
  const { parseDeploymentId, logger } = codedeploy.operations;
  return reportHookStatus(codedeploy.client, parseDeploymentId(deploymentId), executionId, status, {
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
  });
}

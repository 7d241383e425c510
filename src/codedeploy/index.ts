/**
 * `bluegreen-toolkit/codedeploy`: read, report on, stop, continue and wait for CodeDeploy deployments, and resolve the
 * context of a lifecycle hook. Imports `@aws-sdk/client-codedeploy` only.
 *
 * @module bluegreen-toolkit/codedeploy
 */
export { CodeDeployTools, type CodeDeployToolsOptions, type StopDeploymentResult } from './codedeploy-tools.js';
export { type DeploymentDetails, FINAL_DEPLOYMENT_STATUSES, LIFECYCLE_EVENTS, type LifecycleEventName } from './deployment.js';
export type { DeploymentProgress, DeploymentWaitResult, WaitForDeploymentOptions } from './deployment-waiter.js';
export {
  type CodeDeployHookEvent,
  HOOK_LIFECYCLE_EVENTS,
  type HookContext,
  type HookLifecycleEvent,
  listTargetLifecycleEvents,
  parseHookEvent,
  parseHookLifecycleEvent,
  type ResolveHookContextOptions,
  readLifecycleEventStatus,
  resolveHookContext,
} from './hook-context.js';
export { reportHook } from './report.js';
export {
  type HookStatus,
  type ReportHookOptions,
  type ReportHookResult,
  type ReportRetryOptions,
  reportHookStatus,
} from './report-hook.js';

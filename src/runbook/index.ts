/**
 * `bluegreen-toolkit/runbook`: ordered steps with undo ({@link Runbook}), the whole-stack flip built from the
 * per-service tools ({@link bluegreenFlip}), and the status board of both stacks. Each service's module and SDK client
 * is loaded only when the stack config lists that service.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const flip = bluegreenFlip(await loadStackConfig('stack.json'));
 * await flip.prepare(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/runbook
 */
export { BlueGreenFlip, bluegreenFlip, type FlipPhase, type FlipPlan } from './flip.js';
export { AlarmGateError } from './flip-errors.js';
export {
  DRAIN_ZERO_READINGS,
  type DrainOptions,
  type FlipOptions,
  SNS_FILTER_PROPAGATION_SECONDS,
  SQS_DEPTH_CONSISTENCY_SECONDS,
} from './flip-options.js';
export { FlipLease } from './lease.js';
export {
  DEFAULT_HEARTBEAT_SECONDS,
  DEFAULT_LEASE_SECONDS,
  type FlipLeaseOptions,
  type FlipProgress,
  LeaseHeldError,
  LeaseLostError,
  type LeaseRecord,
} from './lease-types.js';
export { type ObservedLiveState, observeLiveStack, type StackActivity } from './live-state.js';
export { Runbook, type RunbookOptions, type RunOptions } from './runbook.js';
export { type LeftToFix, RunbookError } from './runbook-error.js';
export type {
  RunbookEvent,
  RunbookReport,
  RunbookStep,
  SettleCheckResult,
  SettleContext,
  StepContext,
  StepSettle,
  StepStatus,
} from './runbook-types.js';
export {
  loadStackConfig,
  STACK_SECTIONS,
  type StackConfig,
  type StackSection,
  stackClientConfig,
  validateStackConfig,
} from './stack-config.js';
export { createStackTools, type StackTools, type StackToolsOptions } from './stack-tools.js';
export { getStatusBoard, renderStatusBoard, type StatusBoard, type StatusRow } from './status.js';

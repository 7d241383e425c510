/**
 * `bluegreen-toolkit/runbook`: ordered steps with undo ({@link Runbook}), the whole-stack flip built from the
 * per-service tools, and the status board of both stacks. In a hook Lambda, build the flip from the tool instances
 * you import ({@link bluegreenFlipFromTools}, from `bluegreen-toolkit/flip`, which holds no config loader): the bundle
 * then holds only those services and only the SDK commands they use. From a stack config
 * ({@link bluegreenFlip}, what the CLI does) each service's module and SDK client is loaded when the config lists it —
 * a bundler cannot tell which, so a bundled config-path flip carries every service.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, bluegreenFlipFromTools, loadStackConfig } from 'bluegreen-toolkit/runbook';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * // hook Lambda: import bluegreenFlipFromTools from 'bluegreen-toolkit/flip' instead (a smaller bundle)
 * const flip = bluegreenFlipFromTools({ sqs: new SqsTools({ queues }) }, { drain: { sentMetric: false } });
 * // chore script / CLI: from stack.json
 * await bluegreenFlip(await loadStackConfig('stack.json')).prepare(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/runbook
 */
export { BlueGreenFlip, type FlipMakers, type FlipPhase, type FlipPlan, type StreamRebinder } from './flip.js';
export { AlarmGateError } from './flip-errors.js';
export { bluegreenFlip } from './flip-from-config.js';
export { bluegreenFlipFromTools, type FlipFromToolsOptions } from './flip-from-tools.js';
export {
  DRAIN_ZERO_READINGS,
  type DrainOptions,
  type FlipOperations,
  type FlipOptions,
  SNS_FILTER_PROPAGATION_SECONDS,
  SQS_DEPTH_CONSISTENCY_SECONDS,
} from './flip-options.js';
export { FlipLease } from './lease.js';
export * from './lease-types.js';
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
  UndoContext,
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
export { getStatusBoard, renderStatusBoard, type StatusBoard, type StatusBoardOptions, type StatusRow } from './status.js';

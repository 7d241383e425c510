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
export { BlueGreenFlip, bluegreenFlip, type FlipOptions, type FlipPhase } from './flip.js';
export { Runbook, RunbookError, type RunbookOptions, type RunOptions } from './runbook.js';
export type { RunbookEvent, RunbookReport, RunbookStep, StepContext, StepStatus } from './runbook-types.js';
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

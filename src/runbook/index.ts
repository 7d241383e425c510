/**
 * `bluegreen-toolkit/runbook`: ordered steps with undo ({@link Runbook}) and the whole-stack flip built from the
 * per-service tools.
 *
 * @example
 * ```ts
 * import { Runbook } from 'bluegreen-toolkit/runbook';
 *
 * await new Runbook({ name: 'noop', steps: [{ name: 'hello', run: async () => undefined }] }).run();
 * ```
 *
 * @module runbook
 */
export { Runbook, RunbookError, type RunbookOptions, type RunOptions } from './runbook.js';
export type { RunbookEvent, RunbookReport, RunbookStep, StepContext, StepStatus } from './runbook-types.js';

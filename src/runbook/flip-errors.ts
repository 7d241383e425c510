import { BlueGreenError, type StackReference } from '../core/index.js';

/**
 * The flip's alarm gate found alarms of the target stack in ALARM, so `finish` did not switch the old stack off
 * (nothing of the finish phase was changed). Look at the alarms; once they are OK, run `finish` again — or roll back.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { AlarmGateError, bluegreenFlip, loadStackConfig, RunbookError } from 'bluegreen-toolkit/runbook';
 *
 * const flip = bluegreenFlip(await loadStackConfig('stack.json'));
 * try { await flip.finish(StackReference.Green); }
 * catch (e) { if (e instanceof RunbookError && e.cause instanceof AlarmGateError) console.error(e.cause.inAlarm); }
 * ```
 */
export class AlarmGateError extends BlueGreenError<{ target: StackReference; inAlarm: string[] }> {
  /** The stack whose alarms were checked. */
  declare readonly target: StackReference;
  /** Names of the alarms in ALARM. */
  declare readonly inAlarm: string[];
}

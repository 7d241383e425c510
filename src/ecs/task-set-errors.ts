import { BlueGreenError, type BlueGreenErrorOptions, InvalidStateError } from '../core/index.js';

/**
 * `deployGreen` found a second task set already in flight (another release being tested or shifted) and was not asked
 * to replace it. Nothing was changed. Finish that release (`swap` + `cleanUp`), undo it (`rollback`), or pass
 * `{ replace: rollback }` (the rollback function of this subpath).
 *
 * @example
 * ```ts
 * import { deployGreen, TaskSetInFlightError } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * try { await deployGreen(deployment, 'orders-api:42', { externalId: 'build-42' }); }
 * catch (e) { if (e instanceof TaskSetInFlightError) console.error('in flight:', e.inFlightExternalId); }
 * ```
 */
export class TaskSetInFlightError extends InvalidStateError {
  /** The ARN of the task set in flight. */
  declare readonly inFlightTaskSetArn: string;
  /** Its external id (empty when it has none). */
  declare readonly inFlightExternalId: string;
  constructor(message: string, options: BlueGreenErrorOptions & { state: unknown; taskSetArn: string; externalId: string }) {
    const { taskSetArn, externalId, ...rest } = options;
    // BlueGreenError copies the options onto the error: pass the fields under their own names (the cast lets the
    // literal carry them past InvalidStateError's option type).
    super(message, { ...rest, inFlightTaskSetArn: taskSetArn, inFlightExternalId: externalId } as typeof rest);
  }
}

/**
 * `shiftTraffic` stopped because the alarm gate reported alarms in ALARM. Production traffic was left at
 * `safePercent` on green (the last weight whose alarm check passed), or, with `onAlarm: 'rollback'`, rolled back
 * (`rolledBack: true`, green deleted).
 *
 * @example
 * ```ts
 * import { AlarmGateError, shiftTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * try { await shiftTraffic(deployment, 50, { stepPercent: 10, intervalSeconds: 120 }); }
 * catch (e) { if (e instanceof AlarmGateError) console.error(e.inAlarm, 'green held at', e.safePercent); }
 * ```
 */
export class AlarmGateError extends BlueGreenError<{
  inAlarm: string[];
  safePercent: number;
  attemptedPercent: number;
  rolledBack: boolean;
}> {
  /** Names of the alarms in ALARM. */
  declare readonly inAlarm: string[];
  /** The green percentage production traffic was left at (0 after a rollback). */
  declare readonly safePercent: number;
  /** The green percentage whose check failed (or the first step, when the check before it failed). */
  declare readonly attemptedPercent: number;
  /** Whether the deployment was rolled back. */
  declare readonly rolledBack: boolean;
}

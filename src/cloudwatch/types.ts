import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ClientSource, CommonToolOptions, Pair, StepResult } from '../core/index.js';

/**
 * Which alarms belong to one stack: those whose name starts with `prefix` (and, if set, ends with `suffix`), plus the
 * alarms named in `names`. At least `prefix` or `names` is required.
 *
 * @example
 * ```ts
 * import type { AlarmSelector } from 'bluegreen-toolkit/cloudwatch';
 *
 * const green: AlarmSelector = { prefix: 'orders-green-', suffix: '-critical', names: ['orders-green-composite'] };
 * ```
 */
export interface AlarmSelector {
  /** Alarm name prefix (DescribeAlarms `AlarmNamePrefix`). */
  prefix?: string;
  /** Keep only prefix-matched alarms whose name ends with this (needs `prefix`). */
  suffix?: string;
  /** Explicit alarm names (metric or composite). */
  names?: string[];
}

/**
 * Options of {@link CloudWatchTools}: the alarm selector pair plus `awsSdkV3Client` **or** `clientConfig`.
 *
 * @example
 * ```ts
 * import type { CloudWatchToolsOptions } from 'bluegreen-toolkit/cloudwatch';
 *
 * const options: CloudWatchToolsOptions = {
 *   alarms: { blue: { prefix: 'orders-blue-' }, green: { prefix: 'orders-green-' } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type CloudWatchToolsOptions = CommonToolOptions &
  ClientSource<CloudWatchClient> & {
    /** The alarms of each stack. */
    alarms: Pair<AlarmSelector>;
    /** EnableAlarmActions/DisableAlarmActions calls in flight (default 4). */
    concurrency?: number;
  };

/**
 * Options of {@link CloudWatchTools.enableAlarmActions} / {@link CloudWatchTools.disableAlarmActions}.
 *
 * @example
 * ```ts
 * await cloudwatch.disableAlarmActions(StackReference.Blue, { concurrency: 2 });
 * ```
 */
export interface AlarmActionsOptions {
  /** Calls in flight (default: the tool's `concurrency`, 4). */
  concurrency?: number;
  /**
   * Switch only these alarms (names) of the stack; the others are neither changed nor reported. Used by the flip's
   * exact undo to revert only what a run changed (default: every alarm of the stack).
   */
  only?: readonly string[];
}

/**
 * What {@link CloudWatchTools.enableAlarmActions} / {@link CloudWatchTools.disableAlarmActions} did.
 *
 * @example
 * ```ts
 * const result = await cloudwatch.disableAlarmActions(StackReference.Blue);
 * console.log(result.changed.length, result.already.length, result.missing);
 * ```
 */
export interface AlarmActionsResult extends StepResult {
  /** Alarms whose actions were switched. */
  changed: string[];
  /** Alarms already in the target state (not sent). */
  already: string[];
  /** Explicitly configured names that do not exist. */
  missing: string[];
}

/**
 * One alarm of {@link AlarmStates}.
 *
 * @example
 * ```ts
 * const state: AlarmState = { name: 'orders-green-errors', type: 'metric', state: 'OK', actionsEnabled: true };
 * ```
 */
export interface AlarmState {
  /** The alarm name. */
  name: string;
  /** Metric alarm or composite alarm. */
  type: 'metric' | 'composite';
  /** Its current state. */
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** Whether its actions are enabled. */
  actionsEnabled: boolean;
}

/**
 * The result of {@link CloudWatchTools.getAlarmStates}: every alarm of the stack (sorted by name) and the names of
 * those in `ALARM` — the gate a runbook or a hook checks.
 *
 * @example
 * ```ts
 * const { inAlarm } = await cloudwatch.getAlarmStates(StackReference.Green);
 * if (inAlarm.length > 0) throw new Error(`in alarm: ${inAlarm.join(', ')}`);
 * ```
 */
export interface AlarmStates {
  /** Every alarm of the stack, sorted by name. */
  alarms: AlarmState[];
  /** Names of the alarms in `ALARM`, sorted. */
  inAlarm: string[];
}

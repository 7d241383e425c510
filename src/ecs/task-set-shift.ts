// shiftTraffic: weighted production traffic in steps with an alarm gate.
import {
  ConfigError,
  describeValue,
  InvalidStateError,
  parseStackReference,
  requireInteger,
  requireObject,
  StackReference,
  sleep,
} from '../core/index.js';
import { type EcsTaskSetDeployment, stepContext } from './ecs-task-set-deployment.js';
import { AlarmGateError } from './task-set-errors.js';
import { optionalSeconds, requireGate } from './task-set-options.js';
import { setForward } from './task-set-rules.js';
import { readSnapshot, requireOpened, targetGroupOf } from './task-set-state.js';
import type { ShiftTrafficOptions, ShiftTrafficResult } from './task-set-types.js';

/**
 * Sets green's share of production traffic to `percent` (weighted forward on the production rule), in one step or
 * in linear steps of `stepPercent` with `intervalSeconds` of bake time after each. With an alarm gate (constructor
 * `alarmGate` or the option), the alarms are checked before the first step and after every step: any alarm in ALARM
 * stops the shift with {@link AlarmGateError}. With `onAlarm: 'hold'` (default) traffic is set back to the last
 * percentage whose check passed (the starting one when the first check fails); with `onAlarm: rollback` (the
 * {@link rollback} function of this subpath), it runs (production back to blue, green deleted).
 *
 * @param deployment - the deployment.
 * @param percent - green's share, an integer from 0 to 100.
 * @param options.stepPercent - size of a linear step (default: one step).
 * @param options.intervalSeconds - bake time after each step (default 0).
 * @param options.onAlarm - `'hold'` (default) or {@link rollback}.
 * @returns the final percentage and the steps applied; `already` when green already had `percent`.
 * @throws {@link AlarmGateError}, `InvalidStateError` (no release in flight, not opened by {@link openTestTraffic}
 * yet, or already swapped and `percent` < 100).
 *
 * @remarks IAM: `ecs:DescribeServices`, `elasticloadbalancing:DescribeRules`, `elasticloadbalancing:ModifyRule`
 * (and the alarm gate's own, for example `cloudwatch:DescribeAlarms`; with `onAlarm: rollback` those of {@link rollback}).
 *
 * @example
 * ```ts
 * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
 * import { rollback, shiftTraffic } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * await shiftTraffic(deployment, 10); // canary
 * await shiftTraffic(deployment, 100, { stepPercent: 20, intervalSeconds: 300, alarmGate: new CloudWatchTools(cwOptions), onAlarm: rollback });
 * ```
 */
export async function shiftTraffic(
  deployment: EcsTaskSetDeployment,
  percent: number,
  options: ShiftTrafficOptions = {},
): Promise<ShiftTrafficResult> {
  const ctx = stepContext(deployment, 'shiftTraffic');
  const target = requireInteger(percent, 'percent', { min: 0, max: 100 });
  const opts = requireObject(options, 'shiftTraffic options');
  const stepPercent =
    opts.stepPercent === undefined ? undefined : requireInteger(opts.stepPercent, 'shiftTraffic options.stepPercent', { min: 1, max: 100 });
  const interval = optionalSeconds(opts.intervalSeconds, 'shiftTraffic options.intervalSeconds') ?? 0;
  const onAlarm = opts.onAlarm ?? 'hold';
  if (onAlarm !== 'hold' && typeof onAlarm !== 'function') {
    throw new ConfigError(
      `shiftTraffic options.onAlarm must be 'hold' or the rollback function of bluegreen-toolkit/ecs-task-sets, got ${describeValue(onAlarm)}.`,
    );
  }
  // The constructor's alarmGate and alarmRef are checked here, where they are used (a hook for another step does not
  // carry the code); an option of this call overrides them.
  const c = ctx.config;
  const ownGate = opts.alarmGate !== undefined;
  const gateValue = ownGate ? opts.alarmGate : c.alarmGate;
  const gate = gateValue === undefined ? undefined : requireGate(gateValue, ownGate ? 'shiftTraffic options.alarmGate' : 'alarmGate');
  const ownRef = opts.alarmRef !== undefined;
  const refValue = ownRef ? opts.alarmRef : c.alarmRef;
  const ref =
    refValue === undefined ? StackReference.Green : parseStackReference(refValue, ownRef ? 'shiftTraffic options.alarmRef' : 'alarmRef');
  const signal = options.abortSignal;

  const snap = await readSnapshot(ctx);
  const at = (p: number, message: string) => ({ outcome: 'already' as const, message, percent: p, applied: [], alarmChecks: 0 });
  if (snap.phase === 'idle' || !snap.green) {
    throw new InvalidStateError(`No release is in flight on service ${ctx.config.service}: run deployGreen() first.`, {
      state: snap.phase,
    });
  }
  if (snap.phase === 'swapped') {
    if (target === 100) return at(100, 'The release is already swapped and takes all production traffic.');
    throw new InvalidStateError('The release is already swapped (primary): use rollback() to go back to the previous release.', {
      state: snap.phase,
    });
  }
  const blueTg = targetGroupOf(snap.blue);
  const greenTg = targetGroupOf(snap.green);
  if (!blueTg || !greenTg) {
    throw new InvalidStateError('Both task sets need a target group to share traffic: the previous release has none.', {
      state: snap.phase,
    });
  }
  const start = snap.greenPercent;
  if (start === target) return at(target, `Green already receives ${target}% of production traffic.`);
  requireOpened(snap, greenTg);
  const steps: number[] = [];
  if (stepPercent && target > start) {
    for (let p = start + stepPercent; p < target; p += stepPercent) steps.push(p);
  }
  steps.push(target);

  const setGreen = (p: number) =>
    setForward(ctx.elbv2, snap.productionRule, [
      { targetGroupArn: blueTg, weight: 100 - p },
      { targetGroupArn: greenTg, weight: p },
    ]);
  let safe = start;
  let current = start;
  const applied: number[] = [];
  let checks = 0;
  const gateCheck = async (attempted: number): Promise<void> => {
    if (!gate) return;
    const { inAlarm } = await gate.getAlarmStates(ref);
    if (!Array.isArray(inAlarm)) throw new ConfigError('alarmGate.getAlarmStates() must resolve with { inAlarm: string[] }.');
    if (inAlarm.length === 0) {
      checks++;
      return;
    }
    const alarms = `Alarms in ALARM (${inAlarm.join(', ')})`;
    ctx.logger.warn(`EcsTaskSetDeployment: alarms in ALARM at ${current}% green: ${inAlarm.join(', ')}`, { inAlarm });
    const rolledBack = onAlarm !== 'hold';
    if (rolledBack) await onAlarm(deployment, signal ? { abortSignal: signal } : {});
    else if (current !== safe) await setGreen(safe);
    throw new AlarmGateError(
      rolledBack
        ? `${alarms} at ${current}% green: rolled back to the previous release.`
        : `${alarms}: traffic shifting stopped; green holds ${safe}% of production traffic (the last safe weight).`,
      { inAlarm, safePercent: rolledBack ? 0 : safe, attemptedPercent: attempted, rolledBack },
    );
  };

  await gateCheck(steps[0] as number);
  for (const p of steps) {
    await setGreen(p);
    current = p;
    applied.push(p);
    ctx.logger.info(`EcsTaskSetDeployment: green receives ${p}% of production traffic`);
    if (interval > 0) await sleep(interval * 1000, signal, 'traffic shift bake time');
    await gateCheck(p);
    safe = p;
  }
  return {
    outcome: 'changed',
    message: `Green receives ${target}% of production traffic (was ${start}%).`,
    percent: target,
    applied,
    alarmChecks: checks,
  };
}

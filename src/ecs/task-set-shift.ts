// shiftTraffic: weighted production traffic in steps with an alarm gate (internal: not exported from the subpath).
import {
  ConfigError,
  describeValue,
  InvalidStateError,
  parseStackReference,
  requireInteger,
  requireObject,
  type StackReference,
  sleep,
} from '../core/index.js';
import { AlarmGateError } from './task-set-errors.js';
import { requireGate } from './task-set-options.js';
import { setForward } from './task-set-rules.js';
import { type Snapshot, targetGroupOf } from './task-set-state.js';
import type { StepContext } from './task-set-steps.js';
import type { AlarmGate, RemovalResult, RollbackOptions, ShiftTrafficOptions, ShiftTrafficResult } from './task-set-types.js';

/** What shiftTraffic needs from the class besides the clients. */
export interface ShiftDefaults {
  gate: AlarmGate | undefined;
  ref: StackReference;
  read: () => Promise<Snapshot>;
  rollback: (options: RollbackOptions) => Promise<RemovalResult>;
}

/** Validates the options, then shifts green's share of production traffic to `percent`. */
export async function shiftTraffic(
  ctx: StepContext,
  defaults: ShiftDefaults,
  percent: number,
  options: ShiftTrafficOptions,
): Promise<ShiftTrafficResult> {
  const target = requireInteger(percent, 'percent', { min: 0, max: 100 });
  const opts = requireObject(options, 'shiftTraffic options');
  const stepPercent =
    opts.stepPercent === undefined ? undefined : requireInteger(opts.stepPercent, 'shiftTraffic options.stepPercent', { min: 1, max: 100 });
  const interval = opts.intervalSeconds === undefined ? 0 : opts.intervalSeconds;
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0) {
    throw new ConfigError(`shiftTraffic options.intervalSeconds must be a number of seconds >= 0, got ${describeValue(interval)}.`);
  }
  const onAlarm = opts.onAlarm ?? 'hold';
  if (onAlarm !== 'hold' && onAlarm !== 'rollback') {
    throw new ConfigError(`shiftTraffic options.onAlarm must be 'hold' or 'rollback', got ${describeValue(onAlarm)}.`);
  }
  const gate = opts.alarmGate === undefined ? defaults.gate : requireGate(opts.alarmGate, 'shiftTraffic options.alarmGate');
  const ref = opts.alarmRef === undefined ? defaults.ref : parseStackReference(opts.alarmRef, 'shiftTraffic options.alarmRef');
  const signal = options.abortSignal;

  const snap = await defaults.read();
  if (snap.phase === 'idle' || !snap.green) {
    throw new InvalidStateError(`No release is in flight on service ${ctx.config.service}: run deployGreen() first.`, {
      state: snap.phase,
    });
  }
  if (snap.phase === 'swapped') {
    if (target === 100) {
      return {
        outcome: 'already',
        message: 'The release is already swapped and takes all production traffic.',
        percent: 100,
        applied: [],
        alarmChecks: 0,
      };
    }
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
  if (start === target) {
    return {
      outcome: 'already',
      message: `Green already receives ${target}% of production traffic.`,
      percent: target,
      applied: [],
      alarmChecks: 0,
    };
  }
  const steps: number[] = [];
  if (stepPercent && target > start) {
    for (let p = start + stepPercent; p < target; p += stepPercent) steps.push(p);
  }
  steps.push(target);

  const weights = (p: number) => [
    { targetGroupArn: blueTg, weight: 100 - p },
    { targetGroupArn: greenTg, weight: p },
  ];
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
    ctx.logger.warn(`EcsTaskSetDeployment: alarms in ALARM at ${current}% green: ${inAlarm.join(', ')}`, { inAlarm });
    if (onAlarm === 'rollback') {
      await defaults.rollback(signal ? { abortSignal: signal } : {});
      throw new AlarmGateError(`Alarms in ALARM (${inAlarm.join(', ')}) at ${current}% green: rolled back to the previous release.`, {
        inAlarm,
        safePercent: 0,
        attemptedPercent: attempted,
        rolledBack: true,
      });
    }
    if (current !== safe) await setForward(ctx.elbv2, snap.productionRule, weights(safe));
    throw new AlarmGateError(
      `Alarms in ALARM (${inAlarm.join(', ')}): traffic shifting stopped; green holds ${safe}% of production traffic (the last safe weight).`,
      { inAlarm, safePercent: safe, attemptedPercent: attempted, rolledBack: false },
    );
  };

  await gateCheck(steps[0] as number);
  for (const p of steps) {
    await setForward(ctx.elbv2, snap.productionRule, weights(p));
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

import type { AuroraScalingTools, AuroraTools } from '../aurora/index.js';
import type { StackReference, WaitOptions } from '../core/index.js';
import type { EcsTools } from '../ecs/index.js';
import type { KinesisTools } from '../kinesis/index.js';
import type { LambdaTools } from '../lambda/index.js';
import { preStateOf } from './flip-prestate.js';
import type { StepSettle } from './runbook-types.js';

/** A settle condition with the flip's wait options on top of a step's defaults. */
export function settleWith(
  wait: WaitOptions | undefined,
  defaults: { maxWaitSeconds: number; minDelaySeconds: number; maxDelaySeconds: number },
  description: string,
  check: StepSettle['check'],
): StepSettle {
  return {
    description,
    check,
    maxWaitSeconds: wait?.maxWaitTime ?? defaults.maxWaitSeconds,
    minDelaySeconds: wait?.minDelay ?? defaults.minDelaySeconds,
    maxDelaySeconds: wait?.maxDelay ?? defaults.maxDelaySeconds,
  };
}

/** Cluster status in `statuses` (RDS: a started cluster is usable once `available`). */
export function clusterStatus(aurora: AuroraTools, ref: StackReference, statuses: string[], wait: WaitOptions | undefined): StepSettle {
  return settleWith(
    wait,
    { maxWaitSeconds: 1800, minDelaySeconds: 10, maxDelaySeconds: 60 },
    `${ref} cluster ${statuses.join(' or ')}`,
    async () => {
      const { status } = await aurora.getClusterState(ref);
      return { done: statuses.includes(status), state: { status } };
    },
  );
}

/** As many `available` readers as the scale-out asked for (`partnerReaderCount` of its result). */
export function readersAvailable(aurora: AuroraScalingTools, ref: StackReference, wait: WaitOptions | undefined): StepSettle {
  return settleWith(
    wait,
    { maxWaitSeconds: 3600, minDelaySeconds: 10, maxDelaySeconds: 60 },
    `${ref} readers available`,
    async ({ result }) => {
      const wanted = (result as { partnerReaderCount?: number } | undefined)?.partnerReaderCount ?? 0;
      if (wanted === 0) return { done: true, state: { wanted } };
      // Through the tool, so a flip bundle carries this code only when it carries AuroraScalingTools.
      const available = await aurora.getAvailableReaders(ref);
      return { done: available.length >= wanted, state: { wanted, available: available.length } };
    },
  );
}

/**
 * Every event source mapping of the stack's function `Enabled` (or `Disabled`) — in an undo's settle, only those the
 * undo reverted (its pre-state's `toRevert`).
 */
export function mappingsIn(lambda: LambdaTools, ref: StackReference, enabled: boolean, wait: WaitOptions | undefined): StepSettle {
  const target = enabled ? 'Enabled' : 'Disabled';
  return settleWith(
    wait,
    { maxWaitSeconds: 300, minDelaySeconds: 1, maxDelaySeconds: 10 },
    `${ref} mappings ${target}`,
    async ({ before }) => {
      const reverted = preStateOf(before)?.toRevert;
      const mappings = (await lambda.listEventSourceMappings(ref)).filter((m) => !reverted || reverted.includes(m.uuid));
      const pending = mappings.filter((m) => m.state !== target && m.state !== 'Deleting').map((m) => `${m.uuid}:${m.state}`);
      return { done: pending.length === 0, state: { pending } };
    },
  );
}

/** The ECS service steady: running = desired, one deployment. */
export function serviceSteady(ecs: EcsTools, ref: StackReference, wait: WaitOptions | undefined): StepSettle {
  return settleWith(wait, { maxWaitSeconds: 600, minDelaySeconds: 6, maxDelaySeconds: 30 }, `${ref} service stable`, async () => {
    const s = await ecs.getServiceState(ref);
    return {
      done: s.runningCount === s.desiredCount && s.deployments.length <= 1,
      state: { desired: s.desiredCount, running: s.runningCount, deployments: s.deployments.length },
    };
  });
}

/** The Kinesis consumer `ACTIVE` (registered) or gone (deregistered). */
export function consumerIs(kinesis: KinesisTools, ref: StackReference, active: boolean, wait: WaitOptions | undefined): StepSettle {
  return settleWith(
    wait,
    { maxWaitSeconds: 300, minDelaySeconds: 2, maxDelaySeconds: 10 },
    `${ref} consumer ${active ? 'ACTIVE' : 'gone'}`,
    async () => {
      const consumer = await kinesis.describeConsumer(ref);
      const status = consumer?.status ?? 'gone';
      return { done: active ? status === 'ACTIVE' : status === 'gone', state: { status } };
    },
  );
}

/**
 * Puts a cluster's reader auto scaling back to the capacities a scale-out replaced (its `ScaleResult`): the exact
 * undo of `scaleOut` / `scaleIn`. Without that result (the step itself failed) it runs `fallback` (the inverse tool
 * call). IAM: `application-autoscaling:RegisterScalableTarget`.
 */
export async function restoreReaderCapacity(
  aurora: AuroraScalingTools,
  ref: StackReference,
  result: unknown,
  fallback: () => Promise<unknown>,
): Promise<unknown> {
  const r = result as { outcome?: string; resourceId?: string; previousMinCapacity?: number; previousMaxCapacity?: number } | undefined;
  if (r?.outcome !== 'changed' || !r.resourceId || r.previousMinCapacity === undefined || r.previousMaxCapacity === undefined)
    return fallback();
  // Through the tool, so a flip bundle carries Application Auto Scaling code only when it carries AuroraScalingTools.
  await aurora.restoreReaderCapacity(r.resourceId, r.previousMinCapacity, r.previousMaxCapacity);
  return { outcome: 'changed', message: `${ref} readers back to min ${r.previousMinCapacity} / max ${r.previousMaxCapacity}` };
}

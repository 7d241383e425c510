// Changing the primary task set with the service's auto scaling suspended (swap, and rollback after a swap).
// Application Auto Scaling API Reference, SuspendedState
// (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_SuspendedState.html): each flag, set to true,
// stops one kind of scaling (policy scale-in, policy scale-out, scheduled actions), default false; they are set with
// RegisterScalableTarget on the registered target (Application Auto Scaling User Guide, "Suspending and resuming
// scaling").
import {
  paginateDescribeScalableTargets,
  RegisterScalableTargetCommand,
  type SuspendedState,
} from '@aws-sdk/client-application-auto-scaling';
import { UpdateServicePrimaryTaskSetCommand } from '@aws-sdk/client-ecs';
import type { Outcome } from '../core/index.js';
import type { StepContext } from './ecs-task-set-deployment.js';
import type { AutoScalingHandling } from './task-set-types.js';

const FLAGS = ['DynamicScalingInSuspended', 'DynamicScalingOutSuspended', 'ScheduledScalingSuspended'] as const;

/** The SuspendedState of the service's scalable target (ecs:service:DesiredCount), if registered, reading every page. */
async function suspendedState(ctx: StepContext, resourceId: string): Promise<SuspendedState | undefined> {
  const pages = paginateDescribeScalableTargets(
    { client: ctx.applicationAutoScaling },
    { ServiceNamespace: 'ecs', ResourceIds: [resourceId], ScalableDimension: 'ecs:service:DesiredCount' },
  );
  for await (const page of pages) {
    const target = page.ScalableTargets?.find((t) => t.ResourceId === resourceId);
    // All three flags, so nothing is left implicit when the state is restored.
    if (target) return Object.fromEntries(FLAGS.map((f) => [f, Boolean(target.SuspendedState?.[f])]));
  }
  return undefined;
}

/** Sets the SuspendedState of the service's scalable target (all three flags). */
async function setSuspendedState(ctx: StepContext, resourceId: string, state: SuspendedState): Promise<void> {
  await ctx.applicationAutoScaling.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'ecs',
      ResourceId: resourceId,
      ScalableDimension: 'ecs:service:DesiredCount',
      SuspendedState: state,
    }),
  );
}

/**
 * Runs `work` with the service's auto scaling fully suspended, then restores the state it had - also when `work`
 * fails (the first failure is rethrown; a restore failure after it is logged). A target that was already fully
 * suspended is left alone.
 */
export async function withAutoScalingSuspended<T>(
  ctx: StepContext,
  work: () => Promise<T>,
): Promise<{ result: T; autoScaling: AutoScalingHandling }> {
  const resourceId = `service/${ctx.id}`;
  const before = await suspendedState(ctx, resourceId);
  const suspend = before !== undefined && !FLAGS.every((f) => before[f]);
  if (suspend) await setSuspendedState(ctx, resourceId, Object.fromEntries(FLAGS.map((f) => [f, true])));
  let failure: unknown;
  let result: T | undefined;
  try {
    result = await work();
  } catch (error) {
    failure = error;
  }
  if (suspend) {
    try {
      await setSuspendedState(ctx, resourceId, before);
    } catch (error) {
      if (failure === undefined) failure = error;
      else ctx.logger.error(`EcsTaskSetDeployment: could not resume auto scaling of ${resourceId}`, { error: String(error) });
    }
  }
  if (failure !== undefined) throw failure;
  return { result: result as T, autoScaling: suspend ? 'suspended-and-resumed' : before ? 'already-suspended' : 'not-registered' };
}

/** Makes `taskSetArn` the service's primary task set. */
export async function makePrimary(ctx: StepContext, taskSetArn: string): Promise<Outcome> {
  await ctx.ecs.send(new UpdateServicePrimaryTaskSetCommand({ ...ctx.where, primaryTaskSet: taskSetArn }));
  return 'changed';
}

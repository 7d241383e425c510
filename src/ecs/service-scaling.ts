// Application Auto Scaling of an ECS service's desired count, for EcsTools (internal: not exported from the subpath).
//
// AWS sources:
// - Application Auto Scaling API Reference, RegisterScalableTarget: calling it on a registered target updates MinCapacity,
//   MaxCapacity and SuspendedState ("Suspending and resuming scaling"); SuspendedState
//   (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_SuspendedState.html) has three flags,
//   DynamicScalingInSuspended, DynamicScalingOutSuspended and ScheduledScalingSuspended ("Set the value to true if you
//   don't want Application Auto Scaling to add or remove capacity by initiating scheduled actions").
// - Application Auto Scaling API Reference, ScalableTargetAction: at a scheduled action's time, "if the current capacity
//   is below the minimum capacity, Application Auto Scaling scales out to the minimum capacity" - so a 0/0 range alone
//   does not keep a disabled service at zero while scheduled scaling is active.
import {
  type ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
  RegisterScalableTargetCommand,
  type SuspendedState,
} from '@aws-sdk/client-application-auto-scaling';
import type { CapacityRange } from './service-state.js';

const DIMENSION = 'ecs:service:DesiredCount';

/** The three SuspendedState flags, each explicit. */
export type Suspension = Required<
  Pick<SuspendedState, 'DynamicScalingInSuspended' | 'DynamicScalingOutSuspended' | 'ScheduledScalingSuspended'>
>;

/** The service's scalable target as read from Application Auto Scaling. */
export interface TargetState extends CapacityRange {
  suspended: Suspension;
}

/** What disableService records in the service's tag: the range and the suspension it replaced. */
export interface Recorded extends CapacityRange {
  suspended: Suspension;
}

const FLAGS: [keyof Suspension, string][] = [
  ['DynamicScalingInSuspended', 'in'],
  ['DynamicScalingOutSuspended', 'out'],
  ['ScheduledScalingSuspended', 'scheduled'],
];

/** Every flag set: dynamic scale-in, scale-out and scheduled scaling suspended. */
export const ALL_SUSPENDED = /* @__PURE__ */ Object.fromEntries(FLAGS.map(([key]) => [key, true])) as Suspension;

/** Normalises a SuspendedState read from AWS (absent flags are `false`). */
export function suspensionOf(state: SuspendedState | undefined): Suspension {
  return Object.fromEntries(FLAGS.map(([key]) => [key, state?.[key] === true])) as Suspension;
}

/** The short names (`in`, `out`, `scheduled`) of the suspended flags. */
function suspendedNames(suspended: Suspension): string[] {
  return FLAGS.filter(([key]) => suspended[key]).map(([, name]) => name);
}

/** Whether two suspensions are the same. */
export function sameSuspension(a: Suspension, b: Suspension): boolean {
  return FLAGS.every(([key]) => a[key] === b[key]);
}

/**
 * The tag value: `min=<n>/max=<n>`, plus `/suspended=<in+out+scheduled>` (the flags that were already suspended) when
 * any was. ECS tag values allow letters, digits, spaces and `+ - = . _ : / @`.
 */
export function formatRecord(record: Recorded): string {
  const on = suspendedNames(record.suspended);
  return `min=${record.minCapacity}/max=${record.maxCapacity}${on.length > 0 ? `/suspended=${on.join('+')}` : ''}`;
}

/** Reads a tag value written by {@link formatRecord} (or by versions that recorded only the range); `undefined` when malformed. */
export function parseRecord(value: string | undefined): Recorded | undefined {
  if (value === undefined) return undefined;
  const match = /^min=(\d{1,9})\/max=(\d{1,9})(?:\/suspended=((?:in|out|scheduled)(?:\+(?:in|out|scheduled))*))?$/.exec(value);
  if (!match) return undefined;
  const minCapacity = Number(match[1]);
  const maxCapacity = Number(match[2]);
  if (minCapacity > maxCapacity) return undefined;
  const names = new Set((match[3] ?? '').split('+'));
  const suspended = Object.fromEntries(FLAGS.map(([key, name]) => [key, names.has(name)])) as Suspension;
  return { minCapacity, maxCapacity, suspended };
}

/** The desired-count scalable target of `resourceId` (`service/<cluster>/<service>`), reading every page. */
export async function readTarget(aas: ApplicationAutoScalingClient, resourceId: string): Promise<TargetState | undefined> {
  const pages = paginateDescribeScalableTargets(
    { client: aas },
    { ServiceNamespace: 'ecs', ResourceIds: [resourceId], ScalableDimension: DIMENSION },
  );
  for await (const page of pages) {
    const target = page.ScalableTargets?.find((t) => t.ResourceId === resourceId && t.ScalableDimension === DIMENSION);
    if (target) {
      return { minCapacity: target.MinCapacity ?? 0, maxCapacity: target.MaxCapacity ?? 0, suspended: suspensionOf(target.SuspendedState) };
    }
  }
  return undefined;
}

/** RegisterScalableTarget on the existing target: the range when given, and all three suspension flags. */
export async function registerTarget(
  aas: ApplicationAutoScalingClient,
  resourceId: string,
  range: CapacityRange | undefined,
  suspended: Suspension,
): Promise<void> {
  await aas.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'ecs',
      ResourceId: resourceId,
      ScalableDimension: DIMENSION,
      ...(range ? { MinCapacity: range.minCapacity, MaxCapacity: range.maxCapacity } : {}),
      SuspendedState: { ...suspended },
    }),
  );
}

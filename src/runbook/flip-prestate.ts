import type { AuroraTools } from '../aurora/index.js';
import type { CloudWatchTools } from '../cloudwatch/index.js';
import type { StackReference, StepResult } from '../core/index.js';
import type { DynamoTools } from '../dynamodb/index.js';
import type { EcsTools } from '../ecs/index.js';
import type { EventBridgeTools } from '../eventbridge/index.js';
import type { KinesisTools } from '../kinesis/index.js';
import type { LambdaTools } from '../lambda/index.js';
import type { SnsTools } from '../sns/index.js';
import type { RunbookStep, UndoContext } from './runbook-types.js';

/**
 * A switching step's pre-state, taken just before it runs (its `snapshot`) and kept with the lease's progress: each
 * resource it switches, by whether it already was in the step's target state. The undo reverts only `toRevert`, so
 * a resource that was already on (or off) before the run is left as it was — also by the undo of the failed step,
 * whose change may have landed although its call failed.
 */
export interface TogglePreState {
  /** Resources already in the step's target state before it ran (the undo leaves them). */
  inPlace: string[];
  /** Resources the step switches (the undo switches them back). */
  toRevert: string[];
}

/** The pre-state of `items` (id, whether in the step's target state). */
function split(items: readonly { id: string; inTarget: boolean }[]): TogglePreState {
  return { inPlace: items.filter((i) => i.inTarget).map((i) => i.id), toRevert: items.filter((i) => !i.inTarget).map((i) => i.id) };
}

/** `before` as a pre-state, or `undefined` when the step has none (taken by an older version, or no snapshot). */
export function preStateOf(before: unknown): TogglePreState | undefined {
  const p = before as Partial<TogglePreState> | undefined;
  return p && Array.isArray(p.inPlace) && Array.isArray(p.toRevert) ? (p as TogglePreState) : undefined;
}

/**
 * The snapshot, undo and resources of a switching step: `read` lists the resources with whether each is in the
 * step's target state; `revert(only)` is the inverse tool call on the given resources (all of them without a
 * pre-state). `kind` names a resource for {@link LeftToFix.resources} (`lambda mapping`, `sns subscription`, …).
 */
export function revertOnly(
  kind: string,
  read: () => Promise<{ id: string; inTarget: boolean }[]>,
  revert: (only: string[] | undefined) => Promise<unknown>,
): Pick<RunbookStep, 'snapshot' | 'undo' | 'resources'> {
  return {
    snapshot: async () => split(await read()),
    undo: async ({ before }: UndoContext): Promise<unknown> => {
      const pre = preStateOf(before);
      if (!pre) return revert(undefined);
      if (pre.toRevert.length === 0)
        return { outcome: 'already', message: `every ${kind} was already in place before the run: nothing to revert` } satisfies StepResult;
      return revert(pre.toRevert);
    },
    // Still switched: the resources to revert that are (still) in the step's target state.
    resources: async ({ before, result }: UndoContext) => {
      const pre = preStateOf(before);
      const changed = (result as { changed?: unknown } | undefined)?.changed;
      const candidates = pre?.toRevert ?? (Array.isArray(changed) ? (changed as string[]) : []);
      const now = new Map((await read()).map((r) => [r.id, r.inTarget]));
      return candidates.filter((id) => now.get(id) !== false).map((id) => `${kind} ${id}`);
    },
  };
}

/**
 * The snapshot and resources of a table reset (which has no undo): the table's identity before, and the table named
 * when it is no longer the same table (deleted, or recreated) after a failure.
 */
export const tableIdentity = (dynamodb: DynamoTools, ref: StackReference, name: string) => {
  const identity = async () => {
    const t = await dynamodb.describeTable(ref);
    return t ? `${t.TableId ?? t.TableArn}@${t.CreationDateTime ? new Date(t.CreationDateTime).toISOString() : ''}` : 'absent';
  };
  return {
    snapshot: async () => ({ table: await identity() }),
    resources: async ({ before }: UndoContext) =>
      (before as { table?: string } | undefined)?.table === (await identity()) ? [] : [`dynamodb table ${name}`],
  } satisfies Pick<RunbookStep, 'snapshot' | 'resources'>;
};

const only = (ids: string[] | undefined) => (ids ? { only: ids } : {});

/** The stack's event source mappings (UUIDs), in or moving to `enabled`. */
export const mappingsSwitch = (lambda: LambdaTools, ref: StackReference, enabled: boolean) =>
  revertOnly(
    'lambda mapping',
    async () =>
      (await lambda.listEventSourceMappings(ref)).map((m) => ({
        id: m.uuid,
        inTarget: enabled ? m.state === 'Enabled' || m.state === 'Enabling' : m.state === 'Disabled' || m.state === 'Disabling',
      })),
    (ids) =>
      enabled
        ? lambda.disableEventMappings(ref, { wait: false, ...only(ids) })
        : lambda.enableEventMappings(ref, { wait: false, ...only(ids) }),
  );

/** The EventBridge rules (`bus/rule`) targeting the stack's function, `enabled`. */
export const rulesSwitch = (eventbridge: EventBridgeTools, ref: StackReference, enabled: boolean) =>
  revertOnly(
    'events rule',
    async () => (await eventbridge.listRules(ref)).map((r) => ({ id: r.id, inTarget: r.enabled === enabled })),
    (ids) => (enabled ? eventbridge.disableRules(ref, only(ids)) : eventbridge.enableRules(ref, only(ids))),
  );

/** The stack's SNS subscriptions (ARNs), `enabled`. */
export const subscriptionsSwitch = (sns: SnsTools, ref: StackReference, enabled: boolean) =>
  revertOnly(
    'sns subscription',
    async () => (await sns.getSubscriptionStates(ref)).map((s) => ({ id: s.subscriptionArn, inTarget: s.enabled === enabled })),
    (ids) => (enabled ? sns.disableSubscription(ref, only(ids)) : sns.enableSubscription(ref, only(ids))),
  );

/** The stack's alarms (names), actions `enabled`. */
export const alarmActionsSwitch = (cloudwatch: CloudWatchTools, ref: StackReference, enabled: boolean) =>
  revertOnly(
    'cloudwatch alarm',
    async () => (await cloudwatch.getAlarmStates(ref)).alarms.map((a) => ({ id: a.name, inTarget: a.actionsEnabled === enabled })),
    (ids) => (enabled ? cloudwatch.disableAlarmActions(ref, only(ids)) : cloudwatch.enableAlarmActions(ref, only(ids))),
  );

/** The stack's ECS service (`cluster/service`), running (desired count > 0) or not. */
export const serviceSwitch = (ecs: EcsTools, ref: StackReference, enabled: boolean) =>
  revertOnly(
    'ecs service',
    async () => {
      const s = await ecs.getServiceState(ref);
      return [{ id: `${s.cluster}/${s.service}`, inTarget: s.desiredCount > 0 === enabled }];
    },
    () => (enabled ? ecs.disableService(ref) : ecs.enableService(ref)),
  );

/** The stack's Kinesis consumer, registered or not. */
export const consumerSwitch = (kinesis: KinesisTools, ref: StackReference, registered: boolean) =>
  revertOnly(
    'kinesis consumer',
    async () => {
      const consumer = await kinesis.describeConsumer(ref);
      const present = consumer !== null && consumer.status !== 'DELETING';
      return [{ id: consumer?.consumerName ?? `of ${ref}`, inTarget: present === registered }];
    },
    () => (registered ? kinesis.deregisterConsumer(ref, { wait: false }) : kinesis.registerConsumer(ref, { wait: false })),
  );

/** The stack's Aurora cluster, started (`available` or `starting`) or not. */
export const clusterStartSwitch = (aurora: AuroraTools, ref: StackReference) =>
  revertOnly(
    'rds cluster',
    async () => {
      const state = await aurora.getClusterState(ref);
      return [{ id: state.clusterIdentifier, inTarget: state.status === 'available' || state.status === 'starting' }];
    },
    () => aurora.stopDatabase(ref),
  );

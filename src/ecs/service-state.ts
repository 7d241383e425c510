import type { Deployment, Service, TaskSet } from '@aws-sdk/client-ecs';

/**
 * The tag {@link EcsTools.disableService} puts on the ECS service to record the Application Auto Scaling capacity and
 * suspension it replaced with 0/0 and everything suspended, as `min=<n>/max=<n>`, followed by
 * `/suspended=<in+out+scheduled>` (the flags that were already suspended) when any was; {@link EcsTools.enableService}
 * restores exactly that and removes the tag.
 *
 * @example
 * ```ts
 * import { ECS_CAPACITY_TAG } from 'bluegreen-toolkit/ecs';
 *
 * const recorded = service.tags?.find((t) => t.key === ECS_CAPACITY_TAG)?.value; // 'min=2/max=10' or 'min=2/max=10/suspended=scheduled'
 * ```
 */
export const ECS_CAPACITY_TAG = 'bluegreen-toolkit:disabled-capacity';

/**
 * A scalable target's capacity range.
 *
 * @example
 * ```ts
 * import type { CapacityRange } from 'bluegreen-toolkit/ecs';
 *
 * const range: CapacityRange = { minCapacity: 2, maxCapacity: 10 };
 * ```
 */
export interface CapacityRange {
  /** The target's MinCapacity. */
  minCapacity: number;
  /** The target's MaxCapacity. */
  maxCapacity: number;
}

/**
 * One deployment of a service, as reported by ECS ({@link EcsServiceState.deployments}).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { EcsDeploymentState } from 'bluegreen-toolkit/ecs';
 *
 * const { deployments } = await ecs.getServiceState(StackReference.Green);
 * const failed: EcsDeploymentState | undefined = deployments.find((d) => d.rolloutState === 'FAILED');
 * if (failed) console.error(`${failed.taskDefinition}: ${failed.rolloutStateReason} (${failed.failedTasks} failed tasks)`);
 * ```
 */
export interface EcsDeploymentState {
  /** The deployment id. */
  id: string;
  /** `PRIMARY`, `ACTIVE` or `INACTIVE` (`UNKNOWN` when ECS reports none). */
  status: string;
  /** The task definition ARN. */
  taskDefinition: string;
  /** Tasks this deployment wants. */
  desiredCount: number;
  /** Tasks running. */
  runningCount: number;
  /** Tasks pending. */
  pendingCount: number;
  /** Tasks that failed to start. */
  failedTasks: number;
  /** `IN_PROGRESS`, `COMPLETED` or `FAILED` (rolling deployments), or `null`. */
  rolloutState: string | null;
  /** Why the rollout is in that state, or `null`. */
  rolloutStateReason: string | null;
  /** When the deployment was created, or `null`. */
  createdAt: Date | null;
  /** When it last changed, or `null`. */
  updatedAt: Date | null;
}

/**
 * One task set of a service (EXTERNAL or CODE_DEPLOY deployment controllers), as reported by ECS
 * ({@link EcsServiceState.taskSets}).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { EcsTaskSetState } from 'bluegreen-toolkit/ecs';
 *
 * const { taskSets } = await ecs.getServiceState(StackReference.Green);
 * const primary: EcsTaskSetState | undefined = taskSets.find((t) => t.status === 'PRIMARY');
 * console.log(primary?.externalId, primary?.scale, primary?.stabilityStatus); // 'build-42' { value: 100, unit: 'PERCENT' } 'STEADY_STATE'
 * ```
 */
export interface EcsTaskSetState {
  /** The task set id. */
  id: string;
  /** Its ARN. */
  taskSetArn: string;
  /** `PRIMARY`, `ACTIVE` or `DRAINING` (`UNKNOWN` when ECS reports none). */
  status: string;
  /** The task definition ARN. */
  taskDefinition: string;
  /** Tasks the task set should run (its scale applied to the service's desired count). */
  computedDesiredCount: number;
  /** Tasks running. */
  runningCount: number;
  /** Tasks pending. */
  pendingCount: number;
  /** The scale, for example `{ value: 100, unit: 'PERCENT' }`, or `null`. */
  scale: { value: number; unit: string } | null;
  /** `STEADY_STATE` or `STABILIZING`, or `null`. */
  stabilityStatus: string | null;
  /** The external id (for example the CodeDeploy deployment id), or `null`. */
  externalId: string | null;
}

/**
 * What {@link EcsTools.getServiceState} reports. Counts ECS does not report are 0.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { EcsServiceState } from 'bluegreen-toolkit/ecs';
 *
 * const state: EcsServiceState = await ecs.getServiceState(StackReference.Blue);
 * console.log(`${state.runningCount}/${state.desiredCount} running, ${state.deployments.length} deployment(s)`);
 * const recorded = state.scaling?.recorded;
 * if (recorded) console.log(`disabled; enableService restores min ${recorded.minCapacity}/max ${recorded.maxCapacity}`);
 * ```
 */
export interface EcsServiceState {
  /** The cluster name. */
  cluster: string;
  /** The service name. */
  service: string;
  /** The service ARN. */
  serviceArn: string;
  /** `ACTIVE` or `DRAINING` (a deleted, `INACTIVE` service is a `ResourceNotFoundError`). */
  status: string;
  /** Tasks the service wants. */
  desiredCount: number;
  /** Tasks running. */
  runningCount: number;
  /** Tasks pending. */
  pendingCount: number;
  /** The service's deployments, newest first as ECS lists them. */
  deployments: EcsDeploymentState[];
  /** The service's task sets (empty for the ECS rolling deployment controller). */
  taskSets: EcsTaskSetState[];
  /**
   * The Application Auto Scaling target of the service's desired count, or `null` when it has none. `recorded` is the
   * range {@link EcsTools.disableService} saved (and enableService will restore), or `null`.
   */
  scaling: (CapacityRange & { recorded: CapacityRange | null }) | null;
}

/** The value of a tag on a described service. */
export function tagValue(service: Service, key: string): string | undefined {
  return service.tags?.find((t) => t.key === key)?.value;
}

/** Copies every key of `defaults` from `source`, or the default where ECS reports none (`undefined` / `null`). */
function filled<T extends object>(source: object, defaults: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults))
    out[key] = (source as Record<string, unknown>)[key] ?? (defaults as Record<string, unknown>)[key];
  return out as T;
}

/** Maps a described service to the public state shape. */
export function toServiceState(cluster: string, name: string, service: Service, scaling: EcsServiceState['scaling']): EcsServiceState {
  return {
    cluster,
    service: name,
    ...filled(service, { serviceArn: '', status: 'UNKNOWN', desiredCount: 0, runningCount: 0, pendingCount: 0 }),
    deployments: (service.deployments ?? []).map(toDeployment),
    taskSets: (service.taskSets ?? []).map(toTaskSet),
    scaling,
  };
}

function toDeployment(d: Deployment): EcsDeploymentState {
  return filled(d, {
    id: '',
    status: 'UNKNOWN',
    taskDefinition: '',
    desiredCount: 0,
    runningCount: 0,
    pendingCount: 0,
    failedTasks: 0,
    rolloutState: null,
    rolloutStateReason: null,
    createdAt: null,
    updatedAt: null,
  } as EcsDeploymentState);
}

function toTaskSet(t: TaskSet): EcsTaskSetState {
  return {
    ...filled(t, {
      id: '',
      taskSetArn: '',
      status: 'UNKNOWN',
      taskDefinition: '',
      computedDesiredCount: 0,
      runningCount: 0,
      pendingCount: 0,
      stabilityStatus: null,
      externalId: null,
    } as Omit<EcsTaskSetState, 'scale'>),
    scale: t.scale ? filled(t.scale, { value: 0, unit: 'PERCENT' }) : null,
  };
}

import type { StepResult } from '../core/index.js';
import type { LifecycleEventName } from './names.js';

/**
 * Where a parked hook is: `PARKED` (waiting for CI), `RELEASING` (a release won the race and is reporting to
 * CodeDeploy), `RELEASED` (CodeDeploy has its status).
 *
 * @example
 * ```ts
 * import type { HookStatus } from 'bluegreen-toolkit/external-hook';
 *
 * const status: HookStatus = 'PARKED';
 * ```
 */
export type HookStatus = 'PARKED' | 'RELEASING' | 'RELEASED';

/**
 * The outcome of the deployment tests for one deployment group: `SUCCESS` lets the deployment go on, `FAILURE` fails
 * the hook (and so rolls the deployment back).
 *
 * @example
 * ```ts
 * import type { HookResult } from 'bluegreen-toolkit/external-hook';
 *
 * const result: HookResult = 'FAILURE';
 * ```
 */
export type HookResult = 'SUCCESS' | 'FAILURE';

/**
 * One parked hook, as stored.
 *
 * @example
 * ```ts
 * import type { ParkedHook } from 'bluegreen-toolkit/external-hook';
 *
 * const show = (h: ParkedHook) => `${h.group}: ${h.deploymentId} ${h.status}`;
 * ```
 */
export interface ParkedHook {
  /** `<app>/<group>/<lifecycle event>/<deployment id>`. */
  id: string;
  /** The CodeDeploy application. */
  app: string;
  /** The deployment group. */
  group: string;
  /** The lifecycle event the hook belongs to. */
  lifecycleEvent: LifecycleEventName;
  /** The deployment id. */
  deploymentId: string;
  /** The lifecycle event hook execution id CodeDeploy passed to the hook. */
  executionId: string;
  /** Where the hook is. */
  status: HookStatus;
  /** When it was parked (ISO 8601). */
  parkedAt: string;
  /** The hook deadline, epoch seconds (the item's TTL). */
  expiresAt: number;
  /** The released result, once released. */
  result?: HookResult;
}

/**
 * What {@link HookStore.park} stores.
 *
 * @example
 * ```ts
 * import type { ParkInput } from 'bluegreen-toolkit/external-hook';
 *
 * const input: ParkInput = { app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-ABCDEFGHI', executionId: 'x' };
 * ```
 */
export interface ParkInput {
  /** The CodeDeploy application. */
  app: string;
  /** The deployment group. */
  group: string;
  /** The lifecycle event (a stage alias such as `PRE_TRAFFIC` is accepted too). */
  lifecycleEvent: LifecycleEventName | string;
  /** The deployment id. */
  deploymentId: string;
  /** The lifecycle event hook execution id. */
  executionId: string;
  /** The hook deadline in epoch seconds (default: now + the store's `hookTimeoutSeconds`). */
  expiresAt?: number;
}

/**
 * The result of parking: `changed` for a new item, `already` when the hook was parked before (re-invocation).
 *
 * @example
 * ```ts
 * const { outcome, hook } = await client.park(event);
 * ```
 */
export interface ParkResult extends StepResult {
  /** The hook as stored (for `already`: as this call would have stored it). */
  hook: ParkedHook;
}

/**
 * Which hooks to look at: application, stage and deployment groups, optionally one deployment.
 *
 * @example
 * ```ts
 * import type { ListQuery } from 'bluegreen-toolkit/external-hook';
 *
 * const query: ListQuery = { app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api', 'worker'] };
 * ```
 */
export interface ListQuery {
  /** The CodeDeploy application. */
  app: string;
  /** `PRE_TRAFFIC`, `POST_TRAFFIC` or a lifecycle event name such as `AfterAllowTestTraffic`. */
  stage: string;
  /** The deployment groups (1–50). */
  groups: string[];
  /** Only hooks of this deployment. */
  deploymentId?: string;
}

/**
 * Which hooks to release and with what result.
 *
 * @example
 * ```ts
 * import type { ReleaseRequest } from 'bluegreen-toolkit/external-hook';
 *
 * const request: ReleaseRequest = { app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } };
 * ```
 */
export interface ReleaseRequest {
  /** The CodeDeploy application. */
  app: string;
  /** `PRE_TRAFFIC`, `POST_TRAFFIC` or a lifecycle event name. */
  stage: string;
  /** The result per deployment group. */
  results: Record<string, HookResult>;
  /** Only hooks of this deployment. */
  deploymentId?: string;
}

/**
 * How the release of one group ended: `RELEASED` (this call reported the status), `ALREADY_RELEASED` (released
 * before with the same result: idempotent success), `CONFLICT` (released before with the other result, or CodeDeploy
 * already had a status: the asked result was not delivered), `NOT_FOUND` (nothing parked for an InProgress
 * deployment), `ERROR` (CodeDeploy refused).
 *
 * @example
 * ```ts
 * import type { GroupReleaseStatus } from 'bluegreen-toolkit/external-hook';
 *
 * const ok = (s: GroupReleaseStatus) => s === 'RELEASED' || s === 'ALREADY_RELEASED';
 * ```
 */
export type GroupReleaseStatus = 'RELEASED' | 'ALREADY_RELEASED' | 'CONFLICT' | 'NOT_FOUND' | 'ERROR';

/**
 * The release of one deployment group.
 *
 * @example
 * ```ts
 * const results = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
 * if (results.api?.status === 'ERROR') console.error(results.api.message);
 * ```
 */
export interface GroupRelease {
  /** How it ended. */
  status: GroupReleaseStatus;
  /** The result that was asked for. */
  result: HookResult;
  /**
   * The result the hook actually carries, when known: the asked one for `RELEASED` and `ALREADY_RELEASED`, the other
   * one (or absent: unknown) for `CONFLICT`.
   */
  actualResult?: HookResult;
  /** What happened, for logs. */
  message: string;
  /** The deployment of the hook, when one was found. */
  deploymentId?: string;
  /** The execution id of the hook, when one was found. */
  executionId?: string;
}

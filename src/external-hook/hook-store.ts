import { BatchGetDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { BlueGreenError, ConfigError, chunk, isAccessDenied } from '../core/index.js';
import { HookParker } from './hook-parker.js';
import {
  type LifecycleEventName,
  nullRecord,
  ownValue,
  parseStage,
  requireDeploymentId,
  requireGroups,
  requireName,
  validateResults,
} from './names.js';
import { fromItem, HOOK_PARTITION_KEY, HOOK_SORT_KEY, type Item, partitionKey } from './store-items.js';
import { releaseHook, storeError } from './store-release.js';
import type { GroupRelease, HookResult, ListQuery, ParkedHook, ReleaseRequest } from './types.js';

export type { HookStoreOptions } from './hook-parker.js';

/**
 * Seconds after which a `RELEASING` claim counts as abandoned (its releaser died between claiming the item and
 * reporting to CodeDeploy) and a new release may take it over: 60.
 *
 * @example
 * ```ts
 * import { HookStore, STALE_CLAIM_SECONDS } from 'bluegreen-toolkit/external-hook';
 *
 * // A CI job that crashed while releasing: wait until its claim is stale, then release again.
 * const store = new HookStore({ tableName: 'bluegreen-hooks' });
 * await new Promise((resolve) => setTimeout(resolve, STALE_CLAIM_SECONDS * 1000));
 * const released = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
 * ```
 */
export const STALE_CLAIM_SECONDS = 60;

/**
 * The DynamoDB store of parked hooks: one item per parked hook, keyed by application, deployment group, lifecycle
 * event and deployment id. Parking is a conditional write (a re-invoked hook does not create a second item), items
 * expire (TTL) at the hook deadline, and reads ignore expired items and hooks whose deployment is no longer
 * `InProgress`. Releasing moves the item from `PARKED` to `RELEASING` with a conditional update **before** it calls
 * PutLifecycleEventHookExecutionStatus, so concurrent or repeated releases send exactly one status to CodeDeploy.
 * Parking itself is {@link HookParker.park} (inherited; a parking hook needs only the {@link HookParker}).
 *
 * @remarks
 * IAM: `dynamodb:PutItem`, `dynamodb:Query`, `dynamodb:UpdateItem` on the table; `codedeploy:BatchGetDeployments` and
 * `codedeploy:PutLifecycleEventHookExecutionStatus`.
 *
 * @example
 * ```ts
 * import { HookStore } from 'bluegreen-toolkit/external-hook';
 *
 * const store = new HookStore({ tableName: 'bluegreen-hooks' });
 * const hooks = await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] });
 * if (hooks.api) await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
 * ```
 */
export class HookStore extends HookParker {
  /**
   * The hooks ready to release, by deployment group: parked, not expired, and of a deployment that is still
   * `InProgress` (hooks of earlier deployments of the same group are never returned). A group with no such hook maps
   * to `undefined`. When several deployments qualify, the most recently parked one wins. The answer is a
   * null-prototype object: a group named `__proto__` or `constructor` is an ordinary key.
   *
   * @param query - {@link ListQuery}.
   * @throws ConfigError for invalid input (before any AWS call).
   *
   * @remarks
   * IAM: `dynamodb:Query`, `codedeploy:BatchGetDeployments`.
   *
   * @example
   * ```ts
   * import { HookStore } from 'bluegreen-toolkit/external-hook';
   *
   * const ready = await new HookStore({ tableName: 'bluegreen-hooks' }).list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] });
   * ```
   */
  async list(query: ListQuery): Promise<Record<string, ParkedHook | undefined>> {
    const q = validateQuery(query, query?.groups, 'groups');
    const current = await this.currentHooks(q.app, q.lifecycleEvent, q.groups, q.deploymentId);
    const out = nullRecord<ParkedHook | undefined>();
    for (const group of q.groups) {
      const hook = current.get(group);
      out[group] = hook?.status === 'PARKED' ? hook : undefined;
    }
    return out;
  }

  /**
   * Releases the current hook of each group with its result (`SUCCESS` → `Succeeded`, `FAILURE` → `Failed`). Only a
   * hook of a deployment that is `InProgress` now is ever touched (or, with `deploymentId`, of that deployment): a
   * hook of an earlier deployment is never released nor reported as "already released". Every group is handled
   * independently and gets its own {@link GroupRelease}: `RELEASED`; `ALREADY_RELEASED` (released before with the same
   * result); `CONFLICT` (released before with the other result, or CodeDeploy already had a status: the asked result
   * was **not** delivered); `NOT_FOUND` (nothing parked for an InProgress deployment); `ERROR` (CodeDeploy refused; the
   * item is put back to `PARKED` so it can be retried).
   *
   * @param request - {@link ReleaseRequest}.
   * @throws ConfigError for invalid input (before any AWS call).
   *
   * @remarks
   * IAM: `dynamodb:Query`, `dynamodb:UpdateItem`, `codedeploy:BatchGetDeployments`,
   * `codedeploy:PutLifecycleEventHookExecutionStatus`.
   *
   * @example
   * ```ts
   * import { HookStore } from 'bluegreen-toolkit/external-hook';
   *
   * const results = await new HookStore({ tableName: 'bluegreen-hooks' })
   *   .release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS', worker: 'FAILURE' } });
   * ```
   */
  async release(request: ReleaseRequest): Promise<Record<string, GroupRelease>> {
    const results = validateResults(request?.results, 'results');
    const q = validateQuery(request, Object.keys(results), 'results');
    const current = await this.currentHooks(q.app, q.lifecycleEvent, q.groups, q.deploymentId);
    const target = { dynamodb: this.dynamodb, codedeploy: this.codedeploy, tableName: this.tableName, logger: this.logger };
    const outcomes = await Promise.all(
      q.groups.map((group) => releaseHook(target, group, current.get(group), ownValue(results, group) as HookResult)),
    );
    const out = nullRecord<GroupRelease>();
    q.groups.forEach((group, i) => {
      out[group] = outcomes[i] as GroupRelease;
    });
    return out;
  }

  /**
   * For each group: the most recently parked, unexpired hook (any status) of a deployment that is InProgress now. With
   * an explicit `deploymentId`, a released hook of exactly that deployment also counts after the deployment has moved
   * on, so repeating a release for a named deployment answers "already released" rather than "not found".
   */
  private async currentHooks(
    app: string,
    lifecycleEvent: LifecycleEventName,
    groups: string[],
    deploymentId: string | undefined,
  ): Promise<Map<string, ParkedHook | undefined>> {
    const now = Math.floor(Date.now() / 1000);
    const byGroup = new Map<string, ParkedHook[]>();
    await Promise.all(
      groups.map(async (group) => {
        const items = await this.query(partitionKey(app, group, lifecycleEvent), deploymentId);
        byGroup.set(
          group,
          items.map(fromItem).filter((h): h is ParkedHook => h !== undefined && h.expiresAt > now),
        );
      }),
    );
    const ids = [...new Set([...byGroup.values()].flat().map((h) => h.deploymentId))];
    const inProgress = await this.inProgressDeployments(ids);
    const named = (h: ParkedHook) => deploymentId !== undefined && h.deploymentId === deploymentId && h.status !== 'PARKED';
    const out = new Map<string, ParkedHook | undefined>();
    for (const group of groups) {
      const candidates = (byGroup.get(group) ?? []).filter((h) => inProgress.has(h.deploymentId) || named(h));
      candidates.sort((a, b) => b.parkedAt.localeCompare(a.parkedAt));
      out.set(group, candidates[0]);
    }
    return out;
  }

  private async query(pk: string, deploymentId: string | undefined): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      try {
        const page = await this.dynamodb.send(
          new QueryCommand({
            TableName: this.tableName,
            ConsistentRead: true,
            KeyConditionExpression: deploymentId ? '#pk = :pk AND #sk = :sk' : '#pk = :pk',
            ExpressionAttributeNames: deploymentId ? { '#pk': HOOK_PARTITION_KEY, '#sk': HOOK_SORT_KEY } : { '#pk': HOOK_PARTITION_KEY },
            ExpressionAttributeValues: deploymentId ? { ':pk': { S: pk }, ':sk': { S: deploymentId } } : { ':pk': { S: pk } },
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } catch (error) {
        throw storeError(error, 'dynamodb:Query', this.tableName);
      }
    } while (start);
    return items;
  }

  /** The ids among `ids` whose deployment is InProgress (BatchGetDeployments, 25 ids per call). */
  private async inProgressDeployments(ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const batch of chunk(ids, 25)) {
      try {
        const answer = await this.codedeploy.send(new BatchGetDeploymentsCommand({ deploymentIds: batch }));
        for (const info of answer.deploymentsInfo ?? []) {
          if (info.deploymentId && info.status === 'InProgress') out.add(info.deploymentId);
        }
      } catch (error) {
        const hint = isAccessDenied(error) ? ': grant codedeploy:BatchGetDeployments to the caller' : '';
        throw new BlueGreenError(`Could not read the status of deployments ${batch.join(', ')}${hint}`, { cause: error });
      }
    }
    return out;
  }
}

function validateQuery(
  query: { app?: unknown; stage?: unknown; deploymentId?: unknown } | null | undefined,
  groups: unknown,
  groupsPath: string,
): { app: string; lifecycleEvent: LifecycleEventName; groups: string[]; deploymentId: string | undefined } {
  if (query === null || typeof query !== 'object') throw new ConfigError('Pass { app, stage, groups }.');
  return {
    app: requireName(query.app, 'app'),
    lifecycleEvent: parseStage(query.stage, 'stage'),
    groups: requireGroups(groups, groupsPath),
    deploymentId: query.deploymentId === undefined ? undefined : requireDeploymentId(query.deploymentId, 'deploymentId'),
  };
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LifecycleEventName } from './names.js';
import type { HookStatus, ParkedHook } from './types.js';

/**
 * The table's partition key attribute (`hookKey`); its value is `<application>#<deployment group>#<lifecycle event>`.
 *
 * @example
 * ```ts
 * import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
 * import { HOOK_PARTITION_KEY } from 'bluegreen-toolkit/external-hook';
 *
 * const { Items } = await new DynamoDBClient({}).send(
 *   new QueryCommand({
 *     TableName: 'bluegreen-hooks',
 *     KeyConditionExpression: '#pk = :pk',
 *     ExpressionAttributeNames: { '#pk': HOOK_PARTITION_KEY },
 *     ExpressionAttributeValues: { ':pk': { S: 'shop#api#BeforeAllowTraffic' } },
 *   }),
 * );
 * ```
 */
export const HOOK_PARTITION_KEY = 'hookKey';
/**
 * The table's sort key attribute (`deploymentId`); its value is the deployment id.
 *
 * @example
 * ```ts
 * import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { HOOK_PARTITION_KEY, HOOK_SORT_KEY } from 'bluegreen-toolkit/external-hook';
 *
 * await new DynamoDBClient({}).send(
 *   new CreateTableCommand({
 *     TableName: 'bluegreen-hooks',
 *     BillingMode: 'PAY_PER_REQUEST',
 *     AttributeDefinitions: [
 *       { AttributeName: HOOK_PARTITION_KEY, AttributeType: 'S' },
 *       { AttributeName: HOOK_SORT_KEY, AttributeType: 'S' },
 *     ],
 *     KeySchema: [
 *       { AttributeName: HOOK_PARTITION_KEY, KeyType: 'HASH' },
 *       { AttributeName: HOOK_SORT_KEY, KeyType: 'RANGE' },
 *     ],
 *   }),
 * );
 * ```
 */
export const HOOK_SORT_KEY = 'deploymentId';
/**
 * The TTL attribute (`expiresAt`, a number: epoch seconds of the hook deadline); turn TTL on for it.
 *
 * @example
 * ```ts
 * import { DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
 * import { HOOK_TTL_ATTRIBUTE } from 'bluegreen-toolkit/external-hook';
 *
 * await new DynamoDBClient({}).send(
 *   new UpdateTimeToLiveCommand({
 *     TableName: 'bluegreen-hooks',
 *     TimeToLiveSpecification: { AttributeName: HOOK_TTL_ATTRIBUTE, Enabled: true },
 *   }),
 * );
 * ```
 */
export const HOOK_TTL_ATTRIBUTE = 'expiresAt';
/**
 * CodeDeploy fails a lifecycle hook that reports nothing within one hour: 3600 seconds, the default
 * `hookTimeoutSeconds` of {@link HookStore} (the parked item's TTL).
 *
 * @example
 * ```ts
 * import { DEFAULT_HOOK_TIMEOUT_SECONDS, ExternalHookClient } from 'bluegreen-toolkit/external-hook';
 *
 * const client = new ExternalHookClient({ apiUrl: process.env.HOOK_API_URL ?? '' });
 * // Stop waiting early enough to leave 15 minutes of the hook's hour for the tests.
 * const timeout = DEFAULT_HOOK_TIMEOUT_SECONDS - 900;
 * const hooks = await client.waitForHooks({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'], timeout });
 * ```
 */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 3600;

/** A DynamoDB item. */
export type Item = Record<string, AttributeValue>;

/** A stored hook with the release claim (internal: never returned to callers of list). */
export type StoredHook = ParkedHook & { releaseToken?: string; releasedAt?: string };

/**
 * The id reported for a hook: `<app>/<group>/<lifecycle event>/<deployment id>` (the `id` of a {@link ParkedHook}).
 *
 * @param app - the CodeDeploy application.
 * @param group - the deployment group.
 * @param lifecycleEvent - the lifecycle event name (not a stage alias).
 * @param deploymentId - the deployment id.
 *
 * @example
 * ```ts
 * import { hookId } from 'bluegreen-toolkit/external-hook';
 *
 * hookId('shop', 'api', 'BeforeAllowTraffic', 'd-ABCDEFGHI'); // 'shop/api/BeforeAllowTraffic/d-ABCDEFGHI'
 * ```
 */
export function hookId(app: string, group: string, lifecycleEvent: string, deploymentId: string): string {
  return `${app}/${group}/${lifecycleEvent}/${deploymentId}`;
}

export function partitionKey(app: string, group: string, lifecycleEvent: string): string {
  return `${app}#${group}#${lifecycleEvent}`;
}

export function keyOf(hook: ParkedHook): Item {
  return {
    [HOOK_PARTITION_KEY]: { S: partitionKey(hook.app, hook.group, hook.lifecycleEvent) },
    [HOOK_SORT_KEY]: { S: hook.deploymentId },
  };
}

export function toItem(hook: ParkedHook): Item {
  return {
    ...keyOf(hook),
    app: { S: hook.app },
    group: { S: hook.group },
    lifecycleEvent: { S: hook.lifecycleEvent },
    executionId: { S: hook.executionId },
    status: { S: hook.status },
    parkedAt: { S: hook.parkedAt },
    [HOOK_TTL_ATTRIBUTE]: { N: String(hook.expiresAt) },
  };
}

export function fromItem(item: Item): ParkedHook | undefined {
  const s = (name: string) => item[name]?.S;
  const app = s('app');
  const group = s('group');
  const lifecycleEvent = s('lifecycleEvent') as LifecycleEventName | undefined;
  const deploymentId = s(HOOK_SORT_KEY);
  const executionId = s('executionId');
  const status = s('status') as HookStatus | undefined;
  const expiresAt = Number(item[HOOK_TTL_ATTRIBUTE]?.N);
  if (!app || !group || !lifecycleEvent || !deploymentId || !executionId || !status || !Number.isFinite(expiresAt)) return undefined;
  const hook: ParkedHook = {
    id: hookId(app, group, lifecycleEvent, deploymentId),
    app,
    group,
    lifecycleEvent,
    deploymentId,
    executionId,
    status,
    parkedAt: s('parkedAt') ?? '',
    expiresAt,
  };
  const result = s('result');
  if (result === 'SUCCESS' || result === 'FAILURE') hook.result = result;
  const token = s('releaseToken');
  if (token) (hook as StoredHook).releaseToken = token;
  const releasedAt = s('releasedAt');
  if (releasedAt) (hook as StoredHook).releasedAt = releasedAt;
  return hook;
}

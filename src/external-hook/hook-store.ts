import { BatchGetDeploymentsCommand, CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { type AttributeValue, DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type AwsClientConfig,
  awsErrorName,
  BlueGreenError,
  ConfigError,
  chunk,
  createAwsClient,
  isAccessDenied,
  isAwsError,
  type Logger,
  requireInteger,
  requireString,
  silentLogger,
} from '../core/index.js';
import { type LifecycleEventName, parseStage, requireDeploymentId, requireExecutionId, requireGroups, requireName } from './names.js';
import type { GroupRelease, HookResult, HookStatus, ListQuery, ParkedHook, ParkInput, ParkResult, ReleaseRequest } from './types.js';

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

/**
 * Options of {@link HookStore}.
 *
 * @example
 * ```ts
 * import type { HookStoreOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const options: HookStoreOptions = { tableName: 'bluegreen-hooks', clientConfig: { region: 'eu-west-1' } };
 * ```
 */
export interface HookStoreOptions {
  /** Where parking and releases are logged (default: nothing is logged). */
  logger?: Logger;
  /** The DynamoDB table (partition key `hookKey`, sort key `deploymentId`, TTL on `expiresAt`). */
  tableName: string;
  /** Existing clients (each one optional; missing ones are created from `clientConfig`). */
  clients?: { dynamodb?: DynamoDBClient; codedeploy?: CodeDeployClient };
  /** Settings for the clients the store creates (region, endpoint, credentials). */
  clientConfig?: AwsClientConfig;
  /** Seconds from parking to the hook deadline, used for the TTL (default 3600, CodeDeploy's hook timeout). */
  hookTimeoutSeconds?: number;
}

type Item = Record<string, AttributeValue>;

/** A stored hook with the release claim (internal: never returned to callers of list). */
type StoredHook = ParkedHook & { releaseToken?: string; releasedAt?: string };

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
 *
 * @remarks
 * IAM: `dynamodb:PutItem`, `dynamodb:Query`, `dynamodb:UpdateItem` on the table; `codedeploy:GetDeployment`
 * (BatchGetDeployments) and `codedeploy:PutLifecycleEventHookExecutionStatus`.
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
export class HookStore {
  /** The DynamoDB client. */
  readonly dynamodb: DynamoDBClient;
  /** The CodeDeploy client. */
  readonly codedeploy: CodeDeployClient;
  /** The table name. */
  readonly tableName: string;
  private readonly logger: Logger;
  private readonly hookTimeoutSeconds: number;

  /**
   * @param options - {@link HookStoreOptions}; `tableName` is required.
   * @throws ConfigError for a missing table name, a bad timeout or both `clients` and `clientConfig` for one client.
   */
  constructor(options: HookStoreOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigError('new HookStore(options) needs { tableName }.');
    this.tableName = requireString(options.tableName, 'tableName', {
      maxLength: 255,
      pattern: /^[A-Za-z0-9._-]{3,255}$/,
      patternHint: '3-255 letters, digits, . _ -',
    });
    this.hookTimeoutSeconds = requireInteger(options.hookTimeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS, 'hookTimeoutSeconds', {
      min: 1,
      max: 86_400,
    });
    this.logger = options.logger ?? silentLogger;
    const common = { logger: this.logger };
    const label = (name: string) => ({ client: `clients.${name}`, config: 'clientConfig' });
    this.dynamodb = options.clients?.dynamodb
      ? createAwsClient(DynamoDBClient, { awsSdkV3Client: options.clients.dynamodb }, common, label('dynamodb'))
      : createAwsClient(DynamoDBClient, { clientConfig: options.clientConfig }, common);
    this.codedeploy = options.clients?.codedeploy
      ? createAwsClient(CodeDeployClient, { awsSdkV3Client: options.clients.codedeploy }, common, label('codedeploy'))
      : createAwsClient(CodeDeployClient, { clientConfig: options.clientConfig }, common);
  }

  /**
   * Stores a parked hook. Idempotent: when the item for this application, group, lifecycle event and deployment already
   * exists (a re-invoked hook), nothing is written and the outcome is `already`.
   *
   * @param input - {@link ParkInput}; `expiresAt` defaults to now + `hookTimeoutSeconds`.
   * @returns {@link ParkResult}: the stored hook and whether it was new.
   * @throws ConfigError for invalid input (before any AWS call).
   *
   * @remarks
   * IAM: `dynamodb:PutItem`.
   *
   * @example
   * ```ts
   * import { HookStore } from 'bluegreen-toolkit/external-hook';
   *
   * await new HookStore({ tableName: 'bluegreen-hooks' }).park({
   *   app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-ABCDEFGHI', executionId: 'eyJ...',
   * });
   * ```
   */
  async park(input: ParkInput): Promise<ParkResult> {
    const hook = this.validatePark(input);
    try {
      await this.dynamodb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(hook),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': HOOK_PARTITION_KEY },
        }),
      );
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) {
        this.logger.info('external-hook: hook already parked', { id: hook.id });
        return { outcome: 'already', message: `hook ${hook.id} was already parked`, hook };
      }
      throw storeError(error, 'dynamodb:PutItem', this.tableName);
    }
    this.logger.info('external-hook: hook parked', { id: hook.id, expiresAt: hook.expiresAt });
    return { outcome: 'changed', message: `parked hook ${hook.id}`, hook };
  }

  /**
   * The hooks ready to release, by deployment group: parked, not expired, and of a deployment that is still
   * `InProgress` (hooks of earlier deployments of the same group are never returned). A group with no such hook maps
   * to `undefined`. When several deployments qualify, the most recently parked one wins.
   *
   * @param query - {@link ListQuery}.
   * @throws ConfigError for invalid input (before any AWS call).
   *
   * @remarks
   * IAM: `dynamodb:Query`, `codedeploy:GetDeployment`.
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
    const out: Record<string, ParkedHook | undefined> = {};
    for (const group of q.groups) {
      const hook = current[group];
      out[group] = hook?.status === 'PARKED' ? hook : undefined;
    }
    return out;
  }

  /**
   * Releases the current hook of each group with its result (`SUCCESS` → `Succeeded`, `FAILURE` → `Failed`). Every
   * group is handled independently and gets its own {@link GroupRelease}: `RELEASED`, `ALREADY_RELEASED` (another
   * release won, or CodeDeploy answered LifecycleEventAlreadyCompletedException), `NOT_FOUND` (nothing parked for an
   * InProgress deployment) or `ERROR` (CodeDeploy refused; the item is put back to `PARKED` so it can be retried).
   *
   * @param request - {@link ReleaseRequest}.
   * @throws ConfigError for invalid input (before any AWS call).
   *
   * @remarks
   * IAM: `dynamodb:Query`, `dynamodb:UpdateItem`, `codedeploy:GetDeployment`,
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
    const current = await this.currentHooks(q.app, q.lifecycleEvent, q.groups, q.deploymentId, true);
    const out: Record<string, GroupRelease> = {};
    await Promise.all(
      q.groups.map(async (group) => {
        out[group] = await this.releaseOne(group, current[group], results[group] as HookResult);
      }),
    );
    return Object.fromEntries(q.groups.map((g) => [g, out[g] as GroupRelease]));
  }

  private async releaseOne(group: string, hook: ParkedHook | undefined, result: HookResult): Promise<GroupRelease> {
    if (!hook) {
      return { status: 'NOT_FOUND', result, message: `no hook is parked for deployment group '${group}' of an InProgress deployment` };
    }
    const base = { result, deploymentId: hook.deploymentId, executionId: hook.executionId };
    const stored = hook as StoredHook;
    // A claim older than STALE_CLAIM_SECONDS belongs to a releaser that died between claiming and reporting: take it
    // over. CodeDeploy itself rejects a second status (LifecycleEventAlreadyCompletedException), so at most one lands.
    const stale =
      hook.status === 'RELEASING' &&
      stored.releaseToken !== undefined &&
      Date.parse(stored.releasedAt ?? '') < Date.now() - STALE_CLAIM_SECONDS * 1000;
    if (hook.status !== 'PARKED' && !stale) {
      return { ...base, status: 'ALREADY_RELEASED', message: `hook ${hook.id} was already released (${hook.result ?? 'unknown'})` };
    }
    const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const values: Item = {
      ':releasing': { S: 'RELEASING' },
      ':result': { S: result },
      ':token': { S: token },
      ':now': { S: new Date().toISOString() },
    };
    if (stale) values[':old'] = { S: stored.releaseToken as string };
    else values[':parked'] = { S: 'PARKED' };
    try {
      await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: keyOf(hook),
          UpdateExpression: 'SET #status = :releasing, #result = :result, #token = :token, #releasedAt = :now',
          ConditionExpression: stale ? '#status = :releasing AND #token = :old' : '#status = :parked',
          ExpressionAttributeNames: { '#status': 'status', '#result': 'result', '#token': 'releaseToken', '#releasedAt': 'releasedAt' },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) {
        return { ...base, status: 'ALREADY_RELEASED', message: `hook ${hook.id} was already released by another caller` };
      }
      return { ...base, status: 'ERROR', message: storeError(error, 'dynamodb:UpdateItem', this.tableName).message };
    }
    try {
      await this.codedeploy.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: hook.deploymentId,
          lifecycleEventHookExecutionId: hook.executionId,
          status: result === 'SUCCESS' ? 'Succeeded' : 'Failed',
        }),
      );
    } catch (error) {
      if (isAwsError(error, 'LifecycleEventAlreadyCompletedException')) {
        await this.finish(hook, token, 'RELEASED');
        return { ...base, status: 'ALREADY_RELEASED', message: `CodeDeploy already has a status for hook ${hook.id}` };
      }
      await this.finish(hook, token, 'PARKED');
      const message = isAccessDenied(error)
        ? `codedeploy:PutLifecycleEventHookExecutionStatus was denied for deployment ${hook.deploymentId}: grant it to the caller`
        : `CodeDeploy refused the status for hook ${hook.id}: ${awsErrorName(error) ?? 'Error'}: ${(error as Error).message}`;
      this.logger.error('external-hook: release failed', { id: hook.id, error: message });
      return { ...base, status: 'ERROR', message };
    }
    await this.finish(hook, token, 'RELEASED');
    this.logger.info('external-hook: hook released', { id: hook.id, result });
    return { ...base, status: 'RELEASED', message: `released hook ${hook.id} with ${result}` };
  }

  /** Moves a RELEASING item (still holding our token) to its final status; best effort, logged on failure. */
  private async finish(hook: ParkedHook, token: string, status: HookStatus): Promise<void> {
    try {
      await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: keyOf(hook),
          UpdateExpression: status === 'PARKED' ? 'SET #status = :status REMOVE #result, #token, #releasedAt' : 'SET #status = :status',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames:
            status === 'PARKED'
              ? { '#status': 'status', '#token': 'releaseToken', '#result': 'result', '#releasedAt': 'releasedAt' }
              : { '#status': 'status', '#token': 'releaseToken' },
          ExpressionAttributeValues: { ':status': { S: status }, ':token': { S: token } },
        }),
      );
    } catch (error) {
      this.logger.warn('external-hook: could not record the release outcome', { id: hook.id, status, error: String(error) });
    }
  }

  /**
   * For each group: the most recently parked, unexpired hook of an InProgress deployment (any status). With
   * `includeReleased`, a released hook counts even when its deployment has moved on (so a repeated release answers
   * "already released" rather than "not found").
   */
  private async currentHooks(
    app: string,
    lifecycleEvent: LifecycleEventName,
    groups: string[],
    deploymentId: string | undefined,
    includeReleased = false,
  ): Promise<Record<string, ParkedHook | undefined>> {
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
    const released = (h: ParkedHook) => includeReleased && h.status !== 'PARKED';
    const ids = [
      ...new Set(
        [...byGroup.values()]
          .flat()
          .filter((h) => !released(h))
          .map((h) => h.deploymentId),
      ),
    ];
    const inProgress = await this.inProgressDeployments(ids);
    const out: Record<string, ParkedHook | undefined> = {};
    for (const group of groups) {
      const candidates = (byGroup.get(group) ?? []).filter((h) => released(h) || inProgress.has(h.deploymentId));
      candidates.sort((a, b) => b.parkedAt.localeCompare(a.parkedAt));
      out[group] = candidates[0];
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
        const hint = isAccessDenied(error) ? ': grant codedeploy:GetDeployment to the caller' : '';
        throw new BlueGreenError(`Could not read the status of deployments ${batch.join(', ')}${hint}`, { cause: error });
      }
    }
    return out;
  }

  private validatePark(input: ParkInput): ParkedHook {
    if (input === null || typeof input !== 'object')
      throw new ConfigError('park(input) needs { app, group, lifecycleEvent, deploymentId, executionId }.');
    const app = requireName(input.app, 'app');
    const group = requireName(input.group, 'group');
    const lifecycleEvent = parseStage(input.lifecycleEvent, 'lifecycleEvent');
    const deploymentId = requireDeploymentId(input.deploymentId, 'deploymentId');
    const executionId = requireExecutionId(input.executionId, 'executionId');
    const nowMs = Date.now();
    const expiresAt =
      input.expiresAt === undefined
        ? Math.floor(nowMs / 1000) + this.hookTimeoutSeconds
        : requireInteger(input.expiresAt, 'expiresAt', { min: Math.floor(nowMs / 1000) + 1 });
    return {
      id: hookId(app, group, lifecycleEvent, deploymentId),
      app,
      group,
      lifecycleEvent,
      deploymentId,
      executionId,
      status: 'PARKED',
      parkedAt: new Date(nowMs).toISOString(),
      expiresAt,
    };
  }
}

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

function partitionKey(app: string, group: string, lifecycleEvent: string): string {
  return `${app}#${group}#${lifecycleEvent}`;
}

function keyOf(hook: ParkedHook): Item {
  return {
    [HOOK_PARTITION_KEY]: { S: partitionKey(hook.app, hook.group, hook.lifecycleEvent) },
    [HOOK_SORT_KEY]: { S: hook.deploymentId },
  };
}

function toItem(hook: ParkedHook): Item {
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

function fromItem(item: Item): ParkedHook | undefined {
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

/**
 * Validates a `{ group: 'SUCCESS' | 'FAILURE' }` map of release results.
 *
 * @param value - the map.
 * @param path - how the value is named in error messages.
 *
 * @example
 * ```ts
 * import { validateResults } from 'bluegreen-toolkit/external-hook';
 *
 * validateResults({ api: 'SUCCESS' }, 'results');
 * ```
 */
export function validateResults(value: unknown, path: string): Record<string, HookResult> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${path} must be an object mapping deployment group names to "SUCCESS" or "FAILURE".`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  requireGroups(
    entries.map(([g]) => g),
    `${path} keys`,
  );
  for (const [group, result] of entries) {
    if (result !== 'SUCCESS' && result !== 'FAILURE') {
      throw new ConfigError(`${path}.${group} must be "SUCCESS" or "FAILURE", got ${JSON.stringify(result) ?? String(result)}.`);
    }
  }
  return value as Record<string, HookResult>;
}

function storeError(error: unknown, action: string, table: string): BlueGreenError {
  if (isAccessDenied(error)) return new BlueGreenError(`${action} was denied on table ${table}: grant it to the caller`, { cause: error });
  if (isAwsError(error, 'ResourceNotFoundException')) {
    return new BlueGreenError(`The hook table ${table} does not exist: deploy infra/template.yaml or fix tableName`, { cause: error });
  }
  return new BlueGreenError(`${action} on table ${table} failed: ${awsErrorName(error) ?? 'Error'}: ${(error as Error)?.message}`, {
    cause: error,
  });
}

import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { sdkClient } from '../core/client.js';
import { type AwsClientConfig, ConfigError, isAwsError, type Logger, requireInteger, requireString, silentLogger } from '../core/index.js';
import { parseStage, requireDeploymentId, requireExecutionId, requireName } from './names.js';
import { DEFAULT_HOOK_TIMEOUT_SECONDS, HOOK_PARTITION_KEY, hookId, toItem } from './store-items.js';
import { storeError } from './store-release.js';
import type { ParkedHook, ParkInput, ParkResult } from './types.js';

/**
 * Options of {@link HookParker} and {@link HookStore}.
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

/**
 * The parking half of the hook store: writes one item per parked hook (a conditional PutItem, so a re-invoked hook
 * does not create a second item; TTL at the hook deadline). This is all a parking hook Lambda needs
 * ({@link createParkingHook} builds one): the list/release half that CI uses is {@link HookStore}, which extends it,
 * so a parking hook's bundle carries none of it. The CodeDeploy client is here for the parking hook's fail-closed
 * report and its lookups of the deployment.
 *
 * @remarks
 * IAM: `dynamodb:PutItem` on the table.
 *
 * @example
 * ```ts
 * import { HookParker } from 'bluegreen-toolkit/external-hook';
 *
 * const parker = new HookParker({ tableName: 'bluegreen-hooks' });
 * await parker.park({ app: 'shop', group: 'api', lifecycleEvent: 'PRE_TRAFFIC', deploymentId: 'd-ABCDEFGHI', executionId: 'eyJ...' });
 * ```
 */
export class HookParker {
  /** The DynamoDB client. */
  readonly dynamodb: DynamoDBClient;
  /** The CodeDeploy client. */
  readonly codedeploy: CodeDeployClient;
  /** The table name. */
  readonly tableName: string;
  /** Where parking (and releases) are logged. */
  protected readonly logger: Logger;
  readonly #hookTimeoutSeconds: number;

  /**
   * @param options - {@link HookStoreOptions}; `tableName` is required.
   * @throws ConfigError for a missing table name, a bad timeout or both `clients` and `clientConfig` for one client.
   */
  constructor(options: HookStoreOptions) {
    if (options === null || typeof options !== 'object')
      throw new ConfigError('new HookStore(options) and new HookParker(options) need { tableName }.');
    this.tableName = requireString(options.tableName, 'tableName', {
      maxLength: 255,
      pattern: /^[A-Za-z0-9._-]{3,255}$/,
      patternHint: '3-255 letters, digits, . _ -',
    });
    this.#hookTimeoutSeconds = requireInteger(options.hookTimeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS, 'hookTimeoutSeconds', {
      min: 1,
      max: 86_400,
    });
    this.logger = options.logger ?? silentLogger;
    // Each client: the injected one when given (then clientConfig is ignored for it), else created from clientConfig.
    const source = <C>(client: C | undefined) => (client ? { awsSdkV3Client: client } : { clientConfig: options.clientConfig });
    const label = (name: string) => ({ client: `clients.${name}`, config: 'clientConfig' });
    this.dynamodb = sdkClient(DynamoDBClient, source(options.clients?.dynamodb), label('dynamodb'));
    this.codedeploy = sdkClient(CodeDeployClient, source(options.clients?.codedeploy), label('codedeploy'));
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
   * import { HookParker } from 'bluegreen-toolkit/external-hook';
   *
   * await new HookParker({ tableName: 'bluegreen-hooks' }).park({
   *   app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-ABCDEFGHI', executionId: 'eyJ...',
   * });
   * ```
   */
  async park(input: ParkInput): Promise<ParkResult> {
    const hook = this.#validatePark(input);
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

  #validatePark(input: ParkInput): ParkedHook {
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
        ? Math.floor(nowMs / 1000) + this.#hookTimeoutSeconds
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

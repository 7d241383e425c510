import type { CreateEventSourceMappingRequest, LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsClientConfig, CommonToolOptions, Pair, StackReference, StepResult, WaitSetting } from '../core/index.js';

/**
 * One stack's function: its name (or ARN), the alias that receives traffic, and the custom event buses whose rules
 * may target it.
 *
 * @example
 * ```ts
 * import type { LambdaFunctionConfig } from 'bluegreen-toolkit/lambda';
 *
 * const green: LambdaFunctionConfig = { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] };
 * ```
 */
export interface LambdaFunctionConfig {
  /** The function name (`orders-green`) or its unqualified ARN. */
  functionName: string;
  /** The alias that receives traffic (for example `live`). Needed by {@link getVersion}. */
  alias?: string;
  /**
   * Custom event buses (names or ARNs) searched for the function's rules by
   * {@link bluegreen-toolkit/eventbridge!EventBridgeTools}; `default` is always searched.
   */
  eventBuses?: string[];
}

/**
 * The SDK clients {@link LambdaTools} uses. A missing one is created with default settings.
 *
 * @example
 * ```ts
 * import { LambdaClient } from '@aws-sdk/client-lambda';
 * import type { LambdaToolsClients } from 'bluegreen-toolkit/lambda';
 *
 * const clients: LambdaToolsClients = { lambda: new LambdaClient({}) };
 * ```
 */
export interface LambdaToolsClients {
  /**
   * Event source mappings, aliases, function lookups. (The EventBridge and CloudWatch clients are
   * {@link bluegreen-toolkit/eventbridge!EventBridgeTools}' and {@link bluegreen-toolkit/cloudwatch!FunctionMetrics}'.)
   */
  lambda?: LambdaClient;
}

/**
 * Options of {@link LambdaTools}: the function pair plus `clients` **or** `clientConfig` (never both).
 *
 * @example
 * ```ts
 * import type { LambdaToolsOptions } from 'bluegreen-toolkit/lambda';
 *
 * const options: LambdaToolsOptions = {
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export interface LambdaToolsOptions extends CommonToolOptions {
  /** The function of each stack. */
  functions: Pair<LambdaFunctionConfig>;
  /** Existing SDK clients, used as they are. */
  clients?: LambdaToolsClients;
  /** Settings for the clients the tool creates (region, endpoint, credentials, ...). */
  clientConfig?: AwsClientConfig;
  /** Default number of AWS calls in flight for bulk work (default 5). */
  concurrency?: number;
}

/**
 * An event source mapping as the tools report it.
 *
 * @example
 * ```ts
 * const mappings = await lambda.listEventSourceMappings(StackReference.Green);
 * mappings.filter((m) => m.state !== 'Enabled').map((m) => m.uuid);
 * ```
 */
export interface EventSourceMappingInfo {
  /** The mapping's UUID. */
  uuid: string;
  /** The queue, stream or topic it reads from. */
  eventSourceArn?: string;
  /** The function (possibly alias- or version-qualified) it invokes. */
  functionArn?: string;
  /** `Creating`, `Enabling`, `Enabled`, `Disabling`, `Disabled`, `Updating` or `Deleting`. */
  state: string;
  /** Why the state last changed, as AWS reports it (`USER_INITIATED`, or a Lambda-initiated code such as `EVENT_SOURCE_AUTHZ_ERROR`). */
  stateTransitionReason?: string;
  /** The result of the mapping's last processing attempt, as AWS reports it (for example `PROBLEM: Function call failed`). */
  lastProcessingResult?: string;
  /** The batch size. */
  batchSize?: number;
  /** When the mapping was last changed. */
  lastModified?: Date;
}

/**
 * Options of bulk state changes: `wait` (default `true` for mappings: every mapping is `Enabled`/`Disabled` when the
 * call returns) and `concurrency` (calls in flight).
 *
 * @example
 * ```ts
 * await lambda.disableEventMappings(StackReference.Blue, { wait: { maxWaitTime: 120 }, concurrency: 10 });
 * ```
 */
export interface ToggleOptions {
  /** Wait until every mapping reaches the target state (default `true`, up to 300 s). */
  wait?: WaitSetting;
  /** AWS calls in flight (default: the tool's `concurrency`, 5). */
  concurrency?: number;
  /**
   * Switch only these of the stack's resources (mapping UUIDs, or `bus/rule` for rules); the others are neither
   * changed nor reported. Used by the flip's exact undo to revert only what a run changed (default: all).
   */
  only?: readonly string[];
}

/**
 * What a bulk toggle did: the identifiers it changed and those that were already in (or moving to) the target state.
 *
 * @example
 * ```ts
 * const result = await lambda.enableEventMappings(StackReference.Green);
 * console.log(result.outcome, result.changed.length, result.already.length);
 * ```
 */
export interface ToggleResult extends StepResult {
  /** Identifiers (mapping UUIDs, or `bus/rule` for rules) that were changed. */
  changed: string[];
  /** Identifiers already in (or moving to) the target state; nothing was sent for them. */
  already: string[];
  /**
   * Rules left alone and why: a managed rule (DescribeRule `ManagedBy`: created and managed by an AWS service, which
   * refuses EnableRule/DisableRule with `ManagedRuleException`). Absent when nothing was skipped.
   */
  skipped?: { id: string; reason: string }[];
}

/**
 * Extra settings of a new event source mapping (the SDK's `CreateEventSourceMapping` input without `FunctionName` and
 * `EventSourceArn`), plus where it points.
 *
 * @example
 * ```ts
 * const params: CreateMappingParams = { BatchSize: 10, Enabled: false, target: 'function' };
 * ```
 */
export type CreateMappingParams = Omit<CreateEventSourceMappingRequest, 'FunctionName' | 'EventSourceArn'> & {
  /** Point the mapping at the configured alias (default when one is configured) or at the unqualified function. */
  target?: 'alias' | 'function';
  /** Wait until the mapping is `Enabled` (or `Disabled` when `Enabled: false`); default `false`. */
  wait?: WaitSetting;
};

/**
 * Result of {@link createEventSourceMapping}.
 *
 * @example
 * ```ts
 * import { createEventSourceMapping } from 'bluegreen-toolkit/lambda';
 *
 * const { uuid, outcome } = await createEventSourceMapping(lambda, StackReference.Green, queueArn, { BatchSize: 10 });
 * ```
 */
export interface CreateMappingResult extends StepResult {
  /** The UUID of the new (or already existing) mapping. */
  uuid: string;
  /** Its state as last observed. */
  state: string;
}

/**
 * Result of {@link deleteEventMapping}.
 *
 * @example
 * ```ts
 * import { deleteEventMapping } from 'bluegreen-toolkit/lambda';
 *
 * const result = await deleteEventMapping(lambda, 'a1b2c3d4-...');
 * if (result.outcome === 'already') console.log('it was already gone');
 * ```
 */
export interface DeleteMappingResult extends StepResult {
  /** The mapping's UUID. */
  uuid: string;
}

/**
 * Options of {@link deleteEventMapping}.
 *
 * @example
 * ```ts
 * import { deleteEventMapping } from 'bluegreen-toolkit/lambda';
 *
 * await deleteEventMapping(lambda, uuid, { expectedStack: StackReference.Blue, wait: true });
 * ```
 */
export interface DeleteMappingOptions {
  /** Guard: refuse (GuardError, nothing deleted) unless the mapping invokes this stack's function. */
  expectedStack?: StackReference;
  /** Wait until the mapping is gone (default `false`). */
  wait?: WaitSetting;
}

/**
 * An alias as {@link getAlias} reports it.
 *
 * @example
 * ```ts
 * import { getAlias } from 'bluegreen-toolkit/lambda';
 *
 * const alias = await getAlias(lambda, StackReference.Green, 'live');
 * console.log(alias.functionVersion, alias.routingWeights); // '7' { '8': 0.1 }
 * ```
 */
export interface AliasInfo {
  /** The alias name. */
  name: string;
  /** The alias ARN. */
  aliasArn: string;
  /** The version the alias points at (`$LATEST` is possible here; {@link getVersion} refuses it). */
  functionVersion: string;
  /** Additional versions and their traffic weights (0–1), `{}` when the alias routes to one version. */
  routingWeights: Record<string, number>;
  /** The alias description, if any. */
  description?: string;
}

/**
 * The published version the configured alias points at.
 *
 * @example
 * ```ts
 * import { getVersion } from 'bluegreen-toolkit/lambda';
 *
 * const { version, routingWeights } = await getVersion(lambda, StackReference.Green);
 * ```
 */
export interface VersionInfo {
  /** The alias's primary version (never `$LATEST`). */
  version: string;
  /** Additional versions and their weights (canary routing), `{}` when none. */
  routingWeights: Record<string, number>;
  /** The alias that was read. */
  alias: string;
}

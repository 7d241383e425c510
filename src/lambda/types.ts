import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
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
  /** The alias that receives traffic (for example `live`). Needed by {@link LambdaTools.getVersion}. */
  alias?: string;
  /** Custom event buses (names or ARNs) searched for rules by `enableRules`/`disableRules`; `default` is always searched. */
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
  /** Event source mappings, aliases, function lookups. */
  lambda?: LambdaClient;
  /** Rules that target the function ({@link bluegreen-toolkit/lambda-stack!LambdaStackTools} only). */
  eventBridge?: EventBridgeClient;
  /** Metrics for {@link bluegreen-toolkit/lambda-stack!LambdaStackTools.getLatestMetrics}. */
  cloudWatch?: CloudWatchClient;
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
 * Result of {@link bluegreen-toolkit/lambda-stack!LambdaStackTools.createEventSourceMapping}.
 *
 * @example
 * ```ts
 * const { uuid, outcome } = await lambda.createEventSourceMapping(StackReference.Green, queueArn, { BatchSize: 10 });
 * ```
 */
export interface CreateMappingResult extends StepResult {
  /** The UUID of the new (or already existing) mapping. */
  uuid: string;
  /** Its state as last observed. */
  state: string;
}

/**
 * Result of {@link bluegreen-toolkit/lambda-stack!LambdaStackTools.deleteEventMapping}.
 *
 * @example
 * ```ts
 * const result = await lambda.deleteEventMapping('a1b2c3d4-...');
 * if (result.outcome === 'already') console.log('it was already gone');
 * ```
 */
export interface DeleteMappingResult extends StepResult {
  /** The mapping's UUID. */
  uuid: string;
}

/**
 * Options of {@link bluegreen-toolkit/lambda-stack!LambdaStackTools.deleteEventMapping}.
 *
 * @example
 * ```ts
 * await lambda.deleteEventMapping(uuid, { expectedStack: StackReference.Blue, wait: true });
 * ```
 */
export interface DeleteMappingOptions {
  /** Guard: refuse (GuardError, nothing deleted) unless the mapping invokes this stack's function. */
  expectedStack?: StackReference;
  /** Wait until the mapping is gone (default `false`). */
  wait?: WaitSetting;
}

/**
 * An alias as {@link LambdaTools.getAlias} reports it.
 *
 * @example
 * ```ts
 * const alias = await lambda.getAlias(StackReference.Green, 'live');
 * console.log(alias.functionVersion, alias.routingWeights); // '7' { '8': 0.1 }
 * ```
 */
export interface AliasInfo {
  /** The alias name. */
  name: string;
  /** The alias ARN. */
  aliasArn: string;
  /** The version the alias points at (`$LATEST` is possible here; {@link LambdaTools.getVersion} refuses it). */
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
 * const { version, routingWeights } = await lambda.getVersion(StackReference.Green);
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

/**
 * Options of {@link bluegreen-toolkit/lambda-stack!LambdaStackTools.getLatestMetrics}.
 *
 * @example
 * ```ts
 * await lambda.getLatestMetrics(StackReference.Green, { periodSeconds: 60, windowMinutes: 10 });
 * ```
 */
export interface MetricsOptions {
  /** Datapoint period in seconds: 60 or a multiple of 60 (default 60). */
  periodSeconds?: number;
  /** How far back to look, in minutes (default 5, at most 1440). */
  windowMinutes?: number;
}

/**
 * The six Lambda metrics the rollout gates on: the most recent datapoint in the window, or `null` when there is none.
 * Statistics: IteratorAge Maximum (ms), Errors Sum, ConcurrentExecutions Maximum, Invocations Sum, Duration Average
 * (ms), Throttles Sum.
 *
 * @example
 * ```ts
 * const m = await lambda.getLatestMetrics(StackReference.Green);
 * if ((m.errors ?? 0) > 0) throw new Error('green is failing');
 * ```
 */
export interface LambdaMetrics {
  /** Age of the last record read from a stream, in ms (Maximum). */
  iteratorAge: number | null;
  /** Invocations that failed (Sum). */
  errors: number | null;
  /** Concurrent executions (Maximum). */
  concurrentExecutions: number | null;
  /** Invocations (Sum). */
  invocations: number | null;
  /** Duration in ms (Average). */
  duration: number | null;
  /** Throttled invocations (Sum). */
  throttles: number | null;
  /** Timestamp of the newest datapoint found, across all six metrics (`null` when none). */
  latestTimestamp: Date | null;
  /** The window that was read. */
  window: { start: Date; end: Date; periodSeconds: number };
}

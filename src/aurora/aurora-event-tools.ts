import { RDSClient } from '@aws-sdk/client-rds';
import {
  type AwsClientConfig,
  BaseTool,
  type ClientSource,
  type CommonToolOptions,
  ConfigError,
  describeValue,
  type Pair,
  requireObject,
} from '../core/index.js';
import { type ResolvedRetry, resolveClusters, resolveRetry } from './options.js';
import type { SnsRecordLike } from './rds-event.js';
import {
  type ApplyTagsOptions,
  applyTags,
  type EnablePerformanceInsightsOptions,
  type EventContext,
  enablePerformanceInsights,
  resolvePerformanceInsights,
} from './rds-event-handlers.js';
import type { ApplyTagsResult, AuroraClusterConfig, InstanceStateRetry, RdsEventResult } from './types.js';

/**
 * Options of {@link AuroraEventTools}: the same `clusters` pair as `AuroraTools`, an RDS client (`awsSdkV3Client`) or
 * settings to create one (`clientConfig`), never both, and the handlers' settings.
 *
 * @example
 * ```ts
 * import type { AuroraEventToolsOptions } from 'bluegreen-toolkit/aurora-events';
 *
 * const options: AuroraEventToolsOptions = {
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 *   readerTags: { Role: 'reader' },
 *   instanceStateRetry: { attempts: 8 },
 * };
 * ```
 */
export type AuroraEventToolsOptions = CommonToolOptions &
  ClientSource<RDSClient, AwsClientConfig> & {
    /** The blue and green clusters (`minReaders` is accepted and not used here). */
    clusters: Pair<AuroraClusterConfig>;
    /** Extra tags `applyTags` writes to new instances besides the cluster's own, for example `{ "Role": "reader" }`. */
    readerTags?: Record<string, string>;
    /** Default retry of `applyTags` / `enablePerformanceInsights` on `InvalidDBInstanceState` (5 attempts, 15–120 s). */
    instanceStateRetry?: Omit<InstanceStateRetry, 'abortSignal'>;
  };

const DEFAULT_RETRY: ResolvedRetry = { attempts: 5, minDelay: 15, maxDelay: 120 };

/**
 * The RDS event handlers for a blue/green pair of Aurora clusters: tag new readers like their cluster and turn
 * Performance Insights on for them. They run in the Lambda subscribed to the RDS event subscription's SNS topic, which
 * is why they have their own subpath (`bluegreen-toolkit/aurora-events`, RDS client only): a deployment hook that
 * imports `AuroraTools` does not carry them, and the event Lambda carries neither `AuroraTools` nor the Application
 * Auto Scaling client.
 *
 * (Until 0.x `applyTags` / `enablePerformanceInsights` were methods of `AuroraTools`, and `readerTags` /
 * `instanceStateRetry` were `AuroraTools` options.)
 *
 * @example
 * ```ts
 * import type { SNSHandler } from 'aws-lambda';
 * import { AuroraEventTools } from 'bluegreen-toolkit/aurora-events';
 *
 * const events = new AuroraEventTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 *   readerTags: { Role: 'reader' },
 * });
 *
 * export const handler: SNSHandler = async (event) => {
 *   for (const record of event.Records) {
 *     await events.applyTags(record);
 *     await events.enablePerformanceInsights(record, { retentionPeriod: 7 });
 *   }
 * };
 * ```
 */
export class AuroraEventTools extends BaseTool {
  /** The RDS client every call goes through. */
  readonly rds: RDSClient;
  readonly #context: EventContext;
  readonly #retry: ResolvedRetry;

  /**
   * @param options - see {@link AuroraEventToolsOptions}; validated at once.
   * @throws {@link bluegreen-toolkit!ConfigError} for a missing or malformed option, or both `awsSdkV3Client` and
   *   `clientConfig`.
   */
  constructor(options: AuroraEventToolsOptions) {
    super(options, 'AuroraEventTools');
    const clusters = resolveClusters(options.clusters);
    this.#retry = resolveRetry(options.instanceStateRetry, DEFAULT_RETRY, 'instanceStateRetry');
    const readerTags = parseReaderTags(options.readerTags);
    this.rds = this.createClient(RDSClient, options, options);
    this.#context = {
      rds: this.rds,
      logger: this.logger,
      clusters: { blue: clusters.blue.clusterIdentifier, green: clusters.green.clusterIdentifier },
      readerTags,
    };
  }

  /**
   * Handles an RDS event notification delivered through SNS: when a DB instance was created
   * (`RDS-EVENT-0005`) in one of the configured clusters, copies the cluster's tags (never reserved `aws:` tags)
   * plus the configured `readerTags` to it. Retries `InvalidDBInstanceState` with backoff.
   *
   * @param record - one `SNSEventRecord` (from `@types/aws-lambda`) of the RDS event subscription's topic.
   * @param options.retry - overrides the tool's `instanceStateRetry`.
   * @returns `ignored` for other events and for instances outside the configured clusters (matched exactly, by the
   *   instance's `DBClusterIdentifier`); `already` when the instance has every tag.
   * @throws {@link bluegreen-toolkit!MalformedInputError} for a malformed record/message; {@link bluegreen-toolkit!InvalidStateError} when retries are
   *   exhausted.
   * @remarks IAM: `rds:DescribeDBInstances`, `rds:DescribeDBClusters`, `rds:AddTagsToResource`.
   * @example
   * ```ts
   * import type { SNSHandler } from 'aws-lambda';
   * import { AuroraEventTools } from 'bluegreen-toolkit/aurora-events';
   *
   * export const handler: SNSHandler = async (event) => {
   *   for (const record of event.Records) await events.applyTags(record);
   * };
   * ```
   */
  async applyTags(record: SnsRecordLike, options: ApplyTagsOptions = {}): Promise<ApplyTagsResult> {
    const retry = resolveRetry(requireObject(options, 'applyTags options').retry, this.#retry, 'retry');
    return applyTags(this.#context, record, retry);
  }

  /**
   * Handles an RDS event notification delivered through SNS: when a DB instance of a configured cluster was created
   * (`RDS-EVENT-0005`), or reported "Performance Insights has been disabled", turns Performance Insights on for it
   * (`ModifyDBInstance`, applied immediately). Retries `InvalidDBInstanceState` with backoff.
   *
   * @param record - one `SNSEventRecord` of the RDS event subscription's topic.
   * @param options.reEnableIfDisabled - act on "Performance Insights has been disabled" (default `true`).
   * @param options.retentionPeriod - days to keep the data (default: RDS's 7): 7, 31 × n (n = 1..23) or 731, else a
   *   `ConfigError` before any call.
   * @param options.kmsKeyId - KMS key for the data (default: RDS's).
   * @param options.retry - overrides the tool's `instanceStateRetry`.
   * @throws {@link bluegreen-toolkit!ConfigError} (no call) for a retention period RDS does not accept;
   *   {@link bluegreen-toolkit!MalformedInputError}; {@link bluegreen-toolkit!InvalidStateError} when retries are exhausted.
   * @remarks IAM: `rds:DescribeDBInstances`, `rds:ModifyDBInstance` (and `kms:CreateGrant`/`kms:DescribeKey` for a
   *   customer-managed key).
   * @example
   * ```ts
   * import { AuroraEventTools } from 'bluegreen-toolkit/aurora-events';
   *
   * const result = await events.enablePerformanceInsights(record, { retentionPeriod: 7 });
   * ```
   */
  async enablePerformanceInsights(record: SnsRecordLike, options: EnablePerformanceInsightsOptions = {}): Promise<RdsEventResult> {
    const given = requireObject(options, 'enablePerformanceInsights options') as EnablePerformanceInsightsOptions;
    const settings = resolvePerformanceInsights(given);
    const retry = resolveRetry(given.retry, this.#retry, 'retry');
    return enablePerformanceInsights(this.#context, record, settings, retry);
  }
}

/**
 * `readerTags` as RDS accepts tags (RDS API Reference, Tag, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Tag.html:
 * a key "can be from 1 to 128 Unicode characters in length and can't be prefixed with aws:", a value at most 256).
 */
function parseReaderTags(input: unknown = {}): Record<string, string> {
  const readerTags: Record<string, string> = {};
  for (const [key, value] of Object.entries(requireObject(input, 'readerTags'))) {
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith('aws:')) {
      throw new ConfigError(`readerTags key '${key}' is not allowed: 1–128 characters, not starting with the reserved 'aws:' prefix.`);
    }
    if (typeof value !== 'string' || value.length > 256) {
      throw new ConfigError(`readerTags.${key} must be a string of at most 256 characters, got ${describeValue(value)}.`);
    }
    readerTags[key] = value;
  }
  return readerTags;
}

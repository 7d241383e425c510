// The RDS-event handlers behind AuroraEventTools.applyTags / enablePerformanceInsights (the option types are public).
import { AddTagsToResourceCommand, ModifyDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import { ConfigError, describeValue, type Logger, optionalBoolean, type Pair, type StackReference } from '../core/index.js';
import { requireCluster } from './cluster-ops.js';
import { eventTarget, isCreated, PI_DISABLED_MESSAGE, retryInstanceState } from './event-target.js';
import type { ResolvedRetry } from './options.js';
import type { SnsRecordLike } from './rds-event.js';
import type { ApplyTagsResult, InstanceStateRetry, RdsEventResult } from './types.js';

/**
 * Options of {@link AuroraEventTools.enablePerformanceInsights}.
 *
 * @example
 * ```ts
 * import type { EnablePerformanceInsightsOptions } from 'bluegreen-toolkit/aurora-events';
 *
 * const options: EnablePerformanceInsightsOptions = { retentionPeriod: 7, retry: { attempts: 8 } };
 * ```
 */
export interface EnablePerformanceInsightsOptions {
  /** Also act on "Performance Insights has been disabled" notifications, turning it back on (default `true`). */
  reEnableIfDisabled?: boolean;
  /**
   * `PerformanceInsightsRetentionPeriod` in days (default: RDS's own, 7). RDS accepts only 7, a month count × 31
   * (31, 62, … 713: n = 1..23) or 731; anything else is a `ConfigError` before any call (RDS API Reference,
   * ModifyDBInstance `PerformanceInsightsRetentionPeriod`: "If you specify a retention period that isn't valid, such
   * as 94, Amazon RDS returns an error").
   */
  retentionPeriod?: number;
  /** `PerformanceInsightsKMSKeyId` (default: the account's RDS key). */
  kmsKeyId?: string;
  /** Retry on `InvalidDBInstanceState`; overrides the tool's `instanceStateRetry`. */
  retry?: InstanceStateRetry;
}

/**
 * Options of {@link AuroraEventTools.applyTags}.
 *
 * @example
 * ```ts
 * import type { ApplyTagsOptions } from 'bluegreen-toolkit/aurora-events';
 *
 * const options: ApplyTagsOptions = { retry: { attempts: 3, minDelay: 5, maxDelay: 20 } };
 * ```
 */
export interface ApplyTagsOptions {
  /** Retry on `InvalidDBInstanceState`; overrides the tool's `instanceStateRetry`. */
  retry?: InstanceStateRetry;
}

/** What the handlers need from the tool. */
export interface EventContext {
  rds: RDSClient;
  logger: Logger;
  clusters: Pair<string>;
  readerTags: Record<string, string>;
}

/** Validated {@link EnablePerformanceInsightsOptions} (without `retry`). */
export interface PerformanceInsightsSettings {
  reEnable: boolean;
  retention: number | undefined;
  kmsKeyId: string | undefined;
}

/**
 * The retention periods RDS accepts (RDS API Reference, ModifyDBInstance / CreateDBInstance,
 * `PerformanceInsightsRetentionPeriod`, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html):
 * "7; month * 31, where month is a number of months from 1-23; 731".
 */
export function isValidRetentionPeriod(days: number): boolean {
  return days === 7 || days === 731 || (Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 23 * 31);
}

/** Validates the options before any call. */
export function resolvePerformanceInsights(given: EnablePerformanceInsightsOptions): PerformanceInsightsSettings {
  const reEnable = optionalBoolean(given.reEnableIfDisabled, 'reEnableIfDisabled', true);
  const retention = given.retentionPeriod;
  if (retention !== undefined && (typeof retention !== 'number' || !isValidRetentionPeriod(retention))) {
    throw new ConfigError(
      `retentionPeriod must be 7, a number of months (1-23) times 31 (31, 62, 93, ... 713) or 731 days, as RDS accepts no other value; got ${describeValue(retention)}.`,
    );
  }
  if (given.kmsKeyId !== undefined && (typeof given.kmsKeyId !== 'string' || given.kmsKeyId.length === 0)) {
    throw new ConfigError('kmsKeyId must be a non-empty string (key ARN, key id, alias ARN or alias name).');
  }
  return { reEnable, retention, kmsKeyId: given.kmsKeyId };
}

/** applyTags: the cluster's tags (never `aws:`) plus the configured readerTags onto a new instance. */
export async function applyTags(ctx: EventContext, record: SnsRecordLike, retry: ResolvedRetry): Promise<ApplyTagsResult> {
  const target = await eventTarget(ctx.rds, ctx.clusters, record, (e) => isCreated(e));
  if ('ignored' in target) return { ...target.ignored, appliedTags: [] };
  const { base, instance, arn } = target;
  const cluster = await requireCluster(ctx.rds, base.clusterIdentifier as string, base.stack as StackReference);
  const wanted = new Map<string, string>();
  for (const tag of cluster.TagList ?? []) {
    if (tag.Key && !tag.Key.toLowerCase().startsWith('aws:')) wanted.set(tag.Key, tag.Value ?? '');
  }
  for (const [key, value] of Object.entries(ctx.readerTags)) wanted.set(key, value);
  const current = new Map((instance.TagList ?? []).map((t) => [t.Key, t.Value ?? '']));
  const missing = [...wanted].filter(([k, v]) => current.get(k) !== v).map(([Key, Value]) => ({ Key, Value }));
  if (missing.length === 0) {
    return { ...base, outcome: 'already', message: `instance ${base.instanceIdentifier} already has the cluster's tags`, appliedTags: [] };
  }
  await retryInstanceState(ctx.logger, `tagging ${base.instanceIdentifier}`, retry, () =>
    ctx.rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: missing })),
  );
  return {
    ...base,
    outcome: 'changed',
    message: `tagged instance ${base.instanceIdentifier} with ${missing.length} tag(s)`,
    appliedTags: missing,
  };
}

/** enablePerformanceInsights: ModifyDBInstance (applied immediately) for a new or PI-disabled instance. */
export async function enablePerformanceInsights(
  ctx: EventContext,
  record: SnsRecordLike,
  settings: PerformanceInsightsSettings,
  retry: ResolvedRetry,
): Promise<RdsEventResult> {
  const { reEnable, retention, kmsKeyId } = settings;
  const target = await eventTarget(
    ctx.rds,
    ctx.clusters,
    record,
    (e) => isCreated(e) || (reEnable && e.eventMessage === PI_DISABLED_MESSAGE),
  );
  if ('ignored' in target) return target.ignored;
  const { base, instance } = target;
  if (instance.PerformanceInsightsEnabled) {
    return { ...base, outcome: 'already', message: `Performance Insights is already on for ${base.instanceIdentifier}` };
  }
  await retryInstanceState(ctx.logger, `enabling Performance Insights on ${base.instanceIdentifier}`, retry, () =>
    ctx.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: instance.DBInstanceIdentifier,
        EnablePerformanceInsights: true,
        ApplyImmediately: true,
        ...(retention === undefined ? {} : { PerformanceInsightsRetentionPeriod: retention }),
        ...(kmsKeyId === undefined ? {} : { PerformanceInsightsKMSKeyId: kmsKeyId }),
      }),
    ),
  );
  return { ...base, outcome: 'changed', message: `enabled Performance Insights on ${base.instanceIdentifier}` };
}

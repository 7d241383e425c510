/**
 * `bluegreen-toolkit/aurora-events`: {@link AuroraEventTools}, the RDS event handlers for a blue/green pair of Aurora
 * clusters (tag new readers like their cluster, turn Performance Insights on), for the Lambda subscribed to an RDS
 * event subscription's SNS topic, plus the RDS event parsing they use. Imports only `@aws-sdk/client-rds` and the
 * core. (Until 0.x the handlers were methods of `AuroraTools`; they moved here so that `bluegreen-toolkit/aurora`
 * hooks do not carry them.)
 *
 * @example
 * ```ts
 * import { AuroraEventTools } from 'bluegreen-toolkit/aurora-events';
 *
 * const events = new AuroraEventTools({
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 *   readerTags: { Role: 'reader' },
 * });
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/aurora-events
 */
export { AuroraEventTools, type AuroraEventToolsOptions } from '../aurora/aurora-event-tools.js';
export {
  DB_INSTANCE_CREATED_EVENT_ID,
  parseRdsEventRecord,
  type RdsEventNotification,
  requireInstanceArn,
  type SnsRecordLike,
} from '../aurora/rds-event.js';
export type { ApplyTagsOptions, EnablePerformanceInsightsOptions } from '../aurora/rds-event-handlers.js';
export type { ApplyTagsResult, EventOutcome, InstanceStateRetry, RdsEventResult } from '../aurora/types.js';

// RDS event handling behind applyTags / enablePerformanceInsights (internal: not exported from the subpath).
import { type DBInstance, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds';
import { backoffDelay, InvalidStateError, isAwsError, type Logger, type Pair, StackReference, sleep } from '../core/index.js';
import type { ResolvedRetry } from './options.js';
import {
  DB_INSTANCE_CREATED_EVENT_ID,
  parseRdsEventRecord,
  type RdsEventNotification,
  requireInstanceArn,
  type SnsRecordLike,
} from './rds-event.js';
import type { RdsEventResult } from './types.js';

/** The event message of RDS-EVENT-0005. */
const CREATED_MESSAGE = 'DB instance created';
/** The message RDS sends when Performance Insights is turned off (it has no documented event id). */
export const PI_DISABLED_MESSAGE = 'Performance Insights has been disabled';

/** Whether the event is "DB instance created": by event id, or by its documented message when the id is absent. */
export function isCreated(event: RdsEventNotification): boolean {
  return event.eventId === undefined ? event.eventMessage === CREATED_MESSAGE : event.eventId === DB_INSTANCE_CREATED_EVENT_ID;
}

/** An event the handler acts on: the instance (looked up by the event's Source ARN) and its configured cluster. */
export type EventTarget = { ignored: RdsEventResult } | { base: RdsEventResult; instance: DBInstance; arn: string };

/**
 * Parses the record and finds the instance it is about. `ignored` for other events, for an instance that is gone and
 * for an instance whose `DBClusterIdentifier` is not exactly one of the configured clusters.
 */
export async function eventTarget(
  rds: RDSClient,
  clusters: Pair<string>,
  record: SnsRecordLike,
  relevant: (event: RdsEventNotification) => boolean,
): Promise<EventTarget> {
  const event = parseRdsEventRecord(record);
  const base: RdsEventResult = { outcome: 'ignored', message: '', instanceIdentifier: event.sourceId };
  if (event.eventId) base.eventId = event.eventId;
  if (event.eventSource !== 'db-instance' || !relevant(event)) {
    return {
      ignored: {
        ...base,
        message: `ignored ${event.eventSource} event${event.eventId ? ` ${event.eventId}` : ''} "${event.eventMessage}"`,
      },
    };
  }
  const arn = requireInstanceArn(event);
  let instance: DBInstance | undefined;
  try {
    const { DBInstances = [] } = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: arn }));
    instance = DBInstances[0];
  } catch (error) {
    if (!isAwsError(error, 'DBInstanceNotFound', 'DBInstanceNotFoundFault')) throw error;
  }
  if (!instance) return { ignored: { ...base, message: `ignored: instance ${event.sourceId} no longer exists` } };
  const clusterId = instance.DBClusterIdentifier?.toLowerCase();
  const stack = [StackReference.Blue, StackReference.Green].find((s) => clusters[s].toLowerCase() === clusterId);
  if (!stack) {
    return { ignored: { ...base, message: `ignored: instance ${event.sourceId} is not in cluster ${clusters.blue} or ${clusters.green}` } };
  }
  return { base: { ...base, stack, clusterIdentifier: clusters[stack] }, instance, arn };
}

/** Runs `fn`, retrying `InvalidDBInstanceState` with capped exponential backoff; InvalidStateError when exhausted. */
export async function retryInstanceState<T>(logger: Logger, what: string, retry: ResolvedRetry, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isAwsError(error, 'InvalidDBInstanceState', 'InvalidDBInstanceStateFault')) throw error;
      if (attempt >= retry.attempts) {
        throw new InvalidStateError(`Gave up ${what}: the instance was still in a state that refuses it after ${attempt} attempt(s).`, {
          state: 'InvalidDBInstanceState',
          cause: error,
        });
      }
      const pause = backoffDelay(attempt, retry);
      logger.warn(`AuroraTools: ${what} refused (InvalidDBInstanceState), retrying in ${Math.round(pause / 1000)}s`, { attempt });
      await sleep(pause, retry.abortSignal, what);
    }
  }
}

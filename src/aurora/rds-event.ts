import { describeValue, MalformedInputError } from '../core/index.js';

/**
 * The part of an SNS event record (`SNSEventRecord` from `@types/aws-lambda`) the RDS event handlers read. Any
 * `SNSEventRecord` fits; the package does not depend on `@types/aws-lambda`.
 *
 * @example
 * ```ts
 * import type { SNSEvent } from 'aws-lambda';
 * import type { SnsRecordLike } from 'bluegreen-toolkit/aurora-events';
 *
 * const record: SnsRecordLike = (event as SNSEvent).Records[0];
 * ```
 */
export interface SnsRecordLike {
  /** The SNS notification. */
  Sns: {
    /** The RDS event notification, a JSON string. */
    Message: string;
    /** The topic it came from. */
    TopicArn?: string;
  };
}

/**
 * An RDS event notification as RDS publishes it to SNS (the JSON in `Sns.Message`), with its keys renamed.
 *
 * @example
 * ```ts
 * import { parseRdsEventRecord, type RdsEventNotification } from 'bluegreen-toolkit/aurora-events';
 *
 * const event: RdsEventNotification = parseRdsEventRecord(record);
 * console.log(event.eventId, event.sourceArn);
 * ```
 */
export interface RdsEventNotification {
  /** `"Event Source"`: the source type, for example `db-instance` or `db-cluster`. */
  eventSource: string;
  /** The RDS event id parsed from `"Event ID"` (its `#RDS-EVENT-nnnn` fragment), if the message has one. */
  eventId?: string;
  /** `"Event Message"`, for example `DB instance created`. */
  eventMessage: string;
  /** `"Source ID"`: the identifier of the resource. */
  sourceId: string;
  /** `"Source ARN"`: the ARN of the resource (older notifications do not have it). */
  sourceArn?: string;
  /** `"Event Time"`, as sent. */
  eventTime?: string;
  /** `"Tags"`: the resource's tags when the message was sent (newer notifications only). */
  tags?: Record<string, string>;
}

/**
 * The documented id of the "DB instance created" event (category `creation`, source `db-instance`).
 *
 * @example
 * ```ts
 * import { DB_INSTANCE_CREATED_EVENT_ID, parseRdsEventRecord } from 'bluegreen-toolkit/aurora-events';
 *
 * if (parseRdsEventRecord(record).eventId === DB_INSTANCE_CREATED_EVENT_ID) console.log('new instance');
 * ```
 */
export const DB_INSTANCE_CREATED_EVENT_ID = 'RDS-EVENT-0005';

const EVENT_ID = /#?(RDS-EVENT-\d{4})\s*$/;
const RDS_INSTANCE_ARN = /^arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\d{12}):db:([A-Za-z][A-Za-z0-9-]{0,62})$/;

/**
 * Reads the RDS event notification out of an SNS record and checks its shape.
 *
 * @throws {@link bluegreen-toolkit!MalformedInputError} when the record is not an SNS record, the message is not JSON, or a required
 *   key ("Event Source", "Event Message", "Source ID") is missing, or "Source ARN" / "Event ID" are malformed.
 *
 * @example
 * ```ts
 * import { parseRdsEventRecord } from 'bluegreen-toolkit/aurora-events';
 *
 * const event = parseRdsEventRecord(snsEvent.Records[0]);
 * if (event.eventId === 'RDS-EVENT-0005') console.log(`${event.sourceId} was created`);
 * ```
 */
export function parseRdsEventRecord(record: unknown): RdsEventNotification {
  if (record === null || typeof record !== 'object') {
    throw new MalformedInputError(`Expected an SNS event record ({ Sns: { Message } }), got ${describeValue(record)}.`);
  }
  const sns = (record as { Sns?: unknown }).Sns;
  if (sns === null || typeof sns !== 'object') {
    throw new MalformedInputError('The record has no Sns object: pass one entry of event.Records from an SNS-triggered Lambda.');
  }
  const raw = (sns as { Message?: unknown }).Message;
  if (typeof raw !== 'string') {
    throw new MalformedInputError(`Sns.Message must be a string, got ${describeValue(raw)}.`);
  }
  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch (error) {
    throw new MalformedInputError(
      `Sns.Message is not JSON (${describeValue(raw)}): subscribe the RDS event subscription's topic directly, with raw message delivery off.`,
      { cause: error },
    );
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new MalformedInputError(`Sns.Message must be a JSON object (an RDS event notification), got ${describeValue(message)}.`);
  }
  const m = message as Record<string, unknown>;
  const field = (key: string, required: boolean): string | undefined => {
    const value = m[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.length === 0) {
      throw new MalformedInputError(`The RDS event notification has no "${key}" string (got ${describeValue(value)}): is it an RDS event?`);
    }
    return value;
  };
  const eventSource = field('Event Source', true) as string;
  const eventMessage = field('Event Message', true) as string;
  const sourceId = field('Source ID', true) as string;
  const sourceArn = field('Source ARN', false);
  const rawEventId = field('Event ID', false);
  const eventTime = field('Event Time', false);
  let eventId: string | undefined;
  if (rawEventId !== undefined) {
    const match = EVENT_ID.exec(rawEventId);
    if (!match)
      throw new MalformedInputError(`"Event ID" ${describeValue(rawEventId)} does not end with an RDS event id (RDS-EVENT-nnnn).`);
    eventId = match[1];
  }
  const notification: RdsEventNotification = { eventSource, eventMessage, sourceId };
  if (eventId !== undefined) notification.eventId = eventId;
  if (sourceArn !== undefined) notification.sourceArn = sourceArn;
  if (eventTime !== undefined) notification.eventTime = eventTime;
  const tags = m.Tags;
  if (tags !== null && typeof tags === 'object' && !Array.isArray(tags)) {
    notification.tags = Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  }
  return notification;
}

/**
 * Checks that an event's "Source ARN" is a DB instance ARN whose identifier is the event's "Source ID" (any
 * partition), and returns it.
 *
 * @throws {@link bluegreen-toolkit!MalformedInputError} when it is not.
 *
 * @example
 * ```ts
 * import { parseRdsEventRecord, requireInstanceArn } from 'bluegreen-toolkit/aurora-events';
 *
 * const arn = requireInstanceArn(parseRdsEventRecord(record)); // 'arn:aws:rds:eu-west-1:123456789012:db:reader-1'
 * ```
 */
export function requireInstanceArn(event: RdsEventNotification): string {
  const arn = event.sourceArn;
  if (arn === undefined) {
    throw new MalformedInputError(
      `The "${event.eventMessage}" notification for ${event.sourceId} has no "Source ARN": RDS adds it to every current notification; forward the message unchanged.`,
    );
  }
  const match = RDS_INSTANCE_ARN.exec(arn);
  if (!match)
    throw new MalformedInputError(
      `"Source ARN" ${describeValue(arn)} is not an RDS DB instance ARN (arn:<partition>:rds:<region>:<account>:db:<id>).`,
    );
  if ((match[4] as string).toLowerCase() !== event.sourceId.toLowerCase()) {
    throw new MalformedInputError(`"Source ARN" ${arn} does not name "Source ID" ${event.sourceId}.`);
  }
  return arn;
}

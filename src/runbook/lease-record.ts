import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ConfigError, isStackReference } from '../core/index.js';
import type { FlipProgress, LeaseRecord } from './lease-types.js';

type Item = Record<string, AttributeValue>;

/** The lease item as a {@link LeaseRecord}; `held` when it has a holder whose expiry is after `now`. */
export function toRecord(item: Item, lockId: string, now: number): LeaseRecord {
  const s = (key: string) => item[key]?.S;
  const n = (key: string) => (item[key]?.N === undefined ? undefined : Number(item[key]?.N));
  const record: LeaseRecord = { lockId, held: false };
  const leaseId = s('leaseId');
  const expiresAt = n('expiresAt');
  if (leaseId) record.leaseId = leaseId;
  const holder = s('holder');
  if (holder) record.holder = holder;
  const target = s('intentTarget');
  const phase = s('intentPhase');
  if (target && isStackReference(target) && phase) record.intent = { target, phase };
  for (const key of ['acquiredAt', 'heartbeatAt', 'releasedAt'] as const) {
    const value = n(key);
    if (value !== undefined) record[key] = value;
  }
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  record.held = Boolean(leaseId) && expiresAt !== undefined && expiresAt > now;
  const live = s('live');
  if (live && isStackReference(live)) record.live = live;
  const lastHolder = s('lastHolder');
  if (lastHolder) record.lastHolder = lastHolder;
  const progress = s('progress');
  if (progress) {
    try {
      record.progress = JSON.parse(progress) as FlipProgress;
    } catch {
      // A hand-edited item: ignore its progress rather than fail the flip.
    }
  }
  return record;
}

export function positive(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${path} must be a number of seconds > 0.`);
  return value;
}

export function defaultHolder(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined>; pid?: number } }).process;
  const user = env?.env?.USER ?? env?.env?.USERNAME ?? 'unknown';
  const host = env?.env?.HOSTNAME ?? env?.env?.AWS_LAMBDA_FUNCTION_NAME ?? 'host';
  return `${user}@${host}:${env?.pid ?? 0}`;
}

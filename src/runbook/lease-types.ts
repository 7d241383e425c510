import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AwsClientConfig, BlueGreenError, type Logger, type StackReference } from '../core/index.js';

/**
 * How long a flip lease lasts without a heartbeat, in seconds (default of {@link FlipLeaseOptions.leaseSeconds}). A
 * crashed holder blocks the pair for at most this long; a live holder renews it every
 * {@link DEFAULT_HEARTBEAT_SECONDS}.
 *
 * @example
 * ```ts
 * import { DEFAULT_LEASE_SECONDS } from 'bluegreen-toolkit/runbook';
 *
 * console.log(`a crashed flip blocks the pair for up to ${DEFAULT_LEASE_SECONDS}s`);
 * ```
 */
export const DEFAULT_LEASE_SECONDS = 120;

/**
 * How often a holder renews its lease, in seconds (default of {@link FlipLeaseOptions.heartbeatSeconds}): a quarter of
 * {@link DEFAULT_LEASE_SECONDS}, so three heartbeats in a row may fail (throttling, a lost response) before it lapses.
 *
 * @example
 * ```ts
 * import { DEFAULT_HEARTBEAT_SECONDS } from 'bluegreen-toolkit/runbook';
 *
 * console.log(`renewed every ${DEFAULT_HEARTBEAT_SECONDS}s`);
 * ```
 */
export const DEFAULT_HEARTBEAT_SECONDS = 30;

/**
 * A flip's progress, kept in the lease record: which steps of which flip are done, so a re-run continues where the
 * last one stopped and a re-run of a completed flip changes nothing.
 *
 * @example
 * ```ts
 * import type { FlipProgress } from 'bluegreen-toolkit/runbook';
 *
 * const progress: FlipProgress = { target: StackReference.Green, completedSteps: [], status: 'running', updatedAt: new Date().toISOString() };
 * ```
 */
export interface FlipProgress {
  /** The stack the flip makes live. */
  target: StackReference;
  /** An id of the release the flip belongs to (for example the CodeDeploy deployment id), when one was given. */
  flipId?: string;
  /** Steps completed (done, already or warning), in order. */
  completedSteps: string[];
  /** `running` while a flip holds the lease, then how the last run ended. */
  status: 'running' | 'succeeded' | 'failed';
  /** The last phase that ran (`prepare`, `finish` or `all`). */
  phase?: string;
  /** When the progress was last written (ISO 8601). */
  updatedAt: string;
  /**
   * Each started step's pre-state (its `snapshot`), recorded before the step ran, so the undo of a resumed run
   * reverts exactly what the first attempt changed. Kept for steps still changed after a failure, cleared on success.
   */
  snapshots?: Record<string, unknown>;
}

/**
 * The lease item of a stack pair, as read from the lock table: who holds it (when held), until when, the stack
 * recorded as live and the progress of the last flip. Times are epoch milliseconds of the holder's clock.
 *
 * @example
 * ```ts
 * import { FlipLease } from 'bluegreen-toolkit/runbook';
 *
 * const record = await new FlipLease({ tableName: 'bluegreen-locks', lockId: 'shop-prod' }).read();
 * if (record?.held) console.log(`held by ${record.holder} until ${new Date(record.expiresAt ?? 0).toISOString()}`);
 * ```
 */
export interface LeaseRecord {
  /** The pair's key in the lock table. */
  lockId: string;
  /** True when a holder has it and it has not expired. */
  held: boolean;
  /** The current (or expired) holder's lease id. */
  leaseId?: string;
  /** Who holds it (user@host:pid, or what the holder set). */
  holder?: string;
  /** What the holder is doing. */
  intent?: { target: StackReference; phase: string };
  /** When it was acquired. */
  acquiredAt?: number;
  /** When it expires unless renewed. */
  expiresAt?: number;
  /** The last heartbeat. */
  heartbeatAt?: number;
  /** The stack recorded as live by the last completed flip. */
  live?: StackReference;
  /** The progress of the current or last flip. */
  progress?: FlipProgress;
  /** The holder of the last released lease, and when it released it. */
  lastHolder?: string;
  releasedAt?: number;
}

/**
 * Options of {@link FlipLease}.
 *
 * @example
 * ```ts
 * import { FlipLease, type FlipLeaseOptions } from 'bluegreen-toolkit/runbook';
 *
 * const options: FlipLeaseOptions = { tableName: 'bluegreen-locks', lockId: 'shop-prod', leaseSeconds: 300, clientConfig: { region: 'eu-west-1' } };
 * const lease = new FlipLease(options);
 * ```
 */
export interface FlipLeaseOptions {
  /** The lock table (partition key `lockId`, a string; see infra/lock-table.yaml). */
  tableName: string;
  /** The pair's key: one per blue/green pair (the flip derives it from the stack config unless `lock.lockId` is set). */
  lockId: string;
  /** Who is flipping, shown to a blocked flip (default `user@host:pid`). */
  holder?: string;
  /**
   * This holder's lease id (default: a random UUID). A durable runner passes its execution id, so a replay
   * re-acquires its own lease instead of finding it held.
   */
  leaseId?: string;
  /** Lease duration without a heartbeat, seconds (default {@link DEFAULT_LEASE_SECONDS}). */
  leaseSeconds?: number;
  /** Heartbeat interval of {@link FlipLease.keepAlive}, seconds (default {@link DEFAULT_HEARTBEAT_SECONDS}). */
  heartbeatSeconds?: number;
  /** An existing DynamoDB client (or `clientConfig`). */
  awsSdkV3Client?: DynamoDBClient;
  /** Settings for a client the lease creates. */
  clientConfig?: AwsClientConfig;
  /** Where lease decisions are logged (default: nothing). */
  logger?: Logger;
  /** The clock, epoch ms (default `Date.now`; tests pass a fake one). */
  now?: () => number;
}

/**
 * Another flip holds the pair's lease. Thrown by {@link FlipLease.acquire} before any mutating call of the flip:
 * nothing was changed. Wait for it to finish, or, if its holder crashed, for the lease to expire
 * (`expiresAt`), or break it with `bluegreen lock break`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, LeaseHeldError, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const flip = bluegreenFlip(await loadStackConfig('stack.json'));
 * try { await flip.flip(StackReference.Green); }
 * catch (e) { if (e instanceof LeaseHeldError) console.error(`${e.holder} is flipping until ${new Date(e.expiresAt)}`); }
 * ```
 */
export class LeaseHeldError extends BlueGreenError<{
  lockId: string;
  holder: string;
  leaseId: string;
  expiresAt: number;
  intent?: { target: StackReference; phase: string };
}> {
  /** The pair's key. */
  declare readonly lockId: string;
  /** Who holds it. */
  declare readonly holder: string;
  /** The holder's lease id. */
  declare readonly leaseId: string;
  /** When it expires unless renewed (epoch ms). */
  declare readonly expiresAt: number;
  /** What the holder is doing, when recorded. */
  declare readonly intent?: { target: StackReference; phase: string };
}

/**
 * This holder no longer has the lease (it expired and another flip took it, or an operator broke it). The flip stops
 * at once and does **not** undo (another flip may be working on the pair); check `bluegreen status` and the lock.
 *
 * @example
 * ```ts
 * import { FlipLease, LeaseLostError } from 'bluegreen-toolkit/runbook';
 *
 * const lease = new FlipLease({ tableName: 'bluegreen-locks', lockId: 'shop-prod' });
 * await lease.acquire({ target: StackReference.Green, phase: 'flip' });
 * try { await lease.heartbeat(); } catch (e) { if (e instanceof LeaseLostError) console.error('lost to', e.holder); }
 * ```
 */
export class LeaseLostError extends BlueGreenError<{ lockId: string; holder: string }> {
  /** The pair's key. */
  declare readonly lockId: string;
  /** Who holds it now (empty when nobody does). */
  declare readonly holder: string;
}

// Static: an import() here would make a bundler wrap the whole DynamoDB client (every command) into any hook that
// imports the lease beside DynamoTools; statically only GetItem and UpdateItem are bundled, and only when FlipLease is used.
import { type AttributeValue, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { sdkClient } from '../core/client.js';
import { ConfigError, isAwsError, type Logger, requireString, type StackReference, type StepResult, silentLogger } from '../core/index.js';
import { defaultHolder, positive, toRecord } from './lease-record.js';
import {
  DEFAULT_HEARTBEAT_SECONDS,
  DEFAULT_LEASE_SECONDS,
  type FlipLeaseOptions,
  type FlipProgress,
  LeaseHeldError,
  LeaseLostError,
  type LeaseRecord,
} from './lease-types.js';

type Item = Record<string, AttributeValue>;

/** The attributes a holder owns; removed on release and break (the live stack and the progress stay). */
const HOLD_ATTRIBUTES = ['leaseId', 'holder', 'acquiredAt', 'expiresAt', 'heartbeatAt', 'intentTarget', 'intentPhase'];

/**
 * The lease of a stack pair: one item in a DynamoDB lock table, taken and renewed with conditional writes, like
 * Terraform's S3/DynamoDB state lock, with an expiry so a crashed holder does not block the pair for ever.
 *
 * - `acquire` writes the holder only if nobody holds it, it is this holder's own (a retry, a durable replay) or it
 *   expired — a DynamoDB `ConditionExpression`; a concurrent flip gets `ConditionalCheckFailedException` (with the
 *   current item, `ReturnValuesOnConditionCheckFailure: ALL_OLD`) and a {@link LeaseHeldError} naming the holder.
 *   DynamoDB evaluates the condition and the write atomically, so exactly one of two racing flips wins
 *   (Amazon DynamoDB Developer Guide, "Condition expressions" and "ConditionalCheckFailedException";
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
 * - `heartbeat` extends the expiry (and records progress) only while the lease is still this holder's
 *   ({@link LeaseLostError} otherwise); `keepAlive` does it on a timer.
 * - `release` removes the holder and records the live stack and the final progress; the item stays, so the next flip
 *   knows which stack is live.
 *
 * Every write is idempotent: a retried call whose first attempt landed (response lost) succeeds. Expiry compares
 * epoch-millisecond clocks of the holders: keep the machines' clocks in sync (NTP) well within `leaseSeconds`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { FlipLease } from 'bluegreen-toolkit/runbook';
 *
 * const lease = new FlipLease({ tableName: 'bluegreen-locks', lockId: 'shop-prod', clientConfig: { region: 'eu-west-1' } });
 * await lease.acquire({ target: StackReference.Green, phase: 'all' }); // LeaseHeldError when another flip runs
 * const alive = lease.keepAlive();
 * try {
 *   // … the flip's steps …
 *   await lease.release({ live: StackReference.Green });
 * } finally {
 *   alive.stop();
 * }
 * ```
 */
export class FlipLease {
  /** The lock table. */
  readonly tableName: string;
  /** The pair's key. */
  readonly lockId: string;
  /** This holder's name. */
  readonly holder: string;
  /** This holder's lease id. */
  readonly leaseId: string;
  /** Lease duration, seconds. */
  readonly leaseSeconds: number;
  /** Heartbeat interval, seconds. */
  readonly heartbeatSeconds: number;
  readonly #options: FlipLeaseOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  #client: DynamoDBClient | undefined;
  #expiresAt = 0;

  /** @param options - see {@link FlipLeaseOptions}; validated here ({@link bluegreen-toolkit!ConfigError}, no AWS call). */
  constructor(options: FlipLeaseOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigError('new FlipLease(options) needs { tableName, lockId }.');
    this.tableName = requireString(options.tableName, 'lock.tableName', {
      pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
      patternHint: 'a DynamoDB table name',
    });
    this.lockId = requireString(options.lockId, 'lock.lockId');
    this.holder = options.holder === undefined ? defaultHolder() : requireString(options.holder, 'lock holder');
    this.leaseId = options.leaseId === undefined ? globalThis.crypto.randomUUID() : requireString(options.leaseId, 'lock leaseId');
    this.leaseSeconds = positive(options.leaseSeconds, 'lock.leaseSeconds', DEFAULT_LEASE_SECONDS);
    this.heartbeatSeconds = positive(
      options.heartbeatSeconds,
      'lock.heartbeatSeconds',
      Math.min(DEFAULT_HEARTBEAT_SECONDS, this.leaseSeconds / 4),
    );
    if (this.heartbeatSeconds >= this.leaseSeconds)
      throw new ConfigError(
        `lock.heartbeatSeconds (${this.heartbeatSeconds}) must be shorter than lock.leaseSeconds (${this.leaseSeconds}).`,
      );
    if (options.awsSdkV3Client !== undefined && options.clientConfig !== undefined)
      throw new ConfigError('Pass either awsSdkV3Client or clientConfig to FlipLease, not both.');
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes the lease for a flip: succeeds when nobody holds it, it expired, or this holder (same `leaseId`) already
   * has it.
   *
   * @param intent - what the flip is about to do (shown to a blocked flip).
   * @returns the lease record as written.
   * @throws {@link LeaseHeldError} naming the holder when another flip has it (nothing was changed).
   * @remarks IAM: `dynamodb:UpdateItem` (and `dynamodb:GetItem` when the refusal carries no item) on the lock table.
   */
  async acquire(intent: { target: StackReference; phase: string }): Promise<LeaseRecord> {
    const client = await this.#dynamo();
    for (let attempt = 1; ; attempt++) {
      const now = this.#now();
      const expiresAt = now + this.leaseSeconds * 1000;
      try {
        const out = await client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { lockId: { S: this.lockId } },
            UpdateExpression:
              'SET leaseId = :id, holder = :holder, acquiredAt = if_not_exists(acquiredAt, :now), expiresAt = :exp, heartbeatAt = :now, intentTarget = :target, intentPhase = :phase',
            ConditionExpression: 'attribute_not_exists(leaseId) OR leaseId = :id OR expiresAt < :now',
            ExpressionAttributeValues: {
              ':id': { S: this.leaseId },
              ':holder': { S: this.holder },
              ':now': { N: String(now) },
              ':exp': { N: String(expiresAt) },
              ':target': { S: intent.target },
              ':phase': { S: intent.phase },
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        this.#expiresAt = expiresAt;
        this.#logger.info(`FlipLease: ${this.holder} took ${this.lockId}`, { leaseId: this.leaseId, expiresAt });
        return toRecord(out.Attributes ?? {}, this.lockId, now);
      } catch (error) {
        if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
        // The refusal carries the item that failed the condition (ALL_OLD); read it if it does not.
        let item = (error as { Item?: Item }).Item;
        if (item === undefined) {
          const read = await client.send(
            new GetItemCommand({ TableName: this.tableName, Key: { lockId: { S: this.lockId } }, ConsistentRead: true }),
          );
          item = read.Item;
        }
        const record = toRecord(item ?? {}, this.lockId, this.#now());
        // Released or expired between our write and the read: try again (bounded).
        if (!record.held && attempt < 3) continue;
        throw new LeaseHeldError(
          `The flip lease '${this.lockId}' (table ${this.tableName}) is held by ${record.holder ?? 'another flip'}` +
            `${record.intent ? ` (flipping to ${record.intent.target}, phase ${record.intent.phase})` : ''}` +
            ` until ${new Date(record.expiresAt ?? 0).toISOString()}. Nothing was changed. Wait for it to finish; if that flip crashed, its lease expires then, or run \`bluegreen lock break\`.`,
          {
            cause: error,
            lockId: this.lockId,
            holder: record.holder ?? '',
            leaseId: record.leaseId ?? '',
            expiresAt: record.expiresAt ?? 0,
            ...(record.intent ? { intent: record.intent } : {}),
          },
        );
      }
    }
  }

  /**
   * Renews the lease (and records `progress` when given), only while this holder still has it.
   *
   * @throws {@link LeaseLostError} when the lease is no longer this holder's.
   * @remarks IAM: `dynamodb:UpdateItem` on the lock table.
   */
  async heartbeat(progress?: FlipProgress): Promise<void> {
    const now = this.#now();
    const expiresAt = now + this.leaseSeconds * 1000;
    await this.#mine(
      `SET expiresAt = :exp, heartbeatAt = :now${progress ? ', progress = :progress' : ''}`,
      {
        ':exp': { N: String(expiresAt) },
        ':now': { N: String(now) },
        ...(progress ? { ':progress': { S: JSON.stringify(progress) } } : {}),
      },
      'renew',
    );
    this.#expiresAt = expiresAt;
  }

  /**
   * Releases the lease, recording the stack that is now live and the final progress (both stay in the item).
   * Releasing a lease already released by this holder is `already`.
   *
   * @throws {@link LeaseLostError} when another holder has it now (nothing is written).
   * @remarks IAM: `dynamodb:UpdateItem` (and `dynamodb:GetItem` for a refused release) on the lock table.
   */
  async release(final: { live?: StackReference; progress?: FlipProgress } = {}): Promise<StepResult> {
    const now = this.#now();
    const sets = ['lastHolder = :holder', 'releasedAt = :now'];
    const values: Item = { ':holder': { S: this.holder }, ':now': { N: String(now) } };
    if (final.live) {
      sets.push('live = :live');
      values[':live'] = { S: final.live };
    }
    if (final.progress) {
      sets.push('progress = :progress');
      values[':progress'] = { S: JSON.stringify(final.progress) };
    }
    try {
      await this.#mine(`SET ${sets.join(', ')} REMOVE ${HOLD_ATTRIBUTES.join(', ')}`, values, 'release');
    } catch (error) {
      if (error instanceof LeaseLostError && error.holder === '') {
        const record = await this.read();
        if (record?.lastHolder === this.holder) return { outcome: 'already', message: `lease ${this.lockId} is already released` };
      }
      throw error;
    }
    this.#expiresAt = 0;
    this.#logger.info(`FlipLease: ${this.holder} released ${this.lockId}`, { live: final.live });
    return { outcome: 'changed', message: `released lease ${this.lockId}` };
  }

  /**
   * Reads the lease item (strongly consistent).
   *
   * @returns the record, or `undefined` when the pair was never flipped with this table.
   * @remarks IAM: `dynamodb:GetItem` on the lock table.
   */
  async read(): Promise<LeaseRecord | undefined> {
    const out = await (await this.#dynamo()).send(
      new GetItemCommand({ TableName: this.tableName, Key: { lockId: { S: this.lockId } }, ConsistentRead: true }),
    );
    return out.Item ? toRecord(out.Item, this.lockId, this.#now()) : undefined;
  }

  /**
   * Breaks the lease whoever holds it (an operator's `bluegreen lock break`, after checking the holder is gone). With
   * `expectedLeaseId`, only that holder's lease is broken. The live stack and progress stay.
   *
   * @returns the record as it was before, or `undefined` when nothing was held.
   * @remarks IAM: `dynamodb:UpdateItem` on the lock table.
   */
  async breakLease(expectedLeaseId?: string): Promise<LeaseRecord | undefined> {
    const values: Item = { ':now': { N: String(this.#now()) }, ':breaker': { S: `broken by ${this.holder}` } };
    if (expectedLeaseId) values[':expected'] = { S: expectedLeaseId };
    try {
      const out = await (await this.#dynamo()).send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { lockId: { S: this.lockId } },
          UpdateExpression: `SET releasedAt = :now, lastHolder = :breaker REMOVE ${HOLD_ATTRIBUTES.join(', ')}`,
          ConditionExpression: expectedLeaseId ? 'leaseId = :expected' : 'attribute_exists(leaseId)',
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return toRecord(out.Attributes ?? {}, this.lockId, this.#now());
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return undefined;
      throw error;
    }
  }

  /**
   * Renews the lease every `heartbeatSeconds` until `stop()`. `signal` aborts (reason: a {@link LeaseLostError}) when
   * the lease was lost, or when renewals kept failing until it expired; pass it to the run so the flip stops.
   */
  keepAlive(progress?: () => FlipProgress | undefined): { stop(): void; signal: AbortSignal } {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      try {
        await this.heartbeat(progress?.());
      } catch (error) {
        if (error instanceof LeaseLostError) {
          controller.abort(error);
          return;
        }
        this.#logger.warn(`FlipLease: heartbeat of ${this.lockId} failed; trying again`, { error: String(error) });
        if (this.#now() >= this.#expiresAt) {
          controller.abort(
            new LeaseLostError(`The flip lease '${this.lockId}' expired: every heartbeat failed (${String(error)}).`, {
              cause: error,
              lockId: this.lockId,
              holder: '',
            }),
          );
          return;
        }
      }
      if (!stopped) schedule();
    };
    const schedule = () => {
      timer = setTimeout(() => void tick(), this.heartbeatSeconds * 1000);
      (timer as { unref?: () => void }).unref?.();
    };
    schedule();
    return {
      signal: controller.signal,
      stop: () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      },
    };
  }

  /** An update conditional on holding the lease; a refusal becomes {@link LeaseLostError} naming the current holder. */
  async #mine(update: string, values: Item, what: string): Promise<void> {
    try {
      await (await this.#dynamo()).send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { lockId: { S: this.lockId } },
          UpdateExpression: update,
          ConditionExpression: 'leaseId = :mine',
          ExpressionAttributeValues: { ...values, ':mine': { S: this.leaseId } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      const record = toRecord((error as { Item?: Item }).Item ?? {}, this.lockId, this.#now());
      const holder = record.leaseId ? (record.holder ?? 'another flip') : '';
      throw new LeaseLostError(
        `Cannot ${what} the flip lease '${this.lockId}': ${holder ? `it is held by ${holder} now` : 'it is no longer held (expired and broken, or released)'}.`,
        { cause: error, lockId: this.lockId, holder },
      );
    }
  }

  async #dynamo(): Promise<DynamoDBClient> {
    if (this.#client) return this.#client;
    const source = this.#options.awsSdkV3Client
      ? { awsSdkV3Client: this.#options.awsSdkV3Client }
      : { clientConfig: this.#options.clientConfig ?? {} };
    this.#client = sdkClient(DynamoDBClient, source);
    return this.#client;
  }
}

/**
 * Options shared by every error of this package.
 *
 * @example
 * ```ts
 * import { BlueGreenError, type BlueGreenErrorOptions } from 'bluegreen-toolkit';
 *
 * class QuotaExceededError extends BlueGreenError {
 *   constructor(message: string, options: BlueGreenErrorOptions = {}) {
 *     super(message, options);
 *   }
 * }
 *
 * try {
 *   await client.send(command);
 * } catch (error) {
 *   throw new QuotaExceededError('The account has no room for another reader instance', { cause: error });
 * }
 * ```
 */
export interface BlueGreenErrorOptions {
  /** The underlying error, typically the AWS SDK's service exception. */
  cause?: unknown;
}

/**
 * Base class of every error this package throws. `name` is the subclass name, and the AWS error that caused it, if
 * any, is kept in `cause`.
 *
 * @example
 * ```ts
 * import { BlueGreenError } from 'bluegreen-toolkit';
 * import { purgeQueues } from 'bluegreen-toolkit/sqs';
 *
 * try {
 *   await purgeQueues(sqs, StackReference.Green);
 * } catch (error) {
 *   if (error instanceof BlueGreenError) console.error(error.name, error.message, error.cause);
 * }
 * ```
 */
export class BlueGreenError<Fields extends object = object> extends Error {
  /**
   * @param message - what went wrong and how to fix it.
   * @param options - the cause, and the subclass's own fields (`Fields`: required when any of them is).
   */
  constructor(
    message: string,
    ...[options]: Record<never, never> extends Fields
      ? [options?: BlueGreenErrorOptions & Fields]
      : [options: BlueGreenErrorOptions & Fields]
  ) {
    const { cause, ...fields } = (options ?? {}) as BlueGreenErrorOptions & Record<string, unknown>;
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    // The rest of the options are the subclass's own fields (resource, state, lastState, ...), copied as given, so a
    // subclass names them as its type argument and declares them (`declare readonly resource: string`): no constructor
    // of its own, nothing assigned twice.
    Object.assign(this, fields);
  }
}

/**
 * Bad configuration or arguments (unknown stack reference, missing or malformed option). Thrown before any AWS call.
 *
 * @example
 * ```ts
 * import { ConfigError, parseStackReference } from 'bluegreen-toolkit';
 *
 * try { parseStackReference('purple'); } catch (e) { if (e instanceof ConfigError) console.error(e.message); }
 * ```
 */
export class ConfigError extends BlueGreenError {}

/**
 * A malformed event, message or API body (for example an SNS record whose message is not an RDS event).
 *
 * @example
 * ```ts
 * import { MalformedInputError } from 'bluegreen-toolkit';
 *
 * throw new MalformedInputError('Records[0].Sns.Message is not JSON: send the RDS event notification unchanged.');
 * ```
 */
export class MalformedInputError extends BlueGreenError {}

/**
 * A resource the configuration names does not exist.
 *
 * @example
 * ```ts
 * import { ResourceNotFoundError } from 'bluegreen-toolkit';
 *
 * throw new ResourceNotFoundError('Queue orders-green does not exist', { resource: 'orders-green' });
 * ```
 */
export class ResourceNotFoundError extends BlueGreenError<{ resource: string }> {
  /** The identifier of the missing resource. */
  declare readonly resource: string;
}

/**
 * A destructive operation refused by its guard (for example the expected identifier did not match the configured one).
 * Nothing was changed.
 *
 * @example
 * ```ts
 * import { GuardError } from 'bluegreen-toolkit';
 *
 * throw new GuardError('Refusing to delete orders-blue: confirm with { expectedIdentifier: "orders-blue" }.');
 * ```
 */
export class GuardError<Fields extends object = object> extends BlueGreenError<Fields> {}

/**
 * A destructive operation was asked to act on the stack that is live (serving traffic or consuming), for example a
 * flip re-run that would reset the now-live table. Nothing was changed. A subclass of {@link GuardError}.
 *
 * @example
 * ```ts
 * import { LiveStackError, StackReference } from 'bluegreen-toolkit';
 * import { DynamoTools, resetTable } from 'bluegreen-toolkit/dynamodb';
 *
 * const dynamodb = new DynamoTools({ tables, clientConfig: { region: 'eu-west-1' } });
 * try {
 *   await resetTable(dynamodb, StackReference.Green, { expectedTableName: 'orders-green', liveStack: StackReference.Green });
 * } catch (e) {
 *   if (e instanceof LiveStackError) console.error(`${e.liveStack} is live: not reset`);
 * }
 * ```
 */
export class LiveStackError extends GuardError<{ liveStack: string }> {
  /** The live stack the operation was refused on. */
  declare readonly liveStack: string;
}

/**
 * Throws {@link LiveStackError} (no AWS call) when `ref` is the `liveStack` a caller named: the small guard that every
 * destructive tool method taking a `liveStack` option runs first.
 *
 * @param ref - the stack the destructive operation targets.
 * @param liveStack - the stack the caller knows to be live (`undefined`: no guard).
 * @param what - the operation, for the message ("reset table orders-green").
 *
 * @example
 * ```ts
 * import { refuseLiveStack, StackReference } from 'bluegreen-toolkit';
 *
 * refuseLiveStack(StackReference.Blue, StackReference.Green, 'purge queue orders-blue'); // passes
 * ```
 */
export function refuseLiveStack(ref: string, liveStack: unknown, what: string): void {
  if (liveStack === undefined) return;
  if (liveStack !== 'blue' && liveStack !== 'green')
    throw new ConfigError(`liveStack must be 'blue' or 'green' (the live stack), got ${JSON.stringify(liveStack)}.`);
  if (liveStack === ref)
    throw new LiveStackError(
      `Refusing to ${what}: the ${ref} stack is live (liveStack: '${liveStack}'). Nothing was changed. Destructive operations act only on the stack that is not live.`,
      { liveStack: ref },
    );
}

/**
 * A resource is in a state that does not allow the requested change (for example a cluster that is being deleted).
 *
 * @example
 * ```ts
 * import { InvalidStateError } from 'bluegreen-toolkit';
 *
 * throw new InvalidStateError('Cluster orders-blue is deleting and cannot be started', { state: 'deleting' });
 * ```
 */
export class InvalidStateError extends BlueGreenError<{ state: unknown }> {
  /** The state that was observed. */
  declare readonly state: unknown;
}

/**
 * A wait reached its `maxWaitTime` before the condition held. `lastState` is what the last check observed.
 *
 * @example
 * ```ts
 * import { WaitTimeoutError } from 'bluegreen-toolkit';
 *
 * try { await aurora.startDatabase(StackReference.Green, { wait: { maxWaitTime: 60 } }); }
 * catch (e) { if (e instanceof WaitTimeoutError) console.error('still', e.lastState); }
 * ```
 */
export class WaitTimeoutError extends BlueGreenError<{ lastState: unknown; waitedMs: number; attempts: number }> {
  /** The state observed by the last check. */
  declare readonly lastState: unknown;
  /** Milliseconds spent waiting. */
  declare readonly waitedMs: number;
  /** How many checks ran. */
  declare readonly attempts: number;
}

/**
 * A wait (or a long-running step) was cancelled through its `AbortSignal`; `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * import { WaitAbortedError } from 'bluegreen-toolkit';
 *
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1000);
 * try { await sqs.waitForDrain(StackReference.Blue, { abortSignal: controller.signal }); }
 * catch (e) { if (e instanceof WaitAbortedError) console.error('cancelled'); }
 * ```
 */
export class WaitAbortedError extends BlueGreenError<{ lastState?: unknown }> {
  /** The state observed by the last check, if any ran. */
  declare readonly lastState: unknown;
}

/**
 * One failed item of a bulk operation, as listed in {@link BatchError.failures}.
 *
 * @example
 * ```ts
 * import { BatchError, type BatchFailure, mapLimit } from 'bluegreen-toolkit';
 *
 * try {
 *   await mapLimit(queueUrls, 5, purgeQueue);
 * } catch (error) {
 *   if (!(error instanceof BatchError)) throw error;
 *   const failures = error.failures as BatchFailure<string>[];
 *   for (const { item, index, error: cause } of failures) console.error(`#${index} ${item}:`, cause);
 * }
 * ```
 */
export interface BatchFailure<T> {
  /** The input item. */
  item: T;
  /** Its position in the input. */
  index: number;
  /** What it threw. */
  error: unknown;
}

/**
 * Some items of a bulk operation failed; every other item was still processed. `failures` lists each failure and
 * `results` holds the results of the items that succeeded (`undefined` at failed positions).
 *
 * @example
 * ```ts
 * import { BatchError, mapLimit } from 'bluegreen-toolkit';
 *
 * try { await mapLimit(names, 5, enable); }
 * catch (e) { if (e instanceof BatchError) for (const f of e.failures) console.error(f.item, f.error); }
 * ```
 */
export class BatchError<T = unknown, R = unknown> extends BlueGreenError<{ failures: BatchFailure<T>[]; results: (R | undefined)[] }> {
  /** Every failure, in input order. */
  declare readonly failures: BatchFailure<T>[];
  /** Results by input position; `undefined` where the item failed. */
  declare readonly results: (R | undefined)[];
  constructor(message: string, options: { failures: BatchFailure<T>[]; results: (R | undefined)[] }) {
    super(message, { cause: options.failures[0]?.error, ...options });
  }
}

/**
 * Reporting a lifecycle hook status to CodeDeploy failed after retries. The message names the missing IAM permission
 * when access was denied.
 *
 * @example
 * ```ts
 * import { HookReportError } from 'bluegreen-toolkit';
 *
 * throw new HookReportError('codedeploy:PutLifecycleEventHookExecutionStatus was denied', { status: 'Failed' });
 * ```
 */
export class HookReportError extends BlueGreenError<{ status: string }> {
  /** The status that could not be reported. */
  declare readonly status: string;
}

import type { Logger } from './logger.js';

/**
 * One AWS call that dry-run mode recorded instead of sending.
 *
 * @example
 * ```ts
 * import { type DryRunCall, DryRunRecorder } from 'bluegreen-toolkit';
 *
 * const print = (call: DryRunCall) =>
 *   console.log(`${call.at.toISOString()} would call ${call.client} ${call.operation}`, JSON.stringify(call.input));
 * const recorder = new DryRunRecorder(print); // pass as a tool's `dryRun` option
 * ```
 */
export interface DryRunCall {
  /** The SDK client, for example `SQSClient`. */
  client: string;
  /** The operation, for example `PurgeQueue`. */
  operation: string;
  /** The command input as it would have been sent. */
  input: unknown;
  /** When it was recorded. */
  at: Date;
}

/**
 * Collects the mutating calls made in dry-run mode. Pass one to a tool's `dryRun` option to read them back, or
 * `dryRun: true` to only log them.
 *
 * @example
 * ```ts
 * import { DryRunRecorder } from 'bluegreen-toolkit';
 * import { purgeQueues, SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const recorder = new DryRunRecorder();
 * const sqs = new SqsTools({ queues, clientConfig: { region: 'eu-west-1' }, dryRun: recorder });
 * await purgeQueues(sqs, StackReference.Blue);
 * console.log(recorder.calls.map((c) => c.operation)); // ['PurgeQueue', 'PurgeQueue']
 * ```
 */
export class DryRunRecorder {
  /** Every recorded call, oldest first. */
  readonly calls: DryRunCall[] = [];
  readonly #listeners: ((call: DryRunCall) => void)[] = [];

  /** @param onCall - called for every recorded call (for example to print it). */
  constructor(onCall?: (call: DryRunCall) => void) {
    if (onCall) this.#listeners.push(onCall);
  }

  /** Records a call and notifies the listeners. */
  record(call: Omit<DryRunCall, 'at'>): void {
    const full: DryRunCall = { ...call, at: new Date() };
    this.calls.push(full);
    for (const listener of this.#listeners) listener(full);
  }

  /** Adds a listener called for every later call. */
  onCall(listener: (call: DryRunCall) => void): void {
    this.#listeners.push(listener);
  }

  /** Forgets the recorded calls. */
  clear(): void {
    this.calls.length = 0;
  }
}

const READ_ONLY = /^(Describe|List|Get|BatchGet|Query|Scan|Head|Search|Lookup|Filter|Check|Validate|Estimate|Preview|Simulate|Test)/;

/**
 * Whether an operation only reads (Describe*, List*, Get*, BatchGet*, Query, Scan and similar). Everything else is
 * treated as mutating, including `ReceiveMessage` (it changes message visibility).
 *
 * @example
 * ```ts
 * import { isReadOnlyOperation } from 'bluegreen-toolkit';
 *
 * isReadOnlyOperation('DescribeDBClusters'); // true
 * isReadOnlyOperation('StopDBCluster'); // false
 * ```
 */
export function isReadOnlyOperation(operation: string): boolean {
  return READ_ONLY.test(operation);
}

/**
 * The name of the middleware {@link addDryRunMiddleware} installs (`bluegreenToolkitDryRun`), for finding or removing
 * it on the client's middleware stack.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { addDryRunMiddleware, DRY_RUN_MIDDLEWARE_NAME, DryRunRecorder } from 'bluegreen-toolkit';
 *
 * const client = new SQSClient({ region: 'eu-west-1' });
 * addDryRunMiddleware(client, new DryRunRecorder());
 * // ... review the recorded calls, then let the same client send for real:
 * client.middlewareStack.remove(DRY_RUN_MIDDLEWARE_NAME);
 * ```
 */
export const DRY_RUN_MIDDLEWARE_NAME = 'bluegreenToolkitDryRun';

/**
 * The part of an AWS SDK v3 client this package relies on when it configures one: its middleware stack.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import type { SdkClientLike } from 'bluegreen-toolkit';
 *
 * const client: SdkClientLike = new SQSClient({});
 * ```
 */
export interface SdkClientLike {
  /** The client's middleware stack. */
  middlewareStack: { add(middleware: never, options: never): void };
}

/**
 * Installs the dry-run middleware on an SDK client: read-only operations pass through; every other operation is
 * recorded on `recorder` (when given) and logged, and answered locally with an empty output, so nothing is changed in AWS.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { DryRunRecorder, addDryRunMiddleware } from 'bluegreen-toolkit';
 *
 * const client = new SQSClient({});
 * const recorder = new DryRunRecorder();
 * addDryRunMiddleware(client, recorder);
 * ```
 */
export function addDryRunMiddleware(client: SdkClientLike, recorder?: Pick<DryRunRecorder, 'record'>, logger?: Logger): void {
  (client.middlewareStack as { add(middleware: unknown, options: Record<string, unknown>): void }).add(
    (next: (args: { input: unknown }) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
      async (args: { input: unknown }) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        if (isReadOnlyOperation(operation)) return next(args);
        const clientName = context.clientName ?? 'UnknownClient';
        recorder?.record({ client: clientName, operation, input: args.input });
        logger?.info(`dry-run: ${clientName} ${operation} not sent`, { client: clientName, operation, input: args.input });
        return { output: { $metadata: { httpStatusCode: 200, attempts: 0, totalRetryDelay: 0 } }, response: {} };
      },
    { step: 'initialize', name: DRY_RUN_MIDDLEWARE_NAME, priority: 'high', override: true },
  );
}

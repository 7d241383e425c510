/**
 * The CodeDeploy double's wire side: an HTTP server speaking the AWS JSON 1.1 protocol (`X-Amz-Target:
 * CodeDeploy_20141006.<Operation>`, errors as `{ "__type": "<Code>", "message": "..." }`), with the injected and the
 * seeded random faults answered before an operation runs.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CodeDeployDoubleOptions, InjectedError, RecordedRequest } from './codedeploy-double-types.js';
import { fnv1a, seededRandom } from './seeded-random.js';

/** One CodeDeploy operation: the request body in, the answer out (or a thrown {@link ApiError}). */
export type OperationHandler = (body: Record<string, unknown>) => unknown;

/** An AWS error answer: `{ "__type": code, "message": message }` with the HTTP status (default 400). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** What to answer instead of running an operation. */
type Fault =
  | { kind: 'answer'; code: string; status: number; message: string }
  /** Applied, then the connection drops before the answer (the client cannot know it landed). */
  | { kind: 'reset-after-apply' };

/** The faults of a double: those queued with `injectError`, then the seeded random ones (option `faults`). */
export class FaultInjector {
  readonly counts: Record<string, number> = {};
  private readonly injected = new Map<string, InjectedError[]>();
  // A fault decision depends on the seed, the operation, the request body and how often that same request came before:
  // the same seed gives the same faults however concurrent requests interleave.
  private readonly seenRequests = new Map<string, number>();

  constructor(private readonly options: CodeDeployDoubleOptions['faults']) {}

  inject(operation: string, error: InjectedError): void {
    const list = this.injected.get(operation) ?? [];
    list.push({ ...error, times: error.times ?? 1 });
    this.injected.set(operation, list);
  }

  /** The fault for this request, if any (consumes one injected answer). */
  next(operation: string, body: unknown): Fault | undefined {
    const faults = this.injected.get(operation);
    const fault = faults?.[0];
    if (faults && fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.shift();
      return { kind: 'answer', code: fault.code, status: fault.status ?? 400, message: fault.message ?? `${fault.code} (injected)` };
    }
    const options = this.options;
    if (!options || (options.operations && !options.operations.includes(operation))) return undefined;
    const random = this.randomFor(operation, body);
    if (random() >= options.rate) return undefined;
    this.counts[operation] = (this.counts[operation] ?? 0) + 1;
    const kind = Math.floor(random() * (operation === 'PutLifecycleEventHookExecutionStatus' ? 4 : 3));
    if (kind === 3) return { kind: 'reset-after-apply' };
    const [code, status] = (
      [
        ['ThrottlingException', 400],
        ['ServiceUnavailableException', 503],
        ['InternalFailure', 500],
      ] as const
    )[kind] as readonly [string, number];
    return { kind: 'answer', code, status, message: `${code} (random fault)` };
  }

  private randomFor(operation: string, body: unknown) {
    const key = `${operation}:${JSON.stringify(body)}`;
    const n = (this.seenRequests.get(key) ?? 0) + 1;
    this.seenRequests.set(key, n);
    return seededRandom(fnv1a(`${this.options?.seed ?? 1}:${key}:${n}`));
  }
}

/** Starts the JSON 1.1 server on a free loopback port; every request is appended to `requests`. */
export async function serveJson11(p: {
  handlers: Record<string, OperationHandler>;
  faults: FaultInjector;
  requests: RecordedRequest[];
}): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const { handlers, faults, requests } = p;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('CodeDeploy_20141006.') ? target.slice('CodeDeploy_20141006.'.length) : '';
    let body: Record<string, unknown> = {};
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      body = text ? JSON.parse(text) : {};
    } catch {
      send(400, { __type: 'SerializationException', message: 'The request body is not valid JSON.' });
      return;
    }
    const record: RecordedRequest = { operation, body, at: new Date() };
    requests.push(record);
    const handler = handlers[operation];
    if (req.method !== 'POST' || !handler) {
      record.errorCode = 'UnknownOperationException';
      send(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      return;
    }
    const fault = faults.next(operation, body);
    if (fault?.kind === 'reset-after-apply') {
      try {
        handler(body);
      } catch {
        // whatever the service answered is lost with the connection
      }
      record.errorCode = 'ConnectionReset(applied)';
      req.socket.destroy();
      return;
    }
    if (fault) {
      record.errorCode = fault.code;
      send(fault.status, { __type: fault.code, message: fault.message });
      return;
    }
    try {
      send(200, handler(body) ?? {});
    } catch (error) {
      if (error instanceof ApiError) {
        record.errorCode = error.code;
        send(error.status, { __type: error.code, message: error.message });
      } else {
        record.errorCode = 'InternalFailure';
        send(500, { __type: 'InternalFailure', message: String(error) });
      }
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The account-true proxy server: a loopback HTTP proxy in front of moto (like test/support/recording-proxy.ts, which
 * only records) that logs every call, injects the seeded faults of a {@link FaultPlan}, and lets the service models
 * answer or rewrite the calls they model. Requests are handled concurrently, like a real endpoint.
 */
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog, type FaultKind, type FaultPlan } from './faults.js';
import type { ServiceModel } from './model.js';
import { type Answer, type AwsCall, errorAnswer, parseCall, serverError, throttlingError } from './wire.js';

/** A running proxy. */
export interface ProxyServer {
  endpoint: string;
  log: CallLog;
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port, forwarding to `target` (moto). */
export async function startProxy(target: string, faults: FaultPlan, models: ServiceModel[]): Promise<ProxyServer> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const log = new CallLog();

  const forwardTo = (call: AwsCall, headers: IncomingMessage['headers']) => (): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: call.method, path: call.path, headers, agent },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () =>
            resolve({ status: answer.statusCode ?? 502, headers: plain(answer.headers), body: Buffer.concat(chunks) }),
          );
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(call.body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call = parseCall(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks));
    const fault = faults.pick(call);
    const entry: { service: string; operation: string; mutating: boolean; forwarded: boolean; fault?: FaultKind } = {
      service: call.service,
      operation: call.operation,
      mutating: call.mutating,
      forwarded: false,
      ...(fault ? { fault } : {}),
    };
    log.record(entry);
    if (fault === 'reset-before') return void req.socket.destroy();
    if (fault === 'throttle') return send(res, errorAnswer(call, throttlingError(call.service)));
    if (fault === 'server-error') return send(res, errorAnswer(call, serverError(call.service)));
    const rawForward = forwardTo(call, req.headers);
    const forward = () => {
      entry.forwarded = true;
      return rawForward();
    };
    let answer: Answer | undefined;
    for (const model of models) {
      answer = await model.handle(call, forward);
      if (answer) break;
    }
    answer ??= await forward();
    // Applied in moto, the answer lost on the way back: the caller sees a reset connection.
    if (fault === 'reset-after') return void req.socket.destroy();
    send(res, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from(String(error)) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function plain(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') out[k] = v;
  return out;
}

function send(res: ServerResponse, answer: Answer): void {
  const headers = { ...answer.headers };
  delete headers['transfer-encoding'];
  delete headers.connection;
  headers['content-length'] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

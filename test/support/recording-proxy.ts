/**
 * A loopback HTTP proxy in front of the emulator that records every AWS request it forwards: the operation (from
 * `X-Amz-Target` for JSON protocols, `Action=` for Query protocols, method + path for REST protocols) and whether it
 * mutates. Lets a test count, at the emulator's door, the calls a dry run really sent; with `delayMs` it also stands in
 * for the network round trip to a real AWS endpoint (benchmarks). Requests are handled concurrently, like a real
 * endpoint.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isReadOnlyOperation } from '../../src/index.js';

/** One forwarded request. */
export interface RecordedRequest {
  operation: string;
  method: string;
  path: string;
  mutating: boolean;
}

/** A running recording proxy. */
export interface RecordingProxy {
  endpoint: string;
  requests: RecordedRequest[];
  mutating(): RecordedRequest[];
  close(): Promise<void>;
}

function classify(method: string, path: string, headers: Record<string, unknown>, body: string): RecordedRequest {
  const target = headers['x-amz-target'];
  let operation: string;
  let mutating: boolean;
  if (typeof target === 'string') {
    operation = target.slice(target.lastIndexOf('.') + 1);
    mutating = !isReadOnlyOperation(operation);
  } else if (method === 'POST' && /(^|&)Action=/.test(body)) {
    operation = new URLSearchParams(body).get('Action') ?? 'Unknown';
    mutating = !isReadOnlyOperation(operation);
  } else {
    operation = `${method} ${path.split('?')[0]}`;
    mutating = method !== 'GET' && method !== 'HEAD';
  }
  return { operation, method, path, mutating };
}

/** Starts the proxy on a free loopback port, forwarding to `target` (after `delayMs`, default 0). */
export async function startRecordingProxy(target: string, options: { delayMs?: number } = {}): Promise<RecordingProxy> {
  const delayMs = options.delayMs ?? 0;
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push(classify(req.method ?? 'GET', req.url ?? '/', req.headers, body.toString('utf8')));
      setTimeout(() => {
        const forward = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', (error) => {
          res.writeHead(502);
          res.end(String(error));
        });
        forward.end(body);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    mutating: () => requests.filter((r) => r.mutating),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Benchmark helper: a loopback HTTP proxy that stands for the network and the account's request quotas in front of a
 * local endpoint (moto, or a test double).
 *
 * - `delayMs`: every request waits this long before it is forwarded (one round trip to a regional endpoint).
 * - `ratePerApi`: a token bucket per API (capacity = rate, refilled at `rate` per second — the shape AWS describes for
 *   its request-rate quotas); a request that finds the bucket empty is answered at once with the protocol's real
 *   throttling error, not forwarded:
 *   - AWS JSON 1.0 with query compatibility (CloudWatch): HTTP 400, `x-amzn-query-error: Throttling;Sender`,
 *     `{"__type":"Throttling","message":"Rate exceeded"}`;
 *   - other JSON protocols (X-Amz-Target): HTTP 400 `{"__type":"ThrottlingException"}`;
 *   - REST-JSON (Lambda): HTTP 429, `x-amzn-errortype: TooManyRequestsException`,
 *     `{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}` (Lambda API reference, errors);
 *   - Query (Action=…): HTTP 400 `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>…`.
 * Counts requests and throttled responses per API.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QuotaProxy {
  endpoint: string;
  /** Requests that arrived, per API. */
  requests: Map<string, number>;
  /** Requests answered with a throttling error, per API. */
  throttled: Map<string, number>;
  total(): { requests: number; throttled: number };
  reset(): void;
  close(): Promise<void>;
}

/** The API a request calls: the X-Amz-Target operation, the Query Action, or the REST method + resource template. */
export function apiOf(method: string, url: string, headers: Record<string, unknown>, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  if (method === 'POST' && /(^|&)Action=/.test(body)) return new URLSearchParams(body).get('Action') ?? 'Unknown';
  const segments = (url.split('?')[0] ?? '').split('/').filter(Boolean);
  return `${method} /${segments.slice(0, 2).join('/')}${segments.length > 2 ? '/{id}' : ''}`;
}

function throttle(res: import('node:http').ServerResponse, headers: Record<string, unknown>, body: string): void {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const queryCompatible = typeof target === 'string' && target.startsWith('GraniteServiceVersion20100801');
    res.writeHead(400, {
      'content-type': 'application/x-amz-json-1.0',
      ...(queryCompatible ? { 'x-amzn-query-error': 'Throttling;Sender' } : {}),
    });
    res.end(JSON.stringify({ __type: queryCompatible ? 'Throttling' : 'ThrottlingException', message: 'Rate exceeded' }));
  } else if (/(^|&)Action=/.test(body)) {
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end(
      '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>bench</RequestId></ErrorResponse>',
    );
  } else {
    res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
    res.end(JSON.stringify({ Type: 'User', message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' }));
  }
}

export async function startQuotaProxy(target: string, options: { delayMs?: number; ratePerApi?: number } = {}): Promise<QuotaProxy> {
  const delayMs = options.delayMs ?? 0;
  const rate = options.ratePerApi;
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const requests = new Map<string, number>();
  const throttled = new Map<string, number>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const take = (api: string): boolean => {
    if (rate === undefined) return true;
    const now = performance.now();
    const b = buckets.get(api) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(api, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const api = apiOf(req.method ?? 'GET', req.url ?? '/', req.headers, text);
      bump(requests, api);
      setTimeout(() => {
        // The quota is checked when the request reaches AWS (after the network delay).
        if (!take(api)) {
          bump(throttled, api);
          throttle(res, req.headers, text);
          return;
        }
        const forward = request(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        forward.end(body);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    throttled,
    total: () => ({ requests: sum(requests), throttled: sum(throttled) }),
    reset: () => {
      requests.clear();
      throttled.clear();
      buckets.clear();
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A local stand-in for API Gateway in front of the hook API: an HTTP server that
 *  1. performs the IAM check API Gateway does for `AWS_IAM` authorization — it verifies the request's AWS Signature
 *     Version 4 (access key known, credential scope = this region and `execute-api`, date within 5 minutes, `host`
 *     and `x-amz-date` signed, signature recomputed over method, path, query, signed headers and the body's SHA-256
 *     with the known secret) and answers 403 like API Gateway when it does not hold;
 *  2. turns the request into an API Gateway REST proxy event (payload 1.0) and answers with the handler's result.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { ApiProxyEvent, ApiProxyResult } from '../../src/external-hook/index.js';

/** Credentials the adapter knows (and the tests sign with). */
export const TEST_API_CREDENTIALS: Readonly<{ accessKeyId: string; secretAccessKey: string }> = Object.freeze({
  accessKeyId: 'AKIDHOOKTEST0000001',
  secretAccessKey: 'hook-api-test-secret/0123456789abcdef',
});
export const TEST_API_REGION = 'us-east-1';

export interface AdapterRequest {
  method: string;
  path: string;
  authorized: boolean;
  /** Why the IAM check rejected it. */
  reason?: string;
  accessKeyId?: string;
  status?: number;
}

export interface HookApiAdapter {
  /** Base URL including the stage, e.g. `http://127.0.0.1:1234/test`. */
  url: string;
  requests(): AdapterRequest[];
  stop(): Promise<void>;
}

export interface AdapterOptions {
  handler: (event: ApiProxyEvent) => Promise<ApiProxyResult>;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }[];
  region?: string;
  stage?: string;
  maxSkewMs?: number;
  /**
   * The IAM principal behind each access key, put in `requestContext.identity.userArn` as API Gateway does for AWS_IAM
   * authorization (default: `arn:aws:iam::123456789012:user/hook-test` for every key).
   */
  principals?: Record<string, string>;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function startHookApiAdapter(options: AdapterOptions): Promise<HookApiAdapter> {
  const region = options.region ?? TEST_API_REGION;
  const stage = options.stage ?? 'test';
  const known = new Map((options.credentials ?? [TEST_API_CREDENTIALS]).map((c) => [c.accessKeyId, c]));
  const maxSkew = options.maxSkewMs ?? 5 * 60_000;
  const log: AdapterRequest[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: AdapterRequest = { method: req.method ?? '', path: req.url ?? '', authorized: false };
      log.push(entry);
      const send = (status: number, headers: Record<string, string>, text: string) => {
        entry.status = status;
        res.writeHead(status, headers);
        res.end(text);
      };
      try {
        const check = await verify(req, body, { region, known, maxSkew });
        if (!check.ok) {
          entry.reason = check.reason;
          send(403, { 'content-type': 'application/json', 'x-amzn-errortype': check.type }, JSON.stringify({ message: check.message }));
          return;
        }
        entry.authorized = true;
        entry.accessKeyId = check.accessKeyId;
        const url = new URL(req.url ?? '/', 'http://localhost');
        const prefix = `/${stage}`;
        if (!url.pathname.startsWith(`${prefix}/`)) {
          send(403, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Missing Authentication Token' }));
          return;
        }
        const path = url.pathname.slice(prefix.length);
        const match = /^\/deployments\/([^/]+)\/([^/]+)$/.exec(path);
        let pathParameters: Record<string, string> | null = null;
        if (match) {
          try {
            pathParameters = { app: decodeURIComponent(match[1] as string), stage: decodeURIComponent(match[2] as string) };
          } catch {
            pathParameters = null;
          }
        }
        const event: ApiProxyEvent & Record<string, unknown> = {
          httpMethod: req.method ?? 'GET',
          path,
          resource: pathParameters ? '/deployments/{app}/{stage}' : path,
          pathParameters,
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
          body: body === '' ? null : body,
          isBase64Encoded: false,
          requestContext: {
            stage,
            identity: {
              accessKey: check.accessKeyId,
              userArn: options.principals?.[check.accessKeyId] ?? 'arn:aws:iam::123456789012:user/hook-test',
            },
            httpMethod: req.method,
          },
        };
        const result = await options.handler(event);
        send(result.statusCode, result.headers, result.body);
      } catch (error) {
        send(502, { 'content-type': 'application/json' }, JSON.stringify({ message: `adapter: ${String(error)}` }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${stage}`,
    requests: () => [...log],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Verdict = { ok: true; accessKeyId: string } | { ok: false; reason: string; message: string; type: string };

function deny(reason: string, message = 'The request signature we calculated does not match the signature you provided.'): Verdict {
  return {
    ok: false,
    reason,
    message,
    type: message === 'Missing Authentication Token' ? 'MissingAuthenticationTokenException' : 'InvalidSignatureException',
  };
}

async function verify(
  req: IncomingMessage,
  body: string,
  ctx: { region: string; known: Map<string, { accessKeyId: string; secretAccessKey: string; sessionToken?: string }>; maxSkew: number },
): Promise<Verdict> {
  const authorization = req.headers.authorization;
  if (!authorization) return deny('unsigned', 'Missing Authentication Token');
  const m = AUTH.exec(authorization);
  if (!m) return deny('malformed Authorization header', 'Authorization header requires Credential, SignedHeaders and Signature.');
  const [, accessKeyId, scopeDate, scopeRegion, scopeService, signedHeaderList, signature] = m as unknown as string[];
  const credentials = ctx.known.get(accessKeyId as string);
  if (!credentials) return deny('unknown access key', 'The security token included in the request is invalid.');
  if (scopeRegion !== ctx.region || scopeService !== 'execute-api') return deny(`wrong credential scope ${scopeRegion}/${scopeService}`);
  const amzDate = req.headers['x-amz-date'];
  if (typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== scopeDate) {
    return deny('missing or inconsistent x-amz-date');
  }
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (Math.abs(Date.now() - signingDate.getTime()) > ctx.maxSkew) return deny('request time too skewed', 'Signature expired.');
  const signedHeaders = (signedHeaderList as string).split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return deny('host and x-amz-date must be signed');
  if (credentials.sessionToken !== undefined && req.headers['x-amz-security-token'] !== credentials.sessionToken) {
    return deny('missing or wrong session token', 'The security token included in the request is invalid.');
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    if (name === 'x-amz-content-sha256') continue; // recomputed from the body below
    const value = req.headers[name];
    if (value === undefined) return deny(`signed header ${name} is missing`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    service: 'execute-api',
    region: ctx.region,
    credentials,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: signedHeaders.includes('x-amz-content-sha256'),
  });
  const expected = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: '127.0.0.1', path: url.pathname, query, headers, body } as HttpRequest,
    { signingDate },
  );
  const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(String(expected.headers.authorization))?.[1] ?? '';
  const expectedSigned = /SignedHeaders=([^,]+),/.exec(String(expected.headers.authorization))?.[1] ?? '';
  if (expectedSigned !== signedHeaderList) return deny(`signed header list differs (${signedHeaderList} vs ${expectedSigned})`);
  const a = Buffer.from(expectedSignature, 'hex');
  const b = Buffer.from(signature as string, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return deny('signature mismatch');
  return { ok: true, accessKeyId: accessKeyId as string };
}

/** Sends one request signed with SigV4 (execute-api) using `credentials` — for tests that need the raw HTTP answer. */
export async function signedRequest(
  url: string,
  method: string,
  body: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = TEST_API_CREDENTIALS,
  region = TEST_API_REGION,
): Promise<Response> {
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query: {},
    headers: { host: target.host, 'content-type': 'application/json' },
    body,
  } as HttpRequest);
  const { host: _host, ...headers } = signed.headers;
  return fetch(target, { method, headers, body });
}

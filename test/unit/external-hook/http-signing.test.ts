import { strict as assert } from 'node:assert';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import { ConfigError } from '../../../src/core/index.js';
import { type ApiProxyEvent, type ApiProxyResult, ExternalHookClient, HttpHookTransport } from '../../../src/external-hook/index.js';
import { type HookApiAdapter, startHookApiAdapter, TEST_API_CREDENTIALS } from '../../support/hook-api-adapter.js';

describe('Class: HttpHookTransport (SigV4) against the local adapter with its IAM check stand-in', () => {
  let adapter: HookApiAdapter;
  const events: ApiProxyEvent[] = [];
  const handler = async (event: ApiProxyEvent): Promise<ApiProxyResult> => {
    events.push(event);
    if (event.httpMethod === 'DELETE') return { statusCode: 204, headers: {}, body: '' };
    return {
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ deployments: { api: { id: 'x', deploymentId: 'd-AAAAAAAAA', lifecycleEventHookExecutionId: 'e1' } } }),
    };
  };
  before(async () => {
    adapter = await startHookApiAdapter({ handler });
  });
  after(() => adapter.stop());
  beforeEach(() => {
    events.length = 0;
  });

  const signedFetch = async (init: {
    method: string;
    path: string;
    body: string;
    credentials?: typeof TEST_API_CREDENTIALS;
    tamper?: (r: HttpRequest) => void;
    region?: string;
  }) => {
    const url = new URL(`${adapter.url}${init.path}`);
    const signer = new SignatureV4({
      service: 'execute-api',
      region: init.region ?? 'us-east-1',
      credentials: init.credentials ?? TEST_API_CREDENTIALS,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: init.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json' },
      body: init.body,
    } as HttpRequest);
    init.tamper?.(signed);
    const { host: _host, ...headers } = signed.headers;
    return fetch(url, { method: init.method, headers, body: signed.body as string });
  };

  it('the client signs every request, and the adapter accepts them', async () => {
    const client = new ExternalHookClient({ apiUrl: adapter.url, region: 'us-east-1', credentials: TEST_API_CREDENTIALS });
    const listed = await client.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] });
    assert.deepEqual(listed.api, { id: 'x', deploymentId: 'd-AAAAAAAAA', executionId: 'e1' });
    const released = await client.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
    assert.equal(released.outcome, 'changed');
    const log = adapter.requests();
    assert.equal(log.length, 2);
    for (const r of log) {
      assert.equal(r.authorized, true, r.reason);
      assert.equal(r.accessKeyId, TEST_API_CREDENTIALS.accessKeyId);
    }
    assert.deepEqual(
      events.map((e) => [e.httpMethod, e.path, e.pathParameters?.app, e.pathParameters?.stage]),
      [
        ['POST', '/deployments/shop/PRE_TRAFFIC', 'shop', 'PRE_TRAFFIC'],
        ['DELETE', '/deployments/shop/PRE_TRAFFIC', 'shop', 'PRE_TRAFFIC'],
      ],
    );
    assert.match(
      String(events[0]?.headers?.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDHOOKTEST0000001\/\d{8}\/us-east-1\/execute-api\/aws4_request/,
    );
  });

  it('signs names that need percent-encoding (+, =, @) so the signature still verifies', async () => {
    const client = new ExternalHookClient({ apiUrl: `${adapter.url}/`, region: 'us-east-1', credentials: TEST_API_CREDENTIALS });
    await client.list({ app: 'shop+eu=1@x', stage: 'AfterAllowTestTraffic', groups: ['api'] });
    assert.equal(adapter.requests().at(-1)?.authorized, true, adapter.requests().at(-1)?.reason);
    assert.equal(events[0]?.pathParameters?.app, 'shop+eu=1@x');
  });

  it('rejects an unsigned request with 403 and never calls the handler', async () => {
    const response = await fetch(`${adapter.url}/deployments/shop/PRE_TRAFFIC`, {
      method: 'POST',
      body: '{"deploymentGroupNames":["api"]}',
    });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { message: string }).message, 'Missing Authentication Token');
    assert.equal(events.length, 0);
    assert.equal(adapter.requests().at(-1)?.reason, 'unsigned');
  });

  it('rejects a request signed with the wrong secret', async () => {
    const response = await signedFetch({
      method: 'POST',
      path: '/deployments/shop/PRE_TRAFFIC',
      body: '{"deploymentGroupNames":["api"]}',
      credentials: { accessKeyId: TEST_API_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    assert.equal(response.status, 403);
    assert.equal(adapter.requests().at(-1)?.reason, 'signature mismatch');
    assert.equal(events.length, 0);
  });

  it('rejects an unknown access key, a wrong region scope, and a body changed after signing', async () => {
    const unknown = await signedFetch({
      method: 'POST',
      path: '/deployments/shop/PRE_TRAFFIC',
      body: '{}',
      credentials: { accessKeyId: 'AKIDSOMEONEELSE00001', secretAccessKey: 'x' },
    });
    assert.equal(unknown.status, 403);
    assert.equal(adapter.requests().at(-1)?.reason, 'unknown access key');
    const region = await signedFetch({ method: 'POST', path: '/deployments/shop/PRE_TRAFFIC', body: '{}', region: 'eu-west-1' });
    assert.equal(region.status, 403);
    assert.match(adapter.requests().at(-1)?.reason ?? '', /wrong credential scope/);
    const tampered = await signedFetch({
      method: 'DELETE',
      path: '/deployments/shop/PRE_TRAFFIC',
      body: '{"deploymentTests":{"api":"FAILURE"}}',
      tamper: (r) => {
        r.body = '{"deploymentTests":{"api":"SUCCESS"}}';
      },
    });
    assert.equal(tampered.status, 403);
    assert.equal(adapter.requests().at(-1)?.reason, 'signature mismatch');
    const otherPath = await signedFetch({
      method: 'POST',
      path: '/deployments/shop/PRE_TRAFFIC',
      body: '{}',
      tamper: (r) => {
        r.headers['x-amz-date'] = '20200101T000000Z';
      },
    });
    assert.equal(otherPath.status, 403);
    assert.equal(events.length, 0);
  });

  it('a 403 from the API becomes an error naming execute-api:Invoke', async () => {
    const client = new ExternalHookClient({
      apiUrl: adapter.url,
      region: 'us-east-1',
      credentials: { accessKeyId: TEST_API_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
    });
    await assert.rejects(client.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] }), /execute-api:Invoke/);
  });

  it('bad options are ConfigErrors', () => {
    assert.throws(() => new HttpHookTransport({ apiUrl: 'not a url', region: 'us-east-1' }), ConfigError);
    assert.throws(() => new HttpHookTransport({ apiUrl: 'ftp://x/y', region: 'us-east-1' }), ConfigError);
    const t = new HttpHookTransport({
      apiUrl: 'https://abc123.execute-api.eu-central-1.amazonaws.com/prod',
      credentials: TEST_API_CREDENTIALS,
    });
    assert.equal(t.description, 'https://abc123.execute-api.eu-central-1.amazonaws.com/prod/');
  });
});

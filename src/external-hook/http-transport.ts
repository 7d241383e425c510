import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { BlueGreenError, backoffDelay, ConfigError, type Logger, requireString, silentLogger, sleep } from '../core/index.js';
import type { ListHooksResponse, ReleaseHooksResponse } from './api-handler.js';
import { nullRecord, ownValue } from './names.js';
import type { HookTransport, ReadyHook, TransportCallOptions } from './transport.js';
import type { GroupRelease, GroupReleaseStatus, ListQuery, ReleaseRequest } from './types.js';

/**
 * Options of {@link HttpHookTransport}.
 *
 * @example
 * ```ts
 * import type { HttpTransportOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const options: HttpTransportOptions = { apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' };
 * ```
 */
export interface HttpTransportOptions {
  /** The API's base URL (the stack output `ApiUrl`), for example `https://abc123.execute-api.eu-west-1.amazonaws.com/prod`. */
  apiUrl: string;
  /** The signing region (default: taken from an `execute-api` host name, else `AWS_REGION`). */
  region?: string;
  /** Credentials or a provider (default: the AWS SDK's Node.js provider chain, loaded on first use). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The signing service (default `execute-api`). */
  service?: string;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: typeof fetch;
  /**
   * Attempts per request for throttling (429), 503/504 and network errors (default 3). The pauses are the core
   * backoff (capped exponential with full jitter, `minDelay` 0.25 s … `maxDelay` 4 s) and never pass the caller's
   * deadline.
   */
  maxAttempts?: number;
  /** Where retries are logged. */
  logger?: Logger;
}

type Signer = { sign(request: HttpRequest): Promise<HttpRequest> };

const KNOWN_STATUSES = new Set<GroupReleaseStatus>(['RELEASED', 'ALREADY_RELEASED', 'CONFLICT', 'NOT_FOUND', 'ERROR']);

/** `fetch failed` hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, …): show it. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}

/**
 * The hook API answered with an error status, or could not be reached (`statusCode` 0). `transient` is true for
 * network errors, 429 and 5xx: worth trying again later (waiting keeps polling through them).
 *
 * @example
 * ```ts
 * import { HookApiError } from 'bluegreen-toolkit/external-hook';
 *
 * try { await client.list(query); } catch (e) { if (e instanceof HookApiError && e.statusCode === 403) console.error('grant execute-api:Invoke'); }
 * ```
 */
export class HookApiError extends BlueGreenError {
  /** The HTTP status, or 0 when the API could not be reached. */
  readonly statusCode: number;
  /** Whether trying again later may succeed. */
  readonly transient: boolean;
  constructor(message: string, options: { statusCode: number; cause?: unknown }) {
    super(message, options);
    this.statusCode = options.statusCode;
    this.transient = options.statusCode === 0 || options.statusCode === 429 || options.statusCode >= 500;
  }
}

/**
 * Reaches the hook API over HTTPS and signs every request with AWS Signature Version 4 (service `execute-api`), as the
 * API's `AWS_IAM` authorization requires. `@smithy/signature-v4`, `@aws-crypto/sha256-js` and (without explicit
 * credentials) `@aws-sdk/credential-provider-node` are loaded on first use; they ship with every AWS SDK v3 client.
 *
 * @remarks
 * IAM (the caller): `execute-api:Invoke` on the API's `POST` and `DELETE /deployments/*` (the stack output
 * `ClientPolicyArn` is a managed policy granting exactly that).
 *
 * @example
 * ```ts
 * import { ExternalHookClient, HttpHookTransport } from 'bluegreen-toolkit/external-hook';
 *
 * const client = new ExternalHookClient({ transport: new HttpHookTransport({ apiUrl: process.env.HOOK_API_URL ?? '' }) });
 * ```
 */
export class HttpHookTransport implements HookTransport {
  /** The API base URL. */
  readonly description: string;
  private readonly base: URL;
  private readonly region: string;
  private readonly service: string;
  private readonly fetchImpl: typeof fetch;
  private readonly maxAttempts: number;
  private readonly logger: Logger;
  private readonly credentials: HttpTransportOptions['credentials'];
  private signer: Promise<Signer> | undefined;

  /**
   * @param options - {@link HttpTransportOptions}.
   * @throws ConfigError for a missing or malformed URL, or no region.
   */
  constructor(options: HttpTransportOptions) {
    if (options === null || typeof options !== 'object') throw new ConfigError('new HttpHookTransport(options) needs { apiUrl }.');
    const url = requireString(options.apiUrl, 'apiUrl');
    let base: URL;
    try {
      base = new URL(url.endsWith('/') ? url : `${url}/`);
    } catch {
      throw new ConfigError(`apiUrl ${JSON.stringify(url)} is not a URL: use the stack output ApiUrl (https://…/prod).`);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new ConfigError(`apiUrl must be http(s), got ${base.protocol}`);
    if (base.search || base.hash) throw new ConfigError('apiUrl must not have a query string or fragment.');
    this.base = base;
    this.description = base.href;
    const fromHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(base.hostname)?.[1];
    const region = options.region ?? fromHost ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    this.region = requireString(region, 'region (set it, or AWS_REGION)');
    this.service = options.service ?? 'execute-api';
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof this.fetchImpl !== 'function') throw new ConfigError('No fetch implementation: use Node.js 20+ or pass options.fetch.');
    this.maxAttempts = options.maxAttempts ?? 3;
    this.logger = options.logger ?? silentLogger;
    this.credentials = options.credentials;
  }

  /** `POST /deployments/{app}/{stage}`. */
  async list(query: ListQuery, options: TransportCallOptions = {}): Promise<Record<string, ReadyHook | undefined>> {
    const body: Record<string, unknown> = { deploymentGroupNames: query.groups };
    if (query.deploymentId !== undefined) body.deploymentId = query.deploymentId;
    const response = await this.request('POST', query.app, query.stage, body, options);
    if (response.status !== 200) throw this.httpError('list hooks', response);
    const parsed = response.json as ListHooksResponse | undefined;
    if (!parsed || typeof parsed.deployments !== 'object' || parsed.deployments === null) {
      throw new BlueGreenError(`The hook API answered without "deployments": ${response.text.slice(0, 200)}`);
    }
    const out = nullRecord<ReadyHook | undefined>();
    for (const group of query.groups) {
      const hook = ownValue(parsed.deployments, group);
      out[group] = hook ? { id: hook.id, deploymentId: hook.deploymentId, executionId: hook.lifecycleEventHookExecutionId } : undefined;
    }
    return out;
  }

  /** `DELETE /deployments/{app}/{stage}`. */
  async release(request: ReleaseRequest, options: TransportCallOptions = {}): Promise<Record<string, GroupRelease>> {
    const body: Record<string, unknown> = { deploymentTests: request.results };
    if (request.deploymentId !== undefined) body.deploymentId = request.deploymentId;
    const response = await this.request('DELETE', request.app, request.stage, body, options);
    const groups = Object.keys(request.results);
    const out = nullRecord<GroupRelease>();
    if (response.status === 204) {
      for (const g of groups) {
        const result = ownValue(request.results, g) ?? 'FAILURE';
        out[g] = { status: 'RELEASED', result, actualResult: result, message: `released ${g}` };
      }
      return out;
    }
    const parsed = response.json as ReleaseHooksResponse | undefined;
    if ([404, 409, 502].includes(response.status) && parsed?.results && typeof parsed.results === 'object') {
      for (const g of groups) {
        const r = ownValue(parsed.results, g);
        const status: GroupReleaseStatus = KNOWN_STATUSES.has(r?.status as GroupReleaseStatus)
          ? (r?.status as GroupReleaseStatus)
          : 'ERROR';
        const entry: GroupRelease = {
          status,
          result: ownValue(request.results, g) ?? 'FAILURE',
          message: typeof r?.message === 'string' ? r.message : 'no result for this group',
        };
        if (r?.actualResult === 'SUCCESS' || r?.actualResult === 'FAILURE') entry.actualResult = r.actualResult;
        if (typeof r?.deploymentId === 'string') entry.deploymentId = r.deploymentId;
        out[g] = entry;
      }
      return out;
    }
    throw this.httpError('release hooks', response);
  }

  private async request(method: 'POST' | 'DELETE', app: string, stage: string, body: unknown, options: TransportCallOptions) {
    const url = new URL(`deployments/${encodeURIComponent(app)}/${encodeURIComponent(stage)}`, this.base);
    const payload = JSON.stringify(body);
    const signer = await this.getSigner();
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const signed = await signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: { host: url.host, 'content-type': 'application/json' },
        body: payload,
      } as HttpRequest);
      const headers = { ...signed.headers };
      delete headers.host; // fetch sets Host from the URL, to exactly the signed value
      let retryReason: string;
      try {
        const response = await this.fetchImpl(url, {
          method,
          headers,
          body: payload,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const text = await response.text();
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        if (!(response.status === 429 || response.status === 503 || response.status === 504))
          return { status: response.status, text, json };
        if (attempt >= this.maxAttempts || !(await this.pause(attempt, options))) return { status: response.status, text, json };
        retryReason = `HTTP ${response.status}`;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        lastError = error;
        if (attempt >= this.maxAttempts || !(await this.pause(attempt, options))) break;
        retryReason = describeNetworkError(error);
      }
      this.logger.warn('external-hook: hook API request failed, retrying', { reason: retryReason, attempt });
    }
    throw new HookApiError(`The hook API at ${this.description} is unreachable: ${describeNetworkError(lastError)}`, {
      statusCode: 0,
      cause: lastError,
    });
  }

  /** Sleeps the backoff before attempt `attempt + 1`; false (no sleep) when that would pass the deadline. */
  private async pause(attempt: number, options: TransportCallOptions): Promise<boolean> {
    const delay = backoffDelay(attempt, { minDelay: 0.25, maxDelay: 4 });
    if (options.deadline !== undefined && Date.now() + delay >= options.deadline) return false;
    await sleep(delay, options.signal, 'the hook API');
    return true;
  }

  private httpError(what: string, response: { status: number; text: string; json: unknown }): Error {
    const message = (response.json as { message?: unknown } | undefined)?.message;
    const detail = typeof message === 'string' ? message : response.text.slice(0, 300);
    if (response.status === 400) return new ConfigError(`The hook API rejected the request to ${what}: ${detail}`);
    if (response.status === 403) {
      return new HookApiError(
        `The hook API denied the request to ${what} (403): the caller needs execute-api:Invoke on ${this.description} (attach the stack's ClientPolicyArn). ${detail}`,
        { statusCode: 403 },
      );
    }
    return new HookApiError(`The hook API could not ${what}: HTTP ${response.status}: ${detail}`, { statusCode: response.status });
  }

  private getSigner(): Promise<Signer> {
    this.signer ??= (async () => {
      const [{ SignatureV4 }, { Sha256 }] = await Promise.all([import('@smithy/signature-v4'), import('@aws-crypto/sha256-js')]);
      const credentials = this.credentials ?? (await import('@aws-sdk/credential-provider-node')).defaultProvider();
      return new SignatureV4({ service: this.service, region: this.region, credentials, sha256: Sha256, uriEscapePath: true });
    })();
    return this.signer;
  }
}

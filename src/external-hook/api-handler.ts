import { BlueGreenError, ConfigError, describeValue, type Logger, silentLogger } from '../core/index.js';
import type { HookStore } from './hook-store.js';
import { nullRecord, parseStage, requireDeploymentId, requireGroups, requireName, validateResults } from './names.js';
import type { GroupRelease, GroupReleaseStatus } from './types.js';

/**
 * The parts of an API Gateway REST API proxy event (payload 1.0) the handler reads.
 *
 * @example
 * ```ts
 * import type { ApiProxyEvent } from 'bluegreen-toolkit/external-hook';
 *
 * const event: ApiProxyEvent = { httpMethod: 'POST', path: '/deployments/shop/PRE_TRAFFIC', body: '{"deploymentGroupNames":["api"]}' };
 * ```
 */
export interface ApiProxyEvent {
  /** `POST`, `DELETE`, … */
  httpMethod: string;
  /** The request path, for example `/deployments/shop/PRE_TRAFFIC`. */
  path: string;
  /** The resource template, for example `/deployments/{app}/{stage}`. */
  resource?: string | null;
  /** Decoded path parameters, when API Gateway matched the resource. */
  pathParameters?: Record<string, string | undefined> | null;
  /** Request headers. */
  headers?: Record<string, string | undefined> | null;
  /** The body, or `null`. */
  body?: string | null;
  /** Whether `body` is base64. */
  isBase64Encoded?: boolean;
  /** The request context; with `AWS_IAM` authorization `identity.userArn` is the signing principal. */
  requestContext?: { identity?: { userArn?: string | null; [key: string]: unknown } | null; [key: string]: unknown } | null;
}

/**
 * The proxy response.
 *
 * @example
 * ```ts
 * import type { ApiProxyResult } from 'bluegreen-toolkit/external-hook';
 *
 * const result: ApiProxyResult = { statusCode: 204, headers: {}, body: '' };
 * ```
 */
export interface ApiProxyResult {
  /** HTTP status code. */
  statusCode: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** The body (JSON or empty). */
  body: string;
}

/**
 * One route of the hook API.
 *
 * @example
 * ```ts
 * import { API_ROUTES } from 'bluegreen-toolkit/external-hook';
 *
 * for (const r of API_ROUTES) console.log(r.method, r.path);
 * ```
 */
export interface ApiRoute {
  /** HTTP method. */
  method: 'POST' | 'DELETE';
  /** The path template. */
  path: string;
  /** The operationId in infra/openapi.yaml. */
  operationId: string;
  /** The success status code. */
  successStatus: number;
}

/**
 * The routes the API handler serves (infra/openapi.yaml documents exactly these; a test checks it):
 * `POST /deployments/{app}/{stage}` (listHooks, 200) and `DELETE /deployments/{app}/{stage}` (releaseHooks, 204).
 *
 * @example
 * ```ts
 * import { API_ROUTES } from 'bluegreen-toolkit/external-hook';
 *
 * const release = API_ROUTES.find((r) => r.operationId === 'releaseHooks');
 * const path = release?.path.replace('{app}', 'shop').replace('{stage}', 'PRE_TRAFFIC'); // '/deployments/shop/PRE_TRAFFIC'
 * console.log(release?.method, path, release?.successStatus); // DELETE /deployments/shop/PRE_TRAFFIC 204
 * ```
 */
export const API_ROUTES: readonly ApiRoute[] = Object.freeze([
  { method: 'POST', path: '/deployments/{app}/{stage}', operationId: 'listHooks', successStatus: 200 },
  { method: 'DELETE', path: '/deployments/{app}/{stage}', operationId: 'releaseHooks', successStatus: 204 },
]);

/**
 * The largest body the API accepts, in bytes of UTF-8 (after base64 decoding): 16 KiB. A larger body is answered 400.
 *
 * @example
 * ```ts
 * import { MAX_BODY_BYTES } from 'bluegreen-toolkit/external-hook';
 *
 * const body = JSON.stringify({ deploymentGroupNames: ['api', 'worker'] });
 * if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new Error('too many groups for one request');
 * ```
 */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * The body of `POST /deployments/{app}/{stage}`.
 *
 * @example
 * ```ts
 * import type { ListHooksBody } from 'bluegreen-toolkit/external-hook';
 *
 * const body: ListHooksBody = { deploymentGroupNames: ['api', 'worker'] };
 * ```
 */
export interface ListHooksBody {
  /** The deployment groups to look at (1–50). */
  deploymentGroupNames: string[];
  /** Only hooks of this deployment (extension). */
  deploymentId?: string;
}

/**
 * The answer of `POST /deployments/{app}/{stage}`: the ready hooks by group (groups with nothing ready are absent).
 *
 * @example
 * ```ts
 * import type { ListHooksResponse } from 'bluegreen-toolkit/external-hook';
 *
 * const ready = (r: ListHooksResponse, groups: string[]) => groups.every((g) => r.deployments[g]);
 * ```
 */
export interface ListHooksResponse {
  /** Ready hooks by deployment group. */
  deployments: Record<string, { id: string; deploymentId: string; lifecycleEventHookExecutionId: string }>;
}

/**
 * The body of `DELETE /deployments/{app}/{stage}`.
 *
 * @example
 * ```ts
 * import type { ReleaseHooksBody } from 'bluegreen-toolkit/external-hook';
 *
 * const body: ReleaseHooksBody = { deploymentTests: { api: 'SUCCESS', worker: 'FAILURE' } };
 * ```
 */
export interface ReleaseHooksBody {
  /** The result per deployment group. */
  deploymentTests: Record<string, 'SUCCESS' | 'FAILURE'>;
  /** Only hooks of this deployment (extension). */
  deploymentId?: string;
}

/**
 * The answer of `DELETE` when not every group was released by this call (all released → 204 without a body). The
 * status code is 502 when CodeDeploy refused a status, else 404 when a group had nothing parked, else 409 (already
 * released; `CONFLICT` with `actualResult` when the hook carries the other result: the asked one was not delivered).
 *
 * @example
 * ```ts
 * import type { ReleaseHooksResponse } from 'bluegreen-toolkit/external-hook';
 *
 * const failed = (r: ReleaseHooksResponse) => Object.entries(r.results).filter(([, v]) => v.status !== 'RELEASED');
 * ```
 */
export interface ReleaseHooksResponse {
  /** A summary. */
  message: string;
  /** The outcome per group. */
  results: Record<string, { status: GroupReleaseStatus; message: string; deploymentId?: string; actualResult?: 'SUCCESS' | 'FAILURE' }>;
}

/**
 * Options of {@link createApiHandler}.
 *
 * @example
 * ```ts
 * import { HookStore, type ApiHandlerOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const options: ApiHandlerOptions = { store: new HookStore({ tableName: process.env.HOOK_TABLE ?? '' }) };
 * ```
 */
export interface ApiHandlerOptions {
  /** The hook store. */
  store: HookStore;
  /** Where errors are logged (default: nothing). */
  logger?: Logger;
  /**
   * Defence in depth besides IAM: per CodeDeploy application, the IAM role or user ARNs allowed to list and release its
   * hooks (`arn:aws:iam::123456789012:role/shop-ci`; an assumed-role session of that role matches). An application
   * that is not listed is refused (403). Default: no check here (IAM's client policies decide alone).
   */
  allowedCallers?: Record<string, readonly string[]>;
}

/**
 * Creates the Lambda handler of the hook API (API Gateway REST API, proxy integration, `AWS_IAM` authorization),
 * compatible with code-deploy-external-hook's contract:
 *
 * - `POST /deployments/{app}/{stage}` with `{"deploymentGroupNames": [...]}` → 200
 *   `{"deployments": {group: {id, deploymentId, lifecycleEventHookExecutionId}}}` (ready hooks only);
 * - `DELETE /deployments/{app}/{stage}` with `{"deploymentTests": {group: "SUCCESS" | "FAILURE"}}` → 204.
 *
 * Extensions: an optional `deploymentId` in either body; ECS lifecycle event names as the stage; per-group results
 * (with 409 for an already released hook, 404 for nothing parked, 502 when CodeDeploy refused). Every input is
 * validated — names, sizes, enum values, body shape, unknown keys — and answered 400 with a message, never 500.
 *
 * @param options - {@link ApiHandlerOptions}.
 * @returns `(event) => Promise<ApiProxyResult>`.
 *
 * @remarks
 * IAM: `dynamodb:Query`, `dynamodb:UpdateItem`, `codedeploy:BatchGetDeployments`,
 * `codedeploy:PutLifecycleEventHookExecutionStatus` — the function's role: what {@link HookStore.list} and
 * {@link HookStore.release} call; infra/template.yaml grants exactly these (a test checks it).
 *
 * @example
 * ```ts
 * import { createApiHandler, HookStore } from 'bluegreen-toolkit/external-hook';
 *
 * export const handler = createApiHandler({ store: new HookStore({ tableName: process.env.HOOK_TABLE ?? '' }) });
 * ```
 */
export function createApiHandler(options: ApiHandlerOptions): (event: ApiProxyEvent) => Promise<ApiProxyResult> {
  if (options === null || typeof options !== 'object' || !options.store) throw new ConfigError('createApiHandler needs { store }.');
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const callers = validateCallers(options.allowedCallers);
  return async (event) => {
    let request: ParsedRequest;
    try {
      request = parseRequest(event);
      if (callers) authorize(callers, request.query.app, event);
    } catch (error) {
      if (error instanceof ApiError) return json(error.statusCode, { message: error.message }, error.headers);
      if (error instanceof ConfigError) return json(400, { message: error.message });
      logger.error('external-hook api: could not parse the request', { error: String(error) });
      return json(400, { message: 'The request could not be read.' });
    }
    try {
      if (request.kind === 'list') {
        const hooks = await store.list(request.query);
        const deployments = nullRecord<ListHooksResponse['deployments'][string]>();
        for (const [group, hook] of Object.entries(hooks)) {
          if (hook) deployments[group] = { id: hook.id, deploymentId: hook.deploymentId, lifecycleEventHookExecutionId: hook.executionId };
        }
        return json(200, { deployments } satisfies ListHooksResponse);
      }
      const results = await store.release(request.query);
      return releaseResponse(results);
    } catch (error) {
      if (error instanceof ConfigError) return json(400, { message: error.message });
      logger.error('external-hook api: request failed', { error: String(error), cause: String((error as Error)?.cause) });
      const message = error instanceof BlueGreenError ? error.message : 'Internal error';
      return json(500, { message });
    }
  };
}

type ParsedRequest =
  | { kind: 'list'; query: { app: string; stage: string; groups: string[]; deploymentId?: string } }
  | { kind: 'release'; query: { app: string; stage: string; results: Record<string, 'SUCCESS' | 'FAILURE'>; deploymentId?: string } };

class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function parseRequest(event: ApiProxyEvent): ParsedRequest {
  if (event === null || typeof event !== 'object' || typeof event.httpMethod !== 'string' || typeof event.path !== 'string') {
    throw new ApiError(400, 'Not an API Gateway proxy event: httpMethod and path are required.');
  }
  const params = routeParams(event);
  const method = event.httpMethod.toUpperCase();
  if (method !== 'POST' && method !== 'DELETE') {
    throw new ApiError(405, `Method ${method} is not allowed on ${API_ROUTES[0]?.path}: use POST (list) or DELETE (release).`, {
      Allow: 'POST, DELETE',
    });
  }
  const app = requireName(params.app, 'path parameter app');
  const stage = params.stage;
  parseStage(stage, 'path parameter stage');
  const body = readBody(event);
  if (method === 'POST') {
    allowKeys(body, ['deploymentGroupNames', 'deploymentId']);
    if (!('deploymentGroupNames' in body)) throw new ConfigError('body.deploymentGroupNames is missing: list the deployment groups.');
    const groups = requireGroups(body.deploymentGroupNames, 'body.deploymentGroupNames');
    const query: { app: string; stage: string; groups: string[]; deploymentId?: string } = { app, stage: stage as string, groups };
    if (body.deploymentId !== undefined) query.deploymentId = requireDeploymentId(body.deploymentId, 'body.deploymentId');
    return { kind: 'list', query };
  }
  allowKeys(body, ['deploymentTests', 'deploymentId']);
  if (!('deploymentTests' in body))
    throw new ConfigError('body.deploymentTests is missing: map each deployment group to "SUCCESS" or "FAILURE".');
  const results = validateResults(body.deploymentTests, 'body.deploymentTests');
  const query: { app: string; stage: string; results: Record<string, 'SUCCESS' | 'FAILURE'>; deploymentId?: string } = {
    app,
    stage: stage as string,
    results,
  };
  if (body.deploymentId !== undefined) query.deploymentId = requireDeploymentId(body.deploymentId, 'body.deploymentId');
  return { kind: 'release', query };
}

function routeParams(event: ApiProxyEvent): { app: unknown; stage: unknown } {
  if (event.resource === '/deployments/{app}/{stage}' && event.pathParameters) {
    return { app: event.pathParameters.app, stage: event.pathParameters.stage };
  }
  const match = /^\/deployments\/([^/]+)\/([^/]+)\/?$/.exec(event.path);
  if (!match) throw new ApiError(404, `No route for ${event.path}: the API serves /deployments/{app}/{stage}.`);
  try {
    return { app: decodeURIComponent(match[1] as string), stage: decodeURIComponent(match[2] as string) };
  } catch {
    throw new ApiError(400, `The path ${event.path} is not valid percent-encoding.`);
  }
}

function readBody(event: ApiProxyEvent): Record<string, unknown> {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const type = headers['content-type'];
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(400, `Content-Type ${describeValue(type)} is not supported: send application/json.`);
  }
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new ApiError(400, 'The request has no body: send a JSON object.');
  }
  if (typeof event.body !== 'string') throw new ApiError(400, 'The body must be a string of JSON.');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_BODY_BYTES) throw new ApiError(400, `The body is ${size} bytes; at most ${MAX_BODY_BYTES} are accepted.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError(400, `The body must be a JSON object, got ${describeValue(parsed)}.`);
  }
  return parsed as Record<string, unknown>;
}

function allowKeys(body: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      throw new ApiError(400, `body has an unknown key ${JSON.stringify(key)}: allowed are ${allowed.join(', ')}.`);
  }
}

function releaseResponse(results: Record<string, GroupRelease>): ApiProxyResult {
  const entries = Object.entries(results);
  if (entries.every(([, r]) => r.status === 'RELEASED')) return { statusCode: 204, headers: {}, body: '' };
  const statuses = new Set(entries.map(([, r]) => r.status));
  const statusCode = statuses.has('ERROR') ? 502 : statuses.has('NOT_FOUND') ? 404 : 409; // CONFLICT, ALREADY_RELEASED
  const failed = entries.filter(([, r]) => r.status !== 'RELEASED').map(([g, r]) => `${g}: ${r.status}`);
  const body: ReleaseHooksResponse = {
    message: `Not every hook was released by this request (${failed.join(', ')}).`,
    results: Object.fromEntries(
      entries.map(([g, r]) => [
        g,
        {
          status: r.status,
          message: r.message,
          ...(r.deploymentId ? { deploymentId: r.deploymentId } : {}),
          ...(r.actualResult ? { actualResult: r.actualResult } : {}),
        },
      ]),
    ),
  };
  return json(statusCode, body);
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function validateCallers(value: unknown): Map<string, string[]> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('allowedCallers must map application names to arrays of IAM role or user ARNs.');
  }
  const out = new Map<string, string[]>();
  for (const [app, arns] of Object.entries(value as Record<string, unknown>)) {
    requireName(app, `allowedCallers key ${JSON.stringify(app)}`);
    if (!Array.isArray(arns) || arns.some((a) => typeof a !== 'string' || !IAM_PRINCIPAL.test(a))) {
      throw new ConfigError(`allowedCallers.${app} must be an array of IAM role or user ARNs (arn:aws:iam::<account>:role/<name>).`);
    }
    out.set(app, arns as string[]);
  }
  return out;
}

const IAM_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/;

/**
 * Refuses (403) a caller that is not allowed for `app`. With AWS_IAM authorization API Gateway puts the signing
 * principal in `requestContext.identity.userArn` ("$context.identity.userArn", API Gateway Developer Guide, "Variables
 * for data models, authorizers, mapping templates, and CloudWatch access logging"); a role session appears as
 * `arn:aws:sts::<account>:assumed-role/<role name>/<session>` and matches the role's ARN (any path).
 */
function authorize(callers: Map<string, string[]>, app: string, event: ApiProxyEvent): void {
  const allowed = callers.get(app);
  const caller = event.requestContext?.identity?.userArn ?? undefined;
  const denied = `The caller ${caller ?? '(unknown)'} may not list or release hooks of application '${app}'`;
  if (!allowed) throw new ApiError(403, `${denied}: the application is not in the API's caller list.`);
  if (!caller) throw new ApiError(403, `${denied}: the request carries no IAM identity.`);
  const session = ASSUMED_ROLE.exec(caller);
  const ok = allowed.some((arn) => {
    if (arn === caller) return true;
    if (!session) return false;
    const [, partition, account, roleName] = session;
    return arn.startsWith(`arn:${partition}:iam::${account}:role/`) && arn.split('/').pop() === roleName;
  });
  if (!ok) throw new ApiError(403, `${denied}.`);
}

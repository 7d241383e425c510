// The hook API's wire shapes and options (types and constants only: no handler code).
import type { Logger } from '../core/index.js';
import type { HookStore } from './hook-store.js';
import type { GroupReleaseStatus } from './types.js';

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

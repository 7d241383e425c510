import { BlueGreenError, ConfigError, silentLogger } from '../core/index.js';
import { ApiError, authorize, type ParsedRequest, parseRequest, validateCallers } from './api-request.js';
import type { ApiHandlerOptions, ApiProxyEvent, ApiProxyResult, ListHooksResponse, ReleaseHooksResponse } from './api-types.js';
import { nullRecord } from './names.js';
import type { GroupRelease } from './types.js';

export type {
  ApiHandlerOptions,
  ApiProxyEvent,
  ApiProxyResult,
  ApiRoute,
  ListHooksBody,
  ListHooksResponse,
  ReleaseHooksBody,
  ReleaseHooksResponse,
} from './api-types.js';
export { API_ROUTES, MAX_BODY_BYTES } from './api-types.js';

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

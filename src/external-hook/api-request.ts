// Reading and authorizing a hook API request: proxy-event parsing, body limits, route parameters, allowed callers.
import { ConfigError, describeValue } from '../core/index.js';
import { API_ROUTES, type ApiProxyEvent, MAX_BODY_BYTES } from './api-types.js';
import { parseStage, requireDeploymentId, requireGroups, requireName, validateResults } from './names.js';

export type ParsedRequest =
  | { kind: 'list'; query: { app: string; stage: string; groups: string[]; deploymentId?: string } }
  | { kind: 'release'; query: { app: string; stage: string; results: Record<string, 'SUCCESS' | 'FAILURE'>; deploymentId?: string } };

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function parseRequest(event: ApiProxyEvent): ParsedRequest {
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

export function validateCallers(value: unknown): Map<string, string[]> | undefined {
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
export function authorize(callers: Map<string, string[]>, app: string, event: ApiProxyEvent): void {
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

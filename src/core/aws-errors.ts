import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

/**
 * The AWS error code of an SDK error (`name`, or `Code`/`code`/`__type` on older shapes), or `undefined`.
 *
 * @example
 * ```ts
 * import { awsErrorName } from 'bluegreen-toolkit';
 *
 * awsErrorName(error); // 'QueueDoesNotExist'
 * ```
 */
export function awsErrorName(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown; __type?: unknown };
  for (const candidate of [e.Code, e.code, e.__type, e.name]) {
    if (typeof candidate === 'string' && candidate !== 'Error') {
      const hash = candidate.lastIndexOf('#');
      return hash >= 0 ? candidate.slice(hash + 1) : candidate;
    }
  }
  return undefined;
}

/**
 * Whether `error` is an AWS error with one of the given codes.
 *
 * @example
 * ```ts
 * import { isAwsError } from 'bluegreen-toolkit';
 *
 * if (isAwsError(error, 'ResourceNotFoundException', 'NotFoundException')) return 'already';
 * ```
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsErrorName(error);
  return name !== undefined && names.includes(name);
}

/**
 * The HTTP status of an SDK error, if it has one.
 *
 * @example
 * ```ts
 * import { awsHttpStatus } from 'bluegreen-toolkit';
 *
 * if (awsHttpStatus(error) === 404) return undefined;
 * ```
 */
export function awsHttpStatus(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The error as the SDK's classifiers see it, under a given error name: the SDK's own `name` (for example
 * `RequestThrottled`), or the code of an older shape (`Code`, `code`, `__type`). Every other field (`$metadata`,
 * `$retryable`, `code`, `cause`, `message`) is read through the prototype, from the error itself.
 */
function classifiable(error: object, name: string): SdkErrorShape {
  return Object.create(error, { name: { value: name } }) as SdkErrorShape;
}

type SdkErrorShape = Parameters<typeof isThrottlingError>[0];

/**
 * Whether an error is throttling or a transient server/network fault that is worth retrying. The classification is
 * the AWS SDK's own (`isThrottlingError`, `isTransientError` and `isServerError` from `@smithy/core/retry`, the
 * service-error classification every v3 client retries with: throttling codes and HTTP 429, timeouts, connection
 * resets, 5xx), plus `$fault: 'server'`, which the SDK sets on every modelled server-side error. An error is
 * classified under its SDK `name` and under its legacy code (`Code`/`__type`, for example SQS's
 * `AWS.SimpleQueueService.*`), so older shapes classify too. Bundle weight: every `@aws-sdk/client-*` already bundles
 * these classifiers, so a subpath pays nothing for them; only a bundle that calls this function without any client
 * pulls `@smithy/core/retry` in (about 14 kB minified).
 *
 * @example
 * ```ts
 * import { isRetryableAwsError } from 'bluegreen-toolkit';
 *
 * if (isRetryableAwsError(error)) await sleep(1000);
 * ```
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  if ((error as { $fault?: unknown }).$fault === 'server') return true;
  const own = (error as { name?: unknown }).name;
  const names = new Set([typeof own === 'string' && own !== 'Error' ? own : undefined, awsErrorName(error)]);
  for (const name of names) {
    const shape = classifiable(error, name ?? 'Error');
    if (isThrottlingError(shape) || isTransientError(shape) || isServerError(shape)) return true;
  }
  return false;
}

/**
 * Whether an error is an authorization failure (missing IAM permission).
 *
 * @example
 * ```ts
 * import { isAccessDenied } from 'bluegreen-toolkit';
 *
 * if (isAccessDenied(error)) throw new Error('grant codedeploy:PutLifecycleEventHookExecutionStatus');
 * ```
 */
export function isAccessDenied(error: unknown): boolean {
  return isAwsError(
    error,
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'AuthorizationError',
    'NotAuthorized',
    'UnauthorizedException',
  );
}

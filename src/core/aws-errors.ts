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

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/**
 * Whether an error is throttling or a transient server/network fault that is worth retrying.
 *
 * @example
 * ```ts
 * import { isRetryableAwsError } from 'bluegreen-toolkit';
 *
 * if (isRetryableAwsError(error)) await sleep(1000);
 * ```
 */
export function isRetryableAwsError(error: unknown): boolean {
  const name = awsErrorName(error);
  if (name !== undefined && THROTTLING.has(name)) return true;
  if (
    name !== undefined &&
    /^(InternalFailure|InternalError|InternalServerError|ServiceUnavailable|ServiceUnavailableException|TimeoutError|RequestTimeout|RequestTimeoutException)$/.test(
      name,
    )
  ) {
    return true;
  }
  const status = awsHttpStatus(error);
  if (status !== undefined && (status === 429 || status >= 500)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code);
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

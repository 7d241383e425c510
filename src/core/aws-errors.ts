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

// The retryable error codes of the AWS SDKs' standard retry mode, as listed in the Boto3 guide "Retries", section
// "Standard retry mode" (https://docs.aws.amazon.com/boto3/latest/guide/retries.html) and in the AWS SDKs and Tools
// Reference Guide, "Retry behavior" (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
// transient errors, then throttling/limit errors. Kept here rather than imported from `@smithy/core/retry` because a
// hook bundled with the SDK left out (the Lambda runtime provides it) would otherwise carry 13 KB of @smithy/core for
// three lists; test/unit/core/aws-errors.test.ts checks they agree with the SDK's own classifiers.
// One pattern rather than a list, to keep the bundle small. It matches, in order: Throttling, ThrottlingException,
// ThrottledException, RequestThrottled(Exception), EC2ThrottledException (and unused spellings of them such as
// `Throttled`); RequestTimeout(Exception), TimeoutError; RequestLimitExceeded, BandwidthLimitExceeded,
// LimitExceededException; then the rest as listed.
const RETRYABLE_CODE =
  /^((Request|EC2)?Throttl(ing|ed)(Exception)?|RequestTimeout(Exception)?|TimeoutError|(Request|Bandwidth)LimitExceeded|LimitExceededException|TooManyRequestsException|ProvisionedThroughputExceededException|TransactionInProgressException|SlowDown|PriorRequestNotComplete)$/;
// Socket-level failures where no HTTP response arrived (Node.js "Common system errors",
// https://nodejs.org/api/errors.html#common-system-errors, plus the DNS lookup errors), retried by every SDK:
// ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EAI_AGAIN.
const NETWORK_CODE = /^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN)$/;

/**
 * Whether an error is throttling or a transient server/network fault that is worth retrying. The classification is the
 * AWS SDKs' standard retry mode (Boto3 guide "Retries", https://docs.aws.amazon.com/boto3/latest/guide/retries.html):
 * the throttling and transient error codes it lists, HTTP 429 and 5xx, socket errors (connection reset, refused, DNS),
 * plus what the v3 SDK marks on a modelled error: `$fault: 'server'` and the `$retryable` trait. An error is classified
 * under its SDK `name`, its legacy code (`Code`/`__type`, for example SQS's `AWS.SimpleQueueService.*`) and its
 * `cause` chain; an aborted call (`AbortError`) is never retryable.
 *
 * @example
 * ```ts
 * import { isRetryableAwsError } from 'bluegreen-toolkit';
 *
 * if (isRetryableAwsError(error)) await sleep(1000);
 * ```
 */
export function isRetryableAwsError(error: unknown): boolean {
  return retryable(error, 0);
}

function retryable(error: unknown, depth: number): boolean {
  if (error === null || typeof error !== 'object' || depth > 10) return false;
  const e = error as { name?: unknown; code?: unknown; $fault?: unknown; $retryable?: unknown; cause?: unknown };
  if (e.name === 'AbortError') return false;
  if (e.$fault === 'server' || e.$retryable !== undefined) return true;
  const status = awsHttpStatus(error) ?? 0;
  if (status === 429 || (status >= 500 && status <= 599)) return true;
  for (const name of [e.name, awsErrorName(error)]) if (typeof name === 'string' && RETRYABLE_CODE.test(name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODE.test(e.code)) return true;
  return e.cause !== undefined && retryable(e.cause, depth + 1);
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

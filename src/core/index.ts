export { awsErrorName, awsHttpStatus, isAccessDenied, isAwsError, isRetryableAwsError } from './aws-errors.js';
export { BaseTool } from './base-tool.js';
export { type AwsClientConfig, type ClientSource, type CommonToolOptions, createAwsClient, USER_AGENT } from './client.js';
export { chunk, mapLimit, mapLimitSettled } from './concurrency.js';
export {
  addDryRunMiddleware,
  DRY_RUN_MIDDLEWARE_NAME,
  type DryRunCall,
  DryRunRecorder,
  isReadOnlyOperation,
  type SdkClientLike,
} from './dry-run.js';
export {
  BatchError,
  type BatchFailure,
  BlueGreenError,
  type BlueGreenErrorOptions,
  ConfigError,
  GuardError,
  HookReportError,
  InvalidStateError,
  LiveStackError,
  MalformedInputError,
  ResourceNotFoundError,
  refuseLiveStack,
  WaitAbortedError,
  WaitTimeoutError,
} from './errors.js';
export { type LogAttributes, type Logger, silentLogger } from './logger.js';
export { combineOutcomes, type Outcome, type StepResult } from './outcome.js';
export { addRateLimitMiddleware, RATE_LIMIT_MIDDLEWARE_NAME, RateLimiter } from './rate-limit.js';
export {
  CLOUDWATCH_QUOTAS,
  cloudWatchPacing,
  LAMBDA_QUOTAS,
  lambdaPacing,
  type QuotaRule,
  type QuotaRules,
} from './rate-limit-quotas.js';
export { describeValue, isStackReference, mapPair, opposite, type Pair, parseStackReference, pick, StackReference } from './stack.js';
/** @internal The tools' input validators: not part of the public API (stripped from the published types). */
export {
  type DisjointEntry,
  type DisjointRule,
  optionalBoolean,
  optionalString,
  prefixesOverlap,
  requireArray,
  requireDisjointPair,
  requireInteger,
  requireObject,
  requirePair,
  requireString,
  type StringRule,
} from './validate.js';
export { VERSION } from './version.js';
export {
  backoffDelay,
  DEFAULT_WAIT,
  type ResolvedWaitOptions,
  resolveWaitOptions,
  sleep,
  type WaitCheckResult,
  type WaitForOptions,
  type WaitOptions,
  type WaitSetting,
  waitFor,
} from './wait.js';

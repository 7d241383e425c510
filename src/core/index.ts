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
export { describeValue, isStackReference, mapPair, opposite, type Pair, parseStackReference, pick, StackReference } from './stack.js';
export {
  optionalBoolean,
  optionalString,
  requireArray,
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

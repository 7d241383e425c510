/**
 * External hooks: park CodeDeploy lifecycle hooks in a hook Lambda, let CI wait for them, run its own tests and
 * release them with SUCCESS or FAILURE — over a SigV4-signed HTTP API or directly on the DynamoDB store.
 *
 * @module bluegreen-toolkit/external-hook
 */
export {
  API_ROUTES,
  type ApiHandlerOptions,
  type ApiProxyEvent,
  type ApiProxyResult,
  type ApiRoute,
  createApiHandler,
  type ListHooksBody,
  type ListHooksResponse,
  MAX_BODY_BYTES,
  type ReleaseHooksBody,
  type ReleaseHooksResponse,
} from './api-handler.js';
export { ExternalHookClient, type ExternalHookClientOptions } from './client.js';
export { type CodeDeployHookEvent, type HookLocation, locateHook } from './context.js';
export { DirectHookTransport } from './direct-transport.js';
export { HookParker, type HookStoreOptions } from './hook-parker.js';
export {
  HookReleaseError,
  type ReleaseSummary,
  type RunContext,
  type RunResult,
  type WaitForHooksOptions,
  type WaitProgress,
} from './hook-runner.js';
export { HookStore, STALE_CLAIM_SECONDS } from './hook-store.js';
export { HookApiError, HttpHookTransport, type HttpTransportOptions } from './http-transport.js';
export {
  DEPLOYMENT_ID_PATTERN,
  EXECUTION_ID_PATTERN,
  LIFECYCLE_EVENTS,
  type LifecycleEventName,
  MAX_GROUPS,
  NAME_PATTERN,
  parseStage,
  requireDeploymentId,
  requireExecutionId,
  requireGroups,
  requireName,
  STAGE_ALIASES,
  STAGE_NAMES,
  validateResults,
} from './names.js';
export { createParkingHook, type ParkingHookOptions, type ParkingLambdaContext, type ParkingOutcome } from './parking-hook.js';
export { DEFAULT_HOOK_TIMEOUT_SECONDS, HOOK_PARTITION_KEY, HOOK_SORT_KEY, HOOK_TTL_ATTRIBUTE, hookId } from './store-items.js';
export type { HookTransport, ReadyHook, TransportCallOptions } from './transport.js';
export type {
  GroupRelease,
  GroupReleaseStatus,
  HookResult,
  HookStatus,
  ListQuery,
  ParkedHook,
  ParkInput,
  ParkResult,
  ReleaseRequest,
} from './types.js';

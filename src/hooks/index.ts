/**
 * `bluegreen-toolkit/hooks`: Lambda handler wrappers for CodeDeploy lifecycle hooks (always report exactly once) and
 * ECS native blue/green lifecycle hooks. Imports `@aws-sdk/client-codedeploy` only.
 *
 * @module bluegreen-toolkit/hooks
 */
export {
  type CodeDeployHookHandler,
  type CodeDeployHookOptions,
  type CodeDeployHookResult,
  type CodeDeployHookTools,
  codeDeployHook,
} from './codedeploy-hook.js';
export { HookTimeoutError, type LambdaContextLike } from './common.js';
export {
  ECS_HOOK_STATE_KEY,
  ECS_LIFECYCLE_STAGES,
  type EcsHookDecision,
  type EcsHookInput,
  type EcsLifecycleHookEvent,
  type EcsLifecycleHookOptions,
  type EcsLifecycleHookResponse,
  type EcsLifecycleStage,
  ecsLifecycleHook,
} from './ecs-lifecycle-hook.js';

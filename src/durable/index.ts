/**
 * `bluegreen-toolkit/durable`: the whole-stack flip as an AWS Lambda durable function (on
 * `@aws/durable-execution-sdk-js`, an optional peer dependency, Node.js 22+). Each runbook step is a checkpointed
 * step, each wait a durable wait that suspends the function; a crash or timeout replays to the same outcome; the
 * CodeDeploy hook status is reported exactly once. {@link durableHookStarter} and {@link durableEcsLifecycleHook}
 * start it from CodeDeploy and ECS lifecycle hooks; {@link getDurableFlipStatus} shows where it is.
 * See docs/durable.md.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { durableFlip } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * export const handler = withDurableExecution(durableFlip(stack));
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/durable
 */

export { durableFlipOf } from './durable-core.js';
export { type DurableFlipOptions, durableFlip } from './durable-flip.js';
export {
  DURABLE_LEASE_SECONDS,
  type DurableFlipCoreOptions,
  DurableFlipError,
  type DurableFlipHandler,
  type DurableFlipSource,
  type DurableLease,
  type DurableProgress,
  parseDurableFlipEvent,
} from './durable-options.js';
export { type DurableRunOptions, NotStartedError, runDurableSteps } from './durable-runner.js';
export { type DurableEcsHookAnswer, type DurableEcsHookOptions, durableEcsLifecycleHook } from './ecs-hook.js';
export { type DurableHookStarterOptions, type DurableTarget, durableHookStarter } from './hook-starter.js';
export { CODEDEPLOY_HOOK_DEADLINE_SECONDS, DEFAULT_DEADLINE_MARGIN_SECONDS, type DurablePlan, planDurableSteps } from './plan.js';
export {
  type DurableFlipStatus,
  type DurableHistoryEvent,
  getDurableFlipStatus,
  renderDurableFlipStatus,
  summarizeDurableHistory,
} from './status.js';
export type {
  DurableFlipEvent,
  DurableFlipReport,
  DurableSettle,
  DurableSettleContext,
  DurableStep,
  DurableStepContext,
  DurableStepStatus,
  DurableUndoContext,
} from './types.js';

import type { BlueGreenFlip, FlipOptions } from '../runbook/flip.js';
import { bluegreenFlip } from '../runbook/flip-from-config.js';
import type { StackConfig } from '../runbook/stack-config.js';
import { durableFlipOf } from './durable-core.js';
import { DURABLE_LEASE_SECONDS, type DurableFlipCoreOptions, type DurableFlipHandler } from './durable-options.js';

/**
 * Options of {@link durableFlip}: the flip's own options plus the durable ones.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { durableFlip, type DurableFlipOptions } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * const options: DurableFlipOptions = { deadlineMarginSeconds: 600, stepAttempts: 4 };
 * export const handler = withDurableExecution(durableFlip(stack, options));
 * ```
 */
export interface DurableFlipOptions extends Omit<FlipOptions, 'logger' | 'dryRun' | 'clientConfig'>, DurableFlipCoreOptions {
  /** Dry run for every tool (as in the flip's options). */
  dryRun?: FlipOptions['dryRun'];
  /** Client settings for every tool and the CodeDeploy client. */
  clientConfig?: FlipOptions['clientConfig'];
}

/**
 * The whole-stack flip as a Lambda durable function: returns the handler to pass to `withDurableExecution`. Each
 * runbook step runs as a named, checkpointed step; each settle condition (cluster available, mappings enabled, queues
 * drained) as a `waitForCondition` and each dwell (SNS propagation, drain window) as a `wait`, so the function is
 * suspended — not billed — while it waits. The lease is taken, renewed before every step and released as durable
 * steps; a failure undoes the failed and completed steps in reverse, each undo a durable step; the CodeDeploy hook
 * status is reported once, as its own step, before the hook's one-hour deadline (the flip stops starting work in
 * time to undo and report `Failed`).
 *
 * Durable functions must be invoked with a qualified ARN (a version or alias): start the execution with
 * {@link durableHookStarter} from a CodeDeploy hook, with {@link durableEcsLifecycleHook} for ECS native blue/green,
 * or from your pipeline (`aws lambda invoke --function-name fn:live --invocation-type Event`).
 * Lambda Developer Guide, "Lambda durable functions": https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html
 *
 * @param config - the stack config (as for `bluegreenFlip`).
 * @param options - {@link DurableFlipOptions}.
 *
 * @remarks IAM: the actions of the configured tools, `codedeploy:PutLifecycleEventHookExecutionStatus` for hooks,
 * `lambda:CheckpointDurableExecution` and `lambda:GetDurableExecutionState` for the durable SDK (see infra/durable-flip.yaml).
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { durableFlip } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * // Input: { "phase": "prepare", "target": "green", "hook": { … } } — see DurableFlipEvent.
 * export const handler = withDurableExecution(durableFlip(stack));
 * ```
 */
export function durableFlip(config: StackConfig, options: DurableFlipOptions = {}): DurableFlipHandler<BlueGreenFlip> {
  const lock = options.lock === false ? false : { leaseSeconds: DURABLE_LEASE_SECONDS, ...options.lock };
  return durableFlipOf(bluegreenFlip(config, { ...options, lock }), options);
}

import { ConfigError, describeValue, MalformedInputError, parseStackReference, type StackReference, silentLogger } from '../core/index.js';
import type { FlipPhase } from '../runbook/flip.js';
import { type DurableTarget, executionName, functionQualifier, requireQualified, startDurableExecution } from './hook-starter.js';

/**
 * Options of {@link durableEcsLifecycleHook}.
 *
 * @example
 * ```ts
 * import { durableEcsLifecycleHook, type DurableEcsHookOptions } from 'bluegreen-toolkit/durable';
 *
 * const options: DurableEcsHookOptions = { functionName: 'shop-flip:live', stages: { PRE_PRODUCTION_TRAFFIC_SHIFT: 'prepare' }, target: 'green' };
 * export const handler = durableEcsLifecycleHook(options);
 * ```
 */
export interface DurableEcsHookOptions extends DurableTarget {
  /** Which flip phase runs at which ECS lifecycle stage (`{ PRE_PRODUCTION_TRAFFIC_SHIFT: 'prepare', POST_PRODUCTION_TRAFFIC_SHIFT: 'finish' }`). */
  stages: Partial<Record<string, FlipPhase>>;
  /** The stack that becomes live. */
  target: StackReference | 'blue' | 'green';
  /** Seconds before ECS invokes the hook again while the flip runs (default 60). */
  callBackDelay?: number;
}

/**
 * The answer of {@link durableEcsLifecycleHook} to ECS: SUCCEEDED continues, FAILED rolls back, IN_PROGRESS asks ECS
 * to invoke the hook again after `callBackDelay` seconds with `hookDetails`.
 *
 * @example
 * ```ts
 * import type { DurableEcsHookAnswer } from 'bluegreen-toolkit/durable';
 *
 * const waiting: DurableEcsHookAnswer = { hookStatus: 'IN_PROGRESS', callBackDelay: 60 };
 * ```
 */
export interface DurableEcsHookAnswer {
  hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
  callBackDelay?: number;
  hookDetails?: Record<string, unknown>;
}

/**
 * An ECS native blue/green lifecycle hook whose whole-stack work runs as a durable flip, behind ECS's IN_PROGRESS /
 * `callBackDelay` contract: the first invocation starts the durable execution (named after the hook execution, so a
 * repeated first invocation finds it) and answers IN_PROGRESS with the execution ARN in `hookDetails`; each
 * re-invocation reads the execution's status (`GetDurableExecution`) and answers IN_PROGRESS while it runs, SUCCEEDED
 * when it succeeded and FAILED when it failed, timed out or was stopped (ECS then rolls back). Stages without a phase
 * answer SUCCEEDED at once.
 *
 * Amazon ECS Developer Guide, "Lifecycle hooks for Amazon ECS service deployments":
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html
 *
 * @param options - {@link DurableEcsHookOptions}; validated here.
 *
 * @remarks IAM: `lambda:InvokeFunction` on the alias ARN, `lambda:GetDurableExecution` on its executions.
 *
 * @example
 * ```ts
 * import { durableEcsLifecycleHook } from 'bluegreen-toolkit/durable';
 *
 * export const handler = durableEcsLifecycleHook({
 *   functionName: process.env.DURABLE_FLIP_ALIAS_ARN ?? '',
 *   stages: { PRE_PRODUCTION_TRAFFIC_SHIFT: 'prepare', POST_PRODUCTION_TRAFFIC_SHIFT: 'finish' },
 *   target: 'green',
 * });
 * ```
 */
export function durableEcsLifecycleHook(options: DurableEcsHookOptions): (event: unknown) => Promise<DurableEcsHookAnswer> {
  requireQualified(options, 'durableEcsLifecycleHook');
  if (options.stages === null || typeof options.stages !== 'object')
    throw new ConfigError(
      `durableEcsLifecycleHook: stages must map ECS lifecycle stages to flip phases, got ${describeValue(options.stages)}.`,
    );
  for (const [stage, phase] of Object.entries(options.stages))
    if (!['prepare', 'finish', 'all'].includes(phase as string))
      throw new ConfigError(`durableEcsLifecycleHook: stages.${stage} ${describeValue(phase)} must be prepare, finish or all.`);
  const target = parseStackReference(options.target, 'durableEcsLifecycleHook target');
  const delay = options.callBackDelay ?? 60;
  const logger = options.logger ?? silentLogger;
  return async (event) => {
    const e = event as {
      lifecycleStage?: unknown;
      executionId?: unknown;
      resourceArn?: unknown;
      hookDetails?: Record<string, unknown>;
    } | null;
    if (e === null || typeof e !== 'object' || typeof e.lifecycleStage !== 'string')
      throw new MalformedInputError(
        `An ECS lifecycle hook receives { executionId, lifecycleStage, resourceArn, executionDetails }, got ${describeValue(event)}.`,
      );
    const phase = options.stages[e.lifecycleStage];
    if (!phase) return { hookStatus: 'SUCCEEDED' };
    const { GetDurableExecutionCommand, LambdaClient, paginateListDurableExecutionsByFunction } = await import('@aws-sdk/client-lambda');
    const { createAwsClient } = await import('../core/client.js');
    const client = createAwsClient(
      LambdaClient,
      { awsSdkV3Client: options.lambdaClient, clientConfig: options.clientConfig },
      {},
      { client: 'lambdaClient', config: 'clientConfig' },
    );
    let known = e.hookDetails?.durableExecutionArn;
    if (typeof known !== 'string') {
      const id = typeof e.executionId === 'string' ? e.executionId : `${String(e.resourceArn)}-${e.lifecycleStage}`;
      const name = executionName('ecs', id);
      const started = await startDurableExecution({ ...options, lambdaClient: client, clientConfig: undefined }, name, { phase, target });
      logger.info(`durable flip ${phase} → ${target} ${started.outcome === 'already' ? 'already running' : 'started'} as ${name}`, {
        ...started,
      });
      known = started.durableExecutionArn;
      if (!known) {
        // Already started by an earlier invocation: find it by name (ListDurableExecutionsByFunction paginates).
        const [fn, qualifier] = splitQualifier(options.functionName);
        for await (const page of paginateListDurableExecutionsByFunction(
          { client },
          { FunctionName: fn, Qualifier: qualifier, DurableExecutionName: name },
        ))
          known ??= page.DurableExecutions?.[0]?.DurableExecutionArn;
      }
      return {
        hookStatus: 'IN_PROGRESS',
        callBackDelay: delay,
        hookDetails: { durableExecutionName: name, ...(known ? { durableExecutionArn: known } : {}) },
      };
    }
    const status = (await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: known }))).Status;
    if (status === 'SUCCEEDED') return { hookStatus: 'SUCCEEDED' };
    if (status === 'RUNNING' || status === undefined)
      return { hookStatus: 'IN_PROGRESS', callBackDelay: delay, hookDetails: { durableExecutionArn: known } };
    logger.error(`durable flip ${known} ended ${status}`, { status });
    return { hookStatus: 'FAILED' };
  };
}

/** `fn:live` → [`fn`, `live`]; an ARN keeps its unqualified part. */
function splitQualifier(functionName: string): [string, string | undefined] {
  const qualifier = functionQualifier(functionName);
  return qualifier ? [functionName.slice(0, -(qualifier.length + 1)), qualifier] : [functionName, undefined];
}

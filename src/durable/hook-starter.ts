import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { parseHookEvent } from '../codedeploy/hook-context.js';
import {
  type AwsClientConfig,
  ConfigError,
  describeValue,
  isAwsError,
  type Logger,
  parseStackReference,
  type StackReference,
  silentLogger,
} from '../core/index.js';
import type { FlipPhase } from '../runbook/flip.js';
import type { DurableFlipEvent } from './types.js';

/**
 * Where the durable flip function is and how to reach it (shared by {@link durableHookStarter} and
 * {@link durableEcsLifecycleHook}).
 *
 * @example
 * ```ts
 * import type { DurableTarget } from 'bluegreen-toolkit/durable';
 *
 * const target: DurableTarget = { functionName: process.env.DURABLE_FLIP_ALIAS_ARN ?? '', clientConfig: { region: 'eu-west-1' } };
 * ```
 */
export interface DurableTarget {
  /**
   * The durable flip function, **qualified** with its alias or version (`flip:live`, or the alias ARN): Lambda rejects
   * an unqualified invocation of a durable function (Lambda Developer Guide, "Invoking durable Lambda functions":
   * https://docs.aws.amazon.com/lambda/latest/dg/durable-invoking.html).
   */
  functionName: string;
  /** An existing Lambda client (or `clientConfig`). */
  lambdaClient?: LambdaClient;
  /** Settings for a Lambda client created here. */
  clientConfig?: AwsClientConfig;
  /** Where decisions are logged (default: nothing). */
  logger?: Logger;
}

/** The qualifier of a function name or ARN (`fn:live`, `arn:…:function:fn:3`), or undefined. */
export function functionQualifier(functionName: string): string | undefined {
  const parts = functionName.split(':');
  if (functionName.startsWith('arn:')) return parts.length >= 8 ? parts[7] : undefined;
  if (parts.length === 2) return parts[1];
  return parts.length >= 4 && parts[1] === 'function' ? parts[3] : undefined;
}

/** Validates a {@link DurableTarget}: a {@link ConfigError} for an unqualified function (before any AWS call). */
export function requireQualified(target: DurableTarget, where: string): void {
  if (typeof target?.functionName !== 'string' || target.functionName === '')
    throw new ConfigError(
      `${where}: functionName must be the durable flip function's alias or version ARN, got ${describeValue(target?.functionName)}.`,
    );
  const qualifier = functionQualifier(target.functionName);
  if (!qualifier || qualifier === '$LATEST')
    throw new ConfigError(
      `${where}: functionName '${target.functionName}' is not qualified with an alias or version — Lambda refuses to invoke a durable function by an unqualified ARN ("You cannot invoke a durable function using an unqualified ARN"). Use the alias, e.g. '${target.functionName}:live' (infra/durable-flip.yaml creates it).`,
    );
}

/** A durable execution name from an id: letters, digits, `-` and `_`, at most 64 characters. */
export function executionName(prefix: string, id: string): string {
  return `${prefix}-${id}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

/**
 * Starts (idempotently) the durable flip execution: an asynchronous invocation of the qualified function with the
 * execution name as idempotency key. Lambda returns the existing execution for a name already used with the same
 * payload, and `DurableExecutionAlreadyStartedException` when the payload differs — both mean it is running.
 * Lambda Developer Guide, "Idempotency" (execution names): https://docs.aws.amazon.com/lambda/latest/dg/durable-execution-idempotency.html
 */
export async function startDurableExecution(
  target: DurableTarget,
  name: string,
  input: DurableFlipEvent,
): Promise<{ durableExecutionArn?: string; outcome: 'changed' | 'already' }> {
  const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
  const { createAwsClient } = await import('../core/client.js');
  const client = createAwsClient(
    LambdaClient,
    { awsSdkV3Client: target.lambdaClient, clientConfig: target.clientConfig },
    {},
    { client: 'lambdaClient', config: 'clientConfig' },
  );
  try {
    const out = await client.send(
      new InvokeCommand({
        FunctionName: target.functionName,
        InvocationType: 'Event',
        DurableExecutionName: name,
        Payload: new TextEncoder().encode(JSON.stringify(input)),
      }),
    );
    return { durableExecutionArn: out.DurableExecutionArn, outcome: 'changed' };
  } catch (error) {
    if (isAwsError(error, 'DurableExecutionAlreadyStartedException')) return { outcome: 'already' };
    throw error;
  }
}

/**
 * Options of {@link durableHookStarter}.
 *
 * @example
 * ```ts
 * import { durableHookStarter, type DurableHookStarterOptions } from 'bluegreen-toolkit/durable';
 *
 * const options: DurableHookStarterOptions = { functionName: 'shop-flip:live', phase: 'prepare', target: 'green' };
 * export const handler = durableHookStarter(options);
 * ```
 */
export interface DurableHookStarterOptions extends DurableTarget {
  /** The flip phase this hook runs (`prepare` for BeforeAllowTraffic, `finish` for AfterAllowTraffic). */
  phase: FlipPhase;
  /** The stack that becomes live. */
  target: StackReference | 'blue' | 'green';
  /** Reports `Failed` when the execution cannot be started (so the deployment does not wait its hour). */
  codedeployClient?: CodeDeployClient;
  /** Settings for that CodeDeploy client. */
  codedeployClientConfig?: AwsClientConfig;
}

/**
 * A thin CodeDeploy lifecycle hook (Lambda and ECS deployments) that starts the durable flip and returns at once; the
 * durable execution reports the hook status itself, exactly once, before the hook's hour is up.
 *
 * Why a starter and not the durable function as the hook: an AppSpec hook names a function that CodeDeploy invokes
 * (AWS CodeDeploy User Guide, "AppSpec 'hooks' section"), while Lambda invokes durable functions only by a qualified
 * ARN ("Invoking durable Lambda functions"), and AWS recommends a regular function as dispatcher that starts the
 * durable function with an execution name as idempotency key ("Idempotency"). The execution is named after the hook
 * execution id, so a retried hook invocation finds the running execution instead of starting a second flip.
 *
 * @param options - {@link DurableHookStarterOptions}; validated here (a {@link ConfigError} for an unqualified function).
 *
 * @remarks IAM: `lambda:InvokeFunction` on the alias ARN; `codedeploy:PutLifecycleEventHookExecutionStatus` (only when
 * the start fails).
 *
 * @example
 * ```ts
 * import { durableHookStarter } from 'bluegreen-toolkit/durable';
 *
 * // BeforeAllowTraffic hook: starts `flip prepare → green` as a durable execution of the alias.
 * export const handler = durableHookStarter({ functionName: process.env.DURABLE_FLIP_ALIAS_ARN ?? '', phase: 'prepare', target: 'green' });
 * ```
 */
export function durableHookStarter(
  options: DurableHookStarterOptions,
): (event: unknown) => Promise<{ durableExecutionName: string; durableExecutionArn?: string; outcome: 'changed' | 'already' }> {
  requireQualified(options, 'durableHookStarter');
  if (!['prepare', 'finish', 'all'].includes(options.phase))
    throw new ConfigError(`durableHookStarter: phase ${describeValue(options.phase)} must be prepare, finish or all.`);
  const target = parseStackReference(options.target, 'durableHookStarter target');
  const logger = options.logger ?? silentLogger;
  return async (event) => {
    const hook = parseHookEvent(event);
    const name = executionName('hook', hook.LifecycleEventHookExecutionId);
    const input: DurableFlipEvent = {
      phase: options.phase,
      target,
      hook: {
        deploymentId: hook.DeploymentId,
        lifecycleEventHookExecutionId: hook.LifecycleEventHookExecutionId,
        invokedAt: new Date().toISOString(),
      },
    };
    try {
      const started = await startDurableExecution(options, name, input);
      logger.info(`durable flip ${options.phase} → ${target} ${started.outcome === 'already' ? 'already running' : 'started'} as ${name}`, {
        ...started,
      });
      return { durableExecutionName: name, ...started };
    } catch (error) {
      // The client already retried transient errors: report Failed now rather than leave the deployment waiting its hour.
      const { reportHookStatus } = await import('../codedeploy/report-hook.js');
      const { CodeDeployClient } = await import('@aws-sdk/client-codedeploy');
      const { createAwsClient } = await import('../core/client.js');
      const client = createAwsClient(
        CodeDeployClient,
        { awsSdkV3Client: options.codedeployClient, clientConfig: options.codedeployClientConfig ?? options.clientConfig },
        {},
        { client: 'codedeployClient', config: 'codedeployClientConfig' },
      );
      await reportHookStatus(client, hook.DeploymentId, hook.LifecycleEventHookExecutionId, 'Failed', { logger });
      throw error;
    }
  };
}

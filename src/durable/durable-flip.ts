import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  type AwsClientConfig,
  BlueGreenError,
  describeValue,
  type Logger,
  MalformedInputError,
  parseStackReference,
  type StackReference,
  silentLogger,
} from '../core/index.js';
import { BlueGreenFlip, type FlipOptions, type FlipPhase } from '../runbook/flip.js';
import type { StackConfig } from '../runbook/stack-config.js';
import { NotStartedError, runDurableSteps } from './durable-runner.js';
import {
  CODEDEPLOY_HOOK_DEADLINE_SECONDS,
  DEFAULT_DEADLINE_MARGIN_SECONDS,
  type DurablePlan,
  planDurableSteps,
  undoReserveSeconds,
} from './plan.js';
import type { DurableFlipEvent, DurableFlipReport, DurableStep } from './types.js';

/**
 * The lease a durable flip holds on the stack pair: the runbook's `FlipLease` (a DynamoDB conditional write with an
 * expiry), created per execution with the execution's ARN as its lease id, so a replay re-acquires its own lease.
 *
 * @example
 * ```ts
 * import type { DurableLease } from 'bluegreen-toolkit/durable';
 *
 * const lease = (executionArn: string): DurableLease => new FlipLease({ tableName: 'bluegreen-locks', lockId: 'shop', leaseId: executionArn, leaseSeconds: 1200 });
 * ```
 */
export interface DurableLease {
  /** Takes the lease before the first step; throws when another flip holds it (nothing was changed). */
  acquire(intent: { target: StackReference; phase: string }): Promise<unknown>;
  /** Renews it (before every step); throws when it was lost. */
  heartbeat(): Promise<void>;
  /** Releases it at the end, success or failure. */
  release(final?: { live?: StackReference }): Promise<unknown>;
}

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
export interface DurableFlipOptions extends FlipOptions {
  /** The lease per execution (default: none; pass the runbook's `FlipLease` for the pair's lock table). */
  lease?: (executionArn: string) => DurableLease;
  /** The steps of a phase (default: the flip's own steps for the stack config). */
  steps?: (phase: FlipPhase, target: StackReference) => Promise<DurableStep[]>;
  /** The CodeDeploy client for the hook report (or `codedeployClientConfig`; default: one from the stack's region/endpoint). */
  codedeployClient?: CodeDeployClient;
  /** Settings for the CodeDeploy client the flip creates. */
  codedeployClientConfig?: AwsClientConfig;
  /** Seconds a hook has to report (default {@link CODEDEPLOY_HOOK_DEADLINE_SECONDS}). */
  hookDeadlineSeconds?: number;
  /** Seconds kept back from the hook deadline (default {@link DEFAULT_DEADLINE_MARGIN_SECONDS}). */
  deadlineMarginSeconds?: number;
  /** Attempts of a step for transient errors, as durable retries (default 3). */
  stepAttempts?: number;
  /** Attempts of an undo (default 3). */
  undoAttempts?: number;
  /** Seconds before an undo is retried, doubled each time (default 2). */
  undoRetryDelaySeconds?: number;
}

/**
 * The durable flip failed: its steps were undone (see `report`) and, for a hook, `Failed` was reported. Thrown at the
 * end of the execution so the durable execution's status is FAILED.
 *
 * @example
 * ```ts
 * import { DurableFlipError } from 'bluegreen-toolkit/durable';
 *
 * try { await handler(event, context); } catch (e) { if (e instanceof DurableFlipError) console.error(e.report.leftToFix); }
 * ```
 */
export class DurableFlipError extends BlueGreenError {
  /** What ran, failed and was undone. */
  readonly report: DurableFlipReport;
  constructor(report: DurableFlipReport) {
    const left = report.leftToFix.length ? `; LEFT TO FIX: ${report.leftToFix.map((f) => `${f.step} (${f.fix})`).join('; ')}` : '';
    super(`${report.name} failed at '${report.failedStep}': ${report.error}; undone: ${report.undone.join(', ') || '(none)'}${left}`);
    this.report = report;
  }
}

/**
 * The handler {@link durableFlip} returns (pass it to `withDurableExecution`), with the flip and its plan.
 *
 * @example
 * ```ts
 * import { durableFlip } from 'bluegreen-toolkit/durable';
 *
 * const flip = durableFlip(stack);
 * console.log((await flip.plan('finish', StackReference.Green, { hook: true })).message);
 * ```
 */
export interface DurableFlipHandler {
  (event: DurableFlipEvent, context: DurableContext): Promise<DurableFlipReport>;
  /** The flip the handler runs. */
  readonly flip: BlueGreenFlip;
  /** The plan of a phase: its steps and waits, and (with `hook: true`) whether it fits a CodeDeploy hook's hour. */
  plan(phase: FlipPhase, target: StackReference, options?: { hook?: boolean }): Promise<DurablePlan>;
}

/**
 * Parses a durable flip execution's input ({@link DurableFlipEvent}): a {@link bluegreen-toolkit!MalformedInputError}
 * that says what is wrong, before any AWS call.
 *
 * @example
 * ```ts
 * import { parseDurableFlipEvent } from 'bluegreen-toolkit/durable';
 *
 * const { phase, target } = parseDurableFlipEvent({ phase: 'finish', target: 'green' });
 * ```
 */
export function parseDurableFlipEvent(event: unknown): {
  phase: FlipPhase;
  target: StackReference;
  hook?: NonNullable<DurableFlipEvent['hook']>;
} {
  const hint = 'a durable flip execution takes { phase: "prepare" | "finish" | "all", target: "blue" | "green", hook? }';
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    throw new MalformedInputError(`The durable flip input must be an object, got ${describeValue(event)}; ${hint}.`);
  const e = event as Record<string, unknown>;
  if (e.phase !== 'prepare' && e.phase !== 'finish' && e.phase !== 'all')
    throw new MalformedInputError(`phase ${describeValue(e.phase)} is not valid; ${hint}.`);
  let target: StackReference;
  try {
    target = parseStackReference(e.target, 'target');
  } catch (error) {
    throw new MalformedInputError(`target ${describeValue(e.target)} is not valid; ${hint}.`, { cause: error });
  }
  if (e.hook === undefined) return { phase: e.phase, target };
  const h = e.hook as Record<string, unknown> | null;
  if (
    h === null ||
    typeof h !== 'object' ||
    typeof h.deploymentId !== 'string' ||
    typeof h.lifecycleEventHookExecutionId !== 'string' ||
    typeof h.invokedAt !== 'string' ||
    Number.isNaN(Date.parse(h.invokedAt))
  )
    throw new MalformedInputError(
      `hook ${describeValue(e.hook)} must be { deploymentId, lifecycleEventHookExecutionId, invokedAt (ISO 8601) }; ${hint}.`,
    );
  return {
    phase: e.phase,
    target,
    hook: { deploymentId: h.deploymentId, lifecycleEventHookExecutionId: h.lifecycleEventHookExecutionId, invokedAt: h.invokedAt },
  };
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
export function durableFlip(config: StackConfig, options: DurableFlipOptions = {}): DurableFlipHandler {
  const flip = new BlueGreenFlip(config, options);
  const logger: Logger = options.logger ?? silentLogger;
  const stepsOf = (phase: FlipPhase, target: StackReference): Promise<DurableStep[]> =>
    options.steps ? options.steps(phase, target) : (flip.steps(phase, target) as Promise<DurableStep[]>);
  const budget = () =>
    (options.hookDeadlineSeconds ?? CODEDEPLOY_HOOK_DEADLINE_SECONDS) - (options.deadlineMarginSeconds ?? DEFAULT_DEADLINE_MARGIN_SECONDS);
  let codedeploy: Promise<CodeDeployClient> | undefined;
  const codedeployClient = () => {
    codedeploy ??= (async () => {
      if (options.codedeployClient) return options.codedeployClient;
      const [{ CodeDeployClient }, { createAwsClient }, { stackClientConfig }] = await Promise.all([
        import('@aws-sdk/client-codedeploy'),
        import('../core/client.js'),
        import('../runbook/stack-config.js'),
      ]);
      return createAwsClient(CodeDeployClient, {
        clientConfig: stackClientConfig(flip.config, options.codedeployClientConfig ?? options.clientConfig),
      });
    })();
    return codedeploy;
  };

  const handler = async (event: DurableFlipEvent, context: DurableContext): Promise<DurableFlipReport> => {
    const input = parseDurableFlipEvent(event);
    const name = `flip ${input.phase} → ${input.target}`;
    const steps = await stepsOf(input.phase, input.target);
    const deadlineAt = input.hook ? Date.parse(input.hook.invokedAt) + budget() * 1000 : undefined;
    const plan = await context.step('flip: plan', async () => planDurableSteps(name, steps, input.hook ? budget() : undefined));
    const lease = options.lease?.(context.executionContext.durableExecutionArn);
    let report: DurableFlipReport | undefined;
    if (!plan.fitsHookDeadline) report = refused(name, steps, 'flip: plan', plan.message);
    if (!report && lease) {
      const taken = await context
        .step('lease: acquire', async () => {
          await lease.acquire({ target: input.target, phase: input.phase });
          return { ok: true, message: '' };
        })
        .catch((error: unknown) => ({
          ok: false,
          message: error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error),
        }));
      if (!taken.ok) report = refused(name, steps, 'lease: acquire', taken.message);
    }
    report ??= await runDurableSteps(context, steps, {
      name,
      logger,
      dryRun: Boolean(options.dryRun),
      stepAttempts: options.stepAttempts,
      undoAttempts: options.undoAttempts,
      undoRetryDelaySeconds: options.undoRetryDelaySeconds,
      undoOnFailure: (cause) => cause.name !== 'LeaseLostError',
      settleDeadline: (i) =>
        deadlineAt === undefined ? undefined : deadlineAt - (undoReserveSeconds(steps, i) + (steps[i]?.dwellSeconds ?? 0)) * 1000,
      beforeStep: async (i, step) => {
        if (deadlineAt !== undefined) {
          const need = (step.dwellSeconds ?? 0) + undoReserveSeconds(steps, i);
          const left = Math.floor((deadlineAt - Date.now()) / 1000);
          if (left < need)
            throw new NotStartedError(
              `the CodeDeploy hook deadline leaves ${left}s; '${step.name}' needs ${need}s (its dwell plus the undo reserve)`,
              'FlipDeadlineError',
            );
        }
        if (lease) {
          try {
            await lease.heartbeat();
          } catch (error) {
            const reason = error instanceof Error ? error.name : 'LeaseLostError';
            throw new NotStartedError(`the flip lease was lost: ${error instanceof Error ? error.message : String(error)}`, reason);
          }
        }
      },
    });
    if (lease && report.failedStep !== 'lease: acquire') {
      const live = report.succeeded && input.phase !== 'prepare' ? input.target : undefined;
      await context.step('lease: release', async () => {
        await lease.release(live ? { live } : {});
        return null;
      });
    }
    if (input.hook) {
      const hook = input.hook;
      const status = report.succeeded ? 'Succeeded' : 'Failed';
      await context.step(`codedeploy: report ${status}`, async () => {
        const { reportHookStatus } = await import('../codedeploy/report-hook.js');
        const result = await reportHookStatus(await codedeployClient(), hook.deploymentId, hook.lifecycleEventHookExecutionId, status, {
          logger,
        });
        return { outcome: result.outcome, attempts: result.attempts };
      });
      report.reported = status;
    }
    if (!report.succeeded) throw new DurableFlipError(report);
    return report;
  };

  return Object.assign(handler, {
    flip,
    plan: async (phase: FlipPhase, target: StackReference, planOptions: { hook?: boolean } = {}) =>
      planDurableSteps(`flip ${phase} → ${target}`, await stepsOf(phase, target), planOptions.hook ? budget() : undefined),
  });
}

function refused(name: string, steps: DurableStep[], failedStep: string, error: string): DurableFlipReport {
  return {
    name,
    succeeded: false,
    steps: steps.map((s) => ({ name: s.name, status: 'not-run' as const })),
    warnings: [],
    failedStep,
    error,
    undone: [],
    leftToFix: [],
    waitedSeconds: 0,
  };
}

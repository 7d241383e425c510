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
import type { FlipPhase } from '../runbook/flip.js';
import type { StackConfig } from '../runbook/stack-config.js';
import { NotStartedError, runDurableSteps, transientRetry } from './durable-runner.js';
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
 * import { FlipLease } from 'bluegreen-toolkit/runbook';
 *
 * const lease = (executionArn: string): DurableLease => new FlipLease({ tableName: 'bluegreen-locks', lockId: 'shop', leaseId: executionArn, leaseSeconds: 1200 });
 * ```
 */
export interface DurableLease {
  /** Takes the lease before the first step; throws when another flip holds it (nothing was changed). */
  acquire(intent: { target: StackReference; phase: string }): Promise<unknown>;
  /** Renews it before every step, recording the steps completed so far; throws when it was lost. */
  heartbeat(progress?: DurableProgress): Promise<void>;
  /** Releases it at the end, success or failure, recording the live stack and the outcome. */
  release(final?: { live?: StackReference; progress?: DurableProgress }): Promise<unknown>;
}

/**
 * The progress a durable flip records with its lease (the runbook's `FlipProgress`): a later run of the same flip
 * (durable or not) skips the completed steps.
 *
 * @example
 * ```ts
 * import type { DurableProgress } from 'bluegreen-toolkit/durable';
 *
 * const p: DurableProgress = { target: StackReference.Green, completedSteps: [], status: 'running', phase: 'prepare', updatedAt: new Date().toISOString() };
 * ```
 */
export interface DurableProgress {
  target: StackReference;
  completedSteps: string[];
  status: 'running' | 'succeeded' | 'failed';
  phase: string;
  updatedAt: string;
}

/**
 * The lease duration of a durable flip's default lease, seconds: an hour, longer than any wait it suspends in
 * (nothing renews the lease while the function is suspended). A stopped execution blocks the pair for at most this
 * long; `bluegreen lock break` releases it earlier.
 *
 * @example
 * ```ts
 * import { DURABLE_LEASE_SECONDS } from 'bluegreen-toolkit/durable';
 *
 * console.log(`a stopped durable flip holds the pair for up to ${DURABLE_LEASE_SECONDS / 60} minutes`);
 * ```
 */
export const DURABLE_LEASE_SECONDS = 3600;

/**
 * The durable options of {@link durableFlipOf} (and, with the flip's own options, of {@link durableFlip}).
 *
 * @example
 * ```ts
 * import type { DurableFlipCoreOptions } from 'bluegreen-toolkit/durable';
 *
 * const options: DurableFlipCoreOptions = { deadlineMarginSeconds: 600, stepAttempts: 4 };
 * ```
 */
export interface DurableFlipCoreOptions {
  /** Where the flip logs (default: nothing). */
  logger?: Logger;
  /** Dry run: no lease, no waits (the flip's tools record their mutating calls; default false). */
  dryRun?: unknown;
  /** Client settings for the CodeDeploy client (with the stack's region/endpoint) when `codedeployClientConfig` is not given. */
  clientConfig?: AwsClientConfig;
  /**
   * The lease per execution (default: the flip's `FlipLease` from the stack config's `lock` section, with the
   * execution ARN as lease id — a replay re-acquires its own lease — and {@link DURABLE_LEASE_SECONDS}, because no
   * heartbeat runs while the function is suspended in a wait; none without a lock table).
   */
  leaseFor?: (executionArn: string) => DurableLease | undefined;
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
 * What a durable flip runs: the runbook's `BlueGreenFlip` (from `bluegreenFlip(config)`, or from tool instances) —
 * its plan of a phase (steps with their waits as data, steps an earlier run completed) and its lease.
 *
 * @example
 * ```ts
 * import { bluegreenFlip } from 'bluegreen-toolkit/runbook';
 * import type { DurableFlipSource } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * const source: DurableFlipSource = bluegreenFlip(stack);
 * ```
 */
export interface DurableFlipSource {
  /** The stack config (its region and endpoint also serve the CodeDeploy client). */
  readonly config: StackConfig;
  /** The steps of a phase, and those an earlier run completed. */
  plan(phase: FlipPhase, target: StackReference): Promise<{ steps: DurableStep[]; skip: string[]; notes: string[] }>;
  /** The pair's lease with this lease id, or undefined without a lock table. */
  lease(options?: { leaseId?: string }): DurableLease | undefined;
}

/**
 * The handler {@link durableFlip} returns (pass it to `withDurableExecution`), with the flip and its plan.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { durableFlip } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * const flip = durableFlip(stack);
 * console.log((await flip.plan('finish', StackReference.Green, { hook: true })).message);
 * ```
 */
export interface DurableFlipHandler<F extends DurableFlipSource = DurableFlipSource> {
  (event: DurableFlipEvent, context: DurableContext): Promise<DurableFlipReport>;
  /** The flip the handler runs. */
  readonly flip: F;
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
 * {@link durableFlip} for a flip you built yourself — for example from tool instances, so the bundle holds only the
 * services you import. Same durable behaviour; see {@link durableFlip}.
 *
 * @param flip - the {@link DurableFlipSource} (a `BlueGreenFlip`).
 * @param options - {@link DurableFlipCoreOptions}.
 *
 * @remarks IAM: the actions of the flip's tools, `codedeploy:PutLifecycleEventHookExecutionStatus` for hooks,
 * `lambda:CheckpointDurableExecution` and `lambda:GetDurableExecutionState` for the durable SDK.
 *
 * @example
 * ```ts
 * import { withDurableExecution } from '@aws/durable-execution-sdk-js';
 * import { bluegreenFlip } from 'bluegreen-toolkit/runbook';
 * import { durableFlipOf } from 'bluegreen-toolkit/durable';
 * import stack from './stack.json' with { type: 'json' };
 *
 * export const handler = withDurableExecution(durableFlipOf(bluegreenFlip(stack, { lock: { leaseSeconds: 3600 } })));
 * ```
 */
export function durableFlipOf<F extends DurableFlipSource>(flip: F, options: DurableFlipCoreOptions = {}): DurableFlipHandler<F> {
  const logger: Logger = options.logger ?? silentLogger;
  const planOf = async (phase: FlipPhase, target: StackReference): Promise<{ steps: DurableStep[]; skip: string[]; notes: string[] }> => {
    if (options.steps) return { steps: await options.steps(phase, target), skip: [], notes: [] };
    const plan = await flip.plan(phase, target);
    return { steps: plan.steps, skip: plan.skip, notes: plan.notes };
  };
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
    const arn = context.executionContext.durableExecutionArn;
    const lease = options.leaseFor ? options.leaseFor(arn) : options.dryRun ? undefined : flip.lease({ leaseId: arn });
    const deadlineAt = input.hook ? Date.parse(input.hook.invokedAt) + budget() * 1000 : undefined;
    let report: DurableFlipReport | undefined;
    // A lease built once with its own id (bluegreenFlipFromTools's `options.lease`) ignores the execution ARN: a
    // replay in a new sandbox would hold another id (and lose the lease), two executions sharing one id would both
    // hold it. Refused before any call; `leaseFor` builds the lease per execution.
    const fixedId = lease && !options.leaseFor ? (lease as { leaseId?: unknown }).leaseId : undefined;
    if (typeof fixedId === 'string' && fixedId !== arn)
      report = refused(
        name,
        [],
        'lease: acquire',
        `the flip's lease has a fixed lease id (${fixedId}), not the execution ARN: build it per execution with durableFlipOf(flip, { leaseFor: (arn) => new FlipLease({ tableName, lockId, leaseId: arn, leaseSeconds: DURABLE_LEASE_SECONDS }) }) instead of the flip's options.lease`,
      );
    if (lease && !report) {
      try {
        await context.step(
          'lease: acquire',
          async () => {
            await lease.acquire({ target: input.target, phase: input.phase });
            return null;
          },
          { retryStrategy: transientRetry(3) },
        );
      } catch (error) {
        report = refused(name, [], 'lease: acquire', causeMessage(error));
      }
    }
    // The plan reads AWS (which stack consumes, what is stoppable): it is checkpointed, and every replay runs the steps
    // of the checkpointed plan, rebuilt by name (a step the rebuilt plan lacks can no longer run; it is only undone).
    const built = await planOf(input.phase, input.target);
    const plan = await context.step('flip: plan', async () => ({
      ...planDurableSteps(name, built.steps, input.hook ? budget() : undefined),
      skip: built.skip,
      notes: built.notes,
    }));
    const steps = plan.steps.map((p): DurableStep => built.steps.find((s) => s.name === p.name) ?? missingStep(p.name));
    for (const note of plan.notes) logger.warn(`durable flip: ${note}`);
    if (!report && !plan.fitsHookDeadline) report = refused(name, steps, 'flip: plan', plan.message);
    const completed: string[] = [...plan.skip];
    const progress = (status: DurableProgress['status']): DurableProgress => ({
      target: input.target,
      completedSteps: [...completed],
      status,
      phase: input.phase,
      updatedAt: new Date().toISOString(),
    });
    report ??= await runDurableSteps(context, steps, {
      name,
      skip: plan.skip,
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
        for (const earlier of steps.slice(0, i)) if (!completed.includes(earlier.name)) completed.push(earlier.name);
        if (lease) {
          try {
            await lease.heartbeat(progress('running'));
          } catch (error) {
            const reason = error instanceof Error ? error.name : 'LeaseLostError';
            throw new NotStartedError(`the flip lease was lost: ${error instanceof Error ? error.message : String(error)}`, reason);
          }
        }
      },
    });
    if (lease && report.failedStep !== 'lease: acquire') {
      const live = report.succeeded && input.phase !== 'prepare' ? input.target : undefined;
      if (report.succeeded) for (const s of steps) if (!completed.includes(s.name)) completed.push(s.name);
      await context.step(
        'lease: release',
        async () => {
          await lease.release({ ...(live ? { live } : {}), progress: progress(report.succeeded ? 'succeeded' : 'failed') });
          return null;
        },
        { retryStrategy: transientRetry(3) },
      );
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
      planDurableSteps(`flip ${phase} → ${target}`, (await planOf(phase, target)).steps, planOptions.hook ? budget() : undefined),
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

function causeMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error ? cause.message : error.message;
}

/** A step of the checkpointed plan that the rebuilt plan no longer has: it cannot run again (it ran before). */
function missingStep(name: string): DurableStep {
  return {
    name,
    run: async () => {
      throw new Error(`step '${name}' is in the checkpointed plan but not in the plan rebuilt on replay (AWS changed under the flip)`);
    },
  };
}

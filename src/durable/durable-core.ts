import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { type Logger, type StackReference, silentLogger } from '../core/index.js';
import type { FlipPhase } from '../runbook/flip.js';
import {
  type DurableFlipCoreOptions,
  DurableFlipError,
  type DurableFlipHandler,
  type DurableFlipSource,
  type DurableProgress,
  parseDurableFlipEvent,
} from './durable-options.js';
import { NotStartedError, runDurableSteps, transientRetry } from './durable-runner.js';
import { CODEDEPLOY_HOOK_DEADLINE_SECONDS, DEFAULT_DEADLINE_MARGIN_SECONDS, planDurableSteps, undoReserveSeconds } from './plan.js';
import type { DurableFlipEvent, DurableFlipReport, DurableStep } from './types.js';

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
  const planOf = async (phase: FlipPhase, target: StackReference): Promise<Planned> => {
    if (options.steps) return { steps: await options.steps(phase, target), skip: [], notes: [] };
    const plan = await flip.plan(phase, target);
    return { steps: plan.steps, skip: plan.skip, notes: plan.notes, ...(plan.record ? { record: plan.record } : {}) };
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
      ...resumeOf(built, input.target),
      notes: built.notes,
    }));
    // A step the rebuilt plan lacks keeps the checkpointed plan's shape (its snapshot step too), so a replay emits the
    // same operations: what was checkpointed is replayed, what was not fails as missing.
    const steps = plan.steps.map(
      (p): DurableStep => built.steps.find((s) => s.name === p.name) ?? missingStep(p.name, p.snapshot === true),
    );
    for (const note of plan.notes) logger.warn(`durable flip: ${note}`);
    if (!report && !plan.fitsHookDeadline) report = refused(name, steps, 'flip: plan', plan.message);
    const completed: string[] = [...plan.skip, ...plan.done];
    // The pre-states, recorded with the lease's progress (at the heartbeat before each step), as the runbook's flip
    // does: a later execution that continues this unfinished one undoes exactly what it changed.
    const snapshots: Record<string, unknown> = { ...plan.snapshots };
    const progress = (status: DurableProgress['status']): DurableProgress => ({
      target: input.target,
      completedSteps: [...completed],
      status,
      phase: input.phase,
      updatedAt: new Date().toISOString(),
      ...(status !== 'succeeded' && Object.keys(snapshots).length > 0 ? { snapshots: { ...snapshots } } : {}),
    });
    report ??= await runDurableSteps(context, steps, {
      name,
      skip: plan.skip,
      done: plan.done,
      snapshots: plan.snapshots,
      onSnapshot: (step, snapshot) => {
        snapshots[step] = snapshot;
      },
      // A changing step without a snapshot whose undo works from its result (the reader scale-out/in): its result
      // is kept as its pre-state, so a later execution can still undo it exactly (the runbook flip's keepResult).
      afterStep: (name, status, result) => {
        const step = steps.find((s) => s.name === name);
        if (status === 'done' && step?.undo && !step.snapshot && !Object.hasOwn(snapshots, name) && result != null)
          snapshots[name] = { result };
      },
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
      const final = report;
      if (final.succeeded) {
        for (const s of steps) if (!completed.includes(s.name)) completed.push(s.name);
      } else {
        // As the runbook's flip: what is in place stays recorded (also an earlier run's steps this one never
        // reached); a step undone or left changed is not, so a later run runs it again; an undone step is back to
        // its pre-state, so that run takes a new snapshot.
        const status = new Map(final.steps.map((s) => [s.name, s.status]));
        const kept = completed.filter((name) => NOT_IN_PLACE.every((s) => s !== status.get(name)));
        completed.splice(0, completed.length, ...kept);
        for (const s of final.steps) if (s.status === 'undone') delete snapshots[s.name];
      }
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

interface Planned {
  steps: DurableStep[];
  skip: string[];
  notes: string[];
  record?: { progress?: { target: string; status: string; snapshots?: Record<string, unknown> } };
}

const NOT_IN_PLACE: readonly string[] = ['failed', 'undone', 'undo-failed', 'not-undoable'];

/**
 * What this execution continues from (the runbook flip's resume sets): the steps an unfinished earlier run of this
 * flip completed with a recorded pre-state are `done` (skipped, but undone exactly if this run fails); the others
 * are only skipped. Read from the lease record in the checkpointed plan, so every replay uses the same sets.
 */
function resumeOf(built: Planned, target: StackReference): { skip: string[]; done: string[]; snapshots: Record<string, unknown> } {
  const progress = built.record?.progress;
  const prior = progress && progress.target === target && progress.status !== 'succeeded' ? (progress.snapshots ?? {}) : {};
  const done = built.skip.filter((name) => Object.hasOwn(prior, name));
  return { skip: built.skip.filter((name) => !done.includes(name)), done, snapshots: { ...prior } };
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
function missingStep(name: string, snapshot: boolean): DurableStep {
  const missing = async (): Promise<never> => {
    throw new Error(`step '${name}' is in the checkpointed plan but not in the plan rebuilt on replay (AWS changed under the flip)`);
  };
  return { name, run: missing, ...(snapshot ? { snapshot: missing } : {}) };
}

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
} from '../core/index.js';
import type { FlipPhase } from '../runbook/flip.js';
import type { StackConfig } from '../runbook/stack-config.js';
import { CODEDEPLOY_HOOK_DEADLINE_SECONDS, DEFAULT_DEADLINE_MARGIN_SECONDS, type DurablePlan } from './plan.js';
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
  /** The pre-states of the steps taken so far (step name → snapshot), while the flip is unfinished. */
  snapshots?: Record<string, unknown>;
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
   * heartbeat runs while the function is suspended in a wait; none without a lock table). With a flip built from
   * tool instances (`bluegreenFlipFromTools`) build the lease here —
   * `(arn) => new FlipLease({ tableName, lockId, leaseId: arn, leaseSeconds: DURABLE_LEASE_SECONDS })` — not as the
   * flip's `options.lease`: a lease with a fixed id is refused (the execution reports `Failed`, nothing runs).
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
    const named = (f: DurableFlipReport['leftToFix'][number]) => (f.resources?.length ? ` [${f.resources.join(', ')}]` : '');
    const left = report.leftToFix.length
      ? `; LEFT TO FIX: ${report.leftToFix.map((f) => `${f.step}${named(f)} (${f.fix})`).join('; ')}`
      : '';
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
  /**
   * The steps of a phase, those an earlier run completed, and the lease record it read (whose unfinished progress's
   * pre-states make the earlier run's steps undoable by this one).
   */
  plan(
    phase: FlipPhase,
    target: StackReference,
  ): Promise<{
    steps: DurableStep[];
    skip: string[];
    notes: string[];
    record?: { progress?: { target: string; status: string; snapshots?: Record<string, unknown> } };
  }>;
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

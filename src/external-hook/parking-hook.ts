import { reportHookStatus } from '../codedeploy/report-hook.js';
import { type Logger, silentLogger } from '../core/index.js';
import { type CodeDeployHookEvent, locateHook, parseHookEvent } from './context.js';
import { HookParker, type HookStoreOptions } from './hook-parker.js';
import { parseStage } from './names.js';
import type { ParkedHook } from './types.js';

/**
 * Options of {@link createParkingHook}: the store's options (or an existing `store`: a {@link HookParker}, or a
 * {@link HookStore}, which is one) plus the lifecycle event.
 *
 * @example
 * ```ts
 * import type { ParkingHookOptions } from 'bluegreen-toolkit/external-hook';
 *
 * const options: ParkingHookOptions = { tableName: 'bluegreen-hooks', lifecycleEvent: 'BeforeAllowTraffic' };
 * ```
 */
export type ParkingHookOptions = (HookStoreOptions | { store: HookParker; logger?: Logger }) & {
  /** The lifecycle event this function serves (`PRE_TRAFFIC`, `BeforeAllowTraffic`, …); default: found via CodeDeploy. */
  lifecycleEvent?: string;
  /** Fail closed this many milliseconds before the Lambda times out (default 5000). */
  safetyMarginMs?: number;
};

/**
 * What the parking handler did: `PARKED` (new item), `ALREADY_PARKED` (re-invocation), or `FAILED_CLOSED` (parking was
 * impossible, so Failed was reported to CodeDeploy at once; `error` says why).
 *
 * @example
 * ```ts
 * const outcome = await handler(event, context);
 * if (outcome.status === 'FAILED_CLOSED') console.error(outcome.error);
 * ```
 */
export interface ParkingOutcome {
  /** What happened. */
  status: 'PARKED' | 'ALREADY_PARKED' | 'FAILED_CLOSED';
  /** The parked hook (when parked). */
  hook?: ParkedHook;
  /** Why parking failed (when failed closed). */
  error?: string;
}

/**
 * The parts of the Lambda context the handler reads. The real `Context` from `aws-lambda` fits.
 *
 * @example
 * ```ts
 * import { createParkingHook, type ParkingLambdaContext } from 'bluegreen-toolkit/external-hook';
 *
 * const handler = createParkingHook({ tableName: 'bluegreen-hooks', lifecycleEvent: 'PRE_TRAFFIC' });
 * const context: ParkingLambdaContext = { getRemainingTimeInMillis: () => 30_000 };
 * const outcome = await handler({ DeploymentId: 'd-ABCDEFGHI', LifecycleEventHookExecutionId: 'eyJ...' }, context);
 * ```
 */
export interface ParkingLambdaContext {
  /** Milliseconds until the Lambda times out (absent: parking runs without a time budget). */
  getRemainingTimeInMillis?: () => number;
}

/**
 * Creates the CodeDeploy lifecycle hook Lambda handler that **parks** the hook for CI instead of testing: it finds the
 * application, deployment group and lifecycle event (Lambda `BeforeAllowTraffic`/`AfterAllowTraffic` — the
 * `PRE_TRAFFIC`/`POST_TRAFFIC` hooks — and the five ECS hooks), stores the hook with its deadline and returns without
 * reporting; CI releases it later. If it cannot park (DynamoDB or CodeDeploy error, missing permission, Lambda about
 * to time out) it reports `Failed` at once — fail closed — instead of letting the deployment hang until the hook
 * deadline. A malformed event throws `MalformedInputError` (there is nothing to report to).
 *
 * Name the function `CodeDeployHook_*` so the AWS managed CodeDeploy role may invoke it.
 *
 * @param options - {@link ParkingHookOptions}.
 * @returns the Lambda handler `(event, context) => Promise<ParkingOutcome>`.
 * @throws HookReportError when parking failed and reporting Failed failed too (the message names the permission).
 *
 * @remarks
 * IAM: `dynamodb:PutItem` (on the table), `codedeploy:GetDeployment`, `codedeploy:ListDeploymentTargets` and
 * `codedeploy:GetDeploymentTarget` (these two unless `lifecycleEvent` is set), `codedeploy:PutLifecycleEventHookExecutionStatus`
 * — the function's role; infra/template.yaml grants exactly these (a test checks it).
 *
 * @example
 * ```ts
 * import { createParkingHook } from 'bluegreen-toolkit/external-hook';
 *
 * export const handler = createParkingHook({ tableName: process.env.HOOK_TABLE ?? '', lifecycleEvent: 'PRE_TRAFFIC' });
 * ```
 */
export function createParkingHook(
  options: ParkingHookOptions,
): (event: CodeDeployHookEvent, context?: ParkingLambdaContext) => Promise<ParkingOutcome> {
  const store = 'store' in options && options.store ? options.store : new HookParker(options as HookStoreOptions);
  const logger = options.logger ?? silentLogger;
  const lifecycleEvent = options.lifecycleEvent === undefined ? undefined : parseStage(options.lifecycleEvent, 'lifecycleEvent');
  const margin = options.safetyMarginMs ?? 5000;
  return async (event, context) => {
    const parsed = parseHookEvent(event);
    const remaining = context?.getRemainingTimeInMillis?.();
    const budget = typeof remaining === 'number' && Number.isFinite(remaining) ? Math.max(0, remaining - margin) : undefined;
    try {
      if (budget === 0)
        throw new Error('parking cannot start: the Lambda is about to time out (remaining time is below the safety margin)');
      const where = await withBudget(locateHook(store.codedeploy, parsed, lifecycleEvent ? { lifecycleEvent } : {}), budget);
      const result = await withBudget(store.park(where), budget);
      return { status: result.outcome === 'changed' ? 'PARKED' : 'ALREADY_PARKED', hook: result.hook };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error('external-hook: could not park the hook, reporting Failed', { deploymentId: parsed.DeploymentId, error: message });
      await reportFailed(store, parsed, logger);
      return { status: 'FAILED_CLOSED', error: message };
    }
  };
}

async function withBudget<T>(work: Promise<T>, budgetMs: number | undefined): Promise<T> {
  if (budgetMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parking did not finish within ${budgetMs} ms (the Lambda is about to time out)`)), budgetMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function reportFailed(store: HookParker, event: CodeDeployHookEvent, logger: Logger): Promise<void> {
  // Retries throttling and transient errors with backoff; "already completed" is success; a final failure throws
  // HookReportError naming the missing permission when access was denied.
  await reportHookStatus(store.codedeploy, event.DeploymentId, event.LifecycleEventHookExecutionId, 'Failed', { logger });
}

import { ConfigError, MalformedInputError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { describeValue } from '../core/stack.js';
import { errorMessage, type LambdaContextLike, runWithDeadline, withAttributes } from './common.js';

/**
 * The lifecycle stages of an ECS native blue/green deployment at which a Lambda hook can run, in the order they run.
 *
 * @example
 * ```ts
 * import { ECS_LIFECYCLE_STAGES } from 'bluegreen-toolkit/hooks';
 *
 * // The POST_* stages (after scale-up and after each traffic shift), for deploymentConfiguration.lifecycleHooks[].lifecycleStages.
 * // POST_SCALE_UP, POST_TEST_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT
 * const lifecycleStages = ECS_LIFECYCLE_STAGES.filter((s) => s.startsWith('POST_'));
 * ```
 */
export const ECS_LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
] as const;

/**
 * An ECS lifecycle stage (see {@link ECS_LIFECYCLE_STAGES}).
 *
 * @example
 * ```ts
 * import { type EcsLifecycleStage, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * const gated: EcsLifecycleStage[] = ['POST_TEST_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT'];
 * export const handler = ecsLifecycleHook(async ({ stage }) => (gated.includes(stage) ? runChecks(stage) : 'succeeded'));
 * ```
 */
export type EcsLifecycleStage = (typeof ECS_LIFECYCLE_STAGES)[number];

/**
 * The payload Amazon ECS sends to a lifecycle hook Lambda function.
 *
 * @example
 * ```ts
 * import { type EcsLifecycleHookEvent, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * const green = 'arn:aws:ecs:eu-west-1:123456789012:service-revision/shop/api/2222';
 * const event: EcsLifecycleHookEvent = {
 *   executionId: 'a1b2c3d4',
 *   lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
 *   resourceArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop/api/abcd',
 *   executionDetails: {
 *     serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/api',
 *     targetServiceRevisionArn: green,
 *     testTrafficWeights: { [green]: 100 },
 *     productionTrafficWeights: { 'arn:aws:ecs:eu-west-1:123456789012:service-revision/shop/api/1111': 100 },
 *   },
 * };
 * const response = await ecsLifecycleHook(({ greenTestWeight }) => (greenTestWeight === 100 ? 'succeeded' : 'failed'))(event);
 * ```
 */
export interface EcsLifecycleHookEvent {
  /** The hook execution. */
  executionId?: string;
  /** The stage the deployment is in. */
  lifecycleStage: string;
  /** The service deployment ARN. */
  resourceArn?: string;
  /** The service, the revision being deployed (green) and the traffic weights by service revision ARN. */
  executionDetails: {
    /** The service. */
    serviceArn: string;
    /** The service revision being deployed (green). */
    targetServiceRevisionArn: string;
    /** Test traffic weights by service revision ARN. */
    testTrafficWeights?: Record<string, number>;
    /** Production traffic weights by service revision ARN. */
    productionTrafficWeights?: Record<string, number>;
  };
  /** The hook's configured `hookDetails`, plus what the previous IN_PROGRESS answer returned. */
  hookDetails?: Record<string, unknown>;
}

/**
 * What an ECS lifecycle hook function must return.
 *
 * @example
 * ```ts
 * import { type EcsLifecycleHookResponse, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * const handler = ecsLifecycleHook(() => ({ status: 'in-progress', callBackDelay: 60 }));
 * const response: EcsLifecycleHookResponse = await handler(event);
 * // { hookStatus: 'IN_PROGRESS', callBackDelay: 60, hookDetails: { ...event.hookDetails, bluegreenToolkit: { ... } } }
 * ```
 */
export interface EcsLifecycleHookResponse {
  /** SUCCEEDED continues, FAILED rolls back, IN_PROGRESS asks ECS to invoke the function again. */
  hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
  /** Seconds before ECS invokes the function again (IN_PROGRESS only; ECS's default is 30). */
  callBackDelay?: number;
  /** Passed to the next invocation (IN_PROGRESS only). */
  hookDetails?: Record<string, unknown>;
}

/**
 * What an {@link ecsLifecycleHook} handler sees; `S` is the type of the state kept between `in-progress` answers.
 *
 * @example
 * ```ts
 * import { type EcsHookDecision, type EcsHookInput, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * type Soak = { startedAt: number };
 * const soak = ({ stage, greenWeight, rollbackDetected, state, logger }: EcsHookInput<Soak>): EcsHookDecision<Soak> => {
 *   if (rollbackDetected) return { status: 'failed', reason: 'ECS is rolling back' };
 *   if (stage !== 'POST_PRODUCTION_TRAFFIC_SHIFT') return 'succeeded';
 *   const startedAt = state?.startedAt ?? Date.now();
 *   logger.info(`green has production weight ${greenWeight} since ${new Date(startedAt).toISOString()}`);
 *   return Date.now() - startedAt > 600_000 ? 'succeeded' : { status: 'in-progress', state: { startedAt }, callBackDelay: 60 };
 * };
 * export const handler = ecsLifecycleHook(soak);
 * ```
 */
export interface EcsHookInput<S> {
  /** The lifecycle stage. */
  stage: EcsLifecycleStage;
  /** The service. */
  serviceArn: string;
  /** The service revision being deployed (green). */
  targetServiceRevisionArn: string;
  /** The service deployment ARN (`resourceArn`). */
  serviceDeploymentArn: string | undefined;
  /** Production traffic weights by service revision ARN. */
  productionTrafficWeights: Record<string, number>;
  /** Test traffic weights by service revision ARN. */
  testTrafficWeights: Record<string, number>;
  /** The green revision's share of production traffic (0 when absent). */
  greenWeight: number;
  /** The green revision's share of test traffic (0 when absent). */
  greenTestWeight: number;
  /** True when green had production traffic in an earlier invocation of this hook and is back at 0: ECS is rolling back. */
  rollbackDetected: boolean;
  /** The state your handler returned with the previous `in-progress` answer (undefined on the first invocation). */
  state: S | undefined;
  /** 1 on the first invocation, then counts the IN_PROGRESS re-invocations. */
  invocation: number;
  /** The hook's own configured `hookDetails` (without the wrapper's bookkeeping). */
  hookDetails: Record<string, unknown>;
  /** Aborted at the deadline (Lambda's remaining time minus the safety margin). */
  signal: AbortSignal;
  /** The wrapper's logger with the stage and execution id attached. */
  logger: Logger;
  /** The Lambda context, when passed. */
  lambdaContext: LambdaContextLike | undefined;
}

/**
 * What an {@link ecsLifecycleHook} handler returns: a status word, or a status with state to keep and a delay.
 * Returning nothing means `succeeded`; `callBackDelay` must be a whole number of seconds >= 1; `reason` is logged
 * with a `failed` answer.
 *
 * @example
 * ```ts
 * import { type EcsHookDecision, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * export const handler = ecsLifecycleHook<{ tries: number }>(async ({ state }): Promise<EcsHookDecision<{ tries: number }>> => {
 *   const tries = (state?.tries ?? 0) + 1;
 *   if (await greenIsHealthy()) return 'succeeded';
 *   if (tries >= 5) return { status: 'failed', reason: `green unhealthy after ${tries} checks` };
 *   return { status: 'in-progress', state: { tries }, callBackDelay: 30 };
 * });
 * ```
 */
export type EcsHookDecision<S> =
  | 'succeeded'
  | 'failed'
  | 'in-progress'
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (an async function without return) means succeeded.
  | void
  | { status: 'succeeded' | 'failed' | 'in-progress'; state?: S; callBackDelay?: number; reason?: string };

/**
 * Options of {@link ecsLifecycleHook}.
 *
 * @example
 * ```ts
 * import { type EcsLifecycleHookOptions, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * const options: EcsLifecycleHookOptions = { onDeadline: 'in-progress', callBackDelay: 30, maxDuration: 1800, logger: console };
 * export const handler = ecsLifecycleHook(async ({ signal }) => {
 *   await fetch('https://green.example.com/health', { signal });
 * }, options);
 * ```
 */
export interface EcsLifecycleHookOptions {
  /** Seconds kept back from Lambda's remaining time (default 5). */
  safetyMargin?: number;
  /** Seconds the handler may run when no Lambda context is passed (default 900). */
  timeout?: number;
  /** What to answer when the handler misses its deadline: `failed` (default) or `in-progress` (ECS calls again). */
  onDeadline?: 'failed' | 'in-progress';
  /** callBackDelay for `in-progress` answers that set none (default: ECS's own, 30 s). */
  callBackDelay?: number;
  /** Give up (FAILED) when the hook has been in progress for longer than this many seconds (default: no limit). */
  maxDuration?: number;
  /** Where the wrapper logs (default: nothing). */
  logger?: Logger;
  /** Clock, for tests (default `Date.now`). */
  now?: () => number;
}

/**
 * The key under `hookDetails` where the wrapper keeps its state between IN_PROGRESS invocations (do not use it in the
 * hook's own `hookDetails`; handlers never see it).
 *
 * @example
 * ```ts
 * import { ECS_HOOK_STATE_KEY, ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * // In a test: answer IN_PROGRESS once, then invoke again the way ECS does, with the hookDetails of the answer.
 * const handler = ecsLifecycleHook<number>(({ invocation }) => (invocation === 1 ? { status: 'in-progress', state: 1 } : 'succeeded'));
 * const first = await handler(event);
 * console.log(first.hookDetails?.[ECS_HOOK_STATE_KEY]); // the wrapper's bookkeeping
 * const second = await handler({ ...event, hookDetails: first.hookDetails }); // { hookStatus: 'SUCCEEDED' }
 * ```
 */
export const ECS_HOOK_STATE_KEY = 'bluegreenToolkit';

interface Bookkeeping {
  state?: unknown;
  invocation: number;
  maxGreenWeight: number;
  firstInvokedAt: number;
}

/**
 * Wraps your logic into a Lambda handler for ECS native blue/green lifecycle hooks. The handler sees the stage, the
 * service revision and the traffic weights, returns `succeeded`, `failed` or `in-progress` (optionally with state and
 * a `callBackDelay`), and the wrapper answers ECS with `{ hookStatus, callBackDelay, hookDetails }`. State returned with
 * `in-progress` comes back as `state` on the next invocation (carried in `hookDetails`), and a rollback (green's
 * production weight back to 0 after it had traffic) is flagged as `rollbackDetected`. A thrown error, an invalid answer
 * or a missed deadline answers FAILED (ECS rolls back) instead of letting the invocation fail.
 *
 * @param handler - your logic; `undefined` counts as `succeeded`.
 * @param options - see {@link EcsLifecycleHookOptions}.
 * @returns a Lambda handler `(event, context) => Promise<EcsLifecycleHookResponse>`.
 * @throws (the returned handler) `MalformedInputError` when the event is not an ECS lifecycle hook payload.
 *
 * @remarks IAM: none for the wrapper itself (ECS invokes the function through the hook's `roleArn`, which needs
 * `lambda:InvokeFunction`).
 *
 * @example
 * ```ts
 * import { ecsLifecycleHook } from 'bluegreen-toolkit/hooks';
 *
 * export const handler = ecsLifecycleHook<{ checks: number }>(async ({ stage, greenWeight, state, rollbackDetected }) => {
 *   if (rollbackDetected) return 'failed';
 *   const checks = (state?.checks ?? 0) + 1;
 *   if (stage === 'POST_TEST_TRAFFIC_SHIFT' && checks < 3) return { status: 'in-progress', state: { checks }, callBackDelay: 20 };
 *   return 'succeeded';
 * });
 * ```
 */
export function ecsLifecycleHook<S = unknown>(
  handler: (input: EcsHookInput<S>) => EcsHookDecision<S> | Promise<EcsHookDecision<S>>,
  options: EcsLifecycleHookOptions = {},
): (event: unknown, context?: LambdaContextLike) => Promise<EcsLifecycleHookResponse> {
  if (typeof handler !== 'function') throw new ConfigError(`ecsLifecycleHook(handler) needs a function, got ${describeValue(handler)}.`);
  const safetyMargin = nonNegative(options.safetyMargin, 'options.safetyMargin', 5);
  const timeout = nonNegative(options.timeout, 'options.timeout', 900);
  const maxDuration = options.maxDuration === undefined ? undefined : nonNegative(options.maxDuration, 'options.maxDuration', 0);
  const defaultDelay = options.callBackDelay === undefined ? undefined : delay(options.callBackDelay, 'options.callBackDelay');
  if (options.onDeadline !== undefined && options.onDeadline !== 'failed' && options.onDeadline !== 'in-progress') {
    throw new ConfigError(`options.onDeadline ${describeValue(options.onDeadline)} is not valid: use 'failed' or 'in-progress'.`);
  }
  const now = options.now ?? Date.now;
  const baseLogger = options.logger ?? silentLogger;

  return async (event, context) => {
    const e = parseEcsEvent(event);
    const { [ECS_HOOK_STATE_KEY]: raw, ...configured } = e.hookDetails ?? {};
    const previous = readBookkeeping(raw);
    const target = e.executionDetails.targetServiceRevisionArn;
    const production = e.executionDetails.productionTrafficWeights ?? {};
    const test = e.executionDetails.testTrafficWeights ?? {};
    const greenWeight = production[target] ?? 0;
    const book: Bookkeeping = {
      invocation: (previous?.invocation ?? 0) + 1,
      maxGreenWeight: Math.max(previous?.maxGreenWeight ?? 0, greenWeight),
      firstInvokedAt: previous?.firstInvokedAt ?? now(),
    };
    const logger = withAttributes(baseLogger, { stage: e.lifecycleStage, executionId: e.executionId, invocation: book.invocation });
    const failed = (reason: string): EcsLifecycleHookResponse => {
      logger.error(`ECS lifecycle hook FAILED: ${reason}`);
      return { hookStatus: 'FAILED' };
    };
    if (maxDuration !== undefined && now() - book.firstInvokedAt > maxDuration * 1000) {
      return failed(`the hook has been in progress for more than ${maxDuration} s (options.maxDuration)`);
    }
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : timeout * 1000;
    const outcome = await runWithDeadline(
      async (signal) =>
        handler({
          stage: e.lifecycleStage as EcsLifecycleStage,
          serviceArn: e.executionDetails.serviceArn,
          targetServiceRevisionArn: target,
          serviceDeploymentArn: e.resourceArn,
          productionTrafficWeights: production,
          testTrafficWeights: test,
          greenWeight,
          greenTestWeight: test[target] ?? 0,
          rollbackDetected: (previous?.maxGreenWeight ?? 0) > 0 && greenWeight === 0,
          state: previous?.state as S | undefined,
          invocation: book.invocation,
          hookDetails: configured,
          signal,
          logger,
          lambdaContext: context,
        }),
      Math.floor(remaining - safetyMargin * 1000),
      `The ECS ${e.lifecycleStage} hook`,
    );
    if (!outcome.ok) {
      if (outcome.timedOut && options.onDeadline === 'in-progress') {
        logger.warn(`handler missed its deadline; answering IN_PROGRESS so ECS invokes the hook again`);
        return inProgress(configured, { ...book, state: previous?.state }, defaultDelay);
      }
      return failed(errorMessage(outcome.error));
    }
    const decision = normalize(outcome.value);
    if (typeof decision === 'string') return failed(decision);
    if (decision.status === 'succeeded') return { hookStatus: 'SUCCEEDED' };
    if (decision.status === 'failed') return failed(decision.reason ?? 'the handler answered failed');
    const callBack =
      decision.callBackDelay === undefined ? defaultDelay : delay(decision.callBackDelay, 'callBackDelay returned by the handler');
    return inProgress(configured, { ...book, state: 'state' in decision ? decision.state : previous?.state }, callBack);
  };
}

function inProgress(configured: Record<string, unknown>, book: Bookkeeping, callBackDelay: number | undefined): EcsLifecycleHookResponse {
  return {
    hookStatus: 'IN_PROGRESS',
    ...(callBackDelay === undefined ? {} : { callBackDelay }),
    hookDetails: { ...configured, [ECS_HOOK_STATE_KEY]: book },
  };
}

/** Turns the handler's answer into a decision, or an error message when it is not a valid answer. */
function normalize(
  value: unknown,
): { status: 'succeeded' | 'failed' | 'in-progress'; state?: unknown; callBackDelay?: number; reason?: string } | string {
  if (value === undefined) return { status: 'succeeded' };
  if (value === 'succeeded' || value === 'failed' || value === 'in-progress') return { status: value };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { status?: unknown; state?: unknown; callBackDelay?: unknown; reason?: unknown };
    if (v.status === 'succeeded' || v.status === 'failed' || v.status === 'in-progress') {
      if (
        v.callBackDelay !== undefined &&
        (typeof v.callBackDelay !== 'number' || !Number.isInteger(v.callBackDelay) || v.callBackDelay < 1)
      ) {
        return `the handler returned callBackDelay ${describeValue(v.callBackDelay)}; use a whole number of seconds >= 1`;
      }
      return v as { status: 'succeeded' | 'failed' | 'in-progress'; state?: unknown; callBackDelay?: number; reason?: string };
    }
  }
  return `the handler returned ${describeValue(value)}; return 'succeeded', 'failed', 'in-progress' or { status, state?, callBackDelay? }`;
}

function parseEcsEvent(event: unknown): EcsLifecycleHookEvent {
  const hint =
    'an ECS lifecycle hook receives { executionId, lifecycleStage, resourceArn, executionDetails: { serviceArn, targetServiceRevisionArn, ... } }';
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new MalformedInputError(`The ECS hook event must be an object, got ${describeValue(event)}; ${hint}.`);
  }
  const e = event as Record<string, unknown>;
  if (typeof e.lifecycleStage !== 'string' || !(ECS_LIFECYCLE_STAGES as readonly string[]).includes(e.lifecycleStage)) {
    throw new MalformedInputError(
      `The ECS hook event's lifecycleStage ${describeValue(e.lifecycleStage)} is not an ECS lifecycle stage; ${hint}.`,
    );
  }
  const d = e.executionDetails as Record<string, unknown> | undefined;
  if (d === null || typeof d !== 'object' || typeof d.serviceArn !== 'string' || typeof d.targetServiceRevisionArn !== 'string') {
    throw new MalformedInputError(`The ECS hook event has no executionDetails.serviceArn / targetServiceRevisionArn; ${hint}.`);
  }
  for (const key of ['testTrafficWeights', 'productionTrafficWeights'] as const) {
    const w = d[key];
    if (w !== undefined && (w === null || typeof w !== 'object' || Object.values(w).some((n) => typeof n !== 'number'))) {
      throw new MalformedInputError(`The ECS hook event's executionDetails.${key} must map service revision ARNs to numbers; ${hint}.`);
    }
  }
  if (e.hookDetails !== undefined && (e.hookDetails === null || typeof e.hookDetails !== 'object' || Array.isArray(e.hookDetails))) {
    throw new MalformedInputError(`The ECS hook event's hookDetails must be an object, got ${describeValue(e.hookDetails)}.`);
  }
  return event as EcsLifecycleHookEvent;
}

function readBookkeeping(raw: unknown): Bookkeeping | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const b = raw as Partial<Bookkeeping>;
  if (typeof b.invocation !== 'number' || typeof b.maxGreenWeight !== 'number' || typeof b.firstInvokedAt !== 'number') return undefined;
  return b as Bookkeeping;
}

function nonNegative(value: unknown, path: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(`${path} must be a number of seconds >= 0, got ${describeValue(value)}.`);
  }
  return value;
}

function delay(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${path} must be a whole number of seconds >= 1, got ${describeValue(value)}.`);
  }
  return value;
}

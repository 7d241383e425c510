/**
 * CodeDeploy test double: an HTTP server that speaks CodeDeploy's JSON 1.1 wire protocol, so the real
 * `@aws-sdk/client-codedeploy` is pointed at it with `endpoint` and used unmodified.
 *
 * Why: moto 5.2.5 (`moto/codedeploy/`) only stores applications, deployment groups and deployments (status stays
 * "Created" forever); it has no lifecycle events, no hooks, and does not implement PutLifecycleEventHookExecutionStatus,
 * StopDeployment, ContinueDeployment, ListDeploymentTargets, GetDeploymentTarget or BatchGetDeploymentTargets.
 *
 * ## API (stable: other suites build on it)
 *
 * ```ts
 * const cd = await startCodeDeployDouble({ hookTimeoutMs: 500 });
 * const client = new CodeDeployClient(cd.clientConfig());      // { endpoint, region, credentials, maxAttempts: 1 }
 * cd.registerFunction('pre-traffic', handler);                  // (event, lambdaContext) => unknown
 * // create application / deployment group / deployment with the SDK (CreateApplication, CreateDeploymentGroup,
 * // CreateDeployment with an AppSpec revision naming the hook functions), then:
 * const final = await cd.waitForDeployment(deploymentId);      // DeploymentInfo JSON once Succeeded/Failed/Stopped
 * cd.reports();     // every PutLifecycleEventHookExecutionStatus the service logic processed (see HookReport)
 * cd.requests();    // every request received, including those answered with an injected error
 * cd.invocations(); // every hook function invocation and what it returned/threw
 * await cd.settled(); // resolves once every hook function invocation so far has returned or thrown
 * cd.injectError('PutLifecycleEventHookExecutionStatus', { code: 'ThrottlingException', status: 400, times: 2 });
 * await cd.stop();
 * ```
 *
 * Options (`startCodeDeployDouble(options)`):
 * - `hookTimeoutMs` (default 2000): the hook deadline (AWS: 1 hour). When no status arrives in time the lifecycle
 *   event fails ("timed out"), the deployment fails and rolls back like on a Failed status.
 * - `lambdaTimeoutMs` (default = hookTimeoutMs): what the fake Lambda context's getRemainingTimeInMillis counts down.
 * - `invoke(functionName, event)`: called for hook functions that were not registered with registerFunction.
 * - `stepDelayMs` (default 5): pause between two lifecycle events.
 * - `pageSize` (default 100): page size of ListDeployments / ListDeploymentTargets (small values test pagination).
 *
 * Served operations and modelled semantics:
 * - CreateApplication (computePlatform Lambda | ECS | Server), CreateDeploymentGroup (autoRollbackConfiguration is
 *   stored and used), CreateDeployment (revision `AppSpecContent` or `String` with JSON AppSpec content; the hooks are
 *   read from `Hooks: [{ BeforeAllowTraffic: 'fn' }, ...]`; the Lambda target is `Resources[0].*.Properties.Name:Alias`,
 *   the ECS target `cluster:service` taken from the deployment group's ecsServices).
 * - A deployment runs right away: Created → InProgress → Succeeded | Failed | Stopped. Lambda lifecycle events:
 *   Start, BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic, End. ECS: Start, BeforeInstall, Install, AfterInstall,
 *   AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic, End. A hook event
 *   with no hook configured is Skipped; one with a hook is InProgress until a status arrives.
 * - The hook function is invoked with `{ DeploymentId, LifecycleEventHookExecutionId }` (asynchronously, as AWS does;
 *   a thrown error does not report anything, the hook then runs into its deadline).
 * - PutLifecycleEventHookExecutionStatus: DeploymentIdRequiredException, InvalidDeploymentIdException (id not `d-`
 *   + 9 characters), DeploymentDoesNotExistException, InvalidLifecycleEventHookExecutionStatusException (status not
 *   Succeeded/Failed), InvalidLifecycleEventHookExecutionIdException (unknown execution), LifecycleEventAlreadyCompleted
 *   Exception (second status, timed-out hook, finished deployment), UnsupportedActionForDeploymentTypeException (Server).
 * - A Failed hook (or timeout) fails the deployment (errorInformation.code HOOK_EXECUTION_FAILURE). With auto rollback
 *   enabled for DEPLOYMENT_FAILURE (on the deployment or its group) a rollback deployment is created: creator
 *   `codeDeployRollback`, `rollbackInfo.rollbackTriggeringDeploymentId` = the original, and the original gets
 *   `rollbackInfo.rollbackDeploymentId`. The rollback runs the non-hook events only and succeeds.
 * - StopDeployment({ autoRollbackEnabled }): status Stopped (answer `{ status: 'Pending' }`), rollback when asked;
 *   DeploymentAlreadyCompletedException when finished. ContinueDeployment: DeploymentIsNotInReadyStateException
 *   (the Ready state is not modelled). GetDeployment, BatchGetDeployments (max 25), ListDeployments (filters
 *   applicationName/deploymentGroupName/includeOnlyStatuses, paginated), ListDeploymentTargets, GetDeploymentTarget,
 *   BatchGetDeploymentTargets.
 * - Errors are `{ "__type": "<Code>", "message": "..." }` with HTTP 400 (injected errors may set any status).
 *
 * Fault injection and Lambda's asynchronous invocation model (options `faults` and `lambda`, both seeded):
 * - `faults: { rate, seed, operations? }`: each request to an operation (default: every one) is, with probability
 *   `rate`, answered with a fault instead: ThrottlingException (400), ServiceUnavailableException (503),
 *   InternalFailure (500) — before anything is applied — or, for PutLifecycleEventHookExecutionStatus, applied and then
 *   the connection is reset before the answer (the client cannot know it landed; its retry then meets
 *   LifecycleEventAlreadyCompletedException). `faultCount()` counts them.
 * - `lambda: { retryAttempts, retryDelayMs, duplicateRate, duplicateDelayMs, seed }`: CodeDeploy invokes hook
 *   functions asynchronously; Lambda retries a failed invocation (AWS default: twice, after 1 and 2 minutes, scaled
 *   here to `retryDelayMs` × attempt) and may deliver an event more than once even without an error ("How Lambda
 *   handles errors and retries with asynchronous invocation", AWS Lambda Developer Guide). A duplicate is delivered
 *   `duplicateDelayMs` after the first delivery settled. Each delivery is one `invocations()` entry (`attempt`,
 *   `duplicate`).
 * - `recordSideEffect(executionId)` / `sideEffects(executionId?)`: a hook handler calls it for every run, so a test
 *   counts at the double how often a handler ran per hook execution.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startCodeDeployDouble}. */
export interface CodeDeployDoubleOptions {
  hookTimeoutMs?: number;
  lambdaTimeoutMs?: number;
  invoke?: (functionName: string, event: CodeDeployHookEvent) => Promise<unknown>;
  stepDelayMs?: number;
  pageSize?: number;
  faults?: { rate: number; seed: number; operations?: string[] };
  lambda?: { retryAttempts?: number; retryDelayMs?: number; duplicateRate?: number; duplicateDelayMs?: number; seed?: number };
}

/** The event CodeDeploy sends to a lifecycle hook function. */
export interface CodeDeployHookEvent {
  DeploymentId: string;
  LifecycleEventHookExecutionId: string;
}

/** The minimal Lambda context handed to registered functions. */
export interface FakeLambdaContext {
  functionName: string;
  awsRequestId: string;
  invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
  [key: string]: unknown;
}

/** A hook function registered with the double. */
export type HookFunction = (event: CodeDeployHookEvent, context: FakeLambdaContext) => unknown;

/** One PutLifecycleEventHookExecutionStatus that reached the service logic (not rejected by an injected error). */
export interface HookReport {
  deploymentId: string;
  lifecycleEventHookExecutionId: string;
  /** The lifecycle event the execution belongs to, when the execution id is known. */
  lifecycleEvent: string | undefined;
  status: string;
  /** Whether the status was recorded; otherwise `errorCode` says why it was rejected. */
  accepted: boolean;
  errorCode?: string;
  at: Date;
}

/** One request received by the double. */
export interface RecordedRequest {
  operation: string;
  body: Record<string, unknown>;
  /** The error code answered, if any (injected or modelled). */
  errorCode?: string;
  at: Date;
}

/** One invocation of a hook function. */
export interface HookInvocation {
  functionName: string;
  event: CodeDeployHookEvent;
  /** 'resolved' with its value, 'threw' with the error, or 'missing' when no function was registered. */
  outcome: 'resolved' | 'threw' | 'missing' | 'pending';
  value?: unknown;
  error?: unknown;
  /** 1 for the first delivery, 2 and 3 for Lambda's retries of a failed one. */
  attempt: number;
  /** Whether this delivery is a duplicate of one that did not fail. */
  duplicate: boolean;
}

/** A fault to answer instead of running an operation. */
export interface InjectedError {
  code: string;
  message?: string;
  /** HTTP status (default 400). */
  status?: number;
  /** How many requests get this answer (default 1). */
  times?: number;
}

/** A running double. */
export interface CodeDeployDouble {
  endpoint: string;
  /** SDK client settings for the double (endpoint, region us-east-1, dummy credentials, maxAttempts 1). */
  clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number };
  registerFunction(name: string, handler: HookFunction): void;
  /** Resolves with the deployment's DeploymentInfo JSON once it is Succeeded, Failed or Stopped. */
  waitForDeployment(deploymentId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  reports(): HookReport[];
  requests(operation?: string): RecordedRequest[];
  invocations(): HookInvocation[];
  /** Resolves once every invocation started so far has returned or thrown (rejects after `timeoutMs`, default 10 s). */
  settled(timeoutMs?: number): Promise<HookInvocation[]>;
  injectError(operation: string, error: InjectedError): void;
  /** How many requests were answered with a random fault (option `faults`), per operation. */
  faultCount(): Record<string, number>;
  /** Records one run of a hook handler for an execution (see the module comment). */
  recordSideEffect(executionId: string): void;
  /** The recorded handler runs, per execution id. */
  sideEffects(): Map<string, number>;
  stop(): Promise<void>;
}

/** FNV-1a hash of a string (32 bits). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const LAMBDA_EVENTS = ['Start', 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic', 'End'];
const ECS_EVENTS = [
  'Start',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
  'End',
];
const HOOK_EVENTS = new Set(['BeforeInstall', 'AfterInstall', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic']);
const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

interface LifecycleEventState {
  lifecycleEventName: string;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped';
  startTime?: number;
  endTime?: number;
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string };
  hookFunction?: string;
  executionId?: string;
}

interface DeploymentState {
  info: Record<string, unknown> & { deploymentId: string; status: string };
  computePlatform: string;
  targetId: string;
  targetArn: string;
  events: LifecycleEventState[];
  autoRollback: boolean;
  runHooks: boolean;
  timers: Set<NodeJS.Timeout>;
  lastUpdatedAt: number;
}

const nowSeconds = () => Date.now() / 1000;

/** Starts the double on a free loopback port. */
export async function startCodeDeployDouble(options: CodeDeployDoubleOptions = {}): Promise<CodeDeployDouble> {
  const hookTimeoutMs = options.hookTimeoutMs ?? 2000;
  const lambdaTimeoutMs = options.lambdaTimeoutMs ?? hookTimeoutMs;
  const stepDelayMs = options.stepDelayMs ?? 5;
  const pageSize = options.pageSize ?? 100;
  const functions = new Map<string, HookFunction>();
  const applications = new Map<string, { applicationId: string; computePlatform: string }>();
  const groups = new Map<string, Record<string, unknown>>();
  const deployments = new Map<string, DeploymentState>();
  const executions = new Map<string, { deploymentId: string; event: LifecycleEventState }>();
  const reports: HookReport[] = [];
  const requests: RecordedRequest[] = [];
  const invocations: HookInvocation[] = [];
  const injected = new Map<string, InjectedError[]>();
  const listeners = new Set<() => void>();
  const looseTimers = new Set<NodeJS.Timeout>();
  // A fault decision depends on the seed, the operation, the request body and how often that same request came before:
  // the same seed gives the same faults however concurrent requests interleave.
  const seenRequests = new Map<string, number>();
  const faultRandomFor = (operation: string, body: unknown) => {
    const key = `${operation}:${JSON.stringify(body)}`;
    const n = (seenRequests.get(key) ?? 0) + 1;
    seenRequests.set(key, n);
    return seededRandom(fnv1a(`${options.faults?.seed ?? 1}:${key}:${n}`));
  };
  const lambdaRandom = seededRandom(options.lambda?.seed ?? 2);
  const faultCounts: Record<string, number> = {};
  const sideEffects = new Map<string, number>();
  let stopped = false;
  const later = (ms: number, fn: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      looseTimers.delete(timer);
      if (!stopped) fn();
    }, ms);
    looseTimers.add(timer);
  };

  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const newDeploymentId = () => {
    let id = 'd-';
    for (let i = 0; i < 9; i++) id += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
    return id;
  };
  const schedule = (d: DeploymentState, ms: number, fn: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      d.timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    d.timers.add(timer);
  };
  const clearTimers = (d: DeploymentState) => {
    for (const t of d.timers) clearTimeout(t);
    d.timers.clear();
  };
  const touch = (d: DeploymentState) => {
    d.lastUpdatedAt = nowSeconds();
    notify();
  };

  function requireDeployment(id: unknown): DeploymentState {
    if (id === undefined || id === null || id === '')
      throw new ApiError('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
    if (typeof id !== 'string' || !/^d-[A-Z0-9]{9}$/.test(id)) {
      throw new ApiError('InvalidDeploymentIdException', `Specified DeploymentId is not in the valid format: ${String(id)}`);
    }
    const d = deployments.get(id);
    if (!d) throw new ApiError('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`);
    return d;
  }

  function finish(d: DeploymentState, status: 'Succeeded' | 'Failed' | 'Stopped', error?: { code: string; message: string }) {
    clearTimers(d);
    for (const e of d.events) {
      if (e.status === 'InProgress') {
        e.status = status === 'Succeeded' ? 'Succeeded' : 'Failed';
        e.endTime = nowSeconds();
      }
    }
    d.info.status = status;
    d.info.completeTime = nowSeconds();
    if (error) d.info.errorInformation = error;
    const overview = d.info.deploymentOverview as Record<string, number>;
    overview.InProgress = 0;
    if (status === 'Succeeded') overview.Succeeded = 1;
    else if (status === 'Failed') overview.Failed = 1;
    // The rollback is created before anyone is told, so a reader never sees a failed deployment without its rollbackInfo.
    if (status !== 'Succeeded' && d.autoRollback) startRollback(d);
    else touch(d);
  }

  function startRollback(original: DeploymentState) {
    const id = newDeploymentId();
    const rollback = createDeploymentState({
      id,
      applicationName: original.info.applicationName as string,
      deploymentGroupName: original.info.deploymentGroupName as string,
      revision: original.info.revision,
      computePlatform: original.computePlatform,
      targetId: original.targetId,
      targetArn: original.targetArn,
      hooks: new Map(),
      autoRollback: false,
      creator: 'codeDeployRollback',
      runHooks: false,
    });
    rollback.info.rollbackInfo = { rollbackTriggeringDeploymentId: original.info.deploymentId };
    original.info.rollbackInfo = {
      rollbackDeploymentId: id,
      rollbackMessage: `Rolling back to the last known good revision (deployment ${id}).`,
    };
    deployments.set(id, rollback);
    touch(original);
    run(rollback, 0);
  }

  function run(d: DeploymentState, index: number) {
    if (TERMINAL.has(d.info.status)) return;
    const event = d.events[index];
    if (!event) {
      finish(d, 'Succeeded');
      return;
    }
    if (d.info.status === 'Created') {
      d.info.status = 'InProgress';
      (d.info.deploymentOverview as Record<string, number>).InProgress = 1;
      (d.info.deploymentOverview as Record<string, number>).Pending = 0;
    }
    event.status = 'InProgress';
    event.startTime = nowSeconds();
    touch(d);
    if (!event.hookFunction || !d.runHooks) {
      schedule(d, stepDelayMs, () => {
        event.status = HOOK_EVENTS.has(event.lifecycleEventName) ? 'Skipped' : 'Succeeded';
        event.endTime = nowSeconds();
        touch(d);
        schedule(d, stepDelayMs, () => run(d, index + 1));
      });
      return;
    }
    const executionId = randomUUID();
    event.executionId = executionId;
    executions.set(executionId, { deploymentId: d.info.deploymentId, event });
    schedule(d, hookTimeoutMs, () => {
      if (event.status !== 'InProgress') return;
      failHook(d, event, 'The lifecycle event hook timed out: no status was reported before the deadline.');
    });
    invokeHook(event.hookFunction, { DeploymentId: d.info.deploymentId, LifecycleEventHookExecutionId: executionId });
  }

  function failHook(d: DeploymentState, event: LifecycleEventState, message: string) {
    event.status = 'Failed';
    event.endTime = nowSeconds();
    event.diagnostics = { errorCode: 'Unknown', scriptName: '', message, logTail: '' };
    finish(d, 'Failed', {
      code: 'HOOK_EXECUTION_FAILURE',
      message: `The deployment failed because a lifecycle event hook failed: ${message}`,
    });
  }

  function invokeHook(functionName: string, event: CodeDeployHookEvent, attempt = 1, duplicate = false) {
    const record: HookInvocation = { functionName, event, outcome: 'pending', attempt, duplicate };
    invocations.push(record);
    const handler = functions.get(functionName);
    const started = Date.now();
    const context: FakeLambdaContext = {
      functionName,
      awsRequestId: randomUUID(),
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
      getRemainingTimeInMillis: () => Math.max(0, lambdaTimeoutMs - (Date.now() - started)),
    };
    const call = handler
      ? async () => handler(event, context)
      : options.invoke
        ? async () => (options.invoke as NonNullable<CodeDeployDoubleOptions['invoke']>)(functionName, event)
        : undefined;
    if (!call) {
      record.outcome = 'missing';
      return;
    }
    const lambda = options.lambda ?? {};
    setImmediate(() => {
      call().then(
        (value) => {
          record.outcome = 'resolved';
          record.value = value;
          if (!duplicate && lambdaRandom() < (lambda.duplicateRate ?? 0)) {
            later(lambda.duplicateDelayMs ?? 10, () => invokeHook(functionName, event, attempt, true));
          }
        },
        (error: unknown) => {
          record.outcome = 'threw';
          record.error = error;
          if (attempt <= (lambda.retryAttempts ?? 0)) {
            later((lambda.retryDelayMs ?? 10) * attempt, () => invokeHook(functionName, event, attempt + 1, duplicate));
          }
        },
      );
    });
  }

  function createDeploymentState(p: {
    id: string;
    applicationName: string;
    deploymentGroupName: string;
    revision: unknown;
    computePlatform: string;
    targetId: string;
    targetArn: string;
    hooks: Map<string, string>;
    autoRollback: boolean;
    creator: string;
    runHooks: boolean;
    description?: string;
  }): DeploymentState {
    const names = p.computePlatform === 'ECS' ? ECS_EVENTS : LAMBDA_EVENTS;
    const events: LifecycleEventState[] = names.map((n) => {
      const e: LifecycleEventState = { lifecycleEventName: n, status: 'Pending' };
      const fn = p.hooks.get(n);
      if (fn) e.hookFunction = fn;
      return e;
    });
    const info: DeploymentState['info'] = {
      applicationName: p.applicationName,
      deploymentGroupName: p.deploymentGroupName,
      deploymentId: p.id,
      status: 'Created',
      computePlatform: p.computePlatform,
      revision: p.revision,
      creator: p.creator,
      createTime: nowSeconds(),
      deploymentOverview: { Pending: 1, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    };
    if (p.description !== undefined) info.description = p.description;
    return {
      info,
      computePlatform: p.computePlatform,
      targetId: p.targetId,
      targetArn: p.targetArn,
      events,
      autoRollback: p.autoRollback,
      runHooks: p.runHooks,
      timers: new Set(),
      lastUpdatedAt: nowSeconds(),
    };
  }

  function target(d: DeploymentState): Record<string, unknown> {
    const status = d.info.status === 'Created' ? 'Pending' : d.info.status === 'Stopped' ? 'Failed' : d.info.status;
    const lifecycleEvents = d.events.map((e) => {
      const out: Record<string, unknown> = { lifecycleEventName: e.lifecycleEventName, status: e.status };
      if (e.startTime !== undefined) out.startTime = e.startTime;
      if (e.endTime !== undefined) out.endTime = e.endTime;
      if (e.diagnostics) out.diagnostics = e.diagnostics;
      return out;
    });
    const common = {
      deploymentId: d.info.deploymentId,
      targetId: d.targetId,
      targetArn: d.targetArn,
      status,
      lastUpdatedAt: d.lastUpdatedAt,
      lifecycleEvents,
    };
    if (d.computePlatform === 'ECS') return { deploymentTargetType: 'ECSTarget', ecsTarget: common };
    return { deploymentTargetType: 'LambdaTarget', lambdaTarget: common };
  }

  function page<T>(items: T[], token: unknown): { items: T[]; nextToken?: string } {
    const start = typeof token === 'string' && token !== '' ? Number(Buffer.from(token, 'base64').toString()) : 0;
    if (!Number.isInteger(start) || start < 0 || start > items.length)
      throw new ApiError('InvalidNextTokenException', 'The next token was specified in an invalid format.');
    const end = start + pageSize;
    return end < items.length
      ? { items: items.slice(start, end), nextToken: Buffer.from(String(end)).toString('base64') }
      : { items: items.slice(start) };
  }

  function parseAppSpec(revision: unknown): { hooks: Map<string, string>; targetName: string } {
    const r = (revision ?? {}) as { revisionType?: string; appSpecContent?: { content?: string }; string?: { content?: string } };
    const content =
      r.revisionType === 'AppSpecContent' ? r.appSpecContent?.content : r.revisionType === 'String' ? r.string?.content : undefined;
    if (typeof content !== 'string') {
      throw new ApiError(
        'InvalidRevisionException',
        'The revision must be an AppSpecContent or String revision with JSON AppSpec content (this double does not read S3 or YAML).',
      );
    }
    let spec: { Hooks?: Record<string, string>[]; Resources?: Record<string, { Properties?: { Name?: string; Alias?: string } }>[] };
    try {
      spec = JSON.parse(content);
    } catch {
      throw new ApiError('InvalidRevisionException', 'The AppSpec content is not valid JSON.');
    }
    const hooks = new Map<string, string>();
    for (const h of spec.Hooks ?? []) for (const [k, v] of Object.entries(h)) hooks.set(k, v);
    const resource = Object.values(spec.Resources?.[0] ?? {})[0];
    const props = resource?.Properties ?? {};
    return { hooks, targetName: props.Name ? `${props.Name}:${props.Alias ?? 'live'}` : '' };
  }

  const handlers: Record<string, (b: Record<string, unknown>) => unknown> = {
    CreateApplication(b) {
      const name = b.applicationName;
      if (typeof name !== 'string' || !name)
        throw new ApiError('ApplicationNameRequiredException', 'The minimum number of required application names was not specified.');
      if (applications.has(name)) throw new ApiError('ApplicationAlreadyExistsException', `The application ${name} already exists.`);
      const platform = (b.computePlatform as string | undefined) ?? 'Server';
      if (!['Server', 'Lambda', 'ECS'].includes(platform))
        throw new ApiError('InvalidComputePlatformException', `Invalid compute platform ${platform}.`);
      const applicationId = randomUUID();
      applications.set(name, { applicationId, computePlatform: platform });
      return { applicationId };
    },
    CreateDeploymentGroup(b) {
      const app = applications.get(b.applicationName as string);
      if (!app) throw new ApiError('ApplicationDoesNotExistException', `No application found for name: ${String(b.applicationName)}`);
      const name = b.deploymentGroupName;
      if (typeof name !== 'string' || !name)
        throw new ApiError('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.');
      const key = `${String(b.applicationName)}/${name}`;
      if (groups.has(key)) throw new ApiError('DeploymentGroupAlreadyExistsException', `The deployment group ${name} already exists.`);
      const deploymentGroupId = randomUUID();
      groups.set(key, { ...b, deploymentGroupId, computePlatform: app.computePlatform });
      return { deploymentGroupId };
    },
    CreateDeployment(b) {
      const app = applications.get(b.applicationName as string);
      if (!app) throw new ApiError('ApplicationDoesNotExistException', `No application found for name: ${String(b.applicationName)}`);
      if (typeof b.deploymentGroupName !== 'string')
        throw new ApiError('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.');
      const group = groups.get(`${String(b.applicationName)}/${b.deploymentGroupName}`);
      if (!group)
        throw new ApiError('DeploymentGroupDoesNotExistException', `The deployment group ${b.deploymentGroupName} does not exist.`);
      const { hooks, targetName } = parseAppSpec(b.revision);
      for (const event of hooks.keys()) {
        const allowed = app.computePlatform === 'ECS' ? ECS_EVENTS : LAMBDA_EVENTS;
        if (!HOOK_EVENTS.has(event) || !allowed.includes(event))
          throw new ApiError('InvalidRevisionException', `The AppSpec names an unknown hook ${event}.`);
      }
      const rollbackConfig = (b.autoRollbackConfiguration ?? group.autoRollbackConfiguration) as
        | { enabled?: boolean; events?: string[] }
        | undefined;
      const autoRollback = Boolean(rollbackConfig?.enabled && (rollbackConfig.events ?? []).includes('DEPLOYMENT_FAILURE'));
      const ecs = (group.ecsServices as { clusterName?: string; serviceName?: string }[] | undefined)?.[0];
      const targetId =
        app.computePlatform === 'ECS' ? `${ecs?.clusterName ?? 'cluster'}:${ecs?.serviceName ?? 'service'}` : targetName || 'function:live';
      const targetArn =
        app.computePlatform === 'ECS'
          ? `arn:aws:ecs:us-east-1:123456789012:service/${targetId.replace(':', '/')}`
          : `arn:aws:lambda:us-east-1:123456789012:function:${targetId}`;
      const id = newDeploymentId();
      const d = createDeploymentState({
        id,
        applicationName: b.applicationName as string,
        deploymentGroupName: b.deploymentGroupName,
        revision: b.revision,
        computePlatform: app.computePlatform,
        targetId,
        targetArn,
        hooks,
        autoRollback,
        creator: 'user',
        runHooks: true,
        ...(typeof b.description === 'string' ? { description: b.description } : {}),
      });
      deployments.set(id, d);
      schedule(d, stepDelayMs, () => run(d, 0));
      return { deploymentId: id };
    },
    GetDeployment(b) {
      return { deploymentInfo: requireDeployment(b.deploymentId).info };
    },
    BatchGetDeployments(b) {
      const ids = b.deploymentIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw new ApiError('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
      if (ids.length > 25)
        throw new ApiError('BatchLimitExceededException', 'The maximum number of names or IDs allowed for this request (25) was exceeded.');
      return {
        deploymentsInfo: ids
          .filter((id) => deployments.has(id as string))
          .map((id) => (deployments.get(id as string) as DeploymentState).info),
      };
    },
    ListDeployments(b) {
      const statuses = (b.includeOnlyStatuses as string[] | undefined) ?? [];
      if (b.deploymentGroupName !== undefined && b.applicationName === undefined) {
        throw new ApiError('ApplicationNameRequiredException', 'The application name is required when a deployment group name is given.');
      }
      if (b.applicationName !== undefined && !applications.has(b.applicationName as string)) {
        throw new ApiError('ApplicationDoesNotExistException', `No application found for name: ${String(b.applicationName)}`);
      }
      const ids = [...deployments.values()]
        .filter((d) => b.applicationName === undefined || d.info.applicationName === b.applicationName)
        .filter((d) => b.deploymentGroupName === undefined || d.info.deploymentGroupName === b.deploymentGroupName)
        .filter((d) => statuses.length === 0 || statuses.includes(d.info.status))
        .map((d) => d.info.deploymentId);
      const p = page(ids, b.nextToken);
      return p.nextToken ? { deployments: p.items, nextToken: p.nextToken } : { deployments: p.items };
    },
    ListDeploymentTargets(b) {
      const d = requireDeployment(b.deploymentId);
      const p = page([d.targetId], b.nextToken);
      return p.nextToken ? { targetIds: p.items, nextToken: p.nextToken } : { targetIds: p.items };
    },
    GetDeploymentTarget(b) {
      const d = requireDeployment(b.deploymentId);
      if (typeof b.targetId !== 'string' || !b.targetId)
        throw new ApiError('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.');
      if (b.targetId !== d.targetId)
        throw new ApiError(
          'DeploymentTargetDoesNotExistException',
          `The target ${b.targetId} does not exist in deployment ${d.info.deploymentId}.`,
        );
      return { deploymentTarget: target(d) };
    },
    BatchGetDeploymentTargets(b) {
      const d = requireDeployment(b.deploymentId);
      const ids = b.targetIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw new ApiError('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.');
      if (ids.length > 25)
        throw new ApiError('DeploymentTargetListSizeExceededException', 'The maximum number of targets (25) was exceeded.');
      for (const id of ids) {
        if (id !== d.targetId)
          throw new ApiError(
            'DeploymentTargetDoesNotExistException',
            `The target ${String(id)} does not exist in deployment ${d.info.deploymentId}.`,
          );
      }
      return { deploymentTargets: ids.map(() => target(d)) };
    },
    PutLifecycleEventHookExecutionStatus(b) {
      const report: HookReport = {
        deploymentId: String(b.deploymentId),
        lifecycleEventHookExecutionId: String(b.lifecycleEventHookExecutionId),
        lifecycleEvent: executions.get(b.lifecycleEventHookExecutionId as string)?.event.lifecycleEventName,
        status: String(b.status),
        accepted: false,
        at: new Date(),
      };
      reports.push(report);
      try {
        const d = requireDeployment(b.deploymentId);
        if (d.computePlatform === 'Server')
          throw new ApiError(
            'UnsupportedActionForDeploymentTypeException',
            'This action is only supported for Lambda and ECS deployments.',
          );
        if (b.status !== 'Succeeded' && b.status !== 'Failed') {
          throw new ApiError(
            'InvalidLifecycleEventHookExecutionStatusException',
            `The status ${String(b.status)} is not valid: use Succeeded or Failed.`,
          );
        }
        const execution = executions.get(b.lifecycleEventHookExecutionId as string);
        if (!execution || execution.deploymentId !== d.info.deploymentId) {
          throw new ApiError(
            'InvalidLifecycleEventHookExecutionIdException',
            `The lifecycle event hook execution ID ${String(b.lifecycleEventHookExecutionId)} is not valid.`,
          );
        }
        if (execution.event.status !== 'InProgress' || TERMINAL.has(d.info.status)) {
          throw new ApiError(
            'LifecycleEventAlreadyCompletedException',
            `The lifecycle event ${execution.event.lifecycleEventName} has already completed.`,
          );
        }
        report.accepted = true;
        const event = execution.event;
        if (b.status === 'Succeeded') {
          event.status = 'Succeeded';
          event.endTime = nowSeconds();
          touch(d);
          const index = d.events.indexOf(event);
          clearTimers(d);
          schedule(d, stepDelayMs, () => run(d, index + 1));
        } else {
          failHook(d, event, `The hook reported Failed for ${event.lifecycleEventName}.`);
        }
        return { lifecycleEventHookExecutionId: b.lifecycleEventHookExecutionId };
      } catch (error) {
        if (error instanceof ApiError) report.errorCode = error.code;
        throw error;
      }
    },
    StopDeployment(b) {
      const d = requireDeployment(b.deploymentId);
      if (TERMINAL.has(d.info.status))
        throw new ApiError('DeploymentAlreadyCompletedException', `The deployment ${d.info.deploymentId} is already completed.`);
      d.autoRollback = b.autoRollbackEnabled === true;
      finish(d, 'Stopped', { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' });
      return { status: 'Pending', statusMessage: 'Stopping deployment' };
    },
    ContinueDeployment(b) {
      const d = requireDeployment(b.deploymentId);
      if (b.deploymentWaitType !== undefined && b.deploymentWaitType !== 'READY_WAIT' && b.deploymentWaitType !== 'TERMINATION_WAIT') {
        throw new ApiError('InvalidDeploymentWaitTypeException', `The wait type ${String(b.deploymentWaitType)} is invalid.`);
      }
      if (TERMINAL.has(d.info.status))
        throw new ApiError('DeploymentAlreadyCompletedException', `The deployment ${d.info.deploymentId} is already completed.`);
      throw new ApiError('DeploymentIsNotInReadyStateException', `The deployment ${d.info.deploymentId} is not in the Ready state.`);
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('CodeDeploy_20141006.') ? target.slice('CodeDeploy_20141006.'.length) : '';
    let body: Record<string, unknown> = {};
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      body = text ? JSON.parse(text) : {};
    } catch {
      send(400, { __type: 'SerializationException', message: 'The request body is not valid JSON.' });
      return;
    }
    const record: RecordedRequest = { operation, body, at: new Date() };
    requests.push(record);
    const handler = handlers[operation];
    if (req.method !== 'POST' || !handler) {
      record.errorCode = 'UnknownOperationException';
      send(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      return;
    }
    const faults = injected.get(operation);
    const fault = faults?.[0];
    if (faults && fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) faults.shift();
      record.errorCode = fault.code;
      send(fault.status ?? 400, { __type: fault.code, message: fault.message ?? `${fault.code} (injected)` });
      return;
    }
    const faultOps = options.faults?.operations;
    const faultRandom = options.faults && (!faultOps || faultOps.includes(operation)) ? faultRandomFor(operation, body) : undefined;
    if (options.faults && faultRandom && faultRandom() < options.faults.rate) {
      faultCounts[operation] = (faultCounts[operation] ?? 0) + 1;
      const kind = Math.floor(faultRandom() * (operation === 'PutLifecycleEventHookExecutionStatus' ? 4 : 3));
      if (kind === 3) {
        // Applied, then the connection drops before the answer.
        try {
          handler(body);
        } catch {
          // whatever the service answered is lost with the connection
        }
        record.errorCode = 'ConnectionReset(applied)';
        req.socket.destroy();
        return;
      }
      const [code, status] = (
        [
          ['ThrottlingException', 400],
          ['ServiceUnavailableException', 503],
          ['InternalFailure', 500],
        ] as const
      )[kind] as readonly [string, number];
      record.errorCode = code;
      send(status, { __type: code, message: `${code} (random fault)` });
      return;
    }
    try {
      send(200, handler(body) ?? {});
    } catch (error) {
      if (error instanceof ApiError) {
        record.errorCode = error.code;
        send(error.status, { __type: error.code, message: error.message });
      } else {
        record.errorCode = 'InternalFailure';
        send(500, { __type: 'InternalFailure', message: String(error) });
      }
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    clientConfig: () => ({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    }),
    registerFunction(name, handler) {
      functions.set(name, handler);
    },
    waitForDeployment(deploymentId, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const d = deployments.get(deploymentId);
          if (d && TERMINAL.has(d.info.status)) {
            cleanup();
            resolve(structuredClone(d.info));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `deployment ${deploymentId} did not finish within ${timeoutMs} ms (status ${deployments.get(deploymentId)?.info.status})`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    reports: () => reports.map((r) => ({ ...r })),
    requests: (operation) => requests.filter((r) => operation === undefined || r.operation === operation),
    invocations: () => [...invocations],
    async settled(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (invocations.some((i) => i.outcome === 'pending')) {
        if (Date.now() > until) throw new Error(`hook invocations still running after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return [...invocations];
    },
    faultCount: () => ({ ...faultCounts }),
    recordSideEffect(executionId) {
      sideEffects.set(executionId, (sideEffects.get(executionId) ?? 0) + 1);
    },
    sideEffects: () => new Map(sideEffects),
    injectError(operation, error) {
      const list = injected.get(operation) ?? [];
      list.push({ ...error, times: error.times ?? 1 });
      injected.set(operation, list);
    },
    async stop() {
      stopped = true;
      for (const d of deployments.values()) clearTimers(d);
      for (const t of looseTimers) clearTimeout(t);
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

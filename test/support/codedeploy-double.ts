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
 *
 * ## Modules
 * This file wires the parts together and is the one to import: codedeploy-double-types.ts (the public types),
 * -wire.ts (the JSON 1.1 HTTP server and fault injection), -operations.ts (the served operations), -model.ts (the
 * deployment state machine: lifecycle events, hook deadlines, failure, rollback), -lambda.ts (Lambda's asynchronous
 * invocation of hook functions: retries, duplicates), -timers.ts (timers one stop cancels), -random.ts (seeded
 * randomness).
 */
import { LambdaInvoker } from './codedeploy-double-lambda.js';
import { DeploymentModel, TERMINAL } from './codedeploy-double-model.js';
import { codeDeployOperations } from './codedeploy-double-operations.js';
import type { CodeDeployDouble, CodeDeployDoubleOptions, HookReport, RecordedRequest } from './codedeploy-double-types.js';
import { FaultInjector, serveJson11 } from './codedeploy-double-wire.js';

export { ECS_LIFECYCLE_EVENTS, LAMBDA_LIFECYCLE_EVENTS } from './codedeploy-double-model.js';
export type * from './codedeploy-double-types.js';
export { seededRandom } from './seeded-random.js';

/** Starts the double on a free loopback port. */
export async function startCodeDeployDouble(options: CodeDeployDoubleOptions = {}): Promise<CodeDeployDouble> {
  const hookTimeoutMs = options.hookTimeoutMs ?? 2000;
  const lambda = new LambdaInvoker({
    lambdaTimeoutMs: options.lambdaTimeoutMs ?? hookTimeoutMs,
    ...(options.invoke ? { invoke: options.invoke } : {}),
    ...(options.lambda ? { lambda: options.lambda } : {}),
  });
  const model = new DeploymentModel({
    hookTimeoutMs,
    stepDelayMs: options.stepDelayMs ?? 5,
    invokeHook: (functionName, event) => lambda.invoke(functionName, event),
  });
  const reports: HookReport[] = [];
  const requests: RecordedRequest[] = [];
  const faults = new FaultInjector(options.faults);
  const sideEffects = new Map<string, number>();
  const server = await serveJson11({ handlers: codeDeployOperations(model, options.pageSize ?? 100, reports), faults, requests });
  const endpoint = server.endpoint;

  return {
    endpoint,
    clientConfig: () => ({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    }),
    registerFunction(name, handler) {
      lambda.functions.set(name, handler);
    },
    waitForDeployment(deploymentId, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const d = model.deployments.get(deploymentId);
          if (d && TERMINAL.has(d.info.status)) {
            cleanup();
            resolve(structuredClone(d.info));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `deployment ${deploymentId} did not finish within ${timeoutMs} ms (status ${model.deployments.get(deploymentId)?.info.status})`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          model.listeners.delete(check);
        };
        model.listeners.add(check);
        check();
      });
    },
    reports: () => reports.map((r) => ({ ...r })),
    requests: (operation) => requests.filter((r) => operation === undefined || r.operation === operation),
    invocations: () => [...lambda.invocations],
    settled: (timeoutMs = 10_000) => lambda.settled(timeoutMs),
    faultCount: () => ({ ...faults.counts }),
    recordSideEffect(executionId) {
      sideEffects.set(executionId, (sideEffects.get(executionId) ?? 0) + 1);
    },
    sideEffects: () => new Map(sideEffects),
    injectError(operation, error) {
      faults.inject(operation, error);
    },
    async stop() {
      model.stop();
      lambda.stop();
      await server.close();
    },
  };
}

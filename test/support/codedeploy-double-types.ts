/** Public types of the CodeDeploy test double (see codedeploy-double.ts for the API and the modelled semantics). */
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

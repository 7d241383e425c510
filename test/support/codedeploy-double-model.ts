/**
 * The CodeDeploy double's deployment state machine: applications, deployment groups, deployments and their lifecycle
 * events, hook deadlines, failure and automatic rollback (see codedeploy-double.ts for the modelled semantics).
 *
 * The lifecycle event lists are the double's own, taken from AWS's "AppSpec 'hooks' section" (run order of hooks in
 * an Amazon ECS / an AWS Lambda deployment, https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html),
 * deliberately not imported from src/codedeploy: the double models AWS independently of the code it tests.
 */
import { randomUUID } from 'node:crypto';
import { TimerGroup } from './codedeploy-double-timers.js';
import type { CodeDeployHookEvent } from './codedeploy-double-types.js';
import { ApiError } from './codedeploy-double-wire.js';

/** The lifecycle events of a Lambda deployment, in the order they run. */
export const LAMBDA_LIFECYCLE_EVENTS: readonly string[] = ['Start', 'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic', 'End'];
/** The lifecycle events of an ECS deployment, in the order they run. */
export const ECS_LIFECYCLE_EVENTS: readonly string[] = [
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
/** The events an AppSpec may name a hook function for (the others CodeDeploy runs itself). */
export const HOOK_EVENTS = new Set(['BeforeInstall', 'AfterInstall', 'AfterAllowTestTraffic', 'BeforeAllowTraffic', 'AfterAllowTraffic']);
export const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const lifecycleEventsOf = (computePlatform: string) => (computePlatform === 'ECS' ? ECS_LIFECYCLE_EVENTS : LAMBDA_LIFECYCLE_EVENTS);

export interface LifecycleEventState {
  lifecycleEventName: string;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped';
  startTime?: number;
  endTime?: number;
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string };
  hookFunction?: string;
  executionId?: string;
}

export interface DeploymentState {
  info: Record<string, unknown> & { deploymentId: string; status: string };
  computePlatform: string;
  targetId: string;
  targetArn: string;
  events: LifecycleEventState[];
  autoRollback: boolean;
  runHooks: boolean;
  timers: TimerGroup;
  lastUpdatedAt: number;
}

/** What a new deployment is made of (CreateDeployment, or a rollback). */
export interface NewDeployment {
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
}

export const nowSeconds = () => Date.now() / 1000;

/** Settings of the state machine (from the double's options). */
export interface ModelSettings {
  hookTimeoutMs: number;
  stepDelayMs: number;
  /** Invokes a hook function (asynchronously, as CodeDeploy does). */
  invokeHook: (functionName: string, event: CodeDeployHookEvent) => void;
}

export class DeploymentModel {
  readonly applications = new Map<string, { applicationId: string; computePlatform: string }>();
  readonly groups = new Map<string, Record<string, unknown>>();
  readonly deployments = new Map<string, DeploymentState>();
  readonly executions = new Map<string, { deploymentId: string; event: LifecycleEventState }>();
  /** Called on every change (waitForDeployment listens here). */
  readonly listeners = new Set<() => void>();
  private stopped = false;

  constructor(private readonly settings: ModelSettings) {}

  requireDeployment(id: unknown): DeploymentState {
    if (id === undefined || id === null || id === '')
      throw new ApiError('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
    if (typeof id !== 'string' || !/^d-[A-Z0-9]{9}$/.test(id)) {
      throw new ApiError('InvalidDeploymentIdException', `Specified DeploymentId is not in the valid format: ${String(id)}`);
    }
    const d = this.deployments.get(id);
    if (!d) throw new ApiError('DeploymentDoesNotExistException', `The deployment ${id} could not be found.`);
    return d;
  }

  /** Creates a deployment and starts it after one step delay; returns its id. */
  startDeployment(p: NewDeployment): string {
    const d = this.create(p);
    d.timers.after(this.settings.stepDelayMs, () => this.run(d, 0));
    return d.info.deploymentId;
  }

  /** A hook reported Succeeded: its event succeeds and the deployment goes on. */
  hookSucceeded(d: DeploymentState, event: LifecycleEventState): void {
    event.status = 'Succeeded';
    event.endTime = nowSeconds();
    this.touch(d);
    const index = d.events.indexOf(event);
    d.timers.clear();
    d.timers.after(this.settings.stepDelayMs, () => this.run(d, index + 1));
  }

  /** A hook reported Failed or ran into its deadline: the event and the deployment fail. */
  failHook(d: DeploymentState, event: LifecycleEventState, message: string): void {
    event.status = 'Failed';
    event.endTime = nowSeconds();
    event.diagnostics = { errorCode: 'Unknown', scriptName: '', message, logTail: '' };
    this.finish(d, 'Failed', {
      code: 'HOOK_EXECUTION_FAILURE',
      message: `The deployment failed because a lifecycle event hook failed: ${message}`,
    });
  }

  finish(d: DeploymentState, status: 'Succeeded' | 'Failed' | 'Stopped', error?: { code: string; message: string }): void {
    d.timers.clear();
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
    if (status !== 'Succeeded' && d.autoRollback) this.startRollback(d);
    else this.touch(d);
  }

  /** The DeploymentTarget JSON of a deployment (LambdaTarget or ECSTarget). */
  target(d: DeploymentState): Record<string, unknown> {
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

  /** Stops every timer; nothing runs any more. */
  stop(): void {
    this.stopped = true;
    for (const d of this.deployments.values()) d.timers.clear();
    this.listeners.clear();
  }

  private startRollback(original: DeploymentState) {
    const rollback = this.create({
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
    const id = rollback.info.deploymentId;
    rollback.info.rollbackInfo = { rollbackTriggeringDeploymentId: original.info.deploymentId };
    original.info.rollbackInfo = {
      rollbackDeploymentId: id,
      rollbackMessage: `Rolling back to the last known good revision (deployment ${id}).`,
    };
    this.touch(original);
    this.run(rollback, 0);
  }

  private run(d: DeploymentState, index: number) {
    if (TERMINAL.has(d.info.status)) return;
    const event = d.events[index];
    if (!event) {
      this.finish(d, 'Succeeded');
      return;
    }
    if (d.info.status === 'Created') {
      d.info.status = 'InProgress';
      (d.info.deploymentOverview as Record<string, number>).InProgress = 1;
      (d.info.deploymentOverview as Record<string, number>).Pending = 0;
    }
    event.status = 'InProgress';
    event.startTime = nowSeconds();
    this.touch(d);
    const { stepDelayMs, hookTimeoutMs } = this.settings;
    if (!event.hookFunction || !d.runHooks) {
      d.timers.after(stepDelayMs, () => {
        event.status = HOOK_EVENTS.has(event.lifecycleEventName) ? 'Skipped' : 'Succeeded';
        event.endTime = nowSeconds();
        this.touch(d);
        d.timers.after(stepDelayMs, () => this.run(d, index + 1));
      });
      return;
    }
    const executionId = randomUUID();
    event.executionId = executionId;
    this.executions.set(executionId, { deploymentId: d.info.deploymentId, event });
    d.timers.after(hookTimeoutMs, () => {
      if (event.status !== 'InProgress') return;
      this.failHook(d, event, 'The lifecycle event hook timed out: no status was reported before the deadline.');
    });
    this.settings.invokeHook(event.hookFunction, { DeploymentId: d.info.deploymentId, LifecycleEventHookExecutionId: executionId });
  }

  private create(p: NewDeployment): DeploymentState {
    const id = this.newDeploymentId();
    const events: LifecycleEventState[] = lifecycleEventsOf(p.computePlatform).map((n) => {
      const e: LifecycleEventState = { lifecycleEventName: n, status: 'Pending' };
      const fn = p.hooks.get(n);
      if (fn) e.hookFunction = fn;
      return e;
    });
    const info: DeploymentState['info'] = {
      applicationName: p.applicationName,
      deploymentGroupName: p.deploymentGroupName,
      deploymentId: id,
      status: 'Created',
      computePlatform: p.computePlatform,
      revision: p.revision,
      creator: p.creator,
      createTime: nowSeconds(),
      deploymentOverview: { Pending: 1, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    };
    if (p.description !== undefined) info.description = p.description;
    const d: DeploymentState = {
      info,
      computePlatform: p.computePlatform,
      targetId: p.targetId,
      targetArn: p.targetArn,
      events,
      autoRollback: p.autoRollback,
      runHooks: p.runHooks,
      timers: new TimerGroup(() => this.stopped),
      lastUpdatedAt: nowSeconds(),
    };
    this.deployments.set(id, d);
    return d;
  }

  private newDeploymentId() {
    let id = 'd-';
    for (let i = 0; i < 9; i++) id += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
    return id;
  }

  private touch(d: DeploymentState) {
    d.lastUpdatedAt = nowSeconds();
    for (const l of [...this.listeners]) l();
  }
}

import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  ECSClient,
  type ECSClientConfig,
  ListServiceDeploymentsCommand,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  StopServiceDeploymentCommand,
} from '@aws-sdk/client-ecs';
import { isAwsError } from '../core/aws-errors.js';
import { BaseTool } from '../core/base-tool.js';
import type { ClientSource, CommonToolOptions } from '../core/client.js';
import { ConfigError, InvalidStateError, ResourceNotFoundError } from '../core/errors.js';
import type { StepResult } from '../core/outcome.js';
import { tokenPages } from '../core/pages.js';
import { describeValue } from '../core/stack.js';
import { requireObject, requireString } from '../core/validate.js';
import { type WaitOptions, waitFor } from '../core/wait.js';

/**
 * The stages of an ECS native blue/green service deployment, in order (the `lifecycleStage` values ECS reports).
 * {@link EcsServiceDeploymentTools.waitForServiceDeployment} compares positions in this list for `until`.
 *
 * @example
 * ```ts
 * import { SERVICE_DEPLOYMENT_STAGES } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const at = SERVICE_DEPLOYMENT_STAGES.indexOf('PRODUCTION_TRAFFIC_SHIFT'); // 6
 * const still = SERVICE_DEPLOYMENT_STAGES.slice(at + 1); // ['POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP']
 * ```
 */
export const SERVICE_DEPLOYMENT_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
] as const;

/**
 * A stage of an ECS service deployment (see {@link SERVICE_DEPLOYMENT_STAGES}).
 *
 * @example
 * ```ts
 * import { SERVICE_DEPLOYMENT_STAGES, type ServiceDeploymentStage } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const isStage = (s: string): s is ServiceDeploymentStage => (SERVICE_DEPLOYMENT_STAGES as readonly string[]).includes(s);
 * const until = process.env.WAIT_UNTIL ?? 'POST_TEST_TRAFFIC_SHIFT';
 * if (!isStage(until)) throw new Error(`WAIT_UNTIL must be one of ${SERVICE_DEPLOYMENT_STAGES.join(', ')}`);
 * await tools.waitForServiceDeployment({ cluster: 'prod', service: 'orders' }, { until });
 * ```
 */
export type ServiceDeploymentStage = (typeof SERVICE_DEPLOYMENT_STAGES)[number];

/**
 * Which service deployment: its ARN, or a service (its most recent deployment is used, one still in flight first).
 * When both are given, the ARN wins.
 *
 * @example
 * ```ts
 * import type { ServiceDeploymentTarget } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const byService: ServiceDeploymentTarget = { cluster: 'prod', service: 'orders' };
 * const byArn: ServiceDeploymentTarget = { serviceDeploymentArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/orders/r9iAbCdEf1' };
 * await tools.rollbackServiceDeployment(byArn);
 * ```
 */
export type ServiceDeploymentTarget = { serviceDeploymentArn: string } | { cluster: string; service: string };

/**
 * Options of {@link EcsServiceDeploymentTools}: an existing ECS client (`awsSdkV3Client`) **or** settings for the one
 * the tool creates (`clientConfig`; default: the SDK's defaults), plus `logger` and `dryRun`.
 *
 * @example
 * ```ts
 * import { ECSClient } from '@aws-sdk/client-ecs';
 * import { EcsServiceDeploymentTools, type EcsServiceDeploymentToolsOptions } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const options: EcsServiceDeploymentToolsOptions = { clientConfig: { region: 'eu-west-1' }, logger: console };
 * const tools = new EcsServiceDeploymentTools(options);
 * const shared = new EcsServiceDeploymentTools({ awsSdkV3Client: new ECSClient({ region: 'eu-west-1' }) });
 * ```
 */
export type EcsServiceDeploymentToolsOptions = CommonToolOptions & ClientSource<ECSClient, ECSClientConfig>;

/**
 * One observation while waiting for a service deployment, passed to
 * {@link WaitForServiceDeploymentOptions.onProgress} whenever status, stage or paused hooks change.
 *
 * @example
 * ```ts
 * import type { ServiceDeploymentProgress } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const report = (p: ServiceDeploymentProgress) =>
 *   console.log(`[${p.status}] ${p.lifecycleStage ?? '-'}${p.pausedHookIds.length > 0 ? ' (paused at a hook)' : ''}`);
 * await tools.waitForServiceDeployment({ cluster: 'prod', service: 'orders' }, { onProgress: report });
 * ```
 */
export interface ServiceDeploymentProgress {
  /** The service deployment. */
  serviceDeploymentArn: string;
  /** PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED. */
  status: string;
  /** The current stage (one of {@link SERVICE_DEPLOYMENT_STAGES}), when ECS reports one. */
  lifecycleStage: string | undefined;
  /** Pause hooks waiting for {@link EcsServiceDeploymentTools.continueServiceDeployment}. */
  pausedHookIds: string[];
  /** A one-line description (also logged at info level). */
  message: string;
}

/**
 * Options of {@link EcsServiceDeploymentTools.waitForServiceDeployment}. The wait defaults here are `maxWaitTime`
 * 3600 s, `minDelay` 5 s and `maxDelay` 30 s.
 *
 * @example
 * ```ts
 * import type { WaitForServiceDeploymentOptions } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const options: WaitForServiceDeploymentOptions = {
 *   until: 'POST_TEST_TRAFFIC_SHIFT',
 *   untilPaused: true,
 *   maxWaitTime: 1800,
 *   onProgress: (p) => console.log(p.message),
 * };
 * const r = await tools.waitForServiceDeployment({ cluster: 'prod', service: 'orders' }, options);
 * ```
 */
export interface WaitForServiceDeploymentOptions extends WaitOptions {
  /** Done once the deployment is at this stage or later (default: done when it finished). */
  until?: ServiceDeploymentStage;
  /** Also done when a pause hook waits for an action (default false). */
  untilPaused?: boolean;
  /** Called once per change of status, stage or paused hooks. */
  onProgress?: (progress: ServiceDeploymentProgress) => void;
}

/**
 * The final truth about a service deployment, as {@link EcsServiceDeploymentTools.waitForServiceDeployment} returns
 * it: a rollback or stop is returned with `ok: false`, not thrown.
 *
 * @example
 * ```ts
 * import type { ServiceDeploymentWaitResult } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const r: ServiceDeploymentWaitResult = await tools.waitForServiceDeployment({ cluster: 'prod', service: 'orders' }, { untilPaused: true });
 * if (r.outcome === 'paused') {
 *   // the smoke tests passed: let ECS go on
 *   for (const hookId of r.pausedHookIds) await tools.continueServiceDeployment({ serviceDeploymentArn: r.serviceDeploymentArn, hookId }, 'CONTINUE');
 * } else if (!r.ok) {
 *   throw new Error(`${r.serviceDeploymentArn} ended ${r.outcome} (${r.status})`);
 * }
 * ```
 */
export interface ServiceDeploymentWaitResult {
  /** True when it succeeded, reached `until`, or paused (with `untilPaused`). */
  ok: boolean;
  /** `succeeded`, `reached`, `paused`, `rolled-back`, `rollback-failed` or `stopped`. */
  outcome: 'succeeded' | 'reached' | 'paused' | 'rolled-back' | 'rollback-failed' | 'stopped';
  /** The service deployment. */
  serviceDeploymentArn: string;
  /** Its status (`SUCCESSFUL`, `IN_PROGRESS`, `ROLLBACK_SUCCESSFUL`, ...). */
  status: string;
  /** Its stage (one of {@link SERVICE_DEPLOYMENT_STAGES}), when ECS reports one. */
  lifecycleStage: string | undefined;
  /** Pause hooks waiting for an action. */
  pausedHookIds: string[];
  /** The DescribeServiceDeployments answer. */
  deployment: ServiceDeployment;
}

const ROLLBACK = new Set(['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS']);

/**
 * Follows and steers ECS native blue/green service deployments (deployment controller `ECS` with strategy
 * `BLUE_GREEN`): wait for a stage or the end, continue or roll back at pause hooks, roll back. Imports
 * `@aws-sdk/client-ecs` only; it lives in its own subpath so `bluegreen-toolkit/codedeploy` stays lean.
 *
 * @example
 * ```ts
 * import { EcsServiceDeploymentTools } from 'bluegreen-toolkit/ecs-deployment';
 *
 * const ecs = new EcsServiceDeploymentTools({ clientConfig: { region: 'eu-west-1' } });
 * const r = await ecs.waitForServiceDeployment({ cluster: 'prod', service: 'orders' }, { until: 'POST_TEST_TRAFFIC_SHIFT' });
 * ```
 */
export class EcsServiceDeploymentTools extends BaseTool {
  /** The ECS client. */
  readonly client: ECSClient;

  /** @param options - `awsSdkV3Client` (an ECSClient) **or** `clientConfig`, plus `logger` and `dryRun`. */
  constructor(options: EcsServiceDeploymentToolsOptions = {}) {
    super(options, 'EcsServiceDeploymentTools');
    this.client = this.createClient(ECSClient, options, options);
  }

  /**
   * Reads a service deployment: by ARN, or the most recent one of a service (in-flight first).
   *
   * @param target - `{ serviceDeploymentArn }` or `{ cluster, service }`.
   * @returns the ECS `ServiceDeployment`.
   * @throws `ResourceNotFoundError` when there is none; `ConfigError` for a bad target (no call).
   *
   * @remarks IAM: `ecs:DescribeServiceDeployments`, and for a service `ecs:ListServiceDeployments`.
   *
   * @example
   * ```ts
   * import { EcsServiceDeploymentTools } from 'bluegreen-toolkit/ecs-deployment';
   *
   * const d = await new EcsServiceDeploymentTools().getServiceDeployment({ cluster: 'prod', service: 'orders' });
   * ```
   */
  async getServiceDeployment(target: ServiceDeploymentTarget): Promise<ServiceDeployment> {
    const parsed = parseTarget(target);
    const arn = 'serviceDeploymentArn' in parsed ? parsed.serviceDeploymentArn : await this.latestArn(parsed.cluster, parsed.service);
    return this.describe(arn);
  }

  /**
   * Waits until a service deployment succeeded, reached a stage (`until`), or paused at a pause hook (`untilPaused`).
   * A rollback or stop is a failure (`ok: false`), returned, not thrown.
   *
   * @param target - `{ serviceDeploymentArn }` or `{ cluster, service }` (its most recent deployment).
   * @param options.until - a stage; `untilPaused`, `onProgress`; `maxWaitTime` (default 3600 s), `minDelay` (default
   *   5 s), `maxDelay` (default 30 s), `abortSignal`.
   * @returns {@link ServiceDeploymentWaitResult}.
   * @throws `WaitTimeoutError`, `ResourceNotFoundError`, `ConfigError` (no call).
   *
   * @remarks IAM: `ecs:DescribeServiceDeployments`, and for a service `ecs:ListServiceDeployments`.
   *
   * @example
   * ```ts
   * import { EcsServiceDeploymentTools } from 'bluegreen-toolkit/ecs-deployment';
   *
   * const r = await new EcsServiceDeploymentTools().waitForServiceDeployment({ cluster: 'prod', service: 'orders' });
   * if (!r.ok) throw new Error(`deployment ${r.outcome}`);
   * ```
   */
  async waitForServiceDeployment(
    target: ServiceDeploymentTarget,
    options: WaitForServiceDeploymentOptions = {},
  ): Promise<ServiceDeploymentWaitResult> {
    const parsed = parseTarget(target);
    const until = options.until;
    if (until !== undefined && !(SERVICE_DEPLOYMENT_STAGES as readonly string[]).includes(until)) {
      throw new ConfigError(`options.until ${describeValue(until)} is not a stage: use one of ${SERVICE_DEPLOYMENT_STAGES.join(', ')}.`);
    }
    const arn = 'serviceDeploymentArn' in parsed ? parsed.serviceDeploymentArn : await this.latestArn(parsed.cluster, parsed.service);
    let lastKey = '';
    return waitFor<ServiceDeploymentWaitResult>(
      async () => {
        const d = await this.describe(arn);
        const status = d.status ?? 'PENDING';
        const stage = d.lifecycleStage;
        const paused = (d.lifecycleHookDetails ?? [])
          .filter((h) => h.status === 'AWAITING_ACTION' && h.hookId)
          .map((h) => h.hookId as string);
        const key = `${status}|${stage}|${paused.join(',')}`;
        if (key !== lastKey) {
          lastKey = key;
          const message = `${arn} ${status}${stage ? ` ${stage}` : ''}${paused.length ? ` paused at hook ${paused.join(', ')}` : ''}`;
          this.logger.info(message);
          options.onProgress?.({ serviceDeploymentArn: arn, status, lifecycleStage: stage, pausedHookIds: paused, message });
        }
        const done = (ok: boolean, outcome: ServiceDeploymentWaitResult['outcome']) => ({
          done: true as const,
          value: { ok, outcome, serviceDeploymentArn: arn, status, lifecycleStage: stage, pausedHookIds: paused, deployment: d },
        });
        if (status === 'SUCCESSFUL') return done(true, 'succeeded');
        if (status === 'ROLLBACK_SUCCESSFUL') return done(false, 'rolled-back');
        if (status === 'ROLLBACK_FAILED') return done(false, 'rollback-failed');
        if (status === 'STOPPED') return done(false, 'stopped');
        if (
          status === 'IN_PROGRESS' &&
          until &&
          stage &&
          SERVICE_DEPLOYMENT_STAGES.indexOf(stage as ServiceDeploymentStage) >= SERVICE_DEPLOYMENT_STAGES.indexOf(until)
        ) {
          return done(true, 'reached');
        }
        if (status === 'IN_PROGRESS' && options.untilPaused && paused.length > 0) return done(true, 'paused');
        return { done: false, state: { status, lifecycleStage: stage, pausedHookIds: paused, rollingBack: ROLLBACK.has(status) } };
      },
      {
        maxWaitTime: options.maxWaitTime ?? 3600,
        minDelay: options.minDelay ?? 5,
        maxDelay: options.maxDelay ?? 30,
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        description: until ? `service deployment ${arn} to reach ${until}` : `service deployment ${arn} to finish`,
      },
    );
  }

  /**
   * Continues or rolls back a service deployment paused at a PAUSE lifecycle hook.
   *
   * @param hook - `{ serviceDeploymentArn, hookId }` (the hook id is in `lifecycleHookDetails`, or `pausedHookIds`).
   * @param action - `CONTINUE` or `ROLLBACK`.
   * @returns `{ outcome: 'changed', message }`.
   * @throws `ResourceNotFoundError` when the deployment does not exist; `InvalidStateError` when the hook
   *   is not waiting; `ConfigError` for bad arguments (no call).
   *
   * @remarks IAM: `ecs:ContinueServiceDeployment`.
   *
   * @example
   * ```ts
   * import { EcsServiceDeploymentTools } from 'bluegreen-toolkit/ecs-deployment';
   *
   * await new EcsServiceDeploymentTools().continueServiceDeployment({ serviceDeploymentArn, hookId }, 'CONTINUE');
   * ```
   */
  async continueServiceDeployment(
    hook: { serviceDeploymentArn: string; hookId: string },
    action: 'CONTINUE' | 'ROLLBACK',
  ): Promise<StepResult> {
    const h = requireObject(hook, 'hook');
    const serviceDeploymentArn = requireString(h.serviceDeploymentArn, 'hook.serviceDeploymentArn');
    const hookId = requireString(h.hookId, 'hook.hookId');
    if (action !== 'CONTINUE' && action !== 'ROLLBACK')
      throw new ConfigError(`action ${describeValue(action)} is not valid: use 'CONTINUE' or 'ROLLBACK'.`);
    try {
      await this.client.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action }));
    } catch (error) {
      if (isAwsError(error, 'ServiceDeploymentNotFoundException')) {
        throw new ResourceNotFoundError(`Service deployment ${serviceDeploymentArn} does not exist.`, {
          resource: serviceDeploymentArn,
          cause: error,
        });
      }
      if (isAwsError(error, 'InvalidParameterException', 'ConflictException')) {
        throw new InvalidStateError(`Hook ${hookId} of ${serviceDeploymentArn} cannot take ${action}: ${(error as Error).message}`, {
          state: hookId,
          cause: error,
        });
      }
      throw error;
    }
    return {
      outcome: 'changed',
      message: `${action === 'CONTINUE' ? 'continued' : 'rolled back'} ${serviceDeploymentArn} at hook ${hookId}`,
    };
  }

  /**
   * Rolls back a service deployment (StopServiceDeployment with stopType ROLLBACK). A deployment that is already
   * rolling back, rolled back or stopped is `outcome: 'already'`; one that succeeded cannot be rolled back
   * (`InvalidStateError`: deploy the previous revision instead).
   *
   * @param target - `{ serviceDeploymentArn }` or `{ cluster, service }` (its most recent deployment).
   * @returns `{ outcome, message }`.
   *
   * @remarks IAM: `ecs:StopServiceDeployment`, `ecs:DescribeServiceDeployments`, and for a service `ecs:ListServiceDeployments`.
   *
   * @example
   * ```ts
   * import { EcsServiceDeploymentTools } from 'bluegreen-toolkit/ecs-deployment';
   *
   * await new EcsServiceDeploymentTools().rollbackServiceDeployment({ cluster: 'prod', service: 'orders' });
   * ```
   */
  async rollbackServiceDeployment(target: ServiceDeploymentTarget): Promise<StepResult> {
    const d = await this.getServiceDeployment(target);
    const arn = d.serviceDeploymentArn as string;
    const already = (status: string | undefined) =>
      status !== undefined &&
      (ROLLBACK.has(status) || ['ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED', 'STOPPED', 'STOP_REQUESTED'].includes(status));
    if (already(d.status)) return { outcome: 'already', message: `service deployment ${arn} is already ${d.status}` };
    if (d.status === 'SUCCESSFUL') {
      throw new InvalidStateError(`Service deployment ${arn} already succeeded and cannot be rolled back: deploy the previous revision.`, {
        state: d.status,
      });
    }
    try {
      await this.client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    } catch (error) {
      if (isAwsError(error, 'ConflictException')) {
        const now = await this.describe(arn);
        if (already(now.status)) return { outcome: 'already', message: `service deployment ${arn} is already ${now.status}` };
        throw new InvalidStateError(`Service deployment ${arn} cannot be rolled back now (${now.status}).`, {
          state: now.status,
          cause: error,
        });
      }
      throw error;
    }
    return { outcome: 'changed', message: `rolling back service deployment ${arn}` };
  }

  private async describe(arn: string): Promise<ServiceDeployment> {
    const { serviceDeployments, failures } = await this.client.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    const found = serviceDeployments?.[0];
    if (!found) {
      throw new ResourceNotFoundError(
        `Service deployment ${arn} does not exist${failures?.[0]?.reason ? ` (${failures[0].reason})` : ''}.`,
        { resource: arn },
      );
    }
    return found;
  }

  private async latestArn(cluster: string, service: string): Promise<string> {
    const all: ServiceDeploymentBrief[] = [];
    // @aws-sdk/client-ecs ships no paginator for ListServiceDeployments: tokenPages follows nextToken with a loop guard.
    const pages = tokenPages(
      (nextToken) => this.client.send(new ListServiceDeploymentsCommand({ cluster, service, ...(nextToken ? { nextToken } : {}) })),
      `ListServiceDeployments(${cluster}/${service})`,
      this.logger,
    );
    for await (const page of pages) all.push(...(page.serviceDeployments ?? []));
    const inFlight = (b: ServiceDeploymentBrief) => ['PENDING', 'IN_PROGRESS', 'STOP_REQUESTED', ...ROLLBACK].includes(b.status ?? '');
    const time = (b: ServiceDeploymentBrief) => (b.createdAt ?? b.startedAt ?? new Date(0)).getTime();
    const latest = [...all].sort((a, b) => Number(inFlight(b)) - Number(inFlight(a)) || time(b) - time(a))[0];
    if (!latest?.serviceDeploymentArn) {
      throw new ResourceNotFoundError(`Service ${service} in cluster ${cluster} has no service deployments.`, {
        resource: `${cluster}/${service}`,
      });
    }
    return latest.serviceDeploymentArn;
  }
}

function parseTarget(target: unknown): { serviceDeploymentArn: string } | { cluster: string; service: string } {
  const t = requireObject(target, 'target');
  if (t.serviceDeploymentArn !== undefined)
    return { serviceDeploymentArn: requireString(t.serviceDeploymentArn, 'target.serviceDeploymentArn') };
  if (t.cluster === undefined && t.service === undefined) {
    throw new ConfigError('target must be { serviceDeploymentArn } or { cluster, service }.');
  }
  return { cluster: requireString(t.cluster, 'target.cluster'), service: requireString(t.service, 'target.service') };
}

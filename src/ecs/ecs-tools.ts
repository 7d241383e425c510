import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  ECSClient,
  type Service,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  type AwsClientConfig,
  BaseTool,
  type CommonToolOptions,
  ConfigError,
  InvalidStateError,
  isAwsError,
  type Pair,
  pick,
  ResourceNotFoundError,
  requireInteger,
  requireObject,
  requirePair,
  requireString,
  type StackReference,
  type StepResult,
  type WaitSetting,
} from '../core/index.js';
import { waitForStableService } from './ecs-wait.js';
import {
  type CapacityRange,
  ECS_CAPACITY_TAG,
  type EcsServiceState,
  formatCapacityTag,
  parseCapacityTag,
  tagValue,
  toServiceState,
} from './service-state.js';

/**
 * One stack's ECS service.
 *
 * @example
 * ```ts
 * import type { EcsServiceConfig } from 'bluegreen-toolkit/ecs';
 *
 * const blue: EcsServiceConfig = { cluster: 'shop', service: 'orders-blue', desiredCount: 4 };
 * ```
 */
export interface EcsServiceConfig {
  /** The cluster name (or ARN). */
  cluster: string;
  /** The service name (or ARN). */
  service: string;
  /** How many tasks {@link EcsTools.enableService} asks for (an integer ≥ 1). */
  desiredCount: number;
}

/**
 * SDK clients {@link EcsTools} may be given instead of `clientConfig`. A client left out is created with the SDK's
 * default settings (region and credentials from the environment).
 *
 * @example
 * ```ts
 * import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
 * import { ECSClient } from '@aws-sdk/client-ecs';
 * import type { EcsClients } from 'bluegreen-toolkit/ecs';
 *
 * const clients: EcsClients = { ecs: new ECSClient({}), applicationAutoScaling: new ApplicationAutoScalingClient({}) };
 * ```
 */
export interface EcsClients {
  /** The ECS client. */
  ecs?: ECSClient;
  /** The Application Auto Scaling client. */
  applicationAutoScaling?: ApplicationAutoScalingClient;
}

/**
 * Options of {@link EcsTools}.
 *
 * @example
 * ```ts
 * import type { EcsToolsOptions } from 'bluegreen-toolkit/ecs';
 *
 * const options: EcsToolsOptions = {
 *   services: { blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 4 },
 *               green: { cluster: 'shop', service: 'orders-green', desiredCount: 4 } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * ```
 */
export type EcsToolsOptions = CommonToolOptions & {
  /** Each stack's service. */
  services: Pair<EcsServiceConfig>;
} & (
    | { /** Existing SDK clients. */ clients: EcsClients; clientConfig?: never }
    | { /** Settings for the clients the tool creates. */ clientConfig?: AwsClientConfig; clients?: never }
  );

/**
 * Options of {@link EcsTools.enableService} and {@link EcsTools.disableService}.
 *
 * @example
 * ```ts
 * await ecs.disableService(StackReference.Blue, { wait: { maxWaitTime: 900 } });
 * ```
 */
export interface EcsServiceChangeOptions {
  /**
   * Wait until the service is stable (one deployment, running count equal to desired count) with the SDK's
   * `waitUntilServicesStable`. `true` uses `{ maxWaitTime: 600, minDelay: 6, maxDelay: 30 }` (seconds). Default: no wait.
   */
  wait?: WaitSetting;
}

/**
 * The result of {@link EcsTools.enableService} and {@link EcsTools.disableService}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { EcsServiceResult } from 'bluegreen-toolkit/ecs';
 *
 * const r: EcsServiceResult = await ecs.disableService(StackReference.Blue);
 * console.log(r.outcome, r.desiredCount, r.scaling); // 'changed' 0 { minCapacity: 0, maxCapacity: 0 } (null without auto scaling)
 * ```
 */
export interface EcsServiceResult extends StepResult {
  /** The cluster name. */
  cluster: string;
  /** The service name. */
  service: string;
  /** The service's desired count afterwards. */
  desiredCount: number;
  /** The scalable target's range afterwards, or `null` when the service has no Application Auto Scaling target. */
  scaling: CapacityRange | null;
}

interface ResolvedService {
  cluster: string;
  service: string;
  desiredCount: number;
  resourceId: string;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z0-9_-]{1,255})$/;
const SERVICE_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/(?:([A-Za-z0-9_-]{1,255})\/)?([A-Za-z0-9_-]{1,255})$/;
const DIMENSION = 'ecs:service:DesiredCount';
const WAIT_DEFAULTS = { maxWaitTime: 600, minDelay: 6, maxDelay: 30 };

/**
 * Scales a stack's ECS service between its configured desired count and zero, working **with** Application Auto
 * Scaling: when the service's desired count has a scalable target, disabling records the target's min/max in a tag
 * on the ECS service (`bluegreen-toolkit:disabled-capacity`) and sets min = max = 0, so the scaler cannot bring tasks
 * back; enabling restores the recorded min/max and removes the tag. No external state store is needed and both
 * methods can be repeated safely.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { EcsTools } from 'bluegreen-toolkit/ecs';
 *
 * const ecs = new EcsTools({
 *   services: { blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 4 },
 *               green: { cluster: 'shop', service: 'orders-green', desiredCount: 4 } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await ecs.enableService(StackReference.Green, { wait: true });
 * await ecs.disableService(StackReference.Blue);
 * ```
 */
export class EcsTools extends BaseTool {
  /** The ECS client in use. */
  readonly ecs: ECSClient;
  /** The Application Auto Scaling client in use. */
  readonly applicationAutoScaling: ApplicationAutoScalingClient;
  readonly #services: Pair<ResolvedService>;

  /**
   * @param options - the service per stack and the clients; see {@link EcsToolsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed, or both `clients` and `clientConfig`
   * are given (before any AWS call).
   */
  constructor(options: EcsToolsOptions) {
    super(options, 'EcsTools');
    const o = requireObject(options, 'options');
    this.#services = requirePair(o.services, 'services', parseService);
    if (o.clients !== undefined && o.clientConfig !== undefined) {
      throw new ConfigError('Pass either clients or clientConfig, not both: injected clients are used as they are.');
    }
    const clients = o.clients === undefined ? {} : (requireObject(o.clients, 'clients') as EcsClients);
    const clientConfig = o.clientConfig;
    this.ecs = this.createClient(ECSClient, { awsSdkV3Client: clients.ecs, clientConfig }, options, {
      client: 'clients.ecs',
      config: 'clientConfig',
    });
    this.applicationAutoScaling = this.createClient(
      ApplicationAutoScalingClient,
      { awsSdkV3Client: clients.applicationAutoScaling, clientConfig },
      options,
      { client: 'clients.applicationAutoScaling', config: 'clientConfig' },
    );
  }

  /**
   * Brings the stack's service back: restores the scalable target's recorded min/max (if disableService set it to
   * 0/0), sets the desired count to the configured value (clamped to the target's range) unless the service is
   * already running within that range (then the scaler's choice is kept), and removes the record tag.
   *
   * @param ref - the stack.
   * @param options.wait - wait until the service is stable; see {@link EcsServiceChangeOptions}. Default: no wait.
   * @returns `already` when nothing had to change.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference or wait option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster or service does not exist (or was deleted).
   * @throws {@link bluegreen-toolkit!InvalidStateError} for a DAEMON or draining service, or a scalable target at 0/0 with no recorded
   * range (set its min/max with RegisterScalableTarget first).
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when the service is not stable within `maxWaitTime` (carrying its last state).
   * @remarks IAM: `ecs:DescribeServices`, `ecs:UpdateService`, `ecs:UntagResource`,
   * `application-autoscaling:DescribeScalableTargets`, `application-autoscaling:RegisterScalableTarget`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { EcsTools } from 'bluegreen-toolkit/ecs';
   *
   * const ecs = new EcsTools({ services, clientConfig: { region: 'eu-west-1' } });
   * const result = await ecs.enableService(StackReference.Green, { wait: { maxWaitTime: 900 } });
   * console.log(result.message);
   * ```
   */
  async enableService(ref: StackReference, options: EcsServiceChangeOptions = {}): Promise<EcsServiceResult> {
    const cfg = pick(this.#services, this.parseRef(ref));
    const wait = this.#waitSetting(options);
    const { service, target } = await this.#read(cfg);
    assertScalable(cfg, service);
    const actions: string[] = [];
    const rawTag = tagValue(service, ECS_CAPACITY_TAG);
    let range: CapacityRange | null = target ? rangeOf(target) : null;
    if (range && range.minCapacity === 0 && range.maxCapacity === 0) {
      const recorded = parseCapacityTag(rawTag);
      if (!recorded) {
        throw new InvalidStateError(
          `The scalable target ${cfg.resourceId} is at min=0/max=0 and the service has no valid '${ECS_CAPACITY_TAG}' tag recording its range: set MinCapacity/MaxCapacity with RegisterScalableTarget, then enable again.`,
          { state: { scaling: range, tag: rawTag ?? null } },
        );
      }
      await this.#register(cfg, recorded);
      range = recorded;
      actions.push(`restored scaling to min ${recorded.minCapacity}/max ${recorded.maxCapacity}`);
    }
    let desiredCount = service.desiredCount ?? 0;
    const running = range
      ? desiredCount >= Math.max(1, range.minCapacity) && desiredCount <= range.maxCapacity
      : desiredCount === cfg.desiredCount;
    if (!running) {
      desiredCount = range ? Math.min(Math.max(cfg.desiredCount, range.minCapacity), range.maxCapacity) : cfg.desiredCount;
      await this.#update(cfg, desiredCount);
      actions.push(`set desired count to ${desiredCount}`);
    }
    if (rawTag !== undefined) {
      await this.#untag(cfg, service);
      actions.push(`removed the ${ECS_CAPACITY_TAG} tag`);
    }
    if (wait) await waitForStableService(this.ecs, cfg, wait, () => this.#state(cfg));
    return this.#result(cfg, actions, desiredCount, range, 'enabled');
  }

  /**
   * Scales the stack's service to zero. When it has an Application Auto Scaling target, its min/max are first recorded
   * in the `bluegreen-toolkit:disabled-capacity` tag on the service and then set to 0/0, so the scaler does not bring
   * tasks back; then the desired count is set to 0.
   *
   * @param ref - the stack.
   * @param options.wait - wait until the service is stable; see {@link EcsServiceChangeOptions}. Default: no wait.
   * @returns `already` when nothing had to change.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference or wait option (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster or service does not exist (or was deleted).
   * @throws {@link bluegreen-toolkit!InvalidStateError} for a DAEMON or draining service, or a service that cannot be tagged (old ARN
   * format) while it has a scalable target.
   * @throws {@link bluegreen-toolkit!WaitTimeoutError} when the service is not stable within `maxWaitTime` (carrying its last state).
   * @remarks IAM: `ecs:DescribeServices`, `ecs:UpdateService`, `ecs:TagResource`,
   * `application-autoscaling:DescribeScalableTargets`, `application-autoscaling:RegisterScalableTarget`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { EcsTools } from 'bluegreen-toolkit/ecs';
   *
   * const ecs = new EcsTools({ services, clientConfig: { region: 'eu-west-1' } });
   * await ecs.disableService(StackReference.Blue, { wait: true });
   * ```
   */
  async disableService(ref: StackReference, options: EcsServiceChangeOptions = {}): Promise<EcsServiceResult> {
    const cfg = pick(this.#services, this.parseRef(ref));
    const wait = this.#waitSetting(options);
    const { service, target } = await this.#read(cfg);
    assertScalable(cfg, service);
    const actions: string[] = [];
    let range: CapacityRange | null = target ? rangeOf(target) : null;
    if (range && !(range.minCapacity === 0 && range.maxCapacity === 0)) {
      // Record first, then close the range: a run interrupted in between leaves a correct record behind.
      await this.#tag(cfg, service, range);
      await this.#register(cfg, { minCapacity: 0, maxCapacity: 0 });
      actions.push(`recorded scaling min ${range.minCapacity}/max ${range.maxCapacity} and set it to 0/0`);
      range = { minCapacity: 0, maxCapacity: 0 };
    }
    if ((service.desiredCount ?? 0) !== 0) {
      await this.#update(cfg, 0);
      actions.push('set desired count to 0');
    }
    if (wait) await waitForStableService(this.ecs, cfg, wait, () => this.#state(cfg));
    return this.#result(cfg, actions, 0, range, 'disabled');
  }

  /**
   * Reads the stack's service: desired/running/pending counts, status, deployments, task sets, and its Application Auto
   * Scaling range (with the range disableService recorded, if any).
   *
   * @param ref - the stack.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference (before any AWS call).
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the cluster or service does not exist.
   * @remarks IAM: `ecs:DescribeServices`, `application-autoscaling:DescribeScalableTargets`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { EcsTools } from 'bluegreen-toolkit/ecs';
   *
   * const ecs = new EcsTools({ services, clientConfig: { region: 'eu-west-1' } });
   * const state = await ecs.getServiceState(StackReference.Green);
   * console.log(state.runningCount, '/', state.desiredCount, state.deployments.length, 'deployment(s)');
   * ```
   */
  async getServiceState(ref: StackReference): Promise<EcsServiceState> {
    return this.#state(pick(this.#services, this.parseRef(ref)));
  }

  async #state(cfg: ResolvedService): Promise<EcsServiceState> {
    const { service, target } = await this.#read(cfg);
    const scaling = target ? { ...rangeOf(target), recorded: parseCapacityTag(tagValue(service, ECS_CAPACITY_TAG)) ?? null } : null;
    return toServiceState(cfg.cluster, cfg.service, service, scaling);
  }

  #waitSetting(options: EcsServiceChangeOptions) {
    const o = requireObject(options ?? {}, 'options');
    const resolved = this.waitOptions(o.wait as WaitSetting | undefined, WAIT_DEFAULTS);
    if (resolved && !(resolved.minDelay > 0 && resolved.maxDelay > 0 && resolved.maxWaitTime > resolved.minDelay)) {
      throw new ConfigError(
        `Invalid wait options for the ECS waiter: it needs minDelay > 0, maxDelay > 0 and maxWaitTime > minDelay (got ${JSON.stringify({ maxWaitTime: resolved.maxWaitTime, minDelay: resolved.minDelay, maxDelay: resolved.maxDelay })}).`,
      );
    }
    return resolved;
  }

  async #read(cfg: ResolvedService): Promise<{ service: Service; target: ScalableTarget | undefined }> {
    const [service, target] = await Promise.all([this.#describe(cfg), this.#target(cfg)]);
    return { service, target };
  }

  async #describe(cfg: ResolvedService): Promise<Service> {
    let output: DescribeServicesCommandOutput;
    try {
      output = await this.ecs.send(new DescribeServicesCommand({ cluster: cfg.cluster, services: [cfg.service], include: ['TAGS'] }));
    } catch (error) {
      if (isAwsError(error, 'ClusterNotFoundException')) {
        throw new ResourceNotFoundError(`ECS cluster ${cfg.cluster} does not exist: check services.*.cluster.`, {
          resource: cfg.cluster,
          cause: error,
        });
      }
      throw error;
    }
    const service = output.services?.find((s) => s.serviceName === cfg.service) ?? output.services?.[0];
    if (!service || service.status === 'INACTIVE') {
      throw new ResourceNotFoundError(
        `ECS service ${cfg.service} does not exist in cluster ${cfg.cluster}${service ? ' (it was deleted)' : ''}: check services.*.service.`,
        { resource: `${cfg.cluster}/${cfg.service}` },
      );
    }
    return service;
  }

  async #target(cfg: ResolvedService): Promise<ScalableTarget | undefined> {
    const output = await this.applicationAutoScaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [cfg.resourceId], ScalableDimension: DIMENSION }),
    );
    return output.ScalableTargets?.find((t) => t.ResourceId === cfg.resourceId && t.ScalableDimension === DIMENSION);
  }

  async #register(cfg: ResolvedService, range: CapacityRange): Promise<void> {
    await this.applicationAutoScaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: cfg.resourceId,
        ScalableDimension: DIMENSION,
        MinCapacity: range.minCapacity,
        MaxCapacity: range.maxCapacity,
      }),
    );
  }

  async #update(cfg: ResolvedService, desiredCount: number): Promise<void> {
    await this.ecs.send(new UpdateServiceCommand({ cluster: cfg.cluster, service: cfg.service, desiredCount }));
  }

  async #tag(cfg: ResolvedService, service: Service, range: CapacityRange): Promise<void> {
    try {
      await this.ecs.send(
        new TagResourceCommand({ resourceArn: service.serviceArn, tags: [{ key: ECS_CAPACITY_TAG, value: formatCapacityTag(range) }] }),
      );
    } catch (error) {
      if (isAwsError(error, 'InvalidParameterException') && /arn format/i.test(String((error as Error).message))) {
        throw new InvalidStateError(
          `Cannot record the scaling range of ${cfg.resourceId} in a tag: the service uses the old ARN format, which cannot be tagged. Opt in to serviceLongArnFormat and recreate the service, or deregister its scalable target. Nothing was changed.`,
          { state: { serviceArn: service.serviceArn }, cause: error },
        );
      }
      throw error;
    }
  }

  async #untag(_cfg: ResolvedService, service: Service): Promise<void> {
    await this.ecs.send(new UntagResourceCommand({ resourceArn: service.serviceArn, tagKeys: [ECS_CAPACITY_TAG] }));
  }

  #result(cfg: ResolvedService, actions: string[], desiredCount: number, scaling: CapacityRange | null, verb: string): EcsServiceResult {
    const name = `${cfg.cluster}/${cfg.service}`;
    const outcome = actions.length > 0 ? 'changed' : 'already';
    const message = outcome === 'changed' ? `${verb} ${name}: ${actions.join(', ')}` : `${name} is already ${verb}`;
    this.logger.info(`EcsTools: ${message}`);
    return { outcome, message, cluster: cfg.cluster, service: cfg.service, desiredCount, scaling };
  }
}

function parseService(value: unknown, path: string): ResolvedService {
  const o = requireObject(value, path);
  const clusterInput = requireString(o.cluster, `${path}.cluster`, { maxLength: 2048 });
  const cluster = CLUSTER_ARN.exec(clusterInput)?.[1] ?? clusterInput;
  if (!NAME.test(cluster)) {
    throw new ConfigError(`${path}.cluster '${clusterInput}' is not a cluster name or ARN: use letters, digits, '-' and '_' (up to 255).`);
  }
  const serviceInput = requireString(o.service, `${path}.service`, { maxLength: 2048 });
  const arn = SERVICE_ARN.exec(serviceInput);
  const service = arn?.[2] ?? serviceInput;
  if (!NAME.test(service)) {
    throw new ConfigError(`${path}.service '${serviceInput}' is not a service name or ARN: use letters, digits, '-' and '_' (up to 255).`);
  }
  if (arn?.[1] !== undefined && arn[1] !== cluster) {
    throw new ConfigError(`${path}.service is in cluster '${arn[1]}' but ${path}.cluster is '${cluster}': make them agree.`);
  }
  const desiredCount = requireInteger(o.desiredCount, `${path}.desiredCount`, { min: 1, max: 100_000 });
  return { cluster, service, desiredCount, resourceId: `service/${cluster}/${service}` };
}

function rangeOf(target: ScalableTarget): CapacityRange {
  return { minCapacity: target.MinCapacity ?? 0, maxCapacity: target.MaxCapacity ?? 0 };
}

function assertScalable(cfg: ResolvedService, service: Service): void {
  if (service.schedulingStrategy === 'DAEMON') {
    throw new InvalidStateError(
      `${cfg.cluster}/${cfg.service} uses the DAEMON scheduling strategy, which has no desired count to change.`,
      {
        state: { schedulingStrategy: 'DAEMON' },
      },
    );
  }
  if (service.status === 'DRAINING') {
    throw new InvalidStateError(`${cfg.cluster}/${cfg.service} is being deleted (DRAINING).`, { state: { status: service.status } });
  }
}

import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
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
  BaseTool,
  ConfigError,
  InvalidStateError,
  isAwsError,
  type Pair,
  pick,
  type ResolvedWaitOptions,
  ResourceNotFoundError,
  requireDisjointPair,
  requireObject,
  requirePair,
  type StackReference,
  type WaitSetting,
} from '../core/index.js';
import type { EcsClients, EcsServiceChangeOptions, EcsServiceResult, EcsToolsOptions } from './ecs-tools-types.js';
import { waitForStableService } from './ecs-wait.js';
import { assertScalable, parseService, type ResolvedService } from './service-config.js';
import {
  ALL_SUSPENDED,
  formatRecord,
  parseRecord,
  type Recorded,
  readTarget,
  registerTarget,
  type Suspension,
  sameSuspension,
  type TargetState,
} from './service-scaling.js';
import { type CapacityRange, ECS_CAPACITY_TAG, type EcsServiceState, tagValue, toServiceState } from './service-state.js';

export type { EcsClients, EcsServiceChangeOptions, EcsServiceConfig, EcsServiceResult, EcsToolsOptions } from './ecs-tools-types.js';

const WAIT_DEFAULTS = { maxWaitTime: 600, minDelay: 6, maxDelay: 30 };

/**
 * Scales a stack's ECS service between its configured desired count and zero, working **with** Application Auto
 * Scaling: when the service's desired count has a scalable target, disabling records the target's min/max and its
 * `SuspendedState` in a tag on the ECS service (`bluegreen-toolkit:disabled-capacity`), sets min = max = 0 and
 * suspends dynamic *and scheduled* scaling, so neither a scaling policy nor a scheduled action brings tasks back;
 * enabling restores exactly the recorded min/max and suspension and removes the tag. No external state store is
 * needed and both methods can be repeated safely.
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
    // Names are compared after ARNs were reduced to names (a service name is unique within its cluster), so
    // 'arn:…:service/shop/orders' on one side and 'orders' in cluster 'shop' on the other are caught too.
    const side = (stack: 'blue' | 'green') => ({ path: `services.${stack}.service`, value: this.#services[stack].resourceId });
    requireDisjointPair(side('blue'), side('green'), {
      what: 'ECS service',
      hint: 'each stack needs its own service (or use EcsTaskSetDeployment for task sets of one service)',
    });
    if (o.clients !== undefined && o.clientConfig !== undefined) throw new ConfigError('Pass either clients or clientConfig, not both.');
    const clients = o.clients === undefined ? {} : (requireObject(o.clients, 'clients') as EcsClients);
    const source = <K extends keyof EcsClients>(key: K) =>
      [
        { awsSdkV3Client: clients[key], clientConfig: o.clientConfig },
        options,
        { client: `clients.${key}`, config: 'clientConfig' },
      ] as const;
    this.ecs = this.createClient(ECSClient, ...source('ecs'));
    this.applicationAutoScaling = this.createClient(ApplicationAutoScalingClient, ...source('applicationAutoScaling'));
  }

  /**
   * Brings the stack's service back: restores the scalable target's recorded min/max and exactly the recorded
   * `SuspendedState` (if disableService set it to 0/0), sets the desired count to the configured value (clamped to the target's range) unless the service is
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
    let { cfg, wait, service, target, range } = await this.#begin(ref, options);
    const actions: string[] = [];
    const rawTag = tagValue(service, ECS_CAPACITY_TAG);
    if (target && closed(target)) {
      const recorded = parseRecord(rawTag);
      if (!recorded) {
        throw new InvalidStateError(
          `The scalable target ${cfg.resourceId} is at 0/0 and the service has no valid '${ECS_CAPACITY_TAG}' tag with its range: set MinCapacity/MaxCapacity with RegisterScalableTarget, then enable again.`,
          { state: { scaling: range, tag: rawTag ?? null } },
        );
      }
      // Range and suspension back in one call: exactly what disableService found.
      await this.#register(cfg, recorded, recorded.suspended);
      range = rangeOf(recorded);
      actions.push(`restored scaling ${formatRecord(recorded)}`);
    }
    let desiredCount = service.desiredCount ?? 0;
    const running = range
      ? desiredCount >= Math.max(1, range.minCapacity) && desiredCount <= range.maxCapacity
      : desiredCount === cfg.desiredCount;
    if (!running) {
      desiredCount = range ? Math.min(Math.max(cfg.desiredCount, range.minCapacity), range.maxCapacity) : cfg.desiredCount;
      await this.#update(cfg, desiredCount, actions);
    }
    if (rawTag !== undefined) {
      await this.ecs.send(new UntagResourceCommand({ resourceArn: service.serviceArn, tagKeys: [ECS_CAPACITY_TAG] }));
      actions.push(`removed the ${ECS_CAPACITY_TAG} tag`);
    }
    return this.#end(cfg, wait, actions, desiredCount, range, 'enabled');
  }

  /**
   * Scales the stack's service to zero. When it has an Application Auto Scaling target, its min/max and `SuspendedState`
   * are first recorded in the `bluegreen-toolkit:disabled-capacity` tag on the service; then the range is set to 0/0
   * with dynamic scale-in, scale-out and scheduled scaling suspended (a scheduled action would otherwise scale the
   * service out to its new minimum: Application Auto Scaling API Reference, ScalableTargetAction and SuspendedState);
   * then the desired count is set to 0.
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
    let { cfg, wait, service, target, range } = await this.#begin(ref, options);
    const actions: string[] = [];
    if (target && !(closed(target) && sameSuspension(target.suspended, ALL_SUSPENDED))) {
      const open = !closed(target);
      if (open) {
        // Record first, then close the range and suspend: a run interrupted in between leaves a correct record behind.
        await this.#tag(cfg, service, target);
        actions.push(`recorded scaling ${formatRecord(target)} in a tag, set it to 0/0`);
      } else {
        // Closed to 0/0 (by hand, or by a version that did not suspend): a scheduled action could still scale it out.
        const recorded = parseRecord(tagValue(service, ECS_CAPACITY_TAG));
        if (recorded && !sameSuspension(recorded.suspended, target.suspended)) {
          await this.#tag(cfg, service, { ...rangeOf(recorded), suspended: target.suspended });
        }
      }
      range = { minCapacity: 0, maxCapacity: 0 };
      await this.#register(cfg, open ? range : undefined, ALL_SUSPENDED);
      actions.push('suspended dynamic and scheduled scaling');
    }
    if ((service.desiredCount ?? 0) !== 0) await this.#update(cfg, 0, actions);
    return this.#end(cfg, wait, actions, 0, range, 'disabled');
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
    const recorded = parseRecord(tagValue(service, ECS_CAPACITY_TAG));
    const scaling = target ? { ...rangeOf(target), recorded: recorded ? rangeOf(recorded) : null } : null;
    return toServiceState(cfg.cluster, cfg.service, service, scaling);
  }

  #waitSetting(options: EcsServiceChangeOptions) {
    const o = requireObject(options ?? {}, 'options');
    const resolved = this.waitOptions(o.wait as WaitSetting | undefined, WAIT_DEFAULTS);
    if (resolved && !(resolved.minDelay > 0 && resolved.maxDelay > 0 && resolved.maxWaitTime > resolved.minDelay)) {
      throw new ConfigError(
        `Invalid wait options for the ECS waiter: it needs minDelay > 0, maxDelay > 0 and maxWaitTime > minDelay (got maxWaitTime/minDelay/maxDelay ${resolved.maxWaitTime}/${resolved.minDelay}/${resolved.maxDelay}).`,
      );
    }
    return resolved;
  }

  async #read(cfg: ResolvedService): Promise<{ service: Service; target: TargetState | undefined }> {
    const [service, target] = await Promise.all([this.#describe(cfg), readTarget(this.applicationAutoScaling, cfg.resourceId)]);
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

  #register(cfg: ResolvedService, range: CapacityRange | undefined, suspended: Suspension): Promise<void> {
    return registerTarget(this.applicationAutoScaling, cfg.resourceId, range, suspended);
  }

  async #update(cfg: ResolvedService, desiredCount: number, actions: string[]): Promise<void> {
    await this.ecs.send(new UpdateServiceCommand({ cluster: cfg.cluster, service: cfg.service, desiredCount }));
    actions.push(`set desired count to ${desiredCount}`);
  }

  async #tag(cfg: ResolvedService, service: Service, record: Recorded): Promise<void> {
    try {
      await this.ecs.send(
        new TagResourceCommand({ resourceArn: service.serviceArn, tags: [{ key: ECS_CAPACITY_TAG, value: formatRecord(record) }] }),
      );
    } catch (error) {
      if (isAwsError(error, 'InvalidParameterException') && /arn format/i.test(String((error as Error).message))) {
        throw new InvalidStateError(
          `Cannot tag ${cfg.resourceId} with its scaling range: the service has the old ARN format. Opt in to serviceLongArnFormat and recreate the service, or deregister its scalable target. Nothing was changed.`,
          { state: { serviceArn: service.serviceArn }, cause: error },
        );
      }
      throw error;
    }
  }

  /** What enable and disable do first: the stack's service, the wait setting (before any AWS call), service and target read. */
  async #begin(ref: StackReference, options: EcsServiceChangeOptions) {
    const cfg = pick(this.#services, this.parseRef(ref));
    const wait = this.#waitSetting(options);
    const { service, target } = await this.#read(cfg);
    assertScalable(cfg, service);
    return { cfg, wait, service, target, range: target ? rangeOf(target) : null };
  }

  /** What enable and disable do last: the optional wait for a stable service, then the result. */
  async #end(
    cfg: ResolvedService,
    wait: ResolvedWaitOptions | undefined,
    actions: string[],
    desiredCount: number,
    scaling: CapacityRange | null,
    verb: string,
  ): Promise<EcsServiceResult> {
    if (wait) await waitForStableService(this.ecs, cfg, wait, () => this.#state(cfg));
    const name = `${cfg.cluster}/${cfg.service}`;
    const outcome = actions.length > 0 ? 'changed' : 'already';
    const message = outcome === 'changed' ? `${verb} ${name}: ${actions.join(', ')}` : `${name} is already ${verb}`;
    this.logger.info(`EcsTools: ${message}`);
    return { outcome, message, cluster: cfg.cluster, service: cfg.service, desiredCount, scaling };
  }
}

/** A range of 0/0: what disableService sets. */
function closed(range: CapacityRange): boolean {
  return range.minCapacity === 0 && range.maxCapacity === 0;
}

function rangeOf(target: CapacityRange): CapacityRange {
  return { minCapacity: target.minCapacity, maxCapacity: target.maxCapacity };
}

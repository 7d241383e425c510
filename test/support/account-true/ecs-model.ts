/**
 * ECS services' running tasks, modelled in front of moto: moto answers `runningCount` 0 for every service (its
 * `MOTO_ECS_SERVICE_RUNNING` setting unset) and never moves it after UpdateService, so a wait for a stable service
 * never ends there. In AWS the service scheduler starts or stops tasks until `runningCount` equals `desiredCount`
 * ({@link ECS_TASK_START_SECONDS}, {@link ECS_TASK_STOP_SECONDS}).
 *
 * The model (ECS speaks AWS JSON 1.1): every `service` object in an answer (CreateService, UpdateService,
 * DescribeServices) gets the modelled `runningCount`/`pendingCount`, and its primary deployment the same counts and
 * `rolloutState` (`IN_PROGRESS` until running = desired, then `COMPLETED`).
 * - A service the model first meets is taken as **steady**: running = desired (it was provisioned before the world
 *   watched it, or by CreateService, whose tasks the model starts like any others — see below).
 * - When an answer shows a new `desiredCount`, the running count walks from where it is to the new figure, one task
 *   per seeded start (or stop) duration. UpdateService on a service not met yet reads moto first (directly) to know
 *   where it starts from.
 * `settle()` ends every walk (running = desired). Raw moto state keeps moto's `runningCount` (0): compare the
 * desired count there, and read running counts through the proxy.
 */
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { type Duration, draw } from './clock.js';
import { ECS_TASK_START_SECONDS, ECS_TASK_STOP_SECONDS } from './constants.js';
import type { ModelContext, ServiceModel } from './model.js';
import type { Answer, AwsCall } from './wire.js';

/** Options of the ECS model (AWS seconds per task). */
export interface EcsModelOptions {
  taskStart?: Duration;
  taskStop?: Duration;
}

interface Walk {
  from: number;
  target: number;
  since: number;
  /** Real ms per task for this walk. */
  perTask: number;
}

type ServiceJson = { serviceArn?: string; serviceName?: string; desiredCount?: number; [key: string]: unknown };

/** The ECS model (see the module comment). */
export class EcsTasks implements ServiceModel {
  readonly #walks = new Map<string, Walk>();
  #options: Required<EcsModelOptions>;
  #ecs: ECSClient | undefined;

  constructor(
    private readonly ctx: ModelContext,
    options: EcsModelOptions = {},
  ) {
    this.#options = { taskStart: ECS_TASK_START_SECONDS, taskStop: ECS_TASK_STOP_SECONDS, ...options };
  }

  configure(options: EcsModelOptions): void {
    this.#options = { ...this.#options, ...options };
  }

  /** The modelled running count of a service (by ARN or name), or `undefined` when the model has not met it. */
  running(service: string): number | undefined {
    for (const [arn, walk] of this.#walks) if (arn === service || arn.endsWith(`/${service}`)) return this.#running(walk);
    return undefined;
  }

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'ecs') return undefined;
    if (!['CreateService', 'UpdateService', 'DescribeServices'].includes(call.operation)) return undefined;
    if (call.operation === 'UpdateService') await this.#meet(call.input);
    const answer = await forward();
    if (answer.status !== 200) return answer;
    const body = JSON.parse(answer.body.toString('utf8') || '{}') as { service?: ServiceJson; services?: ServiceJson[] };
    for (const service of [...(body.service ? [body.service] : []), ...(body.services ?? [])]) this.#rewrite(service);
    return { ...answer, body: Buffer.from(JSON.stringify(body)) };
  }

  async settle(): Promise<void> {
    for (const walk of this.#walks.values()) walk.from = walk.target;
  }

  close(): void {
    this.#ecs?.destroy();
  }

  /** Before an UpdateService of a service not met yet: read it from moto, steady at its current desired count. */
  async #meet(input: Record<string, unknown>): Promise<void> {
    const service = String(input.service ?? '');
    if (this.running(service) !== undefined) return;
    this.#ecs ??= new ECSClient(this.ctx.motoConfig);
    const { services = [] } = await this.#ecs.send(
      new DescribeServicesCommand({ cluster: input.cluster as string | undefined, services: [service] }),
    );
    for (const s of services) if (s.serviceArn) this.#walks.set(s.serviceArn, this.#steady(s.desiredCount ?? 0));
  }

  #rewrite(service: ServiceJson): void {
    const arn = service.serviceArn ?? String(service.serviceName ?? '');
    const desired = Number(service.desiredCount ?? 0);
    let walk = this.#walks.get(arn);
    if (!walk) {
      walk = this.#steady(desired);
      this.#walks.set(arn, walk);
    } else if (walk.target !== desired) {
      const from = this.#running(walk);
      const seconds = draw(desired > from ? this.#options.taskStart : this.#options.taskStop, this.ctx.random);
      walk = { from, target: desired, since: this.ctx.clock.now(), perTask: this.ctx.clock.ms(seconds) };
      this.#walks.set(arn, walk);
    }
    const running = this.#running(walk);
    const pending = Math.max(0, desired - running);
    Object.assign(service, { runningCount: running, pendingCount: pending });
    const deployments = service.deployments as Record<string, unknown>[] | undefined;
    const primary = deployments?.find((d) => d.status === 'PRIMARY') ?? deployments?.[0];
    if (primary)
      Object.assign(primary, {
        runningCount: running,
        pendingCount: pending,
        desiredCount: desired,
        rolloutState: running === desired ? 'COMPLETED' : 'IN_PROGRESS',
      });
  }

  #steady(desired: number): Walk {
    return { from: desired, target: desired, since: this.ctx.clock.now(), perTask: 0 };
  }

  #running(walk: Walk): number {
    if (walk.from === walk.target || walk.perTask <= 0) return walk.target;
    const done = Math.floor((this.ctx.clock.now() - walk.since) / walk.perTask);
    const step = Math.min(done, Math.abs(walk.target - walk.from));
    return walk.target > walk.from ? walk.from + step : walk.from - step;
  }
}

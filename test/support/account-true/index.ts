/**
 * The account-true world: moto behind a proxy that behaves like a real AWS account where moto does not (see
 * docs/testing-your-hooks.md and the models' own comments):
 * - SNS filter-policy changes answered at once, effective for delivery only after a delay ({@link SnsPropagation});
 * - SQS ApproximateNumberOf* lagging behind the truth ({@link SqsLag});
 * - Lambda event source mappings walking Creating/Enabling/Disabling/Updating ({@link EsmStates});
 * - Aurora start/stop and new instances taking time ({@link AuroraTransitions}), readers added to MinCapacity by
 *   Aurora Auto Scaling ({@link AuroraReplicaScaling});
 * - ECS services' running tasks converging on the desired count over time ({@link EcsTasks});
 * - CloudWatch `AWS/SQS NumberOfMessagesSent`, which moto does not emit ({@link SqsMetrics});
 * - DynamoDB conditional writes atomic per table, which moto's threaded server does not guarantee ({@link AtomicConditionalWrites});
 * - seeded throttling, 5xx and connection resets before/after forwarding, in each protocol's real shape ({@link FaultPlan});
 * - a log of every call, for counting mutating calls per service/operation ({@link CallLog}).
 *
 * @example
 * const world = await startAccountTrueWorld(emulator().endpoint, { seed: 7, timeScale: 1 / 60 });
 * const sns = new SNSClient(world.clientConfig());
 * world.faults.add({ kind: 'reset-after', service: 'lambda', operation: 'UpdateEventSourceMapping', times: 1 });
 * // ... run the code under test ...
 * assert.deepEqual(world.log.counts(), {});
 * await world.close();
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { TEST_REGION } from '../emulator.js';
import { AuroraReplicaScaling } from './aurora-scaling-model.js';
import { ScaledClock } from './clock.js';
import { SentLedger, SqsMetrics } from './cloudwatch-model.js';
import { AtomicConditionalWrites } from './dynamodb-model.js';
import { type EcsModelOptions, EcsTasks } from './ecs-model.js';
import { FaultPlan, type FaultRule, seededRandom } from './faults.js';
import { EsmStates, type LambdaModelOptions } from './lambda-model.js';
import type { ServiceModel } from './model.js';
import { type ProxyServer, startProxy } from './proxy.js';
import { AuroraTransitions, type RdsModelOptions } from './rds-model.js';
import { type SnsModelOptions, SnsPropagation } from './sns-model.js';
import { SqsLag, type SqsModelOptions } from './sqs-model.js';

export type { Duration } from './clock.js';
export * from './constants.js';
export type { FaultKind, FaultRule, LoggedCall } from './faults.js';
export { seededRandom } from './faults.js';

/** Options of {@link startAccountTrueWorld}. */
export interface AccountTrueOptions {
  /** Seed of every random draw (fault rates, delays drawn from a range); default 1. */
  seed?: number;
  /** Real seconds per AWS second (default `1 / 60`: an AWS minute lasts a real second). */
  timeScale?: number;
  sns?: SnsModelOptions;
  sqs?: SqsModelOptions;
  lambda?: LambdaModelOptions;
  rds?: RdsModelOptions;
  ecs?: EcsModelOptions;
  /** Fault rules from the start (more can be added with `world.faults.add`). */
  faults?: FaultRule[];
}

/** A running account-true world. */
export interface AccountTrueWorld {
  /** Point SDK clients here (or use {@link AccountTrueWorld.clientConfig}). */
  endpoint: string;
  /** Every call that arrived: `log.mutating()`, `log.counts()`, `log.perService()`, `log.clear()`. */
  log: ProxyServer['log'];
  faults: FaultPlan;
  clock: ScaledClock;
  sns: SnsPropagation;
  sqs: SqsLag;
  lambda: EsmStates;
  rds: AuroraTransitions;
  /** Aurora Auto Scaling: the readers it created, per cluster. */
  replicas: AuroraReplicaScaling;
  /** ECS running tasks: `ecs.running(service)`. */
  ecs: EcsTasks;
  /** Messages added to each queue (the `AWS/SQS NumberOfMessagesSent` the world reports to GetMetricData). */
  sent: SentLedger;
  /**
   * SDK client config through the proxy (dummy credentials, HTTP/1.1, `maxAttempts` as given, default the SDK's 3);
   * `client` tags every call (`LoggedCall.client`) to tell two callers apart.
   */
  clientConfig(options?: { maxAttempts?: number; client?: string }): Record<string, unknown>;
  /** Client config straight to moto: for reading the raw state, bypassing every model and fault. */
  motoConfig(): Record<string, unknown>;
  /** Ends every modelled transition now: pending filter changes applied, final states reported, counters exact. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

function config(endpoint: string, maxAttempts?: number, client?: string): Record<string, unknown> {
  return {
    ...(client ? { customUserAgent: [['bluegreen-client', client]] } : {}),
    endpoint,
    region: TEST_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 60_000 }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  };
}

/** Starts an account-true world in front of the moto server at `target`. */
export async function startAccountTrueWorld(target: string, options: AccountTrueOptions = {}): Promise<AccountTrueWorld> {
  const random = seededRandom(options.seed ?? 1);
  const clock = new ScaledClock(options.timeScale ?? 1 / 60);
  const ctx = { clock, random, motoConfig: config(target) };
  const ledger = new SentLedger();
  const sns = new SnsPropagation(ctx, options.sns, ledger);
  const sqs = new SqsLag(ctx, options.sqs);
  const lambda = new EsmStates(ctx, options.lambda);
  const rds = new AuroraTransitions(ctx, options.rds);
  const metrics = new SqsMetrics(ctx, ledger);
  const ecs = new EcsTasks(ctx, options.ecs);
  const replicas = new AuroraReplicaScaling(ctx, rds);
  const models: ServiceModel[] = [sns, sqs, lambda, rds, replicas, ecs, metrics, new AtomicConditionalWrites()];
  const faults = new FaultPlan(random);
  if (options.faults) faults.add(...options.faults);
  const proxy = await startProxy(target, faults, models);
  return {
    endpoint: proxy.endpoint,
    log: proxy.log,
    faults,
    clock,
    sns,
    sqs,
    lambda,
    rds,
    replicas,
    ecs,
    sent: ledger,
    clientConfig: (o = {}) => config(proxy.endpoint, o.maxAttempts, o.client),
    motoConfig: () => config(target),
    settle: async () => {
      for (const model of models) await model.settle();
    },
    close: async () => {
      for (const model of models) model.close?.();
      await proxy.close();
    },
  };
}

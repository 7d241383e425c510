/**
 * Aurora Auto Scaling, modelled in front of moto: moto registers an `rds:cluster:ReadReplicaCount` scalable target
 * but never adds or removes a reader. In AWS, RegisterScalableTarget "changes the resource's current capacity to a
 * value that is inside of this range" when the resource is active (Application Auto Scaling API Reference,
 * RegisterScalableTarget, https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html),
 * and for Aurora the capacity is the number of Aurora Replicas, which Aurora Auto Scaling adds with the writer's
 * instance class; it "only scales a DB cluster if the DB cluster is in the available state" and "only removes Aurora
 * Replicas that it created" (Amazon Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html).
 *
 * The model: after a successful RegisterScalableTarget of a cluster's ReadReplicaCount, if the cluster is `available`
 * in moto, readers below MinCapacity are created in moto (named `application-autoscaling-<n>`, as AWS names them,
 * reading `creating` through the RDS model for its instance-create duration), and readers the model created above
 * MaxCapacity are deleted. Scaling on a policy's metric is not modelled.
 */
import {
  CreateDBInstanceCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { ModelContext, ServiceModel } from './model.js';
import type { AuroraTransitions } from './rds-model.js';
import type { Answer, AwsCall } from './wire.js';

const DIMENSION = 'rds:cluster:ReadReplicaCount';

/** The Aurora Auto Scaling model (see the module comment). */
export class AuroraReplicaScaling implements ServiceModel {
  /** Readers the model created, per cluster. */
  readonly created = new Map<string, string[]>();
  #rds: RDSClient | undefined;
  #next = 1;

  constructor(
    private readonly ctx: ModelContext,
    private readonly transitions: AuroraTransitions,
  ) {}

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'application-autoscaling' || call.operation !== 'RegisterScalableTarget') return undefined;
    const { ServiceNamespace, ScalableDimension, ResourceId, MinCapacity, MaxCapacity } = call.input as Record<string, unknown>;
    if (ServiceNamespace !== 'rds' || ScalableDimension !== DIMENSION || typeof ResourceId !== 'string') return undefined;
    const answer = await forward();
    if (answer.status === 200) await this.#apply(ResourceId.replace(/^cluster:/, ''), MinCapacity, MaxCapacity);
    return answer;
  }

  async settle(): Promise<void> {}

  close(): void {
    this.#rds?.destroy();
  }

  async #apply(cluster: string, min: unknown, max: unknown): Promise<void> {
    this.#rds ??= new RDSClient(this.ctx.motoConfig);
    const found = (await this.#rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: cluster }))).DBClusters?.[0];
    if (found?.Status !== 'available') return;
    const members = found.DBClusterMembers ?? [];
    const readers = members.filter((m) => !m.IsClusterWriter).length;
    const mine = this.created.get(cluster) ?? [];
    if (typeof min === 'number' && readers < min) {
      const writer = members.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
      const writerClass = writer
        ? (await this.#rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: writer }))).DBInstances?.[0]?.DBInstanceClass
        : undefined;
      for (let i = readers; i < min; i++) {
        const id = `application-autoscaling-${cluster}-${this.#next++}`;
        await this.#rds.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: id,
            DBClusterIdentifier: cluster,
            Engine: found.Engine,
            DBInstanceClass: writerClass ?? 'db.r6g.large',
          }),
        );
        this.transitions.creating(id);
        mine.push(id);
      }
    } else if (typeof max === 'number' && readers > max) {
      for (let excess = readers - max; excess > 0 && mine.length > 0; excess--) {
        await this.#rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: mine.pop() as string, SkipFinalSnapshot: true }));
      }
    }
    this.created.set(cluster, mine);
  }
}

import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ConfigError, createAwsClient, describeValue, type Logger, silentLogger } from '../core/index.js';
import { lastSegment } from './task-set-names.js';
import { validateOptions } from './task-set-options.js';
import type { EcsTaskSetDeploymentOptions } from './task-set-types.js';

/**
 * What the step functions of `bluegreen-toolkit/ecs-task-sets` read from an {@link EcsTaskSetDeployment} (not exported
 * from the subpath).
 */
export interface StepContext {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  applicationAutoScaling: ApplicationAutoScalingClient;
  config: EcsTaskSetDeploymentOptions;
  /** `{ cluster, service }` as the ECS task-set calls take them. */
  where: { cluster: string; service: string };
  /** `<cluster name>/<service name>`. */
  id: string;
  logger: Logger;
  dryRun: boolean;
}

/**
 * Blue/green and canary releases of an ECS service that uses the `EXTERNAL` deployment controller, with task sets and
 * ALB listener rules. Each release gets its own task set and target group; the production rule moves traffic by
 * weight and the test rule exposes the new task set before it takes production traffic.
 *
 * The class holds the validated configuration and the three SDK clients; each step is a function of the subpath that
 * takes it ({@link deployGreen}, {@link openTestTraffic}, {@link shiftTraffic}, {@link swap}, {@link cleanUp},
 * {@link rollback}, {@link deploymentStatus}), so a hook for one pipeline stage bundles only its own step. Every step reads the current
 * state from AWS (task sets, their target groups, both rules' actions and weights, the primary task set), so separate
 * stages can each call one step without passing anything between them, and any step run twice is a success that
 * changes nothing the second time (`outcome: 'already'`).
 *
 * Which task set is which: the primary task set is live; while a release is in flight the service has a second one.
 * The newer of the two (by `createdAt`) is the release ("green"), the older one the previous release ("blue").
 *
 * @example
 * ```ts
 * import { cleanUp, deployGreen, EcsTaskSetDeployment, openTestTraffic, shiftTraffic, swap } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const deployment = new EcsTaskSetDeployment({
 *   cluster: 'prod', service: 'orders-api',
 *   productionRuleArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/1/2/3',
 *   testRuleArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/web/1/4/5',
 *   container: { name: 'api', port: 8080 },
 *   targetGroup: { vpcId: 'vpc-0abc', port: 8080, healthCheck: { path: '/health' } },
 *   networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'] } },
 *   launchType: 'FARGATE',
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await deployGreen(deployment, 'orders-api:42', { externalId: 'build-42' });
 * await openTestTraffic(deployment, { externalId: 'build-42' }); // once green is ready; then run your tests against it
 * await shiftTraffic(deployment, 10);
 * await swap(deployment);
 * await cleanUp(deployment, { drainSeconds: 60 });
 * ```
 */
export class EcsTaskSetDeployment {
  // Not a BaseTool: its members (stack references, wait resolution) would be in every step's hook, and only
  // openTestTraffic waits. `declare`: assigned in the constructor, so the class carries no separate field definitions.
  /** The ECS client. */
  declare readonly ecs: ECSClient;
  /** The Elastic Load Balancing v2 client. */
  declare readonly elbv2: ElasticLoadBalancingV2Client;
  /** The Application Auto Scaling client. */
  declare readonly applicationAutoScaling: ApplicationAutoScalingClient;
  /**
   * What the step functions use.
   *
   * @internal
   */
  declare readonly context: StepContext;

  /**
   * Validates the options every step uses (a `ConfigError` naming the bad option, before any AWS call) and creates
   * the clients that were not injected. The options of one step only are checked by that step when it runs, also
   * before any AWS call: the release options by {@link deployGreen}, `targetHealth` by {@link openTestTraffic},
   * `alarmGate` and `alarmRef` by {@link shiftTraffic}.
   *
   * @param options - see {@link EcsTaskSetDeploymentOptions}.
   * @throws `ConfigError` for a missing or malformed option.
   */
  constructor(options: EcsTaskSetDeploymentOptions) {
    const config = validateOptions(options);
    const clients = options.clients;
    if (clients !== undefined && options.clientConfig !== undefined) {
      throw new ConfigError(
        'Pass either clients or clientConfig to EcsTaskSetDeployment, not both: injected clients are used as they are.',
      );
    }
    const make = <C extends ECSClient | ElasticLoadBalancingV2Client | ApplicationAutoScalingClient>(
      Client: new (config: never) => C,
      key: 'ecs' | 'elbv2' | 'applicationAutoScaling',
    ): C => {
      const client = clients?.[key];
      const source = client === undefined ? { clientConfig: options.clientConfig } : { awsSdkV3Client: client };
      return createAwsClient(Client, source as never, options, { client: `clients.${key}`, config: 'clientConfig' });
    };
    this.context = {
      ecs: make(ECSClient, 'ecs'),
      elbv2: make(ElasticLoadBalancingV2Client, 'elbv2'),
      applicationAutoScaling: make(ApplicationAutoScalingClient, 'applicationAutoScaling'),
      config,
      where: { cluster: config.cluster, service: config.service },
      id: `${lastSegment(config.cluster)}/${lastSegment(config.service)}`,
      logger: options.logger ?? silentLogger,
      dryRun: Boolean(options.dryRun),
    };
    ({ ecs: this.ecs, elbv2: this.elbv2, applicationAutoScaling: this.applicationAutoScaling } = this.context);
  }
}

/**
 * The step context of `deployment`; a `ConfigError` (before any AWS call) when it is not an {@link EcsTaskSetDeployment}.
 *
 * @internal
 */
export function stepContext(deployment: EcsTaskSetDeployment, step: string): StepContext {
  if (!(deployment instanceof EcsTaskSetDeployment)) {
    throw new ConfigError(`${step}(deployment, ...) needs an EcsTaskSetDeployment first, got ${describeValue(deployment)}.`);
  }
  return deployment.context;
}

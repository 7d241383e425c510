import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  BaseTool,
  ConfigError,
  combineOutcomes,
  describeValue,
  InvalidStateError,
  type Outcome,
  optionalBoolean,
  parseStackReference,
  requireObject,
  requireString,
  StackReference,
  sleep,
} from '../core/index.js';
import { deployGreen } from './task-set-deploy.js';
import { TaskSetInFlightError } from './task-set-errors.js';
import { taskSetTargetGroupName } from './task-set-names.js';
import { requireGate, validateOptions } from './task-set-options.js';
import { forwardTargets, ruleView, setClosed, setForward } from './task-set-rules.js';
import { shiftTraffic } from './task-set-shift.js';
import { readSnapshot, type Snapshot, targetGroupOf, targetHealth, taskSetView } from './task-set-state.js';
import {
  deleteTaskSetAndGroup,
  makePrimary,
  removeGreen,
  type StepContext,
  sameTargets,
  withAutoScalingSuspended,
} from './task-set-steps.js';
import type {
  AlarmGate,
  CleanUpOptions,
  DeployGreenOptions,
  DeployGreenResult,
  EcsTaskSetDeploymentOptions,
  RemovalResult,
  RollbackOptions,
  ShiftTrafficOptions,
  ShiftTrafficResult,
  SwapResult,
  TargetHealthCounts,
  TaskSetDeploymentStatus,
} from './task-set-types.js';

/**
 * Blue/green and canary releases of an ECS service that uses the `EXTERNAL` deployment controller, with task sets and
 * ALB listener rules. Each release gets its own task set and target group; the production rule moves traffic by
 * weight and the test rule exposes the new task set before it takes production traffic.
 *
 * Every step reads the current state from AWS (task sets, their target groups, both rules' actions and weights, the
 * primary task set), so separate pipeline stages can each call one step without passing anything between them, and
 * any step run twice is a success that changes nothing the second time (`outcome: 'already'`).
 *
 * Which task set is which: the primary task set is live; while a release is in flight the service has a second one.
 * The newer of the two (by `createdAt`) is the release ("green"), the older one the previous release ("blue").
 *
 * @example
 * ```ts
 * import { EcsTaskSetDeployment } from 'bluegreen-toolkit/ecs-task-sets';
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
 * await deployment.deployGreen('orders-api:42', { externalId: 'build-42' });
 * await deployment.shiftTraffic(10);
 * await deployment.swap();
 * await deployment.cleanUp({ drainSeconds: 60 });
 * ```
 */
export class EcsTaskSetDeployment extends BaseTool {
  /** The ECS client. */
  readonly ecs: ECSClient;
  /** The Elastic Load Balancing v2 client. */
  readonly elbv2: ElasticLoadBalancingV2Client;
  /** The Application Auto Scaling client. */
  readonly applicationAutoScaling: ApplicationAutoScalingClient;
  readonly #config: EcsTaskSetDeploymentOptions;
  readonly #alarmGate: AlarmGate | undefined;
  readonly #alarmRef: StackReference;
  readonly #ctx: StepContext;

  /**
   * Validates the configuration (a `ConfigError` naming the bad option, before any AWS call) and creates the
   * clients that were not injected.
   *
   * @param options - see {@link EcsTaskSetDeploymentOptions}.
   * @throws `ConfigError` for a missing or malformed option.
   */
  constructor(options: EcsTaskSetDeploymentOptions) {
    super(options, 'EcsTaskSetDeployment');
    this.#config = validateOptions(options);
    const clients = options.clients;
    if (clients !== undefined && options.clientConfig !== undefined) {
      throw new ConfigError(
        'Pass either clients or clientConfig to EcsTaskSetDeployment, not both: injected clients are used as they are.',
      );
    }
    const source = (client: unknown) => (client === undefined ? { clientConfig: options.clientConfig } : { awsSdkV3Client: client });
    this.ecs = this.createClient(ECSClient, source(clients?.ecs) as never, options, { client: 'clients.ecs', config: 'clientConfig' });
    this.elbv2 = this.createClient(ElasticLoadBalancingV2Client, source(clients?.elbv2) as never, options, {
      client: 'clients.elbv2',
      config: 'clientConfig',
    });
    this.applicationAutoScaling = this.createClient(
      ApplicationAutoScalingClient,
      source(clients?.applicationAutoScaling) as never,
      options,
      {
        client: 'clients.applicationAutoScaling',
        config: 'clientConfig',
      },
    );
    this.#alarmGate = options.alarmGate === undefined ? undefined : requireGate(options.alarmGate, 'alarmGate');
    this.#alarmRef = options.alarmRef === undefined ? StackReference.Green : parseStackReference(options.alarmRef, 'alarmRef');
    this.#ctx = {
      ecs: this.ecs,
      elbv2: this.elbv2,
      applicationAutoScaling: this.applicationAutoScaling,
      config: this.#config,
      logger: this.logger,
      dryRun: this.dryRun,
    };
  }

  /**
   * The target group name a release gets (see {@link taskSetTargetGroupName}).
   *
   * @example
   * ```ts
   * deployment.targetGroupName('build-42'); // 'orders-api-build-42-1af8f5' (with cluster 'prod')
   * ```
   */
  targetGroupName(externalId: string): string {
    return taskSetTargetGroupName(this.#config.cluster, this.#config.service, requireString(externalId, 'externalId', { maxLength: 255 }));
  }

  /**
   * Where the deployment stands: phase, which task set is primary, blue and green with their counts and stability,
   * the weights on both rules and the target health of every target group involved.
   *
   * @remarks IAM: `ecs:DescribeServices`, `elasticloadbalancing:DescribeRules`, `elasticloadbalancing:DescribeTargetHealth`.
   *
   * @example
   * ```ts
   * const s = await deployment.status();
   * console.log(s.phase, s.greenPercent, s.primary?.externalId);
   * ```
   */
  async status(): Promise<TaskSetDeploymentStatus> {
    const snap = await this.#read();
    const groups = new Set<string>();
    for (const t of snap.taskSets) {
      const tg = targetGroupOf(t);
      if (tg) groups.add(tg);
    }
    const targetHealthByGroup: Record<string, TargetHealthCounts> = {};
    await Promise.all(
      [...groups].map(async (arn) => {
        targetHealthByGroup[arn] = await targetHealth(this.elbv2, arn);
      }),
    );
    return {
      phase: snap.phase,
      primary: snap.primary && taskSetView(snap.primary),
      blue: snap.blue && taskSetView(snap.blue),
      green: snap.green && taskSetView(snap.green),
      greenPercent: snap.greenPercent,
      productionRule: ruleView(snap.productionRule),
      testRule: ruleView(snap.testRule),
      targetHealth: targetHealthByGroup,
    };
  }

  /**
   * Starts a release: creates its target group (named by {@link targetGroupName}), adds it to the production rule
   * with weight 0 (ECS requires a target group to be attached to a load balancer; weight 0 sends it no traffic),
   * creates the task set behind it (scale `scalePercent`), waits until the task set is `STEADY_STATE` with
   * running == computed desired and its targets are healthy (see `targetHealth`), then points the test rule at it.
   *
   * Run again with the same `externalId`, it finds what exists and completes what is missing. A different release
   * already in flight is refused with {@link TaskSetInFlightError} unless `replace: true` (it is rolled back first).
   * With `wait: false` the test rule is pointed at the new task set without waiting.
   *
   * @param taskDefinition - family, `family:revision` or ARN.
   * @param options.externalId - identifies the release (required).
   * @param options.replace - roll back a different release in flight first (default false).
   * @param options.wait - default true (`maxWaitTime` 900 s, `minDelay` 5 s, `maxDelay` 30 s).
   * @returns what each part did, and the last observation of the wait.
   * @throws {@link TaskSetInFlightError}, `InvalidStateError` (no primary task set, previous release not
   * cleaned up), `WaitTimeoutError` naming the last counts and target health.
   *
   * @remarks IAM: `ecs:DescribeServices`, `ecs:CreateTaskSet`, `ecs:DescribeTaskSets`,
   * `elasticloadbalancing:DescribeRules`, `elasticloadbalancing:ModifyRule`, `elasticloadbalancing:DescribeTargetGroups`,
   * `elasticloadbalancing:CreateTargetGroup`, `elasticloadbalancing:AddTags`, `elasticloadbalancing:DescribeTargetHealth`
   * (with `replace`: also those of {@link rollback}).
   *
   * @example
   * ```ts
   * import { EcsTaskSetDeployment } from 'bluegreen-toolkit/ecs-task-sets';
   *
   * const r = await deployment.deployGreen('orders-api:42', { externalId: 'build-42', wait: { maxWaitTime: 1200 } });
   * console.log(r.outcome, r.taskSetArn, r.targetGroupName);
   * ```
   */
  async deployGreen(taskDefinition: string, options: DeployGreenOptions): Promise<DeployGreenResult> {
    return deployGreen(
      this.#ctx,
      () => this.#read(),
      (w, d) => this.waitOptions(w, d),
      taskDefinition,
      options,
    );
  }

  /**
   * Sets green's share of production traffic to `percent` (weighted forward on the production rule), in one step or
   * in linear steps of `stepPercent` with `intervalSeconds` of bake time after each. With an alarm gate (constructor
   * `alarmGate` or the option), the alarms are checked before the first step and after every step: any alarm in ALARM
   * stops the shift with {@link AlarmGateError}. With `onAlarm: 'hold'` (default) traffic is set back to the last
   * percentage whose check passed (the starting one when the first check fails); with `'rollback'`, {@link rollback}
   * runs (production back to blue, green deleted).
   *
   * @param percent - green's share, an integer from 0 to 100.
   * @param options.stepPercent - size of a linear step (default: one step).
   * @param options.intervalSeconds - bake time after each step (default 0).
   * @param options.onAlarm - `'hold'` (default) or `'rollback'`.
   * @returns the final percentage and the steps applied; `already` when green already had `percent`.
   * @throws {@link AlarmGateError}, `InvalidStateError` (no release in flight, or already swapped and `percent` < 100).
   *
   * @remarks IAM: `ecs:DescribeServices`, `elasticloadbalancing:DescribeRules`, `elasticloadbalancing:ModifyRule`
   * (and the alarm gate's own, for example `cloudwatch:DescribeAlarms`).
   *
   * @example
   * ```ts
   * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
   * import { EcsTaskSetDeployment } from 'bluegreen-toolkit/ecs-task-sets';
   *
   * await deployment.shiftTraffic(10); // canary
   * await deployment.shiftTraffic(100, { stepPercent: 20, intervalSeconds: 300, alarmGate: new CloudWatchTools(cwOptions) });
   * ```
   */
  async shiftTraffic(percent: number, options: ShiftTrafficOptions = {}): Promise<ShiftTrafficResult> {
    const defaults = {
      gate: this.#alarmGate,
      ref: this.#alarmRef,
      read: () => this.#read(),
      rollback: (o: RollbackOptions) => this.rollback(o),
    };
    return shiftTraffic(this.#ctx, defaults, percent, options);
  }

  /**
   * Makes the release live: suspends the service's auto scaling (Application Auto Scaling `SuspendedState`), sends
   * 100 % of production traffic to green (blue stays on the rule with weight 0 until {@link cleanUp}), makes green the
   * primary task set, and restores auto scaling to its previous state - also when a step fails. A scalable target that
   * was already fully suspended is left suspended.
   *
   * @returns what each part did and what happened to auto scaling.
   * @throws `InvalidStateError` when no release is in flight.
   *
   * @remarks IAM: `ecs:DescribeServices`, `ecs:UpdateServicePrimaryTaskSet`, `elasticloadbalancing:DescribeRules`,
   * `elasticloadbalancing:ModifyRule`, `application-autoscaling:DescribeScalableTargets`,
   * `application-autoscaling:RegisterScalableTarget`.
   *
   * @example
   * ```ts
   * const r = await deployment.swap();
   * console.log(r.primaryTaskSetArn, r.autoScaling); // 'suspended-and-resumed'
   * ```
   */
  async swap(): Promise<SwapResult> {
    const snap = await this.#read();
    const green = snap.green;
    const greenTg = targetGroupOf(green);
    if (!green || !greenTg) {
      throw new InvalidStateError(
        `No release is in flight on service ${this.#config.service}: nothing to swap (run deployGreen() first).`,
        {
          state: snap.phase,
        },
      );
    }
    const blueTg = targetGroupOf(snap.blue);
    const targets = [{ targetGroupArn: greenTg, weight: 100 }, ...(blueTg ? [{ targetGroupArn: blueTg, weight: 0 }] : [])];
    const ruleDone = sameTargets(forwardTargets(snap.productionRule), targets);
    const primaryDone = green.status === 'PRIMARY';
    const greenArn = green.taskSetArn as string;
    if (ruleDone && primaryDone) {
      return {
        outcome: 'already',
        message: `Release ${green.externalId} is already primary with all production traffic.`,
        primaryTaskSetArn: greenArn,
        steps: { productionRule: 'already', primaryTaskSet: 'already' },
        autoScaling: 'untouched',
      };
    }
    const { result, autoScaling } = await withAutoScalingSuspended(this.#ctx, async () => {
      const productionRule = await setForward(this.elbv2, snap.productionRule, targets);
      const primaryTaskSet = primaryDone ? 'already' : await makePrimary(this.#ctx, greenArn);
      return { productionRule, primaryTaskSet } as const;
    });
    return {
      outcome: combineOutcomes(Object.values(result)),
      message: `Release ${green.externalId} is primary and takes all production traffic.`,
      primaryTaskSetArn: greenArn,
      steps: result,
      autoScaling,
    };
  }

  /**
   * Finishes a swapped release: closes the test rule (fixed response, see `closedResponse`), takes the old target
   * group off the production rule, waits `drainSeconds` for connections to drain, deletes the old task set and then
   * its target group - only if this class created it, unless `deleteUnmanagedTargetGroups: true` (an unmanaged one is
   * kept and reported in `keptTargetGroupArn`).
   *
   * @param options.drainSeconds - pause before deleting the old task set (default 0).
   * @param options.deleteUnmanagedTargetGroups - default false.
   * @throws `InvalidStateError` when a release is in flight but not swapped yet.
   *
   * @remarks IAM: `ecs:DescribeServices`, `ecs:DeleteTaskSet`, `elasticloadbalancing:DescribeRules`,
   * `elasticloadbalancing:ModifyRule`, `elasticloadbalancing:DescribeTags`, `elasticloadbalancing:DeleteTargetGroup`.
   *
   * @example
   * ```ts
   * const r = await deployment.cleanUp({ drainSeconds: 30 });
   * console.log(r.deletedTaskSetArn, r.deletedTargetGroupArn);
   * ```
   */
  async cleanUp(options: CleanUpOptions = {}): Promise<RemovalResult> {
    const opts = requireObject(options, 'cleanUp options');
    const drainSeconds = opts.drainSeconds === undefined ? 0 : opts.drainSeconds;
    if (typeof drainSeconds !== 'number' || !Number.isFinite(drainSeconds) || drainSeconds < 0) {
      throw new ConfigError(`cleanUp options.drainSeconds must be a number of seconds >= 0, got ${describeValue(drainSeconds)}.`);
    }
    const deleteUnmanaged = optionalBoolean(opts.deleteUnmanagedTargetGroups, 'cleanUp options.deleteUnmanagedTargetGroups', false);
    const snap = await this.#read();
    if (snap.phase === 'deployed' || snap.phase === 'shifting') {
      throw new InvalidStateError(
        `Release ${snap.green?.externalId} is ${snap.phase} but not swapped: run swap() before cleanUp(), or rollback() to discard it.`,
        { state: snap.phase },
      );
    }
    const live = snap.primary;
    const liveTg = targetGroupOf(live);
    const old = snap.phase === 'swapped' ? snap.blue : undefined;
    const testRule = await setClosed(this.elbv2, snap.testRule, this.#config.closedResponse ?? {});
    const productionRule = liveTg
      ? await setForward(this.elbv2, snap.productionRule, [{ targetGroupArn: liveTg, weight: 100 }])
      : 'already';
    const removal = await deleteTaskSetAndGroup(this.#ctx, old, deleteUnmanaged, async () => {
      if (drainSeconds > 0) await sleep(drainSeconds * 1000, options.abortSignal, 'connection draining');
    });
    const steps = { productionRule, testRule, primaryTaskSet: 'already' as Outcome, ...removal.steps };
    const outcome = combineOutcomes(Object.values(steps));
    return {
      outcome,
      message:
        outcome === 'already'
          ? 'Nothing to clean up: one task set, the test rule is closed.'
          : `Cleaned up: test rule closed${old ? `, old task set ${old.externalId || old.id} deleted` : ''}.`,
      deletedTaskSetArn: removal.deletedTaskSetArn,
      deletedTargetGroupArn: removal.deletedTargetGroupArn,
      keptTargetGroupArn: removal.keptTargetGroupArn,
      steps,
    };
  }

  /**
   * Undoes the release in flight from any phase: production rule back to blue only (100 %), blue primary again (with
   * auto scaling suspended and restored as in {@link swap}), test rule closed, then - after the green target group's
   * deregistration delay (or `drainSeconds`), so requests in flight to green finish and the rule change has taken
   * effect - green task set deleted and its target group deleted (if this class created it, unless
   * `deleteUnmanagedTargetGroups`). With nothing in flight it is `already`; after {@link cleanUp} the previous release
   * is gone and there is nothing to roll back to.
   *
   * @param options.drainSeconds - default: green's `deregistration_delay.timeout_seconds` (ELB default 300).
   * @param options.deleteUnmanagedTargetGroups - default false.
   * @remarks IAM: those of {@link swap} and {@link cleanUp}, and `elasticloadbalancing:DescribeTargetGroupAttributes`.
   *
   * @example
   * ```ts
   * const r = await deployment.rollback();
   * console.log(r.outcome, r.deletedTaskSetArn);
   * ```
   */
  async rollback(options: RollbackOptions = {}): Promise<RemovalResult> {
    const opts = requireObject(options, 'rollback options');
    const deleteUnmanaged = optionalBoolean(opts.deleteUnmanagedTargetGroups, 'rollback options.deleteUnmanagedTargetGroups', false);
    const drainSeconds = opts.drainSeconds;
    if (drainSeconds !== undefined && (typeof drainSeconds !== 'number' || !Number.isFinite(drainSeconds) || drainSeconds < 0)) {
      throw new ConfigError(`rollback options.drainSeconds must be a number of seconds >= 0, got ${describeValue(drainSeconds)}.`);
    }
    const snap = await this.#read();
    return removeGreen(this.#ctx, snap, { deleteUnmanagedTargetGroups: deleteUnmanaged, drainSeconds, abortSignal: options.abortSignal });
  }

  #read(): Promise<Snapshot> {
    return readSnapshot(this.ecs, this.elbv2, this.#config);
  }
}

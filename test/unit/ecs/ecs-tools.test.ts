import { strict as assert } from 'node:assert';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
  type SuspendedState,
} from '@aws-sdk/client-application-auto-scaling';
import {
  ClusterNotFoundException,
  DescribeServicesCommand,
  ECSClient,
  InvalidParameterException,
  type Service,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { ECS_CAPACITY_TAG, EcsTools } from '../../../src/ecs/index.js';
import {
  ConfigError,
  InvalidStateError,
  ResourceNotFoundError,
  StackReference,
  WaitAbortedError,
  WaitTimeoutError,
} from '../../../src/index.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:service/shop/orders-blue';
const SERVICES = {
  blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 3 },
  green: { cluster: 'shop', service: 'orders-green', desiredCount: 3 },
};

const ALL: SuspendedState = { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true };
/** Drops keys whose value is undefined (the SDK paginators send MaxResults/NextToken: undefined). */
const defined = (input: unknown) => JSON.parse(JSON.stringify(input));

describe('Class: EcsTools', () => {
  const ecsMock = mockClient(ECSClient);
  const aasMock = mockClient(ApplicationAutoScalingClient);

  beforeEach(() => {
    ecsMock.reset();
    aasMock.reset();
  });

  const tools = (services: unknown = SERVICES) =>
    new EcsTools({
      services,
      clients: {
        ecs: new ECSClient({ region: 'eu-west-1' }),
        applicationAutoScaling: new ApplicationAutoScalingClient({ region: 'eu-west-1' }),
      },
    } as never);

  const service = (over: Partial<Service> = {}): Service => ({
    serviceName: 'orders-blue',
    serviceArn: ARN,
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    pendingCount: 0,
    schedulingStrategy: 'REPLICA',
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', desiredCount: 3, runningCount: 3 }],
    tags: [],
    ...over,
  });

  const givenService = (over: Partial<Service> = {}) =>
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service(over)], failures: [] });
  const givenTarget = (min?: number, max?: number, suspended?: SuspendedState) =>
    aasMock.on(DescribeScalableTargetsCommand).resolves({
      ScalableTargets:
        min === undefined
          ? []
          : [
              {
                ServiceNamespace: 'ecs',
                ResourceId: 'service/shop/orders-blue',
                ScalableDimension: 'ecs:service:DesiredCount',
                MinCapacity: min,
                MaxCapacity: max,
                ...(suspended ? { SuspendedState: suspended } : {}),
                RoleARN: 'r',
                CreationTime: new Date(),
              },
            ],
    });
  const writes = () => [
    ...ecsMock.calls().filter((c) => !(c.args[0] instanceof DescribeServicesCommand)),
    ...aasMock.calls().filter((c) => !(c.args[0] instanceof DescribeScalableTargetsCommand)),
  ];
  /** Answers every write with {} and records the order in which they were sent, across both clients. */
  const recordOrder = () => {
    const order: string[] = [];
    const log = (name: string) => () => {
      order.push(name);
      return {};
    };
    ecsMock.on(TagResourceCommand).callsFake(log('TagResource'));
    ecsMock.on(UntagResourceCommand).callsFake(log('UntagResource'));
    ecsMock.on(UpdateServiceCommand).callsFake(log('UpdateService'));
    aasMock.on(RegisterScalableTargetCommand).callsFake(log('RegisterScalableTarget'));
    return order;
  };
  const allCalls = () => ecsMock.calls().length + aasMock.calls().length;

  describe('Constructor', () => {
    const bad: [string, unknown, RegExp][] = [
      ['a missing stack', { blue: SERVICES.blue }, /services\.green is missing/],
      ['a missing cluster', { ...SERVICES, blue: { service: 's', desiredCount: 1 } }, /services\.blue\.cluster must be a string/],
      ['a bad cluster name', { ...SERVICES, blue: { cluster: 'my cluster', service: 's', desiredCount: 1 } }, /services\.blue\.cluster/],
      ['desiredCount 0', { ...SERVICES, green: { ...SERVICES.green, desiredCount: 0 } }, /services\.green\.desiredCount must be >= 1/],
      ['a fractional desiredCount', { ...SERVICES, green: { ...SERVICES.green, desiredCount: 1.5 } }, /must be an integer/],
      [
        'a service ARN in another cluster',
        { ...SERVICES, blue: { cluster: 'shop', service: 'arn:aws:ecs:eu-west-1:123456789012:service/other/x', desiredCount: 1 } },
        /make them agree/,
      ],
      [
        'the same service on both stacks',
        { ...SERVICES, green: { ...SERVICES.green, service: 'orders-blue' } },
        /services\.blue\.service and services\.green\.service both select ECS service 'service\/shop\/orders-blue'/,
      ],
      [
        'the same service on both stacks, once as an ARN',
        { ...SERVICES, green: { cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop', service: ARN, desiredCount: 1 } },
        /services\.blue\.service and services\.green\.service both select/,
      ],
    ];
    for (const [what, services, message] of bad) {
      it(`rejects ${what} with a ConfigError, before any AWS call`, () => {
        assert.throws(
          () => tools(services),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(allCalls(), 0);
      });
    }

    it('rejects clients together with clientConfig', () => {
      assert.throws(
        () => new EcsTools({ services: SERVICES, clients: {}, clientConfig: { region: 'eu-west-1' } } as never),
        /either clients or clientConfig/,
      );
    });

    it('uses injected clients as they are, and creates a missing one with SDK defaults', () => {
      const ecs = new ECSClient({ region: 'eu-west-1' });
      const t = new EcsTools({ services: SERVICES, clients: { ecs } });
      assert.equal(t.ecs, ecs);
      assert.ok(t.applicationAutoScaling instanceof ApplicationAutoScalingClient);
      assert.throws(
        () => new EcsTools({ services: SERVICES, clients: { ecs: {} as ECSClient } }),
        /clients\.ecs must be an AWS SDK v3 client/,
      );
    });

    it('accepts cluster and service ARNs and uses their names (ResourceId service/<cluster>/<service>)', async () => {
      givenService({ desiredCount: 0 });
      givenTarget();
      ecsMock.on(UpdateServiceCommand).resolves({});
      const t = tools({
        ...SERVICES,
        blue: {
          cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop',
          service: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/orders-blue',
          desiredCount: 2,
        },
      });
      await t.enableService(StackReference.Blue);
      assert.deepEqual(aasMock.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input.ResourceIds, ['service/shop/orders-blue']);
      assert.deepEqual(ecsMock.commandCalls(UpdateServiceCommand)[0]?.args[0].input, {
        cluster: 'shop',
        service: 'orders-blue',
        desiredCount: 2,
      });
    });
  });

  describe('Bad input to methods', () => {
    for (const method of ['enableService', 'disableService', 'getServiceState'] as const) {
      it(`${method}('purple') is a ConfigError with zero AWS calls`, async () => {
        await assert.rejects(tools()[method]('purple' as StackReference), ConfigError);
        assert.equal(allCalls(), 0);
      });
    }
    const waits: [string, unknown][] = [
      ['a string', 'yes'],
      ['minDelay 0 (the SDK waiter needs > 0)', { minDelay: 0 }],
      ['maxWaitTime not above minDelay', { maxWaitTime: 5, minDelay: 5 }],
      ['a negative maxWaitTime', { maxWaitTime: -1 }],
    ];
    for (const [what, wait] of waits) {
      it(`wait ${what} is a ConfigError with zero AWS calls`, async () => {
        await assert.rejects(tools().disableService(StackReference.Blue, { wait } as never), ConfigError);
        assert.equal(allCalls(), 0);
      });
    }
  });

  describe('Method: disableService', () => {
    it('with a scalable target: DescribeServices(TAGS) + DescribeScalableTargets, then tag, 0/0, desired 0 — in that order', async () => {
      givenService({ desiredCount: 4 });
      givenTarget(2, 10);
      const order = recordOrder();
      const result = await tools().disableService(StackReference.Blue);
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(result.scaling, { minCapacity: 0, maxCapacity: 0 });
      assert.deepEqual(ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input, {
        cluster: 'shop',
        services: ['orders-blue'],
        include: ['TAGS'],
      });
      assert.deepEqual(defined(aasMock.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input), {
        ServiceNamespace: 'ecs',
        ResourceIds: ['service/shop/orders-blue'],
        ScalableDimension: 'ecs:service:DesiredCount',
      });
      const tag = ecsMock.commandCalls(TagResourceCommand)[0];
      const register = aasMock.commandCalls(RegisterScalableTargetCommand)[0];
      const update = ecsMock.commandCalls(UpdateServiceCommand)[0];
      assert.deepEqual(tag?.args[0].input, { resourceArn: ARN, tags: [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }] });
      assert.deepEqual(register?.args[0].input, {
        ServiceNamespace: 'ecs',
        ResourceId: 'service/shop/orders-blue',
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 0,
        MaxCapacity: 0,
        SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
      });
      assert.equal(update?.args[0].input.desiredCount, 0);
      assert.deepEqual(order, ['TagResource', 'RegisterScalableTarget', 'UpdateService']);
      assert.equal(writes().length, 3);
    });

    it('already disabled (0/0 target, all scaling suspended, desired 0): reads only, outcome already, the record is kept', async () => {
      givenService({ desiredCount: 0, tags: [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }] });
      givenTarget(0, 0, ALL);
      const result = await tools().disableService(StackReference.Blue);
      assert.equal(result.outcome, 'already');
      assert.equal(writes().length, 0);
    });

    it('without a scalable target: only UpdateService', async () => {
      givenService({ desiredCount: 3 });
      givenTarget();
      ecsMock.on(UpdateServiceCommand).resolves({});
      const result = await tools().disableService(StackReference.Blue);
      assert.equal(result.scaling, null);
      assert.deepEqual(
        writes().map((c) => c.args[0].constructor.name),
        ['UpdateServiceCommand'],
      );
    });

    it('a service with the old ARN format cannot be tagged: InvalidStateError, target and count untouched', async () => {
      givenService({ serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/orders-blue' });
      givenTarget(2, 10);
      ecsMock
        .on(TagResourceCommand)
        .rejects(new InvalidParameterException({ message: 'Long arn format must be used for tagging operations', $metadata: {} }));
      await assert.rejects(
        tools().disableService(StackReference.Blue),
        (e: unknown) => e instanceof InvalidStateError && /old ARN format/.test(e.message),
      );
      assert.equal(aasMock.commandCalls(RegisterScalableTargetCommand).length, 0);
      assert.equal(ecsMock.commandCalls(UpdateServiceCommand).length, 0);
    });

    it('DAEMON and DRAINING services are InvalidStateError with no write', async () => {
      givenTarget();
      givenService({ schedulingStrategy: 'DAEMON' });
      await assert.rejects(tools().disableService(StackReference.Blue), /DAEMON/);
      givenService({ status: 'DRAINING' });
      await assert.rejects(tools().disableService(StackReference.Blue), InvalidStateError);
      assert.equal(writes().length, 0);
    });

    it('a missing, deleted or cluster-less service is a ResourceNotFoundError', async () => {
      givenTarget();
      ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: ARN, reason: 'MISSING' }] });
      await assert.rejects(tools().disableService(StackReference.Blue), ResourceNotFoundError);
      givenService({ status: 'INACTIVE' });
      await assert.rejects(tools().disableService(StackReference.Blue), /was deleted/);
      ecsMock.on(DescribeServicesCommand).rejects(new ClusterNotFoundException({ message: 'Cluster not found.', $metadata: {} }));
      await assert.rejects(
        tools().disableService(StackReference.Blue),
        (e: unknown) => e instanceof ResourceNotFoundError && e.resource === 'shop',
      );
      assert.equal(writes().length, 0);
    });
  });

  describe('Method: enableService', () => {
    it('restores the recorded range, sets the configured count, then removes the tag — in that order', async () => {
      givenService({ desiredCount: 0, tags: [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }] });
      givenTarget(0, 0);
      const order = recordOrder();
      const result = await tools().enableService(StackReference.Blue);
      assert.equal(result.outcome, 'changed');
      assert.equal(result.desiredCount, 3);
      assert.deepEqual(result.scaling, { minCapacity: 2, maxCapacity: 10 });
      const register = aasMock.commandCalls(RegisterScalableTargetCommand)[0]?.args[0].input;
      assert.deepEqual([register?.MinCapacity, register?.MaxCapacity], [2, 10]);
      const update = ecsMock.commandCalls(UpdateServiceCommand)[0];
      const untag = ecsMock.commandCalls(UntagResourceCommand)[0];
      assert.equal(update?.args[0].input.desiredCount, 3);
      assert.deepEqual(untag?.args[0].input, { resourceArn: ARN, tagKeys: [ECS_CAPACITY_TAG] });
      assert.deepEqual(order, ['RegisterScalableTarget', 'UpdateService', 'UntagResource']);
    });

    it('clamps the configured count into the restored range', async () => {
      givenService({ desiredCount: 0, tags: [{ key: ECS_CAPACITY_TAG, value: 'min=5/max=8' }] });
      givenTarget(0, 0);
      const result = await tools().enableService(StackReference.Blue);
      assert.equal(result.desiredCount, 5);
      assert.equal(ecsMock.commandCalls(UpdateServiceCommand)[0]?.args[0].input.desiredCount, 5);
    });

    it('a running service within its target range is left to the scaler (outcome already, no write)', async () => {
      givenService({ desiredCount: 7 });
      givenTarget(2, 10);
      const result = await tools().enableService(StackReference.Blue);
      assert.equal(result.outcome, 'already');
      assert.equal(result.desiredCount, 7);
      assert.equal(writes().length, 0);
    });

    it('a stale record on a running target is removed, the target is not changed', async () => {
      givenService({ desiredCount: 4, tags: [{ key: ECS_CAPACITY_TAG, value: 'min=1/max=2' }] });
      givenTarget(3, 6);
      const result = await tools().enableService(StackReference.Blue);
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(
        writes().map((c) => c.args[0].constructor.name),
        ['UntagResourceCommand'],
      );
    });

    it('a 0/0 target without a readable record is an InvalidStateError, with no write', async () => {
      givenService({ desiredCount: 0, tags: [{ key: ECS_CAPACITY_TAG, value: 'garbage' }] });
      givenTarget(0, 0);
      await assert.rejects(
        tools().enableService(StackReference.Blue),
        (e: unknown) => e instanceof InvalidStateError && /RegisterScalableTarget/.test(e.message),
      );
      assert.equal(writes().length, 0);
    });

    it('without a target: already at the configured count is "already"', async () => {
      givenService({ desiredCount: 3 });
      givenTarget();
      assert.equal((await tools().enableService(StackReference.Blue)).outcome, 'already');
      assert.equal(writes().length, 0);
    });
  });

  describe('Waiting (fake timers)', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    });
    afterEach(() => clock.restore());

    it('polls DescribeServices through waitUntilServicesStable until running equals desired', async () => {
      givenTarget();
      ecsMock.on(UpdateServiceCommand).resolves({});
      ecsMock
        .on(DescribeServicesCommand)
        .resolvesOnce({ services: [service({ desiredCount: 0, runningCount: 0 })] })
        .resolvesOnce({ services: [service({ desiredCount: 3, runningCount: 1 })] })
        .resolvesOnce({ services: [service({ desiredCount: 3, runningCount: 2 })] })
        .resolves({ services: [service({ desiredCount: 3, runningCount: 3 })] });
      const promise = tools().enableService(StackReference.Blue, { wait: { maxWaitTime: 120, minDelay: 1, maxDelay: 5 } });
      await clock.runAllAsync();
      const result = await promise;
      assert.equal(result.outcome, 'changed');
      assert.equal(ecsMock.commandCalls(DescribeServicesCommand).length, 4, '1 read + 3 waiter polls');
      assert.deepEqual(ecsMock.commandCalls(DescribeServicesCommand)[1]?.args[0].input, { cluster: 'shop', services: ['orders-blue'] });
    });

    it('a service that never stabilises is a WaitTimeoutError carrying its last state', async () => {
      givenTarget();
      ecsMock.on(UpdateServiceCommand).resolves({});
      ecsMock
        .on(DescribeServicesCommand)
        .resolvesOnce({ services: [service({ desiredCount: 0, runningCount: 0 })] })
        .resolves({ services: [service({ desiredCount: 3, runningCount: 1, pendingCount: 2 })] });
      const promise = tools().enableService(StackReference.Blue, { wait: { maxWaitTime: 60, minDelay: 2, maxDelay: 10 } });
      const outcome = promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      await clock.runAllAsync();
      const error = await outcome;
      assert.ok(error instanceof WaitTimeoutError, String(error));
      assert.deepEqual((error.lastState as { runningCount: number; pendingCount: number }).runningCount, 1);
      assert.equal((error.lastState as { pendingCount: number }).pendingCount, 2);
    });

    it('an aborted wait is a WaitAbortedError', async () => {
      givenTarget();
      ecsMock.on(UpdateServiceCommand).resolves({});
      ecsMock
        .on(DescribeServicesCommand)
        .resolvesOnce({ services: [service({ desiredCount: 0, runningCount: 0 })] })
        .resolves({ services: [service({ desiredCount: 3, runningCount: 1 })] });
      const controller = new AbortController();
      const promise = tools().enableService(StackReference.Blue, {
        wait: { maxWaitTime: 600, minDelay: 5, maxDelay: 10, abortSignal: controller.signal },
      });
      const outcome = promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      await clock.tickAsync(12_000);
      controller.abort();
      await clock.runAllAsync();
      assert.ok((await outcome) instanceof WaitAbortedError);
    });
  });

  describe('Method: getServiceState', () => {
    it('maps counts, deployments, task sets and the scaling range with its record', async () => {
      // Every field of a task set is kept: the reported task set equals the described one.
      const taskSet = {
        id: 'ts-1',
        taskSetArn: 'arn:ts-1',
        status: 'PRIMARY',
        taskDefinition: 'td:1',
        computedDesiredCount: 0,
        runningCount: 0,
        pendingCount: 0,
        scale: { value: 100, unit: 'PERCENT' as const },
        stabilityStatus: 'STEADY_STATE' as const,
        externalId: 'deploy-1',
      };
      givenService({
        desiredCount: 0,
        runningCount: 0,
        tags: [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }],
        taskSets: [taskSet],
      });
      givenTarget(0, 0);
      const state = await tools().getServiceState(StackReference.Blue);
      assert.equal(state.serviceArn, ARN);
      assert.equal(state.desiredCount, 0);
      assert.deepEqual(state.scaling, { minCapacity: 0, maxCapacity: 0, recorded: { minCapacity: 2, maxCapacity: 10 } });
      assert.equal(state.deployments[0]?.id, 'ecs-svc/1');
      assert.equal(state.deployments[0]?.rolloutState, null);
      assert.deepEqual(state.taskSets[0], taskSet);
      assert.equal(writes().length, 0);
    });
  });
});

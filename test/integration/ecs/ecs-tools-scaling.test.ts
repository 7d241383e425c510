import { strict as assert } from 'node:assert';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type SuspendedState,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { ECS_CAPACITY_TAG, EcsTools } from '../../../src/ecs/index.js';
import { StackReference } from '../../../src/index.js';
import { useEmulator } from '../../support/use-emulator.js';

// Application Auto Scaling API Reference, SuspendedState and ScalableTargetAction: a scheduled action scales a target
// out to its new minimum at its time unless ScheduledScalingSuspended is true, so a 0/0 range alone does not keep a
// disabled service at zero. disableService suspends all three kinds of scaling; enableService restores exactly what
// was there (read back from the emulator's scalable target).
describe('Class: EcsTools (moto) - Application Auto Scaling suspension', () => {
  const aws = useEmulator({ resetEach: true });
  let ecs: ECSClient;
  let aas: ApplicationAutoScalingClient;
  const RESOURCE = 'service/shop/orders-blue';

  beforeEach(async () => {
    ecs = new ECSClient(aws.clientConfig());
    aas = new ApplicationAutoScalingClient(aws.clientConfig());
    await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'orders', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
    );
    await ecs.send(new CreateServiceCommand({ cluster: 'shop', serviceName: 'orders-blue', taskDefinition: 'orders', desiredCount: 4 }));
  });

  const tools = () =>
    new EcsTools({
      services: {
        blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 3 },
        green: { cluster: 'shop', service: 'orders-green', desiredCount: 3 },
      },
      clientConfig: aws.clientConfig(),
    });

  const register = (min: number, max: number, suspended?: SuspendedState) =>
    aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE,
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: min,
        MaxCapacity: max,
        ...(suspended ? { SuspendedState: suspended } : {}),
      }),
    );

  async function target() {
    const { ScalableTargets = [] } = await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [RESOURCE] }),
    );
    const t = ScalableTargets[0];
    assert.ok(t);
    return {
      min: t.MinCapacity,
      max: t.MaxCapacity,
      dynamicIn: t.SuspendedState?.DynamicScalingInSuspended === true,
      dynamicOut: t.SuspendedState?.DynamicScalingOutSuspended === true,
      scheduled: t.SuspendedState?.ScheduledScalingSuspended === true,
    };
  }

  async function tags() {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['orders-blue'], include: ['TAGS'] }));
    return services?.[0]?.tags ?? [];
  }

  it('disableService suspends dynamic and scheduled scaling (a weekday scale-up schedule cannot bring the service back)', async () => {
    await register(2, 10);
    await aas.send(
      new PutScheduledActionCommand({
        ServiceNamespace: 'ecs',
        ResourceId: RESOURCE,
        ScalableDimension: 'ecs:service:DesiredCount',
        ScheduledActionName: 'weekday-morning',
        Schedule: 'cron(0 7 ? * MON-FRI *)',
        ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 12 },
      }),
    );
    const result = await tools().disableService(StackReference.Blue);
    assert.equal(result.outcome, 'changed');
    assert.deepEqual(await target(), { min: 0, max: 0, dynamicIn: true, dynamicOut: true, scheduled: true });
    assert.deepEqual(await tags(), [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }]);

    assert.equal((await tools().disableService(StackReference.Blue)).outcome, 'already');
    await tools().enableService(StackReference.Blue);
    assert.deepEqual(await target(), { min: 2, max: 10, dynamicIn: false, dynamicOut: false, scheduled: false });
    assert.deepEqual(await tags(), []);
  });

  it('enableService restores exactly the suspension that was there before (here: dynamic scale-in already suspended)', async () => {
    await register(1, 6, { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false });
    await tools().disableService(StackReference.Blue);
    assert.deepEqual(await target(), { min: 0, max: 0, dynamicIn: true, dynamicOut: true, scheduled: true });
    assert.deepEqual(await tags(), [{ key: ECS_CAPACITY_TAG, value: 'min=1/max=6/suspended=in' }]);

    const on = await tools().enableService(StackReference.Blue);
    assert.equal(on.outcome, 'changed');
    assert.deepEqual(await target(), { min: 1, max: 6, dynamicIn: true, dynamicOut: false, scheduled: false });
  });

  it('a service closed to 0/0 without suspension (by an earlier version) gets its scaling suspended on disable', async () => {
    await register(0, 0);
    await ecs.send(new CreateServiceCommand({ cluster: 'shop', serviceName: 'orders-green', taskDefinition: 'orders', desiredCount: 0 }));
    const result = await tools().disableService(StackReference.Blue);
    assert.equal(result.outcome, 'changed');
    assert.deepEqual(await target(), { min: 0, max: 0, dynamicIn: true, dynamicOut: true, scheduled: true });
  });
});

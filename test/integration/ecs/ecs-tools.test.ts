import { strict as assert } from 'node:assert';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { ECS_CAPACITY_TAG, EcsTools } from '../../../src/ecs/index.js';
import { DryRunRecorder, InvalidStateError, ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { useEmulator } from '../../support/use-emulator.js';

describe('Class: EcsTools (moto)', () => {
  const aws = useEmulator({ resetEach: true });
  let ecs: ECSClient;
  let aas: ApplicationAutoScalingClient;

  beforeEach(async () => {
    ecs = new ECSClient(aws.clientConfig());
    aas = new ApplicationAutoScalingClient(aws.clientConfig());
    await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'orders', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
    );
  });

  const createService = (name: string, desiredCount: number, controller: 'ECS' | 'EXTERNAL' = 'ECS') =>
    ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: name,
        taskDefinition: 'orders',
        desiredCount,
        deploymentController: { type: controller },
      }),
    );

  const tools = () =>
    new EcsTools({
      services: {
        blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 3 },
        green: { cluster: 'shop', service: 'orders-green', desiredCount: 3 },
      },
      clientConfig: aws.clientConfig(),
    });

  async function described(name: string) {
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: [name], include: ['TAGS'] }));
    const service = services?.[0];
    assert.ok(service);
    return service;
  }

  async function target(name: string) {
    const { ScalableTargets } = await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [`service/shop/${name}`] }),
    );
    return ScalableTargets?.[0];
  }

  const register = (name: string, min: number, max: number) =>
    aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: `service/shop/${name}`,
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: min,
        MaxCapacity: max,
      }),
    );

  describe('Method: disableService / enableService', () => {
    it('without a scalable target: desired count 3 → 0 → 3, repeats are "already"', async () => {
      await createService('orders-blue', 3);
      await createService('orders-green', 3);
      const t = tools();
      const off = await t.disableService(StackReference.Blue, { wait: { maxWaitTime: 30, minDelay: 1, maxDelay: 2 } });
      assert.equal(off.outcome, 'changed');
      assert.equal((await described('orders-blue')).desiredCount, 0);
      assert.equal((await described('orders-green')).desiredCount, 3, 'the other stack is untouched');
      assert.equal((await t.disableService(StackReference.Blue)).outcome, 'already');

      const on = await t.enableService(StackReference.Blue, { wait: { maxWaitTime: 30, minDelay: 1, maxDelay: 2 } });
      assert.equal(on.outcome, 'changed');
      assert.equal(on.desiredCount, 3);
      const after = await described('orders-blue');
      assert.equal(after.desiredCount, 3);
      assert.equal(after.runningCount, 3, 'stable after the wait');
      assert.equal((await t.enableService(StackReference.Blue)).outcome, 'already');
    });

    it('with a scalable target: records min/max in a tag, sets 0/0, and restores them on enable', async () => {
      await createService('orders-blue', 4);
      await register('orders-blue', 2, 10);
      const t = tools();

      const off = await t.disableService(StackReference.Blue);
      assert.equal(off.outcome, 'changed');
      assert.deepEqual(off.scaling, { minCapacity: 0, maxCapacity: 0 });
      const closed = await target('orders-blue');
      assert.deepEqual([closed?.MinCapacity, closed?.MaxCapacity], [0, 0]);
      const disabled = await described('orders-blue');
      assert.equal(disabled.desiredCount, 0);
      assert.deepEqual(disabled.tags, [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }]);

      const again = await t.disableService(StackReference.Blue);
      assert.equal(again.outcome, 'already');
      assert.deepEqual((await described('orders-blue')).tags, [{ key: ECS_CAPACITY_TAG, value: 'min=2/max=10' }], 'record kept');

      const state = await t.getServiceState(StackReference.Blue);
      assert.deepEqual(state.scaling, { minCapacity: 0, maxCapacity: 0, recorded: { minCapacity: 2, maxCapacity: 10 } });

      const on = await t.enableService(StackReference.Blue);
      assert.equal(on.outcome, 'changed');
      const restored = await target('orders-blue');
      assert.deepEqual([restored?.MinCapacity, restored?.MaxCapacity], [2, 10]);
      const enabled = await described('orders-blue');
      assert.equal(enabled.desiredCount, 3);
      assert.deepEqual(enabled.tags ?? [], [], 'record removed');
      assert.equal((await t.enableService(StackReference.Blue)).outcome, 'already');
    });

    it('enable keeps the count the scaler chose and clamps the configured count into the target range', async () => {
      await createService('orders-blue', 7);
      await register('orders-blue', 2, 10);
      await createService('orders-green', 0);
      await register('orders-green', 5, 8);
      const t = tools();
      assert.equal((await t.enableService(StackReference.Blue)).outcome, 'already');
      assert.equal((await described('orders-blue')).desiredCount, 7);
      const green = await t.enableService(StackReference.Green);
      assert.equal(green.desiredCount, 5);
      assert.equal((await described('orders-green')).desiredCount, 5);
    });

    it('refuses to enable a 0/0 scalable target with no record, and changes nothing', async () => {
      await createService('orders-blue', 0);
      await register('orders-blue', 0, 0);
      await assert.rejects(tools().enableService(StackReference.Blue), InvalidStateError);
      assert.equal((await described('orders-blue')).desiredCount, 0);
      const t = await target('orders-blue');
      assert.deepEqual([t?.MinCapacity, t?.MaxCapacity], [0, 0]);
    });

    it('dry-run records tag, 0/0 and desired count without sending them', async () => {
      await createService('orders-blue', 4);
      await register('orders-blue', 2, 10);
      const recorder = new DryRunRecorder();
      const dry = new EcsTools({
        services: {
          blue: { cluster: 'shop', service: 'orders-blue', desiredCount: 3 },
          green: { cluster: 'shop', service: 'orders-green', desiredCount: 3 },
        },
        clientConfig: aws.clientConfig(),
        dryRun: recorder,
      });
      await dry.disableService(StackReference.Blue, { wait: true });
      assert.deepEqual(
        recorder.calls.map((c) => c.operation),
        ['TagResource', 'RegisterScalableTarget', 'UpdateService'],
      );
      const t = await target('orders-blue');
      assert.deepEqual([t?.MinCapacity, t?.MaxCapacity], [2, 10]);
      const s = await described('orders-blue');
      assert.equal(s.desiredCount, 4);
      assert.deepEqual(s.tags ?? [], []);
    });

    it('a missing service or cluster is a ResourceNotFoundError', async () => {
      await assert.rejects(tools().disableService(StackReference.Blue), ResourceNotFoundError);
      const other = new EcsTools({
        services: { blue: { cluster: 'nope', service: 'x', desiredCount: 1 }, green: { cluster: 'nope', service: 'y', desiredCount: 1 } },
        clientConfig: aws.clientConfig(),
      });
      await assert.rejects(other.enableService(StackReference.Green), ResourceNotFoundError);
    });
  });

  describe('Method: getServiceState', () => {
    // No `scale` on CreateTaskSet: moto would then try to place tasks on (absent) container instances; it reports the
    // default scale of 100 PERCENT instead.
    it('reports counts, the deployment and task sets of an EXTERNAL service', async () => {
      await createService('orders-green', 2, 'EXTERNAL');
      await ecs.send(
        new CreateTaskSetCommand({
          cluster: 'shop',
          service: 'orders-green',
          taskDefinition: 'orders',
          externalId: 'release-42',
        }),
      );
      await createService('orders-blue', 2);
      const t = tools();
      const green = await t.getServiceState(StackReference.Green);
      assert.equal(green.status, 'ACTIVE');
      assert.equal(green.desiredCount, 2);
      assert.equal(green.taskSets.length, 1);
      assert.equal(green.taskSets[0]?.externalId, 'release-42');
      assert.deepEqual(green.taskSets[0]?.scale, { value: 100, unit: 'PERCENT' });
      assert.equal(green.scaling, null);

      const blue = await t.getServiceState(StackReference.Blue);
      assert.equal(blue.deployments.length, 1);
      assert.equal(blue.deployments[0]?.status, 'PRIMARY');
      assert.equal(blue.deployments[0]?.desiredCount, 2);
      assert.deepEqual(blue.taskSets, []);
    });
  });
});

import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import { CreateDBClusterCommand, CreateDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { sleep, useAccountTrueWorld } from '../../support/account-true/use-world.js';

describe('account-true world: ECS running tasks and Aurora Auto Scaling readers', function () {
  this.timeout(60_000);
  const worlds = useAccountTrueWorld();

  it('ECS (the scheduler starts tasks up to desiredCount): running walks to the new desired count one task at a time; raw moto keeps desired only', async () => {
    const world = await worlds.start({ ecs: { taskStart: 60, taskStop: 60 } });
    const ecs = new ECSClient(world.clientConfig());
    await ecs.send(new CreateClusterCommand({ clusterName: 'shop' }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'api', containerDefinitions: [{ name: 'api', image: 'api:1', memory: 128 }] }),
    );
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'shop',
        serviceName: 'api',
        taskDefinition: td.taskDefinition?.taskDefinitionArn,
        desiredCount: 0,
      }),
    );
    const counts = async (client = ecs) => {
      const s = (await client.send(new DescribeServicesCommand({ cluster: 'shop', services: ['api'] }))).services?.[0];
      return { desired: s?.desiredCount, running: s?.runningCount, pending: s?.pendingCount, rollout: s?.deployments?.[0]?.rolloutState };
    };
    assert.deepEqual((await counts()).running, 0);
    const updated = await ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'api', desiredCount: 2 }));
    assert.equal(updated.service?.runningCount, 0);
    assert.deepEqual(await counts(), { desired: 2, running: 0, pending: 2, rollout: 'IN_PROGRESS' });
    await sleep(1100);
    assert.equal((await counts()).running, 1);
    await waitUntilServicesStable({ client: ecs, maxWaitTime: 20, minDelay: 1, maxDelay: 1 }, { cluster: 'shop', services: ['api'] });
    assert.deepEqual(await counts(), { desired: 2, running: 2, pending: 0, rollout: 'COMPLETED' });
    // Stopping walks down the same way.
    await ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'api', desiredCount: 0 }));
    assert.equal((await counts()).running, 2);
    await world.settle();
    assert.equal((await counts()).running, 0);
    // moto itself never moves runningCount: raw state is compared on desiredCount.
    const raw = new ECSClient(world.motoConfig());
    assert.equal((await counts(raw)).running, 0);
    await ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'api', desiredCount: 1 }));
    assert.deepEqual({ desired: (await counts(raw)).desired, modelled: (await counts()).running }, { desired: 1, modelled: 0 });
  });

  it('Aurora Auto Scaling (RegisterScalableTarget puts the capacity inside the range): readers up to MinCapacity appear, creating then available', async () => {
    const world = await worlds.start({ rds: { createInstance: 60 } });
    const rds = new RDSClient(world.clientConfig());
    const aas = new ApplicationAutoScalingClient(world.clientConfig());
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'db',
        Engine: 'aurora-postgresql',
        MasterUsername: 'u',
        MasterUserPassword: 'password-1',
      }),
    );
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'db-0',
        DBClusterIdentifier: 'db',
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.r6g.large',
      }),
    );
    await world.settle();
    const readers = async () =>
      ((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
        .filter((i) => i.DBInstanceIdentifier !== 'db-0')
        .map((i) => ({ id: i.DBInstanceIdentifier, status: i.DBInstanceStatus, cls: i.DBInstanceClass }));
    const register = (min: number, max: number) =>
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'rds',
          ResourceId: 'cluster:db',
          ScalableDimension: 'rds:cluster:ReadReplicaCount',
          MinCapacity: min,
          MaxCapacity: max,
        }),
      );
    await register(0, 4);
    assert.deepEqual(await readers(), []);
    await register(2, 4);
    const added = await readers();
    assert.equal(added.length, 2);
    assert.ok(added.every((r) => r.status === 'creating' && r.cls === 'db.r6g.large' && /^application-autoscaling-/.test(String(r.id))));
    await sleep(1100);
    assert.ok((await readers()).every((r) => r.status === 'available'));
    // Scale in below: only the readers Aurora Auto Scaling created are removed.
    await register(0, 1);
    assert.equal((await readers()).length, 1);
    assert.deepEqual(world.replicas.created.get('db')?.length, 1);
  });
});

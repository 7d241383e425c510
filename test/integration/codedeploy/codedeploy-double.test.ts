import { strict as assert } from 'node:assert';
import {
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  CreateApplicationCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { type CodeDeployDouble, ECS_LIFECYCLE_EVENTS, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { createDeployment, createEcsApp, createLambdaApp, reportingHook } from '../../support/codedeploy-fixtures.js';

describe('Test double: CodeDeploy (moto 5.2.5 lacks lifecycle hooks, StopDeployment and deployment targets)', () => {
  let cd: CodeDeployDouble;
  let client: CodeDeployClient;
  beforeEach(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 300 });
    client = new CodeDeployClient(cd.clientConfig());
  });
  afterEach(async () => {
    client.destroy();
    await cd.stop();
  });

  it('runs a Lambda deployment whose hook reports Succeeded, and rejects a second status with LifecycleEventAlreadyCompletedException', async () => {
    await createLambdaApp(client, 'app', 'group');
    cd.registerFunction('pre', reportingHook(client, 'Succeeded'));
    const deploymentId = await createDeployment(client, 'app', 'group', { BeforeAllowTraffic: 'pre' });
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Succeeded');
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    assert.equal(deploymentInfo?.status, 'Succeeded');
    assert.equal(deploymentInfo?.computePlatform, 'Lambda');
    assert.ok(deploymentInfo?.createTime instanceof Date);

    const { targetIds } = await client.send(new ListDeploymentTargetsCommand({ deploymentId }));
    assert.deepEqual(targetIds, ['my-fn:live']);
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'my-fn:live' }));
    assert.deepEqual(
      deploymentTarget?.lambdaTarget?.lifecycleEvents?.map((e) => [e.lifecycleEventName, e.status]),
      [
        ['Start', 'Succeeded'],
        ['BeforeAllowTraffic', 'Succeeded'],
        ['AllowTraffic', 'Succeeded'],
        ['AfterAllowTraffic', 'Skipped'],
        ['End', 'Succeeded'],
      ],
    );
    const [report] = cd.reports();
    assert.equal(cd.reports().length, 1);
    assert.equal(report?.lifecycleEvent, 'BeforeAllowTraffic');
    await assert.rejects(
      client.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId,
          lifecycleEventHookExecutionId: report?.lifecycleEventHookExecutionId,
          status: 'Failed',
        }),
      ),
      { name: 'LifecycleEventAlreadyCompletedException' },
    );
    assert.equal((await client.send(new GetDeploymentCommand({ deploymentId }))).deploymentInfo?.status, 'Succeeded');
  });

  it('fails the deployment on a Failed hook and creates the rollback deployment that rollbackInfo points to', async () => {
    await createLambdaApp(client, 'app', 'group');
    cd.registerFunction('pre', reportingHook(client, 'Failed'));
    const deploymentId = await createDeployment(client, 'app', 'group', { BeforeAllowTraffic: 'pre' });
    await cd.waitForDeployment(deploymentId);
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
    assert.equal(deploymentInfo?.status, 'Failed');
    assert.equal(deploymentInfo?.errorInformation?.code, 'HOOK_EXECUTION_FAILURE');
    const rollbackId = deploymentInfo?.rollbackInfo?.rollbackDeploymentId;
    assert.match(String(rollbackId), /^d-[A-Z0-9]{9}$/);
    await cd.waitForDeployment(rollbackId as string);
    const rollback = (await client.send(new GetDeploymentCommand({ deploymentId: rollbackId }))).deploymentInfo;
    assert.equal(rollback?.status, 'Succeeded');
    assert.equal(rollback?.creator, 'codeDeployRollback');
    assert.equal(rollback?.rollbackInfo?.rollbackTriggeringDeploymentId, deploymentId);
  });

  it('fails a hook that reports nothing before the deadline, then rejects the late status', async () => {
    await createLambdaApp(client, 'app', 'group');
    cd.registerFunction('pre', async () => {});
    const deploymentId = await createDeployment(client, 'app', 'group', { BeforeAllowTraffic: 'pre' });
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Failed');
    const execution = cd.invocations()[0]?.event.LifecycleEventHookExecutionId;
    await assert.rejects(
      client.send(
        new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId: execution, status: 'Succeeded' }),
      ),
      { name: 'LifecycleEventAlreadyCompletedException' },
    );
    const { deploymentTarget } = await client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'my-fn:live' }));
    const event = deploymentTarget?.lambdaTarget?.lifecycleEvents?.find((e) => e.lifecycleEventName === 'BeforeAllowTraffic');
    assert.equal(event?.status, 'Failed');
    assert.match(String(event?.diagnostics?.message), /timed out/);
  });

  it('answers unknown and malformed ids with the AWS error codes', async () => {
    await createLambdaApp(client, 'app', 'group');
    await assert.rejects(client.send(new GetDeploymentCommand({ deploymentId: 'd-AAAAAAAAA' })), {
      name: 'DeploymentDoesNotExistException',
    });
    await assert.rejects(client.send(new GetDeploymentCommand({ deploymentId: 'nope' })), { name: 'InvalidDeploymentIdException' });
    await assert.rejects(
      client.send(new PutLifecycleEventHookExecutionStatusCommand({ lifecycleEventHookExecutionId: 'x', status: 'Succeeded' })),
      { name: 'DeploymentIdRequiredException' },
    );
    cd.registerFunction('pre', async () => {});
    const deploymentId = await createDeployment(client, 'app', 'group', { BeforeAllowTraffic: 'pre' });
    await assert.rejects(
      client.send(
        new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId: 'bogus', status: 'Succeeded' }),
      ),
      { name: 'InvalidLifecycleEventHookExecutionIdException' },
    );
    await assert.rejects(
      client.send(
        new PutLifecycleEventHookExecutionStatusCommand({ deploymentId, lifecycleEventHookExecutionId: 'bogus', status: 'Skipped' }),
      ),
      { name: 'InvalidLifecycleEventHookExecutionStatusException' },
    );
    await assert.rejects(client.send(new GetDeploymentTargetCommand({ deploymentId, targetId: 'other:live' })), {
      name: 'DeploymentTargetDoesNotExistException',
    });
    await assert.rejects(client.send(new CreateApplicationCommand({ applicationName: 'app', computePlatform: 'Lambda' })), {
      name: 'ApplicationAlreadyExistsException',
    });
  });

  it('stops a deployment with rollback: Stopped plus a rollback deployment; a second stop is DeploymentAlreadyCompletedException', async () => {
    await createLambdaApp(client, 'app', 'group', { rollback: false });
    cd.registerFunction('pre', async () => {});
    const deploymentId = await createDeployment(client, 'app', 'group', { BeforeAllowTraffic: 'pre' });
    const stop = await client.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
    assert.equal(stop.status, 'Pending');
    const info = await cd.waitForDeployment(deploymentId);
    assert.equal(info.status, 'Stopped');
    const rollbackId = (info.rollbackInfo as { rollbackDeploymentId: string }).rollbackDeploymentId;
    assert.equal((await cd.waitForDeployment(rollbackId)).status, 'Succeeded');
    await assert.rejects(client.send(new StopDeploymentCommand({ deploymentId })), { name: 'DeploymentAlreadyCompletedException' });
  });

  it('models the ECS lifecycle events, paginates ListDeployments and batches targets', async () => {
    await cd.stop();
    cd = await startCodeDeployDouble({ hookTimeoutMs: 300, pageSize: 1 });
    client.destroy();
    client = new CodeDeployClient(cd.clientConfig());
    await createEcsApp(client, 'svc', 'g', { clusterName: 'c1', serviceName: 's1' }, { rollback: false });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const deploymentId = await createDeployment(client, 'svc', 'g', {});
      ids.push(deploymentId);
      await cd.waitForDeployment(deploymentId);
    }
    const first = await client.send(new ListDeploymentsCommand({ applicationName: 'svc', deploymentGroupName: 'g' }));
    assert.equal(first.deployments?.length, 1);
    const second = await client.send(
      new ListDeploymentsCommand({ applicationName: 'svc', deploymentGroupName: 'g', nextToken: first.nextToken }),
    );
    assert.deepEqual([...(first.deployments ?? []), ...(second.deployments ?? [])].sort(), [...ids].sort());
    assert.equal(second.nextToken, undefined);
    const { deploymentTargets } = await client.send(new BatchGetDeploymentTargetsCommand({ deploymentId: ids[0], targetIds: ['c1:s1'] }));
    assert.equal(deploymentTargets?.[0]?.deploymentTargetType, 'ECSTarget');
    // The double's own list, from AWS's "AppSpec 'hooks' section" (run order of hooks in an Amazon ECS deployment).
    assert.deepEqual(
      deploymentTargets?.[0]?.ecsTarget?.lifecycleEvents?.map((e) => e.lifecycleEventName),
      ECS_LIFECYCLE_EVENTS,
    );
  });
});

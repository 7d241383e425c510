import { strict as assert } from 'node:assert';
import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { CodeDeployTools, type DeploymentProgress, reportHook } from '../../../src/codedeploy/index.js';
import { InvalidStateError, ResourceNotFoundError } from '../../../src/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { createDeployment, createEcsApp, createLambdaApp } from '../../support/codedeploy-fixtures.js';

describe('Class: CodeDeployTools (against the CodeDeploy test double: moto lacks StopDeployment, hooks and targets)', () => {
  let cd: CodeDeployDouble;
  let client: CodeDeployClient;
  let tools: CodeDeployTools;
  const fast = { minDelay: 0.02, maxDelay: 0.05, maxWaitTime: 10 };
  beforeEach(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 5000, stepDelayMs: 10 });
    client = new CodeDeployClient(cd.clientConfig());
    tools = new CodeDeployTools({ clientConfig: cd.clientConfig() });
    await createLambdaApp(client, 'orders', 'orders-dg');
  });
  afterEach(async () => {
    client.destroy();
    tools.client.destroy();
    await cd.stop();
  });

  async function deployWithParkedHook(): Promise<string> {
    cd.registerFunction('parked', async () => {});
    return createDeployment(client, 'orders', 'orders-dg', { BeforeAllowTraffic: 'parked' });
  }

  it('reportHook is idempotent: the second report of the same execution is "already", and the deployment state is read back', async () => {
    const id = await deployWithParkedHook();
    await tools.waitForDeployment(id, { ...fast, until: 'BeforeAllowTraffic' });
    const executionId = cd.invocations()[0]?.event.LifecycleEventHookExecutionId as string;
    assert.equal((await reportHook(tools, id, executionId, 'Succeeded')).outcome, 'changed');
    assert.equal((await reportHook(tools, id, executionId, 'Succeeded')).outcome, 'already');
    const result = await tools.waitForDeployment(id, fast);
    assert.deepEqual([result.ok, result.outcome], [true, 'succeeded']);
    assert.equal((await tools.getDeployment(id)).status, 'Succeeded');
  });

  it('stopDeployment with rollback and wait: Stopped, and the rollback deployment finished', async () => {
    const id = await deployWithParkedHook();
    const stop = await tools.stopDeployment(id, { rollback: true, wait: fast });
    assert.equal(stop.outcome, 'changed');
    assert.equal(stop.status, 'Stopped');
    assert.ok(stop.rollbackDeploymentId);
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: stop.rollbackDeploymentId }));
    assert.equal(deploymentInfo?.status, 'Succeeded');
    assert.equal(deploymentInfo?.rollbackInfo?.rollbackTriggeringDeploymentId, id);
    const again = await tools.stopDeployment(id, { rollback: true });
    assert.deepEqual([again.outcome, again.rollbackDeploymentId], ['already', stop.rollbackDeploymentId]);
  });

  it('continueDeployment on a deployment that is not waiting is InvalidStateError; an unknown one ResourceNotFoundError', async () => {
    const id = await deployWithParkedHook();
    await assert.rejects(tools.continueDeployment(id), InvalidStateError);
    await assert.rejects(tools.getDeployment('d-NOPENOPE1'), ResourceNotFoundError);
  });

  it('waitForDeployment follows an ECS deployment through its lifecycle events up to --until', async () => {
    await createEcsApp(client, 'svc', 'g', { clusterName: 'prod', serviceName: 'orders' }, { rollback: false });
    cd.registerFunction('after-test', async () => {});
    const deploymentId = await createDeployment(client, 'svc', 'g', { AfterAllowTestTraffic: 'after-test' });
    const seen: DeploymentProgress[] = [];
    const r = await tools.waitForDeployment(deploymentId, {
      ...fast,
      until: 'AfterAllowTestTraffic',
      onProgress: (p) => seen.push(p),
    });
    assert.deepEqual([r.ok, r.outcome, r.reachedEvent], [true, 'reached', 'AfterAllowTestTraffic']);
    assert.equal(seen.at(-1)?.lifecycleEvent, 'AfterAllowTestTraffic');
    assert.equal((await tools.getDeployment(deploymentId)).status, 'InProgress', 'the hook is still parked');
  });
});

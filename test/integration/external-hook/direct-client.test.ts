import { strict as assert } from 'node:assert';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ExternalHookClient, HookReleaseError } from '../../../src/external-hook/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { createEcsApp } from '../../support/codedeploy-fixtures.js';
import { createHookTable, serializeRequests, startHookedDeployment, until } from '../../support/hook-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

const TABLE = 'bluegreen-hooks';

describe('Class: ExternalHookClient, direct mode (DynamoDB on moto + CodeDeploy test double), ECS platform', () => {
  const aws = useEmulator({ resetEach: true });
  let cd: CodeDeployDouble;
  let codedeploy: CodeDeployClient;
  let dynamodb: DynamoDBClient;
  let client: ExternalHookClient;
  const steps: string[] = [];

  beforeEach(async () => {
    steps.length = 0;
    cd = await startCodeDeployDouble({ hookTimeoutMs: 20_000, lambdaTimeoutMs: 30_000 });
    codedeploy = new CodeDeployClient(cd.clientConfig());
    dynamodb = serializeRequests(new DynamoDBClient(aws.clientConfig()));
    await createHookTable(dynamodb, TABLE);
    client = new ExternalHookClient({ tableName: TABLE, clients: { dynamodb, codedeploy } });
    // A team's own hook handler: its own step first (for example a runbook's prepare phase), then park for CI.
    cd.registerFunction('CodeDeployHook_own', async (event) => {
      steps.push('prepare');
      const parked = await client.park(event);
      steps.push(`parked ${parked.hook.lifecycleEvent}`);
      return parked.outcome;
    });
    await createEcsApp(codedeploy, 'store', 'web', { clusterName: 'main', serviceName: 'web' });
  });
  afterEach(async () => {
    codedeploy.destroy();
    dynamodb.destroy();
    await cd.stop();
  });
  /** Starts a deployment of store/web whose hook at `lifecycleEvent` is the team's own handler (waits for its invocation). */
  const deployWithHookAt = (lifecycleEvent: string) =>
    startHookedDeployment(cd, codedeploy, 'store', 'web', 'CodeDeployHook_own', lifecycleEvent);

  it('park() from a custom handler finds the ECS AfterAllowTestTraffic event; run() releases one Succeeded', async () => {
    const { deploymentId, executionId } = await deployWithHookAt('AfterAllowTestTraffic');
    const result = await client.run(({ hooks }) => `tested ${hooks.web?.deploymentId}`, {
      app: 'store',
      stage: 'AfterAllowTestTraffic',
      groups: ['web'],
      timeout: 30,
      minDelay: 0.05,
      maxDelay: 0.2,
    });
    assert.equal(result.value, `tested ${deploymentId}`);
    assert.equal(result.release.outcome, 'changed');
    assert.deepEqual(steps, ['prepare', 'parked AfterAllowTestTraffic']);
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Succeeded');
    const reports = cd.reports().filter((r) => r.lifecycleEventHookExecutionId === executionId);
    assert.deepEqual(
      reports.map((r) => [r.status, r.lifecycleEvent]),
      [['Succeeded', 'AfterAllowTestTraffic']],
    );
    const request = { app: 'store', stage: 'AfterAllowTestTraffic', deploymentId };
    const again = await client.release({ ...request, results: { web: 'SUCCESS' } });
    assert.equal(again.outcome, 'already', 'repeating the release of the named deployment with its result is an idempotent success');
    const other = await client.release({ ...request, results: { web: 'FAILURE' } }).catch((e: unknown) => e);
    assert.ok(other instanceof HookReleaseError, 'FAILURE was not delivered: the hook carries SUCCESS');
    assert.deepEqual([other.groups.web?.status, other.groups.web?.actualResult], ['CONFLICT', 'SUCCESS']);
    const unnamed = await client
      .release({ app: 'store', stage: 'AfterAllowTestTraffic', results: { web: 'SUCCESS' } })
      .catch((e: unknown) => e);
    assert.ok(
      unnamed instanceof HookReleaseError,
      'without a deployment id only an InProgress deployment counts: the finished one is not found',
    );
    assert.equal(unnamed.groups.web?.status, 'NOT_FOUND');
    assert.equal(cd.reports().filter((r) => r.lifecycleEventHookExecutionId === executionId).length, 1);
    const items = (await dynamodb.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
    assert.deepEqual(
      items.map((i) => [i.hookKey?.S, i.status?.S, i.result?.S]),
      [['store#web#AfterAllowTestTraffic', 'RELEASED', 'SUCCESS']],
    );
  });

  it('run() with a throwing test function releases Failed and the ECS deployment rolls back', async () => {
    const { deploymentId, executionId } = await deployWithHookAt('BeforeInstall');
    await until(() => steps.length === 2, 10_000, 'the hook to park');
    await assert.rejects(
      client.run(
        () => {
          throw new Error('smoke test failed');
        },
        { app: 'store', stage: 'BeforeInstall', groups: ['web'], timeout: 30 },
      ),
      /smoke test failed/,
    );
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Failed');
    assert.ok((final.rollbackInfo as { rollbackDeploymentId?: string } | undefined)?.rollbackDeploymentId);
    assert.deepEqual(
      cd
        .reports()
        .filter((r) => r.lifecycleEventHookExecutionId === executionId)
        .map((r) => r.status),
      ['Failed'],
    );
  });
});

import { strict as assert } from 'node:assert';
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { type HookContext, resolveHookContext } from '../../../src/codedeploy/index.js';
import { MalformedInputError, ResourceNotFoundError } from '../../../src/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { appSpec, createLambdaApp } from '../../support/codedeploy-fixtures.js';

describe('Function: resolveHookContext (against the CodeDeploy test double: moto lacks deployment targets)', () => {
  let cd: CodeDeployDouble;
  let client: CodeDeployClient;
  beforeEach(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 1000 });
    client = new CodeDeployClient(cd.clientConfig());
    await createLambdaApp(client, 'orders', 'orders-dg');
  });
  afterEach(async () => {
    client.destroy();
    await cd.stop();
  });

  async function contextFromHook(hooks: Record<string, string>, fn: string, options = {}): Promise<HookContext> {
    const seen = new Promise<HookContext>((resolve, reject) => {
      cd.registerFunction(fn, async (event) => resolveHookContext(client, event, options).then(resolve, reject));
    });
    await client.send(
      new CreateDeploymentCommand({ applicationName: 'orders', deploymentGroupName: 'orders-dg', revision: appSpec(hooks) }),
    );
    return seen;
  }

  it('finds application, group, platform, revision and the in-progress lifecycle event from the event ids', async () => {
    const hook = await contextFromHook({ AfterAllowTraffic: 'post' }, 'post');
    assert.equal(hook.applicationName, 'orders');
    assert.equal(hook.deploymentGroupName, 'orders-dg');
    assert.equal(hook.computePlatform, 'Lambda');
    assert.equal(hook.lifecycleEvent, 'AfterAllowTraffic');
    assert.equal(hook.revision?.revisionType, 'AppSpecContent');
    assert.match(hook.deploymentId, /^d-/);
    assert.deepEqual(
      cd
        .requests()
        .map((r) => r.operation)
        .filter((o) => o !== 'CreateApplication' && o !== 'CreateDeploymentGroup' && o !== 'CreateDeployment'),
      ['GetDeployment', 'ListDeploymentTargets', 'GetDeploymentTarget'],
    );
  });

  it('uses the given lifecycle event without reading targets', async () => {
    const hook = await contextFromHook({ BeforeAllowTraffic: 'pre' }, 'pre', { lifecycleEvent: 'BeforeAllowTraffic' });
    assert.equal(hook.lifecycleEvent, 'BeforeAllowTraffic');
    assert.equal(cd.requests('ListDeploymentTargets').length, 0);
  });

  it('rejects a malformed event with MalformedInputError before any call', async () => {
    for (const bad of [null, 'd-ABC', {}, { DeploymentId: 'x', LifecycleEventHookExecutionId: 'y' }, { DeploymentId: 'd-ABCDEF123' }]) {
      await assert.rejects(resolveHookContext(client, bad), MalformedInputError);
    }
    assert.equal(cd.requests('GetDeployment').length, 0);
  });

  it('turns an unknown deployment into ResourceNotFoundError', async () => {
    await assert.rejects(
      resolveHookContext(client, { DeploymentId: 'd-ZZZZZZZZZ', LifecycleEventHookExecutionId: 'x' }),
      ResourceNotFoundError,
    );
  });
});

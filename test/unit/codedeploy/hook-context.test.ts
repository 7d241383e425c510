import { strict as assert } from 'node:assert';
import {
  CodeDeployClient,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { listTargetLifecycleEvents, readLifecycleEventStatus, resolveHookContext } from '../../../src/codedeploy/index.js';
import { InvalidStateError } from '../../../src/index.js';

// The targets of a deployment are read one at a time until the one that answers is found (a Lambda or ECS deployment
// has one target: CodeDeploy API Reference, BatchGetDeploymentTargets, deploymentTargets); the public
// listTargetLifecycleEvents still reads every target. Pages of ListDeploymentTargets follow `nextToken`.
const EVENT = { DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: 'exec-1' };
const target = (events: [string, string][]) =>
  ({
    deploymentTarget: {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: { lifecycleEvents: events.map(([lifecycleEventName, status]) => ({ lifecycleEventName, status })) },
    },
  }) as never;

describe('Function: resolveHookContext / readLifecycleEventStatus (targets read one at a time)', () => {
  const client = new CodeDeployClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(CodeDeployClient);
  beforeEach(() => {
    mock.reset();
    mock.on(GetDeploymentCommand).resolves({ deploymentInfo: { applicationName: 'app', deploymentGroupName: 'dg' } });
    mock
      .on(ListDeploymentTargetsCommand)
      .resolvesOnce({ targetIds: ['c:one'], nextToken: 'page-2' })
      .resolves({ targetIds: ['c:two', 'c:three'] });
    mock.on(GetDeploymentTargetCommand, { targetId: 'c:one' }).resolves(target([['BeforeAllowTraffic', 'Succeeded']]));
    mock.on(GetDeploymentTargetCommand, { targetId: 'c:two' }).resolves(target([['AfterAllowTraffic', 'InProgress']]));
    mock.on(GetDeploymentTargetCommand, { targetId: 'c:three' }).resolves(target([['AfterAllowTraffic', 'Pending']]));
  });
  const targetsRead = () => mock.commandCalls(GetDeploymentTargetCommand).map((c) => c.args[0].input.targetId);

  it('stops at the first target with a hook event in progress (every ListDeploymentTargets page read)', async () => {
    const hook = await resolveHookContext(client, EVENT);
    assert.equal(hook.lifecycleEvent, 'AfterAllowTraffic');
    assert.deepEqual(targetsRead(), ['c:one', 'c:two']);
    assert.equal(mock.commandCalls(ListDeploymentTargetsCommand).length, 2);
    assert.equal(mock.commandCalls(ListDeploymentTargetsCommand)[1]?.args[0].input.nextToken, 'page-2');
  });

  it('reads every target when none has a hook event in progress, and says what it saw', async () => {
    mock.on(GetDeploymentTargetCommand, { targetId: 'c:two' }).resolves(target([['AfterAllowTraffic', 'Succeeded']]));
    await assert.rejects(
      resolveHookContext(client, EVENT),
      (e: unknown) =>
        e instanceof InvalidStateError &&
        /BeforeAllowTraffic=Succeeded, AfterAllowTraffic=Succeeded, AfterAllowTraffic=Pending/.test(e.message) &&
        Array.isArray(e.state) &&
        e.state.length === 3,
    );
    assert.deepEqual(targetsRead(), ['c:one', 'c:two', 'c:three']);
  });

  it('readLifecycleEventStatus: InProgress as soon as one target has the event in progress', async () => {
    assert.equal(await readLifecycleEventStatus(client, EVENT.DeploymentId, 'AfterAllowTraffic'), 'InProgress');
    assert.deepEqual(targetsRead(), ['c:one', 'c:two']);
  });

  it('readLifecycleEventStatus: else the first status found, after reading every target', async () => {
    assert.equal(await readLifecycleEventStatus(client, EVENT.DeploymentId, 'BeforeAllowTraffic'), 'Succeeded');
    assert.deepEqual(targetsRead(), ['c:one', 'c:two', 'c:three']);
  });

  it('listTargetLifecycleEvents: every target, in order', async () => {
    const targets = await listTargetLifecycleEvents(client, EVENT.DeploymentId);
    assert.deepEqual(
      targets.map((t) => t.targetId),
      ['c:one', 'c:two', 'c:three'],
    );
    assert.equal(targetsRead().length, 3);
  });
});

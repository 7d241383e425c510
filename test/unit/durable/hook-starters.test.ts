import { strict as assert } from 'node:assert';
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import {
  DurableExecutionAlreadyStartedException,
  GetDurableExecutionCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { durableEcsLifecycleHook, durableHookStarter } from '../../../src/durable/index.js';
import { ConfigError, MalformedInputError } from '../../../src/index.js';

const ALIAS = 'arn:aws:lambda:eu-west-1:123456789012:function:shop-flip:live';
const EXECUTION = `${ALIAS}/durable-execution/hook-exec-1/0f1e2d3c`;
const EVENT = { DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: 'exec-1' };
const CONFIG = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

describe('Function: durableHookStarter', () => {
  const lambda = mockClient(LambdaClient);
  const codedeploy = mockClient(CodeDeployClient);
  beforeEach(() => {
    lambda.reset();
    codedeploy.reset();
  });
  // mockClient patches every instance of the client class: restore it for the test files that follow.
  after(() => {
    lambda.restore();
    codedeploy.restore();
  });

  it('starts the durable flip by an asynchronous invocation of the qualified function, named after the hook execution', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202, DurableExecutionArn: EXECUTION });
    const handler = durableHookStarter({ functionName: ALIAS, phase: 'prepare', target: 'green', clientConfig: CONFIG });
    const out = await handler(EVENT);
    assert.deepEqual(out, { durableExecutionName: 'hook-exec-1', durableExecutionArn: EXECUTION, outcome: 'changed' });
    const [call] = lambda.commandCalls(InvokeCommand);
    const input = call?.args[0].input;
    assert.equal(input?.FunctionName, ALIAS);
    assert.equal(input?.InvocationType, 'Event');
    assert.equal(input?.DurableExecutionName, 'hook-exec-1');
    const payload = JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array));
    assert.equal(payload.phase, 'prepare');
    assert.equal(payload.target, 'green');
    assert.deepEqual(
      { ...payload.hook, invokedAt: undefined },
      { deploymentId: 'd-ABCDEF123', lifecycleEventHookExecutionId: 'exec-1', invokedAt: undefined },
    );
    assert.ok(!Number.isNaN(Date.parse(payload.hook.invokedAt)));
    assert.equal(codedeploy.calls().length, 0, 'the execution reports, not the starter');
  });

  it('a retried hook invocation finds the running execution (Lambda: DurableExecutionAlreadyStartedException, "Idempotency" of execution names)', async () => {
    lambda.on(InvokeCommand).rejects(
      new DurableExecutionAlreadyStartedException({
        message: 'Durable execution with name hook-exec-1 already started',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    const out = await durableHookStarter({ functionName: 'shop-flip:live', phase: 'finish', target: 'green', clientConfig: CONFIG })(EVENT);
    assert.equal(out.outcome, 'already');
    assert.equal(codedeploy.calls().length, 0);
  });

  it('reports Failed at once when the execution cannot be started (the deployment does not wait its hour), then throws', async () => {
    lambda
      .on(InvokeCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found: shop-flip:live', $metadata: { httpStatusCode: 404 } }));
    codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({ lifecycleEventHookExecutionId: 'exec-1' });
    const handler = durableHookStarter({ functionName: 'shop-flip:live', phase: 'prepare', target: 'green', clientConfig: CONFIG });
    await assert.rejects(handler(EVENT), /Function not found/);
    const reports = codedeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand).map((c) => c.args[0].input);
    assert.deepEqual(reports, [{ deploymentId: 'd-ABCDEF123', lifecycleEventHookExecutionId: 'exec-1', status: 'Failed' }]);
  });

  it('refuses an unqualified or $LATEST function name with a ConfigError before any call (Lambda: "You cannot invoke a durable function using an unqualified ARN")', () => {
    for (const functionName of ['shop-flip', 'arn:aws:lambda:eu-west-1:123456789012:function:shop-flip', 'shop-flip:$LATEST', '']) {
      assert.throws(() => durableHookStarter({ functionName, phase: 'prepare', target: 'green' }), ConfigError, functionName);
    }
    assert.throws(() => durableHookStarter({ functionName: ALIAS, phase: 'later' as never, target: 'green' }), ConfigError);
    assert.throws(() => durableHookStarter({ functionName: ALIAS, phase: 'prepare', target: 'purple' as never }), ConfigError);
    assert.equal(lambda.calls().length, 0);
  });

  it('a malformed hook event is a MalformedInputError, no call', async () => {
    const handler = durableHookStarter({ functionName: ALIAS, phase: 'prepare', target: 'green', clientConfig: CONFIG });
    await assert.rejects(handler({ DeploymentId: 'd-ABCDEF123' }), MalformedInputError);
    assert.equal(lambda.calls().length, 0);
  });
});

describe('Function: durableEcsLifecycleHook', () => {
  const lambda = mockClient(LambdaClient);
  beforeEach(() => lambda.reset());
  after(() => lambda.restore());
  const stages = { PRE_PRODUCTION_TRAFFIC_SHIFT: 'prepare', POST_PRODUCTION_TRAFFIC_SHIFT: 'finish' } as const;
  const ecsEvent = (hookDetails?: Record<string, unknown>) => ({
    executionId: 'ecs-hook-1',
    lifecycleStage: 'PRE_PRODUCTION_TRAFFIC_SHIFT',
    resourceArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/shop/api/abc',
    executionDetails: { serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/api', targetServiceRevisionArn: 'rev-2' },
    ...(hookDetails ? { hookDetails } : {}),
  });

  it('first invocation: starts the execution and answers IN_PROGRESS with its ARN; then follows its status', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202, DurableExecutionArn: EXECUTION });
    const hook = durableEcsLifecycleHook({ functionName: ALIAS, stages, target: 'green', clientConfig: CONFIG, callBackDelay: 30 });
    const first = await hook(ecsEvent());
    assert.deepEqual(first, {
      hookStatus: 'IN_PROGRESS',
      callBackDelay: 30,
      hookDetails: { durableExecutionName: 'ecs-ecs-hook-1', durableExecutionArn: EXECUTION },
    });
    const payload = JSON.parse(new TextDecoder().decode(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array));
    assert.deepEqual(payload, { phase: 'prepare', target: 'green' });
    lambda
      .on(GetDurableExecutionCommand)
      .resolvesOnce({ Status: 'RUNNING' } as never)
      .resolvesOnce({ Status: 'SUCCEEDED' } as never);
    assert.equal((await hook(ecsEvent(first.hookDetails))).hookStatus, 'IN_PROGRESS');
    assert.deepEqual(await hook(ecsEvent(first.hookDetails)), { hookStatus: 'SUCCEEDED' });
    assert.equal(lambda.commandCalls(InvokeCommand).length, 1, 'started once');
  });

  for (const status of ['FAILED', 'TIMED_OUT', 'STOPPED']) {
    it(`an execution that ended ${status} answers FAILED (ECS rolls back)`, async () => {
      lambda.on(GetDurableExecutionCommand).resolves({ Status: status } as never);
      const hook = durableEcsLifecycleHook({ functionName: ALIAS, stages, target: 'green', clientConfig: CONFIG });
      assert.deepEqual(await hook(ecsEvent({ durableExecutionArn: EXECUTION })), { hookStatus: 'FAILED' });
    });
  }

  it('a repeated first invocation finds the execution by name (ListDurableExecutionsByFunction) instead of starting another', async () => {
    lambda
      .on(InvokeCommand)
      .rejects(new DurableExecutionAlreadyStartedException({ message: 'already started', $metadata: { httpStatusCode: 409 } }));
    lambda.on(ListDurableExecutionsByFunctionCommand).resolves({ DurableExecutions: [{ DurableExecutionArn: EXECUTION } as never] });
    const hook = durableEcsLifecycleHook({ functionName: ALIAS, stages, target: 'green', clientConfig: CONFIG });
    const answer = await hook(ecsEvent());
    assert.equal(answer.hookDetails?.durableExecutionArn, EXECUTION);
    const list = lambda.commandCalls(ListDurableExecutionsByFunctionCommand)[0]?.args[0].input;
    assert.deepEqual(
      { FunctionName: list?.FunctionName, Qualifier: list?.Qualifier, DurableExecutionName: list?.DurableExecutionName },
      {
        FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:shop-flip',
        Qualifier: 'live',
        DurableExecutionName: 'ecs-ecs-hook-1',
      },
    );
  });

  it('a stage without a phase answers SUCCEEDED at once; bad options and events are typed errors before any call', async () => {
    const hook = durableEcsLifecycleHook({ functionName: ALIAS, stages, target: 'green', clientConfig: CONFIG });
    assert.deepEqual(await hook({ ...ecsEvent(), lifecycleStage: 'PRE_SCALE_UP' }), { hookStatus: 'SUCCEEDED' });
    await assert.rejects(hook({ nope: true }), MalformedInputError);
    assert.throws(() => durableEcsLifecycleHook({ functionName: 'shop-flip', stages, target: 'green' }), ConfigError);
    assert.throws(
      () => durableEcsLifecycleHook({ functionName: ALIAS, stages: { PRE_SCALE_UP: 'flip' as never }, target: 'green' }),
      ConfigError,
    );
    assert.equal(lambda.calls().length, 0);
  });
});

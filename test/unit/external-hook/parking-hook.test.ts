import { strict as assert } from 'node:assert';
import { CodeDeployClient, GetDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { HookReportError, MalformedInputError } from '../../../src/core/index.js';
import { createParkingHook, HookParker, HookStore } from '../../../src/external-hook/index.js';

const awsError = (name: string, status = 400) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const event = { DeploymentId: 'd-AAAAAAAAA', LifecycleEventHookExecutionId: 'exec-1' };

describe('Function: createParkingHook', () => {
  const cd = mockClient(CodeDeployClient);
  const ddb = mockClient(DynamoDBClient);
  const handler = createParkingHook({
    tableName: 'hooks',
    lifecycleEvent: 'PRE_TRAFFIC',
    clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({ maxAttempts: 1 }) },
  });
  beforeEach(() => {
    cd.reset();
    ddb.reset();
    cd.on(GetDeploymentCommand).resolves({ deploymentInfo: { applicationName: 'shop', deploymentGroupName: 'api' } });
  });
  const reports = () => cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).map((c) => c.args[0].input.status);

  it('parks the hook and reports nothing', async () => {
    ddb.on(PutItemCommand).resolves({});
    const outcome = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
    assert.equal(outcome.status, 'PARKED');
    assert.equal(outcome.hook?.group, 'api');
    assert.deepEqual(reports(), []);
  });

  it('a re-invoked hook is ALREADY_PARKED and reports nothing', async () => {
    ddb.on(PutItemCommand).rejects(awsError('ConditionalCheckFailedException'));
    assert.equal((await handler(event)).status, 'ALREADY_PARKED');
    assert.deepEqual(reports(), []);
  });

  it('fails closed: a DynamoDB error reports Failed at once', async () => {
    ddb.on(PutItemCommand).rejects(awsError('AccessDeniedException'));
    cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    const outcome = await handler(event);
    assert.equal(outcome.status, 'FAILED_CLOSED');
    assert.match(outcome.error ?? '', /dynamodb:PutItem was denied/);
    assert.deepEqual(reports(), ['Failed']);
  });

  it('fails closed when the Lambda is about to time out (remaining time below the safety margin)', async () => {
    ddb.on(PutItemCommand).resolves({});
    cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    const outcome = await handler(event, { getRemainingTimeInMillis: () => 4000 });
    assert.equal(outcome.status, 'FAILED_CLOSED');
    assert.match(outcome.error ?? '', /about to time out/);
    assert.deepEqual(reports(), ['Failed']);
  });

  it('retries a throttled Failed report, and "already completed" is fine', async () => {
    ddb.on(PutItemCommand).rejects(awsError('InternalServerError', 500));
    cd.on(PutLifecycleEventHookExecutionStatusCommand).rejectsOnce(awsError('ThrottlingException')).resolves({});
    assert.equal((await handler(event)).status, 'FAILED_CLOSED');
    assert.deepEqual(reports(), ['Failed', 'Failed']);
    cd.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('LifecycleEventAlreadyCompletedException'));
    assert.equal((await handler(event)).status, 'FAILED_CLOSED');
  });

  it('throws HookReportError naming the permission when the Failed report is denied', async () => {
    ddb.on(PutItemCommand).rejects(awsError('InternalServerError', 500));
    cd.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('AccessDeniedException'));
    await assert.rejects(handler(event), (e: unknown) => {
      assert.ok(e instanceof HookReportError);
      assert.match(e.message, /was denied: grant codedeploy:PutLifecycleEventHookExecutionStatus/);
      return true;
    });
  });

  it('a malformed event throws MalformedInputError without any AWS call', async () => {
    for (const bad of [null, 'x', {}, { DeploymentId: 'd-AAAAAAAAA' }, { DeploymentId: 'abc', LifecycleEventHookExecutionId: 'e' }]) {
      await assert.rejects(handler(bad as never), MalformedInputError);
    }
    assert.equal(cd.calls().length + ddb.calls().length, 0);
  });

  it('parks through a given store: a HookParker (the park half only) or a HookStore (which is one)', async () => {
    ddb.on(PutItemCommand).resolves({});
    const clients = { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({ maxAttempts: 1 }) };
    for (const store of [new HookParker({ tableName: 'hooks', clients }), new HookStore({ tableName: 'hooks', clients })]) {
      const outcome = await createParkingHook({ store, lifecycleEvent: 'PRE_TRAFFIC' })(event);
      assert.equal(outcome.status, 'PARKED');
    }
    assert.equal(ddb.commandCalls(PutItemCommand).length, 2);
    assert.ok(new HookStore({ tableName: 'hooks', clients }) instanceof HookParker);
    assert.equal('list' in new HookParker({ tableName: 'hooks', clients }), false);
  });
});

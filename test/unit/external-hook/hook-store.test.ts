import { strict as assert } from 'node:assert';
import { BatchGetDeploymentsCommand, CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../../src/core/index.js';
import { HookStore, STALE_CLAIM_SECONDS } from '../../../src/external-hook/index.js';

const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

function item(deploymentId: string, parkedAt: string, status = 'PARKED') {
  return {
    hookKey: { S: 'shop#api#BeforeAllowTraffic' },
    deploymentId: { S: deploymentId },
    app: { S: 'shop' },
    group: { S: 'api' },
    lifecycleEvent: { S: 'BeforeAllowTraffic' },
    executionId: { S: `exec-${deploymentId}` },
    status: { S: status },
    parkedAt: { S: parkedAt },
    expiresAt: { N: String(Math.floor(Date.now() / 1000) + 600) },
  };
}

describe('Class: HookStore', () => {
  const ddb = mockClient(DynamoDBClient);
  const cd = mockClient(CodeDeployClient);
  const store = new HookStore({ tableName: 'hooks', clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({}) } });
  beforeEach(() => {
    ddb.reset();
    cd.reset();
  });

  it('rejects bad options', () => {
    assert.throws(() => new HookStore({ tableName: '' }), ConfigError);
    assert.throws(() => new HookStore({ tableName: 'hooks', hookTimeoutSeconds: 0 }), ConfigError);
    assert.throws(() => new HookStore(null as never), ConfigError);
  });

  describe('Method: park', () => {
    it('writes with attribute_not_exists and TTL = now + hookTimeoutSeconds', async () => {
      ddb.on(PutItemCommand).resolves({});
      const s = new HookStore({
        tableName: 'hooks',
        hookTimeoutSeconds: 900,
        clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({}) },
      });
      const now = Math.floor(Date.now() / 1000);
      const result = await s.park({
        app: 'shop',
        group: 'api',
        lifecycleEvent: 'POST_TRAFFIC',
        deploymentId: 'd-AAAAAAAAA',
        executionId: 'e-1',
      });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.hook.lifecycleEvent, 'AfterAllowTraffic');
      const input = ddb.commandCalls(PutItemCommand)[0]?.args[0].input;
      assert.equal(input?.ConditionExpression, 'attribute_not_exists(#pk)');
      assert.equal(input?.Item?.hookKey?.S, 'shop#api#AfterAllowTraffic');
      const ttl = Number(input?.Item?.expiresAt?.N);
      assert.ok(ttl >= now + 900 && ttl <= now + 901);
    });

    it('a conditional check failure is outcome "already"', async () => {
      ddb.on(PutItemCommand).rejects(awsError('ConditionalCheckFailedException'));
      const result = await store.park({
        app: 'shop',
        group: 'api',
        lifecycleEvent: 'BeforeAllowTraffic',
        deploymentId: 'd-AAAAAAAAA',
        executionId: 'e-1',
      });
      assert.equal(result.outcome, 'already');
    });

    it('bad input is a ConfigError before any AWS call', async () => {
      const bad = [
        { app: 'sh op', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-AAAAAAAAA', executionId: 'e' },
        { app: 'shop', group: 'api', lifecycleEvent: 'Install', deploymentId: 'd-AAAAAAAAA', executionId: 'e' },
        { app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'x', executionId: 'e' },
        { app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-AAAAAAAAA', executionId: 'has space' },
        { app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-AAAAAAAAA', executionId: 'e', expiresAt: 5 },
      ];
      for (const input of bad) await assert.rejects(store.park(input), ConfigError, JSON.stringify(input));
      assert.equal(ddb.calls().length, 0);
    });

    it('a missing table names the template; access denied names the action', async () => {
      ddb.on(PutItemCommand).rejectsOnce(awsError('ResourceNotFoundException')).rejectsOnce(awsError('AccessDeniedException'));
      const input = { app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId: 'd-AAAAAAAAA', executionId: 'e' };
      await assert.rejects(store.park(input), /does not exist: deploy infra\/template.yaml/);
      await assert.rejects(store.park(input), /dynamodb:PutItem was denied on table hooks/);
    });
  });

  describe('Method: list', () => {
    it('paginates the query, asks CodeDeploy in batches of 25 and keeps the newest hook of an InProgress deployment', async () => {
      const ids = Array.from({ length: 30 }, (_, i) => `d-${String(i).padStart(9, 'A')}`);
      const items = ids.map((id, i) => item(id, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
      ddb
        .on(QueryCommand)
        .resolvesOnce({ Items: items.slice(0, 20), LastEvaluatedKey: { hookKey: { S: 'x' }, deploymentId: { S: 'y' } } })
        .resolvesOnce({ Items: items.slice(20) });
      cd.on(BatchGetDeploymentsCommand).callsFake((input: { deploymentIds: string[] }) => ({
        deploymentsInfo: input.deploymentIds.map((id) => ({
          deploymentId: id,
          status: id === ids[3] || id === ids[7] ? 'InProgress' : 'Succeeded',
        })),
      }));
      const listed = await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] });
      assert.equal(listed.api?.deploymentId, ids[7]);
      assert.equal(ddb.commandCalls(QueryCommand).length, 2);
      assert.equal(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ConsistentRead, true);
      assert.deepEqual(
        cd.commandCalls(BatchGetDeploymentsCommand).map((c) => c.args[0].input.deploymentIds?.length),
        [25, 5],
      );
    });

    it('returns undefined for a RELEASED hook and makes no CodeDeploy call when nothing is stored', async () => {
      ddb.on(QueryCommand).resolves({ Items: [] });
      assert.deepEqual({ ...(await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] })) }, { api: undefined });
      assert.equal(cd.calls().length, 0);
      ddb.on(QueryCommand).resolves({ Items: [item('d-AAAAAAAAA', '2026-01-01T00:00:00Z', 'RELEASED')] });
      cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
      assert.deepEqual({ ...(await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] })) }, { api: undefined });
    });

    it('a denied BatchGetDeployments names codedeploy:BatchGetDeployments (Service Authorization Reference: the action of the BatchGetDeployments operation)', async () => {
      ddb.on(QueryCommand).resolves({ Items: [item('d-AAAAAAAAA', '2026-01-01T00:00:00Z')] });
      cd.on(BatchGetDeploymentsCommand).rejects(awsError('AccessDeniedException'));
      await assert.rejects(store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] }), /grant codedeploy:BatchGetDeployments /);
    });
  });

  describe('Method: release', () => {
    beforeEach(() => {
      ddb.on(QueryCommand).resolves({ Items: [item('d-AAAAAAAAA', '2026-01-01T00:00:00Z')] });
      cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
      ddb.on(UpdateItemCommand).resolves({});
    });

    it('claims the item (PARKED → RELEASING), reports once, then marks it RELEASED', async () => {
      cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
      const out = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'FAILURE' } });
      assert.equal(out.api?.status, 'RELEASED');
      const updates = ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
      assert.equal(updates.length, 2);
      assert.equal(updates[0]?.ConditionExpression, '#status = :parked');
      assert.equal(updates[0]?.ExpressionAttributeValues?.[':releasing']?.S, 'RELEASING');
      assert.equal(updates[1]?.ExpressionAttributeValues?.[':status']?.S, 'RELEASED');
      assert.equal(updates[1]?.ConditionExpression, '#token = :token');
      const put = cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand);
      assert.equal(put.length, 1);
      assert.deepEqual(put[0]?.args[0].input, {
        deploymentId: 'd-AAAAAAAAA',
        lifecycleEventHookExecutionId: 'exec-d-AAAAAAAAA',
        status: 'Failed',
      });
    });

    it('losing the conditional claim to the same result is ALREADY_RELEASED, to the other result CONFLICT (read from ALL_OLD): no CodeDeploy call', async () => {
      const lost = (result: string) =>
        Object.assign(awsError('ConditionalCheckFailedException'), {
          Item: { ...item('d-AAAAAAAAA', '2026-01-01T00:00:00Z', 'RELEASED'), result: { S: result } },
        });
      ddb.on(UpdateItemCommand).rejectsOnce(lost('SUCCESS')).rejectsOnce(lost('FAILURE'));
      const same = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(same.api?.status, 'ALREADY_RELEASED');
      assert.equal(same.api?.actualResult, 'SUCCESS');
      const other = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(other.api?.status, 'CONFLICT');
      assert.equal(other.api?.actualResult, 'FAILURE');
      assert.equal(ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input.ReturnValuesOnConditionCheckFailure, 'ALL_OLD');
      assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 0);
    });

    it('LifecycleEventAlreadyCompletedException is CONFLICT (the asked result was not delivered); other CodeDeploy errors put the item back', async () => {
      cd.on(PutLifecycleEventHookExecutionStatusCommand)
        .rejectsOnce(awsError('LifecycleEventAlreadyCompletedException'))
        .rejectsOnce(awsError('InvalidLifecycleEventHookExecutionIdException'));
      const first = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(first.api?.status, 'CONFLICT');
      assert.equal(first.api?.actualResult, undefined);
      const second = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(second.api?.status, 'ERROR');
      assert.match(second.api?.message ?? '', /InvalidLifecycleEventHookExecutionIdException/);
      const revert = ddb.commandCalls(UpdateItemCommand).at(-1)?.args[0].input;
      assert.equal(revert?.ExpressionAttributeValues?.[':status']?.S, 'PARKED');
      assert.match(String(revert?.UpdateExpression), /REMOVE/);
    });

    it('a fresh RELEASING claim is ALREADY_RELEASED; one abandoned for over STALE_CLAIM_SECONDS is taken over', async () => {
      const claimed = (ageSeconds: number) => ({
        ...item('d-AAAAAAAAA', '2026-01-01T00:00:00Z', 'RELEASING'),
        releaseToken: { S: 'old-token' },
        releasedAt: { S: new Date(Date.now() - ageSeconds * 1000).toISOString() },
        result: { S: 'SUCCESS' },
      });
      cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
      ddb.on(QueryCommand).resolves({ Items: [claimed(5)] });
      const fresh = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(fresh.api?.status, 'ALREADY_RELEASED');
      assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 0);
      ddb.on(QueryCommand).resolves({ Items: [claimed(STALE_CLAIM_SECONDS + 5)] });
      const taken = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(taken.api?.status, 'RELEASED');
      const claim = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
      assert.equal(claim?.ConditionExpression, '#status = :releasing AND #token = :old');
      assert.equal(claim?.ExpressionAttributeValues?.[':old']?.S, 'old-token');
      assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 1);
    });

    it('bad results are ConfigErrors before any AWS call', async () => {
      ddb.reset();
      cd.reset();
      for (const results of [{}, { api: 'OK' }, [], null, { 'a b': 'SUCCESS' }]) {
        await assert.rejects(store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: results as never }), ConfigError);
      }
      await assert.rejects(store.release({ app: 'shop', stage: 'NOPE', results: { api: 'SUCCESS' } }), ConfigError);
      assert.equal(ddb.calls().length + cd.calls().length, 0);
    });
  });
});

import { strict as assert } from 'node:assert';
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { HookStore } from '../../../src/external-hook/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { createLambdaApp } from '../../support/codedeploy-fixtures.js';
import { createHookTable, serializeRequests, startHookedDeployment } from '../../support/hook-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

const TABLE = 'bluegreen-hooks';

describe('Class: HookStore (DynamoDB on moto; CodeDeploy test double — moto lacks lifecycle hooks)', () => {
  const aws = useEmulator({ resetEach: true });
  let cd: CodeDeployDouble;
  let codedeploy: CodeDeployClient;
  let dynamodb: DynamoDBClient;
  let store: HookStore;

  beforeEach(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 20_000 });
    codedeploy = new CodeDeployClient(cd.clientConfig());
    dynamodb = serializeRequests(new DynamoDBClient(aws.clientConfig()));
    await createHookTable(dynamodb, TABLE);
    store = new HookStore({ tableName: TABLE, clients: { dynamodb, codedeploy } });
    cd.registerFunction('parked', async () => undefined);
    await createLambdaApp(codedeploy, 'shop', 'api');
  });
  afterEach(async () => {
    codedeploy.destroy();
    dynamodb.destroy();
    await cd.stop();
  });

  const scan = async () => (await dynamodb.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];

  describe('Method: park', () => {
    it('writes one item with TTL at the hook deadline; a re-invoked hook does not create a second item', async () => {
      const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      const before = Math.floor(Date.now() / 1000);
      const first = await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId, executionId });
      assert.equal(first.outcome, 'changed');
      const again = await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'PRE_TRAFFIC', deploymentId, executionId });
      assert.equal(again.outcome, 'already');
      const items = await scan();
      assert.equal(items.length, 1);
      const { Item } = await dynamodb.send(
        new GetItemCommand({ TableName: TABLE, Key: { hookKey: { S: 'shop#api#BeforeAllowTraffic' }, deploymentId: { S: deploymentId } } }),
      );
      assert.equal(Item?.executionId?.S, executionId);
      assert.equal(Item?.status?.S, 'PARKED');
      const ttl = Number(Item?.expiresAt?.N);
      assert.ok(ttl >= before + 3600 && ttl <= before + 3602, `TTL ${ttl} is one hook timeout after ${before}`);
      const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
      assert.equal(TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED');
      assert.equal(TimeToLiveDescription?.AttributeName, 'expiresAt');
    });
  });

  describe('Method: list', () => {
    it('returns the hook of the InProgress deployment, never one of an earlier deployment of the same group', async () => {
      const earlier = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', ...earlier });
      await codedeploy.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: earlier.deploymentId,
          lifecycleEventHookExecutionId: earlier.executionId,
          status: 'Failed',
        }),
      );
      await cd.waitForDeployment(earlier.deploymentId);
      assert.deepEqual({ ...(await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] })) }, { api: undefined });
      const current = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', ...current });
      const listed = await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] });
      assert.equal(listed.api?.deploymentId, current.deploymentId);
      assert.equal(listed.api?.executionId, current.executionId);
      assert.equal((await scan()).length, 2, 'the earlier item is still stored, just never returned');
      const filtered = await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'], deploymentId: earlier.deploymentId });
      assert.equal(filtered.api, undefined);
    });

    it('ignores an expired item even when its deployment is still InProgress (moto does not delete expired items)', async () => {
      const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      await dynamodb.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: {
            hookKey: { S: 'shop#api#BeforeAllowTraffic' },
            deploymentId: { S: deploymentId },
            app: { S: 'shop' },
            group: { S: 'api' },
            lifecycleEvent: { S: 'BeforeAllowTraffic' },
            executionId: { S: executionId },
            status: { S: 'PARKED' },
            parkedAt: { S: new Date().toISOString() },
            expiresAt: { N: String(Math.floor(Date.now() / 1000) - 1) },
          },
        }),
      );
      assert.deepEqual({ ...(await store.list({ app: 'shop', stage: 'BeforeAllowTraffic', groups: ['api'] })) }, { api: undefined });
      assert.equal((await scan()).length, 1);
    });
  });

  describe('Method: release', () => {
    it('five concurrent releases send exactly one status to CodeDeploy', async () => {
      const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId, executionId });
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () => store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } })),
      );
      const statuses = outcomes.map((o) => o.api?.status).sort();
      assert.deepEqual(statuses, ['ALREADY_RELEASED', 'ALREADY_RELEASED', 'ALREADY_RELEASED', 'ALREADY_RELEASED', 'RELEASED']);
      const reports = cd.reports().filter((r) => r.lifecycleEventHookExecutionId === executionId);
      assert.equal(reports.length, 1);
      assert.equal(reports[0]?.status, 'Succeeded');
      assert.equal((await cd.waitForDeployment(deploymentId)).status, 'Succeeded');
      const [item] = await scan();
      assert.equal(item?.status?.S, 'RELEASED');
      assert.equal(item?.result?.S, 'SUCCESS');
    });

    it('treats LifecycleEventAlreadyCompletedException as CONFLICT: CodeDeploy has some other status, the asked one was not delivered', async () => {
      const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId, executionId });
      cd.injectError('PutLifecycleEventHookExecutionStatus', { code: 'LifecycleEventAlreadyCompletedException', times: 1 });
      const out = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'FAILURE' } });
      assert.equal(out.api?.status, 'CONFLICT');
      assert.equal(out.api?.actualResult, undefined);
      const [item] = await scan();
      assert.equal(item?.status?.S, 'RELEASED');
      assert.equal(item?.result, undefined, 'no result is recorded that CodeDeploy may not have');
    });

    it('puts the hook back to PARKED when CodeDeploy denies the call (message names the permission), so a retry works', async () => {
      const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'parked');
      await store.park({ app: 'shop', group: 'api', lifecycleEvent: 'BeforeAllowTraffic', deploymentId, executionId });
      cd.injectError('PutLifecycleEventHookExecutionStatus', { code: 'AccessDeniedException', times: 1 });
      const denied = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(denied.api?.status, 'ERROR');
      assert.match(denied.api?.message ?? '', /codedeploy:PutLifecycleEventHookExecutionStatus was denied/);
      assert.equal((await scan())[0]?.status?.S, 'PARKED');
      const retried = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } });
      assert.equal(retried.api?.status, 'RELEASED');
      assert.equal(cd.reports().filter((r) => r.accepted).length, 1);
    });

    it('answers NOT_FOUND for a group with nothing parked', async () => {
      const out = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { worker: 'SUCCESS' } });
      assert.equal(out.worker?.status, 'NOT_FOUND');
      assert.equal(cd.reports().length, 0);
    });
  });
});

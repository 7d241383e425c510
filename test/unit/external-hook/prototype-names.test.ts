import { strict as assert } from 'node:assert';
import { BatchGetDeploymentsCommand, CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { type ApiProxyEvent, createApiHandler, HookStore, parseStage, validateResults } from '../../../src/external-hook/index.js';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

function item(group: string, deploymentId: string) {
  return {
    hookKey: { S: `shop#${group}#BeforeAllowTraffic` },
    deploymentId: { S: deploymentId },
    app: { S: 'shop' },
    group: { S: group },
    lifecycleEvent: { S: 'BeforeAllowTraffic' },
    executionId: { S: `exec-${deploymentId}` },
    status: { S: 'PARKED' },
    parkedAt: { S: new Date().toISOString() },
    expiresAt: { N: String(Math.floor(Date.now() / 1000) + 600) },
  };
}

describe('Catalogue: names that Object.prototype also has (__proto__, constructor, toString, …)', () => {
  const ddb = mockClient(DynamoDBClient);
  const cd = mockClient(CodeDeployClient);
  const store = new HookStore({ tableName: 'hooks', clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({}) } });
  const handler = createApiHandler({ store });
  beforeEach(() => {
    ddb.reset();
    cd.reset();
  });

  for (const name of PROTOTYPE_NAMES) {
    it(`'${name}' is not a stage (400, no AWS call)`, async () => {
      assert.throws(() => parseStage(name), /is not a known stage/);
      const ev: ApiProxyEvent = { httpMethod: 'POST', path: `/deployments/shop/${name}`, body: '{"deploymentGroupNames":["api"]}' };
      const result = await handler(ev);
      assert.equal(result.statusCode, 400, result.body);
      assert.equal(ddb.calls().length + cd.calls().length, 0);
    });

    it(`'${name}' as a deployment group is an ordinary group: listed and released like any other`, async () => {
      ddb.on(QueryCommand).resolves({ Items: [item(name, 'd-AAAAAAAAA')] });
      cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
      ddb.on(UpdateItemCommand).resolves({});
      cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
      const listed = await handler({
        httpMethod: 'POST',
        path: '/deployments/shop/PRE_TRAFFIC',
        body: JSON.stringify({ deploymentGroupNames: [name, 'api'] }),
      });
      assert.equal(listed.statusCode, 200);
      const deployments = JSON.parse(listed.body).deployments;
      assert.ok(Object.hasOwn(deployments, name), `the hook of '${name}' is listed`);
      assert.equal(deployments[name].deploymentId, 'd-AAAAAAAAA');
      const released = await handler({
        httpMethod: 'DELETE',
        path: '/deployments/shop/PRE_TRAFFIC',
        body: `{"deploymentTests":{${JSON.stringify(name)}:"SUCCESS"}}`,
      });
      assert.equal(released.statusCode, 204, released.body);
      assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 1);
    });
  }

  it('a results map keyed __proto__ (as JSON.parse makes it) is one own entry, not a prototype', () => {
    const results = validateResults(JSON.parse('{"__proto__":"FAILURE","api":"SUCCESS"}'), 'results');
    assert.deepEqual(Object.keys(results).sort(), ['__proto__', 'api']);
    assert.equal(Object.getPrototypeOf(results), null);
    assert.equal(Object.getOwnPropertyDescriptor(results, '__proto__')?.value, 'FAILURE');
  });

  it('a group missing from the store is NOT_FOUND even when its name is inherited by plain objects', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const results = JSON.parse('{"constructor":"SUCCESS"}') as Record<string, 'SUCCESS'>;
    const out = await store.release({ app: 'shop', stage: 'PRE_TRAFFIC', results });
    assert.equal(Object.getOwnPropertyDescriptor(out, 'constructor')?.value?.status, 'NOT_FOUND');
    assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 0);
  });
});

describe('Function: createApiHandler — allowedCallers (defence in depth besides IAM)', () => {
  const ddb = mockClient(DynamoDBClient);
  const cd = mockClient(CodeDeployClient);
  const store = new HookStore({ tableName: 'hooks', clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({}) } });
  const handler = createApiHandler({ store, allowedCallers: { shop: ['arn:aws:iam::123456789012:role/ci/shop-ci'] } });
  beforeEach(() => {
    ddb.reset();
    cd.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
  });
  const ev = (app: string, userArn: string | null): ApiProxyEvent => ({
    httpMethod: 'POST',
    path: `/deployments/${app}/PRE_TRAFFIC`,
    body: '{"deploymentGroupNames":["api"]}',
    requestContext: { identity: { userArn } },
  });

  it("an assumed-role session of an allowed role passes (API Gateway's $context.identity.userArn is the STS session ARN)", async () => {
    const result = await handler(ev('shop', 'arn:aws:sts::123456789012:assumed-role/shop-ci/github-run-42'));
    assert.equal(result.statusCode, 200, result.body);
  });

  for (const [what, app, arn] of [
    ['another role of the same account', 'shop', 'arn:aws:sts::123456789012:assumed-role/billing-ci/run'],
    ['the same role name in another account', 'shop', 'arn:aws:sts::999999999999:assumed-role/shop-ci/run'],
    ['an application that is not listed', 'billing', 'arn:aws:sts::123456789012:assumed-role/shop-ci/run'],
    ['no identity at all', 'shop', null],
  ] as const) {
    it(`refuses ${what} with 403 before any AWS call`, async () => {
      const result = await handler(ev(app, arn));
      assert.equal(result.statusCode, 403, result.body);
      assert.match(JSON.parse(result.body).message, /may not list or release hooks/);
      assert.equal(ddb.calls().length + cd.calls().length, 0);
    });
  }

  it('a malformed allow-list is a ConfigError at creation', () => {
    assert.throws(() => createApiHandler({ store, allowedCallers: { shop: ['shop-ci'] } }), /IAM role or user ARNs/);
  });
});

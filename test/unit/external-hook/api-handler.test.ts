import { strict as assert } from 'node:assert';
import { BatchGetDeploymentsCommand, CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { type ApiProxyEvent, createApiHandler, HookStore } from '../../../src/external-hook/index.js';

const PATH = '/deployments/shop/PRE_TRAFFIC';
const future = () => String(Math.floor(Date.now() / 1000) + 600);

function item(group: string, deploymentId: string, status = 'PARKED') {
  return {
    hookKey: { S: `shop#${group}#BeforeAllowTraffic` },
    deploymentId: { S: deploymentId },
    app: { S: 'shop' },
    group: { S: group },
    lifecycleEvent: { S: 'BeforeAllowTraffic' },
    executionId: { S: `exec-${group}` },
    status: { S: status },
    parkedAt: { S: new Date().toISOString() },
    expiresAt: { N: future() },
  };
}

describe('Function: createApiHandler', () => {
  const ddb = mockClient(DynamoDBClient);
  const cd = mockClient(CodeDeployClient);
  const store = new HookStore({ tableName: 'hooks', clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({}) } });
  const handler = createApiHandler({ store });
  const calls = () => ddb.calls().length + cd.calls().length;
  beforeEach(() => {
    ddb.reset();
    cd.reset();
  });

  const ev = (over: Partial<ApiProxyEvent>): ApiProxyEvent => ({
    httpMethod: 'POST',
    path: PATH,
    body: '{"deploymentGroupNames":["api"]}',
    ...over,
  });

  describe('Catalogue: malformed requests are answered 400 with a message and no AWS call', () => {
    const manyGroups = JSON.stringify({ deploymentGroupNames: Array.from({ length: 51 }, (_, i) => `g${i}`) });
    const cases: [string, Partial<ApiProxyEvent>][] = [
      ['missing body (POST)', { body: null }],
      ['missing body (DELETE)', { httpMethod: 'DELETE', body: null }],
      ['empty body', { body: '' }],
      ['bad JSON', { body: '{"deploymentGroupNames": [' }],
      ['JSON that is an array', { body: '["api"]' }],
      ['JSON that is a string', { body: '"api"' }],
      ['JSON null', { body: 'null' }],
      ['deploymentGroupNames missing', { body: '{}' }],
      ['deploymentGroupNames is a string', { body: '{"deploymentGroupNames":"api"}' }],
      ['deploymentGroupNames is empty', { body: '{"deploymentGroupNames":[]}' }],
      ['deploymentGroupNames holds a number', { body: '{"deploymentGroupNames":[42]}' }],
      ['deploymentGroupNames holds null', { body: '{"deploymentGroupNames":[null]}' }],
      ['huge group list (51 groups)', { body: manyGroups }],
      ['group name with a double quote', { body: JSON.stringify({ deploymentGroupNames: ['api"; drop'] }) }],
      ['group name with a single quote', { body: JSON.stringify({ deploymentGroupNames: ["api'"] }) }],
      ['group name with unicode', { body: JSON.stringify({ deploymentGroupNames: ['api-ü'] }) }],
      ['group name with an emoji', { body: JSON.stringify({ deploymentGroupNames: ['api🚀'] }) }],
      ['group name too long (101 chars)', { body: JSON.stringify({ deploymentGroupNames: ['a'.repeat(101)] }) }],
      ['empty group name', { body: '{"deploymentGroupNames":[""]}' }],
      ['duplicate group names', { body: '{"deploymentGroupNames":["api","api"]}' }],
      ['unknown body key', { body: '{"deploymentGroupNames":["api"],"force":true}' }],
      ['deploymentId malformed', { body: '{"deploymentGroupNames":["api"],"deploymentId":"12345"}' }],
      ['deploymentId not a string', { body: '{"deploymentGroupNames":["api"],"deploymentId":7}' }],
      ['unknown stage', { path: '/deployments/shop/MID_TRAFFIC' }],
      ['stage in the wrong case', { path: '/deployments/shop/pre_traffic' }],
      ['application name with a quote', { path: `/deployments/${encodeURIComponent('sh"op')}/PRE_TRAFFIC` }],
      ['application name with unicode', { path: `/deployments/${encodeURIComponent('shöp')}/PRE_TRAFFIC` }],
      ['broken percent-encoding in the path', { path: '/deployments/sh%E0%A4%A/PRE_TRAFFIC' }],
      ['body larger than 16 KiB', { body: JSON.stringify({ deploymentGroupNames: ['api'], pad: 'x'.repeat(17_000) }) }],
      ['wrong content type', { headers: { 'Content-Type': 'text/plain' } }],
      ['base64 body that is not JSON', { isBase64Encoded: true, body: Buffer.from('not json').toString('base64') }],
      ['DELETE without deploymentTests', { httpMethod: 'DELETE', body: '{"deploymentGroupNames":["api"]}' }],
      ['DELETE deploymentTests is an array', { httpMethod: 'DELETE', body: '{"deploymentTests":["api"]}' }],
      ['DELETE result not SUCCESS/FAILURE', { httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"PASSED"}}' }],
      ['DELETE result in lower case', { httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"success"}}' }],
      ['DELETE result is a boolean', { httpMethod: 'DELETE', body: '{"deploymentTests":{"api":true}}' }],
      ['DELETE empty deploymentTests', { httpMethod: 'DELETE', body: '{"deploymentTests":{}}' }],
      ['DELETE group name with a quote', { httpMethod: 'DELETE', body: '{"deploymentTests":{"a\\"b":"SUCCESS"}}' }],
      ['DELETE unknown key', { httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"SUCCESS"},"all":true}' }],
      ['not a proxy event (no httpMethod)', { httpMethod: undefined as unknown as string }],
    ];
    it(`has at least 25 cases (${cases.length})`, () => assert.ok(cases.length >= 25));
    for (const [name, over] of cases) {
      it(`400: ${name}`, async () => {
        const result = await handler(ev(over));
        assert.equal(result.statusCode, 400, result.body);
        const message = JSON.parse(result.body).message;
        assert.equal(typeof message, 'string');
        assert.ok(message.length > 10, message);
        assert.equal(calls(), 0);
      });
    }
  });

  it('405 with Allow for other methods, 404 for other paths (no AWS call)', async () => {
    const r1 = await handler(ev({ httpMethod: 'GET' }));
    assert.equal(r1.statusCode, 405);
    assert.equal(r1.headers.Allow, 'POST, DELETE');
    const r2 = await handler(ev({ path: '/hooks' }));
    assert.equal(r2.statusCode, 404);
    assert.equal(calls(), 0);
  });

  it('POST lists ready hooks in the code-deploy-external-hook shape, omitting groups with nothing ready', async () => {
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'shop#api#BeforeAllowTraffic' } } })
      .resolves({ Items: [item('api', 'd-AAAAAAAAA')] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'shop#worker#BeforeAllowTraffic' } } }).resolves({ Items: [] });
    cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
    const result = await handler(ev({ body: '{"deploymentGroupNames":["api","worker"]}' }));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body), {
      deployments: {
        api: { id: 'shop/api/BeforeAllowTraffic/d-AAAAAAAAA', deploymentId: 'd-AAAAAAAAA', lifecycleEventHookExecutionId: 'exec-api' },
      },
    });
  });

  it('accepts an ECS lifecycle event name as the stage and a deploymentId filter', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await handler(
      ev({ path: '/deployments/shop/AfterAllowTestTraffic', body: '{"deploymentGroupNames":["api"],"deploymentId":"d-AAAAAAAAA"}' }),
    );
    assert.equal(result.statusCode, 200);
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    assert.equal(query?.ExpressionAttributeValues?.[':pk']?.S, 'shop#api#AfterAllowTestTraffic');
    assert.equal(query?.ExpressionAttributeValues?.[':sk']?.S, 'd-AAAAAAAAA');
  });

  it('DELETE answers 204 when every group was released', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item('api', 'd-AAAAAAAAA')] });
    cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
    ddb.on(UpdateItemCommand).resolves({});
    cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    const result = await handler(ev({ httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"SUCCESS"}}' }));
    assert.equal(result.statusCode, 204);
    assert.equal(result.body, '');
  });

  it('DELETE answers 409 with per-group results for an already released hook: ALREADY_RELEASED for the same result, CONFLICT with actualResult for the other', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...item('api', 'd-AAAAAAAAA', 'RELEASED'), result: { S: 'SUCCESS' } }] });
    cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
    const same = await handler(ev({ httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"SUCCESS"}}' }));
    assert.equal(same.statusCode, 409);
    assert.equal(JSON.parse(same.body).results.api.status, 'ALREADY_RELEASED');
    const other = await handler(ev({ httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"FAILURE"}}' }));
    assert.equal(other.statusCode, 409);
    assert.deepEqual(
      { status: JSON.parse(other.body).results.api.status, actualResult: JSON.parse(other.body).results.api.actualResult },
      { status: 'CONFLICT', actualResult: 'SUCCESS' },
    );
    assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 0);
  });

  it('DELETE answers 404 per group when some groups have nothing parked, releasing the others', async () => {
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'shop#api#BeforeAllowTraffic' } } })
      .resolves({ Items: [item('api', 'd-AAAAAAAAA')] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'shop#worker#BeforeAllowTraffic' } } }).resolves({ Items: [] });
    cd.on(BatchGetDeploymentsCommand).resolves({ deploymentsInfo: [{ deploymentId: 'd-AAAAAAAAA', status: 'InProgress' }] });
    ddb.on(UpdateItemCommand).resolves({});
    cd.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    const result = await handler(ev({ httpMethod: 'DELETE', body: '{"deploymentTests":{"api":"SUCCESS","worker":"SUCCESS"}}' }));
    assert.equal(result.statusCode, 404);
    const body = JSON.parse(result.body);
    assert.equal(body.results.api.status, 'RELEASED');
    assert.equal(body.results.worker.status, 'NOT_FOUND');
    assert.equal(cd.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 1);
  });

  it('answers 500 with a message (not a crash) when DynamoDB fails', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    const result = await handler(ev({}));
    assert.equal(result.statusCode, 500);
    assert.match(JSON.parse(result.body).message, /dynamodb:Query on table hooks failed/);
  });
});

/**
 * infra/template.yaml as CloudFormation actually deploys it: translated locally by the AWS SAM translator (the
 * library behind CloudFormation's AWS::Serverless-2016-10-31 transform, pinned in test/support/requirements-moto.txt)
 * and asserted on the generated resources — not on the SAM shorthand, whose defaults are where the defects hide:
 *
 * - SAM's default InvokeRole for AWS_IAM is CALLER_CREDENTIALS, translated to integration credentials
 *   `arn:aws:iam::*:user/*` (the "ApiAuth" page of the AWS SAM Developer Guide; aws/serverless-application-model#923):
 *   API Gateway would then call the function with the CI role's credentials. `InvokeRole: NONE` must remove them and
 *   leave invocation to an AWS::Lambda::Permission for apigateway.amazonaws.com.
 * - The roles' actions are compared with the `IAM:` lines of the code the functions run (scripts/gen-iam-doc.mjs
 *   collects them; the same lines generate docs/iam.md), so a call added to the code without a grant fails here.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collectIam } from '../../../scripts/gen-iam-doc.mjs';
import { API_ROUTES } from '../../../src/external-hook/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const python = `${root}.venv-moto/bin/python`;

// biome-ignore lint/suspicious/noExplicitAny: the translated template is walked structurally; a wrong path fails an assertion.
type Json = Record<string, any>;

/** Names of the Fn::Sub variables in the client policy ARNs. */
const SUB: Record<string, string> = {
  P: 'AWS::Partition',
  R: 'AWS::Region',
  A: 'AWS::AccountId',
  I: 'HookApiId',
  S: 'StageName',
  N: 'ApplicationName',
};

function translate(file: string, parameters: Record<string, string> = {}): Json {
  const args = [`${root}test/support/sam-translate.py`, `${root}${file}`, ...Object.entries(parameters).map(([k, v]) => `${k}=${v}`)];
  const result = spawnSync(python, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `the SAM translator failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as Json;
}

/** The actions the `IAM:` lines of these functions/methods name. */
function iamOf(...names: string[]): string[] {
  const entries = collectIam();
  const actions = names.flatMap((name) => {
    const entry = entries.find((e: { name: string }) => e.name === name);
    assert.ok(entry, `no IAM: line for ${name}`);
    return entry.actions as string[];
  });
  return [...new Set(actions)].sort();
}

function statementsOf(resource: Json): Json[] {
  if (resource.Type === 'AWS::IAM::Role') return (resource.Properties.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement);
  if (resource.Type === 'AWS::IAM::ManagedPolicy') return resource.Properties.PolicyDocument.Statement;
  return [];
}

function actionsOf(resource: Json, prefixes = ['codedeploy:', 'dynamodb:']): string[] {
  const actions = statementsOf(resource).flatMap((s) => [s.Action].flat() as string[]);
  return [...new Set(actions.filter((a) => prefixes.some((p) => a.startsWith(p))))].sort();
}

describe('infra/template.yaml translated by the AWS SAM translator', function () {
  this.timeout(120_000);
  let template: Json;
  let resources: Json;

  before(() => {
    template = translate('infra/template.yaml', { ApplicationNamePattern: 'shop' });
    resources = template.Resources as Json;
  });

  it('leaves no SAM resource behind (the transform ran)', () => {
    const types = Object.values(resources).map((r) => (r as Json).Type as string);
    assert.ok(!types.some((t) => t.startsWith('AWS::Serverless::')), types.join(', '));
    assert.ok(types.includes('AWS::ApiGateway::RestApi') && types.includes('AWS::Lambda::Function'));
  });

  it('every API method uses AWS_IAM and a proxy integration without caller credentials', () => {
    const api = Object.values(resources).find((r) => (r as Json).Type === 'AWS::ApiGateway::RestApi') as Json;
    const paths = api.Properties.Body.paths as Json;
    const methods = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, op]) => ({ path, method: method.toUpperCase(), op: op as Json })),
    );
    assert.deepEqual(methods.map((m) => `${m.method} ${m.path}`).sort(), API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    assert.deepEqual(api.Properties.Body.securityDefinitions?.AWS_IAM?.['x-amazon-apigateway-authtype'], 'awsSigv4');
    for (const { method, path, op } of methods) {
      assert.deepEqual(op.security, [{ AWS_IAM: [] }], `${method} ${path} is not AWS_IAM-authorized`);
      const integration = op['x-amazon-apigateway-integration'] as Json;
      assert.equal(integration.type, 'aws_proxy');
      assert.equal(
        integration.credentials,
        undefined,
        `${method} ${path} integrates with credentials ${JSON.stringify(integration.credentials)} (caller credentials: the CI role would need lambda:InvokeFunction)`,
      );
      assert.match(JSON.stringify(integration.uri), /ApiFunction\.Arn/);
    }
  });

  it('without InvokeRole: NONE the translator does put caller credentials (the check above can fail)', () => {
    const without = translate('infra/template.yaml', { '--drop': 'Resources.HookApi.Properties.Auth.InvokeRole' });
    const api = Object.values(without.Resources as Json).find((r) => (r as Json).Type === 'AWS::ApiGateway::RestApi') as Json;
    const post = api.Properties.Body.paths['/deployments/{app}/{stage}'].post;
    assert.equal(post['x-amazon-apigateway-integration'].credentials, 'arn:aws:iam::*:user/*');
  });

  it('API Gateway may invoke the API function: an AWS::Lambda::Permission per route for apigateway.amazonaws.com', () => {
    const permissions = Object.values(resources).filter((r) => (r as Json).Type === 'AWS::Lambda::Permission') as Json[];
    assert.equal(permissions.length, API_ROUTES.length);
    for (const p of permissions) {
      assert.equal(p.Properties.Action, 'lambda:InvokeFunction');
      assert.equal(p.Properties.Principal, 'apigateway.amazonaws.com');
      assert.deepEqual(p.Properties.FunctionName, { Ref: 'ApiFunction' });
      assert.match(JSON.stringify(p.Properties.SourceArn), /execute-api:.*\/(POST|DELETE)\/deployments\//);
    }
  });

  it("the API role's CodeDeploy and DynamoDB actions are exactly what createApiHandler (HookStore.list + release) calls", () => {
    assert.deepEqual(iamOf('createApiHandler'), iamOf('HookStore.list', 'HookStore.release'));
    assert.deepEqual(actionsOf(resources.ApiFunctionRole), iamOf('createApiHandler'));
    assert.ok(actionsOf(resources.ApiFunctionRole).includes('codedeploy:BatchGetDeployments'));
  });

  it("the parking role's actions are exactly what createParkingHook calls", () => {
    assert.deepEqual(actionsOf(resources.ParkingFunctionRole), iamOf('createParkingHook'));
  });

  it('no statement anywhere has a wildcard action, and every resource is scoped', () => {
    const statements = Object.values(resources).flatMap((r) => statementsOf(r as Json));
    assert.ok(statements.length >= 7);
    for (const s of statements) {
      for (const action of [s.Action].flat()) assert.ok(!String(action).includes('*'), `wildcard action ${action} in ${s.Sid}`);
      for (const r of [s.Resource].flat()) assert.notEqual(JSON.stringify(r), '"*"', `statement ${s.Sid} has Resource "*"`);
    }
  });

  it("the client policy grants execute-api:Invoke on the application's own paths only", () => {
    const statements = statementsOf(resources.ClientPolicy);
    assert.deepEqual(
      statements.flatMap((s) => [s.Action].flat()),
      ['execute-api:Invoke'],
    );
    const arns = statements.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    assert.equal(arns.length, 2);
    for (const arn of arns) assert.match(arn, /\/prod\/(POST|DELETE)\/deployments\/\$\{ApplicationNamePattern\}\/\*/);
  });

  it('the parking function is never retried by Lambda: EventInvokeConfig MaximumRetryAttempts 0', () => {
    const configs = Object.values(resources).filter((r) => (r as Json).Type === 'AWS::Lambda::EventInvokeConfig') as Json[];
    assert.equal(configs.length, 1);
    assert.deepEqual(configs[0]?.Properties.FunctionName, { Ref: 'ParkingFunction' });
    assert.equal(configs[0]?.Properties.MaximumRetryAttempts, 0);
  });

  it('the API function gets its caller allow-list from the ApiCallers parameter', () => {
    assert.deepEqual(resources.ApiFunction.Properties.Environment.Variables.HOOK_API_CALLERS, { Ref: 'ApiCallers' });
  });
});

describe('infra/client-policy.yaml (one client policy per application) translated by the AWS SAM translator', function () {
  this.timeout(60_000);

  it('grants execute-api:Invoke on POST and DELETE /deployments/<that application>/* of the given API and nothing else', () => {
    const resources = translate('infra/client-policy.yaml', { HookApiId: 'abcdefghij', ApplicationName: 'shop' }).Resources as Json;
    const statements = statementsOf(resources.ClientPolicy);
    assert.deepEqual(
      statements.flatMap((s) => [s.Action].flat()),
      ['execute-api:Invoke'],
    );
    const arns = statements.flatMap((s) => [s.Resource].flat()).map((r) => (r as Json)['Fn::Sub'] as string);
    const sub = (method: string) =>
      `arn:$P:execute-api:$R:$A:$I/$S/${method}/deployments/$N/*`.replace(/\$([PRAISN])/g, (_, k: string) => `\${${SUB[k]}}`);
    assert.deepEqual(arns.sort(), [sub('DELETE'), sub('POST')]);
  });
});

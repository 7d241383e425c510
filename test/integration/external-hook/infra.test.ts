import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API_ROUTES, MAX_BODY_BYTES, MAX_GROUPS, NAME_PATTERN, STAGE_NAMES } from '../../../src/external-hook/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const python = `${root}.venv-moto/bin/python`;
const cfnLint = `${root}.venv-moto/bin/cfn-lint`;

/** Loads YAML with the pinned Python environment: CloudFormation YAML via cfn-lint's own decoder, plain YAML via PyYAML. */
function loadYaml(file: string, cloudFormation: boolean): Record<string, unknown> {
  const script = cloudFormation
    ? 'import json,sys\nfrom cfnlint.decode import cfn_yaml\nprint(json.dumps(cfn_yaml.load(sys.argv[1])))'
    : 'import json,sys,yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  const result = spawnSync(python, ['-c', script, file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML documents are walked structurally; a wrong path fails the assertion.
type Json = Record<string, any>;

describe('infra/: the CloudFormation (SAM) template and the OpenAPI document', function () {
  this.timeout(120_000);
  before(() => {
    assert.ok(existsSync(cfnLint), 'cfn-lint is missing: run `node scripts/ensure-moto.mjs` (it installs the pinned moto and cfn-lint)');
  });

  it('cfn-lint (pinned, from PyPI) validates infra/template.yaml and infra/client-policy.yaml with no error or warning', () => {
    const result = spawnSync(cfnLint, ['--format', 'parseable', `${root}infra/template.yaml`, `${root}infra/client-policy.yaml`], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, `cfn-lint found problems:\n${result.stdout}${result.stderr}`);
  });

  it('cfn-lint does fail on a broken template (the check can fail)', () => {
    const result = spawnSync(cfnLint, ['-'], {
      encoding: 'utf8',
      input:
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: SOMETIMES\n',
    });
    assert.notEqual(result.status, 0);
  });

  it('the OpenAPI document describes exactly the handler routes, stages and limits', () => {
    const doc = loadYaml(`${root}infra/openapi.yaml`, false) as Json;
    const documented = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(method))
        .map(
          ([method, op]) =>
            `${method.toUpperCase()} ${path} ${(op as Json).operationId} ${Object.keys((op as Json).responses).find((c) => c.startsWith('2'))}`,
        ),
    );
    assert.deepEqual(documented.sort(), API_ROUTES.map((r) => `${r.method} ${r.path} ${r.operationId} ${r.successStatus}`).sort());
    const params = (doc.paths as Json)['/deployments/{app}/{stage}'].parameters as Json[];
    assert.deepEqual(params.find((p) => p.name === 'stage')?.schema.enum, [...STAGE_NAMES]);
    const schemas = doc.components.schemas as Json;
    assert.equal(schemas.Name.pattern, NAME_PATTERN.source);
    assert.equal(schemas.ListHooksBody.properties.deploymentGroupNames.maxItems, MAX_GROUPS);
    assert.equal(schemas.ReleaseHooksBody.properties.deploymentTests.maxProperties, MAX_GROUPS);
    assert.deepEqual(Object.keys(schemas.ListHooksBody.properties).sort(), ['deploymentGroupNames', 'deploymentId']);
    assert.deepEqual(Object.keys(schemas.ReleaseHooksBody.properties).sort(), ['deploymentId', 'deploymentTests']);
    assert.ok(MAX_BODY_BYTES > 0);
  });

  it('the template wires exactly the handler routes with AWS_IAM authorization', () => {
    const template = loadYaml(`${root}infra/template.yaml`, true) as Json;
    const resources = template.Resources as Json;
    assert.equal(resources.HookApi.Properties.Auth.DefaultAuthorizer, 'AWS_IAM');
    const events = Object.values(resources.ApiFunction.Properties.Events as Json).map(
      (e) => `${(e as Json).Properties.Method.toUpperCase()} ${(e as Json).Properties.Path}`,
    );
    assert.deepEqual(events.sort(), API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('is least-privilege: no wildcard actions, resources scoped to the table, CodeDeploy, logs and the API', () => {
    const template = loadYaml(`${root}infra/template.yaml`, true) as Json;
    const resources = template.Resources as Json;
    const statements: Json[] = [];
    for (const resource of Object.values(resources) as Json[]) {
      if (resource.Type === 'AWS::IAM::Role')
        for (const p of resource.Properties.Policies ?? []) statements.push(...p.PolicyDocument.Statement);
      if (resource.Type === 'AWS::IAM::ManagedPolicy') statements.push(...resource.Properties.PolicyDocument.Statement);
      if (resource.Type === 'AWS::Serverless::Function') assert.ok(resource.Properties.Role, 'every function has its own explicit role');
    }
    assert.ok(statements.length >= 7);
    for (const s of statements) {
      for (const action of [s.Action].flat()) assert.ok(!String(action).includes('*'), `wildcard action ${action}`);
      for (const r of [s.Resource].flat()) {
        const text = JSON.stringify(r);
        assert.notEqual(text, '"*"', `statement ${s.Sid} has Resource "*"`);
        assert.match(text, /HookTable|codedeploy:|LogGroup|execute-api:/, `statement ${s.Sid} resource ${text}`);
      }
    }
    assert.match(resources.ParkingFunction.Properties.FunctionName['Fn::Sub'], /^CodeDeployHook_/);
    assert.deepEqual(resources.HookTable.Properties.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true });
    assert.deepEqual(Object.keys(template.Outputs).sort(), [
      'ApiUrl',
      'ClientPolicyArn',
      'HookApiId',
      'HookTableName',
      'ParkingFunctionArn',
    ]);
  });
});

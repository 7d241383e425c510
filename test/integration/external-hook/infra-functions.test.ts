/**
 * infra/functions built the way infra/template.yaml deploys them and executed.
 *
 * `sam build` with `BuildMethod: esbuild` installs infra/functions/package.json's dependencies and bundles each
 * function's `EntryPoints` with esbuild: `--bundle --platform=node`, the function's `BuildProperties` (Format, Target,
 * OutExtension, External, MainFields — default `main,module` —, Minify — default true) ("Building Node.js Lambda
 * functions with esbuild in AWS SAM", AWS SAM Developer Guide). This test reads those properties from the template,
 * bundles the real entry files with the same esbuild options — `bluegreen-toolkit` resolved to this repository's
 * sources, the AWS SDK clients from its node_modules, which is what the npm install provides — and imports the bundles
 * as Lambda would (ESM, handler export), with the environment the template sets and the SDK pointed at moto and the
 * CodeDeploy double through AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_CODEDEPLOY. Nothing in the functions changes.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import type { ApiProxyEvent, ApiProxyResult } from '../../../src/external-hook/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { createLambdaApp } from '../../support/codedeploy-fixtures.js';
import { createHookTable, startHookedDeployment, until } from '../../support/hook-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TABLE = 'bluegreen-hooks';

// biome-ignore lint/suspicious/noExplicitAny: the template is walked structurally.
type Json = Record<string, any>;

function template(): Json {
  const script = 'import json,sys\nfrom cfnlint.decode import cfn_yaml\nprint(json.dumps(cfn_yaml.load(sys.argv[1])))';
  const result = spawnSync(`${root}.venv-moto/bin/python`, ['-c', script, `${root}infra/template.yaml`], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Json;
}

/** Bundles one function as `sam build` does, into `outdir`; returns the handler module's path. */
async function samEsbuild(resource: Json, outdir: string): Promise<string> {
  assert.equal(resource.Metadata?.BuildMethod, 'esbuild');
  const props = resource.Metadata.BuildProperties as Json;
  const codeUri = join(root, 'infra', resource.Properties.CodeUri as string);
  const outExtension = Object.fromEntries(((props.OutExtension ?? []) as string[]).map((e) => e.split('=') as [string, string]));
  await build({
    entryPoints: (props.EntryPoints as string[]).map((e) => join(codeUri, e)),
    bundle: true,
    platform: 'node',
    format: props.Format ?? 'cjs',
    target: props.Target ?? 'es2020',
    minify: props.Minify ?? true,
    mainFields: String(props.MainFields ?? 'main,module').split(','),
    external: props.External ?? [],
    outExtension,
    outdir,
    // What `npm install` in infra/functions provides: the package (here: this repository's sources) and its peers.
    alias: { 'bluegreen-toolkit': join(root, 'src') },
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'silent',
  });
  const [file, exported] = String(resource.Properties.Handler).split('.') as [string, string];
  assert.equal(exported, 'handler');
  return join(outdir, `${file}${outExtension['.js'] ?? '.js'}`);
}

describe('infra/functions: bundled as `sam build` does and executed (DynamoDB on moto, the CodeDeploy double)', function () {
  this.timeout(180_000);
  const aws = useEmulator({ resetEach: false });
  let cd: CodeDeployDouble;
  let codedeploy: CodeDeployClient;
  let dynamodb: DynamoDBClient;
  let outdir: string;
  let park: (event: unknown, context: unknown) => Promise<unknown>;
  let api: (event: ApiProxyEvent) => Promise<ApiProxyResult>;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 30_000, lambdaTimeoutMs: 30_000 });
    codedeploy = new CodeDeployClient(cd.clientConfig());
    dynamodb = new DynamoDBClient(aws.clientConfig());
    await createHookTable(dynamodb, TABLE);
    await createLambdaApp(codedeploy, 'shop', 'api', { rollback: false });
    const resources = template().Resources as Json;
    outdir = mkdtempSync(join(tmpdir(), 'bluegreen-functions-'));
    const parkFile = await samEsbuild(resources.ParkingFunction, join(outdir, 'park'));
    const apiFile = await samEsbuild(resources.ApiFunction, join(outdir, 'api'));
    const globals = (template().Globals.Function.Environment.Variables ?? {}) as Json;
    const env: Record<string, string> = {
      HOOK_TABLE: TABLE, // !Ref HookTable
      HOOK_TIMEOUT_SECONDS: '60', // !Ref HookTimeoutSeconds
      HOOK_API_CALLERS: '{}', // the ApiCallers default
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL_DYNAMODB: aws.endpoint(),
      AWS_ENDPOINT_URL_CODEDEPLOY: cd.endpoint,
    };
    assert.deepEqual(Object.keys(globals).sort(), ['HOOK_TABLE', 'HOOK_TIMEOUT_SECONDS']);
    assert.deepEqual(Object.keys(resources.ApiFunction.Properties.Environment.Variables), ['HOOK_API_CALLERS']);
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    // Lambda loads the handler module once per environment (ESM: import).
    park = (await import(pathToFileURL(parkFile).href)).handler;
    api = (await import(pathToFileURL(apiFile).href)).handler;
    assert.doesNotMatch(readFileSync(parkFile, 'utf8'), /from ?["']bluegreen-toolkit/, 'bluegreen-toolkit is bundled, not left to resolve');
    cd.registerFunction('CodeDeployHook_bluegreen_park', park as never);
  });

  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    codedeploy?.destroy();
    dynamodb?.destroy();
    await cd?.stop();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('the parking function parks the hook; the API function lists and releases it with the calls its role allows', async () => {
    const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', 'CodeDeployHook_bluegreen_park');
    await until(() => cd.invocations().some((i) => i.event.DeploymentId === deploymentId && i.outcome !== 'pending'), 10_000, 'parking');
    const parked = cd.invocations().find((i) => i.event.DeploymentId === deploymentId);
    assert.equal(parked?.outcome, 'resolved', String(parked?.error));
    assert.equal((parked?.value as { status?: string } | undefined)?.status, 'PARKED');
    const items = (await dynamodb.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
    assert.deepEqual(
      items.map((i) => [i.hookKey?.S, i.deploymentId?.S, i.executionId?.S, i.status?.S]),
      [['shop#api#BeforeAllowTraffic', deploymentId, executionId, 'PARKED']],
    );

    const before = cd.requests().length;
    // An API Gateway REST (proxy) event for /deployments/shop/PRE_TRAFFIC from the CI role.
    const event = (httpMethod: 'POST' | 'DELETE', body: unknown) => ({
      httpMethod,
      path: '/deployments/shop/PRE_TRAFFIC',
      resource: '/deployments/{app}/{stage}',
      pathParameters: { app: 'shop', stage: 'PRE_TRAFFIC' },
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      requestContext: { identity: { userArn: 'arn:aws:sts::123456789012:assumed-role/shop-ci/run-1' } },
    });
    const listed = await api(event('POST', { deploymentGroupNames: ['api'] }));
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(JSON.parse(listed.body).deployments.api, {
      id: `shop/api/BeforeAllowTraffic/${deploymentId}`,
      deploymentId,
      lifecycleEventHookExecutionId: executionId,
    });
    const released = await api(event('DELETE', { deploymentTests: { api: 'SUCCESS' } }));
    assert.equal(released.statusCode, 204, released.body);
    assert.equal((await cd.waitForDeployment(deploymentId)).status, 'Succeeded');
    assert.deepEqual(
      cd.reports().map((r) => [r.lifecycleEventHookExecutionId, r.status, r.accepted]),
      [[executionId, 'Succeeded', true]],
    );
    // Every CodeDeploy call the API function made is granted to its role by the template.
    const granted = new Set(
      (template().Resources.ApiFunctionRole.Properties.Policies as Json[])
        .flatMap((p) => p.PolicyDocument.Statement as Json[])
        .flatMap((s) => [s.Action].flat() as string[]),
    );
    const called = [
      ...new Set(
        cd
          .requests()
          .slice(before)
          .map((r) => `codedeploy:${r.operation}`),
      ),
    ].sort();
    assert.deepEqual(called, ['codedeploy:BatchGetDeployments', 'codedeploy:PutLifecycleEventHookExecutionStatus']);
    for (const action of called) assert.ok(granted.has(action), `${action} is not granted to ApiFunctionRole`);
  });
});

import { strict as assert } from 'node:assert';
import { build } from 'esbuild';

// Small cold starts: a hook Lambda bundling `bluegreen-toolkit/hooks` or `/codedeploy` must pull in the CodeDeploy
// client only (the ECS service deployment tools live in their own subpath for that reason).
async function sdkClients(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const packages = Object.keys(result.metafile.inputs).map((p) => /node_modules\/(@aws-sdk\/client-[^/]+)/.exec(p)?.[1]);
  return [...new Set(packages.filter((p): p is string => p !== undefined))].sort();
}

describe('Subpaths: hooks, codedeploy and ecs-deployment bundle only their own SDK client', function () {
  this.timeout(60_000);
  it('bluegreen-toolkit/hooks pulls in @aws-sdk/client-codedeploy only', async () => {
    assert.deepEqual(await sdkClients('src/hooks/index.ts'), ['@aws-sdk/client-codedeploy']);
  });
  it('bluegreen-toolkit/codedeploy pulls in @aws-sdk/client-codedeploy only', async () => {
    assert.deepEqual(await sdkClients('src/codedeploy/index.ts'), ['@aws-sdk/client-codedeploy']);
  });
  it('bluegreen-toolkit/ecs-deployment pulls in @aws-sdk/client-ecs only', async () => {
    assert.deepEqual(await sdkClients('src/ecs-deployment/index.ts'), ['@aws-sdk/client-ecs']);
  });
});

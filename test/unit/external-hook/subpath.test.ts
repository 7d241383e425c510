import { strict as assert } from 'node:assert';
import { build } from 'esbuild';
import { sdkClientsInBundle } from '../../support/bundle-clients.js';

describe('Subpath: bluegreen-toolkit/external-hook', function () {
  this.timeout(60_000);
  it('bundles only the DynamoDB and CodeDeploy clients (a parking Lambda stays small)', async () => {
    assert.deepEqual(await sdkClientsInBundle('src/external-hook/index.ts'), ['@aws-sdk/client-codedeploy', '@aws-sdk/client-dynamodb']);
  });
  it('the `bluegreen hooks` CLI module loads no SDK client until a command runs', async () => {
    const result = await build({
      entryPoints: ['src/cli/hooks.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      splitting: true,
      outdir: '/tmp/bluegreen-cli-split',
      logLevel: 'silent',
    });
    const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === 'src/cli/hooks.ts');
    assert.ok(entry);
    const eager = Object.keys(entry[1].inputs);
    assert.ok(
      eager.every((p) => !p.includes('@aws-sdk/client-')),
      eager.filter((p) => p.includes('@aws-sdk')).join(', '),
    );
  });
});

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sdkClientsInBundle } from '../../support/bundle-clients.js';
import { PRIMARY_EXPORTS, subpathOverheads } from '../../support/bundle-overhead.js';

// Small cold starts (design.md): a hook importing a subpath's primary export carries at most 15 KB (minified) of this
// package over the bare SDK it uses, and no SDK client it does not construct. Method: test/support/bundle-overhead.ts
// (also printed by `npm run bench -- bundle`).
const TARGET_KB = 15;

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CLIENTS: Record<string, string[]> = {
  // AuroraTools constructs only the RDS client; the Application Auto Scaling client is AuroraScalingTools'.
  aurora: ['client-rds'],
  'aurora-events': ['client-rds'],
  cloudwatch: ['client-cloudwatch'],
  codedeploy: ['client-codedeploy'],
  dynamodb: ['client-dynamodb'],
  ecs: ['client-application-auto-scaling', 'client-ecs'],
  'ecs-deployment': ['client-ecs'],
  'ecs-task-sets': ['client-application-auto-scaling', 'client-ecs', 'client-elastic-load-balancing-v2'],
  eventbridge: ['client-eventbridge'],
  'external-hook': ['client-codedeploy', 'client-dynamodb'],
  hooks: ['client-codedeploy'],
  kinesis: ['client-kinesis'],
  lambda: ['client-lambda'],
  sns: ['client-sns'],
  sqs: ['client-sqs'],
};

describe('Subpaths: bundle overhead over the bare SDK (esbuild metafile)', function () {
  this.timeout(180_000);
  let figures: Awaited<ReturnType<typeof subpathOverheads>>;

  before(async () => {
    figures = await subpathOverheads(PRIMARY_EXPORTS, join(root, '.tmp', 'test-overhead'));
  });

  for (const subpath of Object.keys(CLIENTS)) {
    it(`bluegreen-toolkit/${subpath}: its primary export bundles only its own SDK clients and ≤ ${TARGET_KB} KB of overhead`, () => {
      const f = figures.find((x) => x.subpath === subpath);
      assert.ok(f, `${subpath} measured`);
      assert.deepEqual(
        f.clients,
        (CLIENTS[subpath] as string[]).map((c) => `@aws-sdk/${c}`),
      );
      const kb = f.overheadBytes / 1024;
      assert.ok(
        kb <= TARGET_KB,
        `${subpath}: ${kb.toFixed(2)} KB > ${TARGET_KB} KB; largest own modules: ${f.ownModules
          .slice(0, 5)
          .map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}`)
          .join(', ')}`,
      );
    });
  }

  it('bluegreen-toolkit/ecs does not even import the ELBv2 client (unbundled Node loads every module index.ts names)', async () => {
    assert.deepEqual(await sdkClientsInBundle(join(root, 'src', 'ecs', 'index.ts')), [
      '@aws-sdk/client-application-auto-scaling',
      '@aws-sdk/client-ecs',
    ]);
  });
});

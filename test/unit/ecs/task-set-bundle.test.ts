import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subpathOverhead } from '../../support/bundle-overhead.js';

// Small cold starts (design.md): a pipeline stage's hook imports EcsTaskSetDeployment and the one step it runs, so each
// step is measured as such a hook (method: test/support/bundle-overhead.ts; the subpath-overhead test measures the
// heaviest, deployGreen). Ceilings are measured + 0.5 KB where a hook is still over the 15 KB target (none is now).
const TARGET_KB = 15;
const CEILING_KB: Record<string, number> = {};
const STEPS = ['deployGreen', 'openTestTraffic', 'shiftTraffic', 'swap', 'cleanUp', 'rollback', 'deploymentStatus'];
const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('Subpath: bluegreen-toolkit/ecs-task-sets, one hook per step (esbuild metafile)', function () {
  this.timeout(180_000);
  for (const step of STEPS) {
    const limit = CEILING_KB[step] ?? TARGET_KB;
    it(`a hook importing EcsTaskSetDeployment and ${step} carries ≤ ${limit} KB over its bare SDK clients`, async () => {
      const f = await subpathOverhead('ecs-task-sets', `EcsTaskSetDeployment, ${step}`, join(root, '.tmp', 'test-overhead-task-sets'));
      const kb = f.overheadBytes / 1024;
      assert.ok(
        kb <= limit,
        `${step}: ${kb.toFixed(1)} KB > ${limit} KB; largest own modules: ${f.ownModules
          .slice(0, 5)
          .map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}`)
          .join(', ')}`,
      );
    });
  }
});

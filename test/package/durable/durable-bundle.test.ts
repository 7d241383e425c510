/**
 * Packaging of `bluegreen-toolkit/durable` (from the built package, `npm run build` first): loads from ESM and CJS,
 * and a bundled durable Lambda (esbuild, ESM) holds only the SDK clients of the services the flip uses, plus the
 * CodeDeploy client of the hook report and the Lambda client the durable SDK checkpoints through.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('Package: bluegreen-toolkit/durable', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(join(root, 'dist/esm/durable/index.js')), 'run `npm run build` first');
    // Inside the repository, so `bluegreen-toolkit/durable` resolves through the package's own exports map.
    dir = mkdtempSync(join(root, 'test/package/durable/.tmp-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads from ESM (import) and CJS (require) with its exports', () => {
    const esm = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('bluegreen-toolkit/durable'); console.log(Object.keys(m).sort().join(','))"],
      { cwd: root, encoding: 'utf8' },
    );
    const cjs = execFileSync(process.execPath, ['-e', "console.log(Object.keys(require('bluegreen-toolkit/durable')).sort().join(','))"], {
      cwd: root,
      encoding: 'utf8',
    });
    for (const names of [esm, cjs])
      for (const name of ['durableFlip', 'durableFlipOf', 'durableHookStarter', 'durableEcsLifecycleHook', 'getDurableFlipStatus'])
        assert.ok(names.split(',').includes(name), `${name} in ${names}`);
  });

  it('a bundled durable handler loads in a fresh process and holds only sqs + codedeploy (report) + lambda (checkpoints) clients', async () => {
    const entry = join(dir, 'handler.mjs');
    writeFileSync(
      entry,
      [
        "import { withDurableExecution } from '@aws/durable-execution-sdk-js';",
        "import { StackReference } from 'bluegreen-toolkit';",
        "import { durableFlipOf } from 'bluegreen-toolkit/durable';",
        "import { SqsTools } from 'bluegreen-toolkit/sqs';",
        "const sqs = new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } }, clientConfig: { region: 'eu-west-1' } });",
        'const flip = {',
        "  config: { region: 'eu-west-1', sqs: {} },",
        '  lease: () => undefined,',
        "  plan: async () => ({ steps: [{ name: 'sqs: purge blue queues', run: () => sqs.purgeQueues(StackReference.Blue) }], skip: [], notes: [] }),",
        '};',
        'export const handler = withDurableExecution(durableFlipOf(flip));',
      ].join('\n'),
    );
    const out = join(dir, 'bundle.mjs');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      outfile: out,
      metafile: true,
      logLevel: 'silent',
      // The SDK's CommonJS internals need `require` in an ESM bundle.
      banner: {
        js: "import { createRequire as __bgCreateRequire } from 'node:module'; const require = __bgCreateRequire(import.meta.url);",
      },
    });
    const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
    const clients = new Set(
      Object.entries(inputs)
        .filter(([, v]) => v.bytesInOutput > 0)
        .map(([p]) => /node_modules\/(@aws-sdk\/client-[^/]+)/.exec(p)?.[1])
        .filter((c): c is string => c !== undefined),
    );
    assert.deepEqual([...clients].sort(), ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda', '@aws-sdk/client-sqs']);
    const loaded = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(out)}); console.log(typeof m.handler)`],
      { encoding: 'utf8' },
    );
    assert.equal(loaded.trim(), 'function');
  });
});

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

/** esbuild (ESM, node22) of `entry` into `dir`: the bundle's path and the `@aws-sdk/client-*` packages with bytes in it. */
async function bundle(entry: string, name: string): Promise<{ out: string; clients: string[] }> {
  const out = join(entry, '..', name);
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
  return { out, clients: [...clients].sort() };
}

const loads = (out: string) =>
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(out)}); console.log(typeof m.handler)`],
    {
      encoding: 'utf8',
    },
  ).trim();

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
        "import { purgeQueues, SqsTools } from 'bluegreen-toolkit/sqs';",
        "const sqs = new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } }, clientConfig: { region: 'eu-west-1' } });",
        'const flip = {',
        "  config: { region: 'eu-west-1', sqs: {} },",
        '  lease: () => undefined,',
        "  plan: async () => ({ steps: [{ name: 'sqs: purge blue queues', run: () => purgeQueues(sqs, StackReference.Blue) }], skip: [], notes: [] }),",
        '};',
        'export const handler = withDurableExecution(durableFlipOf(flip));',
      ].join('\n'),
    );
    const { out, clients } = await bundle(entry, 'bundle.mjs');
    assert.deepEqual(clients, ['@aws-sdk/client-codedeploy', '@aws-sdk/client-lambda', '@aws-sdk/client-sqs']);
    assert.equal(loads(out), 'function');
  });

  it('the recommended bundled form, durableFlipOf(bluegreenFlipFromTools({ sqs, lambda, eventbridge })) with its lease per execution, holds exactly the SQS + Lambda + EventBridge stack clients and what the durable flip needs by design; the config form, durableFlip(config), holds every service', async () => {
    const entry = join(dir, 'sqs-lambda.mjs');
    writeFileSync(
      entry,
      [
        "import { withDurableExecution } from '@aws/durable-execution-sdk-js';",
        "import { DURABLE_LEASE_SECONDS, durableFlipOf } from 'bluegreen-toolkit/durable';",
        "import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch';",
        "import { bluegreenFlipFromTools, FlipLease } from 'bluegreen-toolkit/flip';",
        "import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';",
        "import { LambdaTools } from 'bluegreen-toolkit/lambda';",
        "import { SqsTools } from 'bluegreen-toolkit/sqs';",
        "const clientConfig = { region: 'eu-west-1' };",
        "const lambda = new LambdaTools({ functions: { blue: { functionName: 'worker-blue' }, green: { functionName: 'worker-green' } }, clientConfig });",
        'const flip = bluegreenFlipFromTools({',
        "  sqs: new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } }, clientConfig }),",
        '  lambda,',
        '  eventbridge: new EventBridgeTools({ lambda, clientConfig }),',
        '}, { queueMetrics: new QueueMetrics({ clientConfig }) });',
        'export const handler = withDurableExecution(durableFlipOf(flip, {',
        "  leaseFor: (arn) => new FlipLease({ tableName: 'bluegreen-locks', lockId: 'orders', leaseId: arn, leaseSeconds: DURABLE_LEASE_SECONDS, clientConfig }),",
        '}));',
      ].join('\n'),
    );
    const small = await bundle(entry, 'sqs-lambda.bundle.mjs');
    // The stack's services: client-sqs (SqsTools), client-lambda (LambdaTools: mappings), client-eventbridge
    // (EventBridgeTools: the rules that target the functions). By design of the durable flip: client-lambda also carries the
    // durable SDK's checkpoints, client-dynamodb is the lease's lock table (one flip per pair), client-cloudwatch is the
    // drain's NumberOfMessagesSent evidence, client-codedeploy is the hook report. Nothing else.
    assert.deepEqual(small.clients, [
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-codedeploy',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-eventbridge',
      '@aws-sdk/client-lambda',
      '@aws-sdk/client-sqs',
    ]);
    assert.equal(loads(small.out), 'function');

    // The config form loads whichever service a stack.json names, so the bundler has to ship them all.
    const configEntry = join(dir, 'config.mjs');
    writeFileSync(
      configEntry,
      [
        "import { withDurableExecution } from '@aws/durable-execution-sdk-js';",
        "import { durableFlip } from 'bluegreen-toolkit/durable';",
        "export const handler = withDurableExecution(durableFlip({ region: 'eu-west-1', sqs: { queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } } } }));",
      ].join('\n'),
    );
    const all = await bundle(configEntry, 'config.bundle.mjs');
    for (const client of ['@aws-sdk/client-rds', '@aws-sdk/client-ecs', '@aws-sdk/client-kinesis', '@aws-sdk/client-sns'])
      assert.ok(all.clients.includes(client), `${client} in the config form's bundle: ${all.clients.join(', ')}`);
  });
});

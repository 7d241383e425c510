import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledModules, bundleSource } from '../../support/bundle-overhead.js';

// Small cold starts: a flip hook built from tool instances (bluegreenFlipFromTools) bundles the SDK clients of the
// services it imports — plus the CloudWatch client the flip itself constructs to read a queue's NumberOfMessagesSent
// before it counts the queue as drained — and nothing else (no lease/DynamoDB unless a FlipLease is passed, no other
// service the config loader could load). Read from esbuild's metafile: the modules that contribute output bytes.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const src = (p: string) => JSON.stringify(join(root, 'src', p));
const out = join(root, '.tmp', 'test-flip-bundle');

async function clientsOf(name: string, source: string): Promise<string[]> {
  const { meta } = await bundleSource(name, source, { outDir: out });
  const packages = bundledModules(meta).map((m) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(m)?.[1]);
  return [...new Set(packages.filter((p): p is string => p !== undefined))].sort();
}

describe('Bundle: a flip hook built from tool instances', function () {
  this.timeout(120_000);

  it('with SqsTools only: the SQS client and the flip’s own CloudWatch client, nothing else', async () => {
    const clients = await clientsOf(
      'flip-sqs',
      `import { bluegreenFlipFromTools } from ${src('runbook/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools({ sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) });`,
    );
    assert.deepEqual(clients, ['client-cloudwatch', 'client-sqs']);
  });

  it('with LambdaStackTools only: exactly the clients LambdaStackTools constructs (Lambda, EventBridge, CloudWatch)', async () => {
    const clients = await clientsOf(
      'flip-lambda',
      `import { bluegreenFlipFromTools } from ${src('runbook/index.ts')};
import { LambdaStackTools } from ${src('lambda-stack/index.ts')};
export const flip = bluegreenFlipFromTools({ lambda: new LambdaStackTools({ functions: { blue: { functionName: 'f-blue' }, green: { functionName: 'f-green' } } }) });`,
    );
    assert.deepEqual(clients, ['client-cloudwatch', 'client-eventbridge', 'client-lambda']);
  });

  it('with a FlipLease passed: adds the DynamoDB client of the lock table', async () => {
    const clients = await clientsOf(
      'flip-sqs-lease',
      `import { bluegreenFlipFromTools, FlipLease } from ${src('runbook/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(
  { sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) },
  { lease: new FlipLease({ tableName: 'bluegreen-locks', lockId: 'orders' }) },
);`,
    );
    assert.deepEqual(clients, ['client-cloudwatch', 'client-dynamodb', 'client-sqs']);
  });
});

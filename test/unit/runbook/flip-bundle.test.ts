import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledModules, bundleSource } from '../../support/bundle-overhead.js';

// Small cold starts: a flip hook built from tool instances (bluegreenFlipFromTools) bundles the SDK clients of the
// tools it imports — the CloudWatch client only when the hook imports CloudWatchTools or QueueMetrics (the drain's
// NumberOfMessagesSent reader): the flip itself imports no client — and nothing else (no lease/DynamoDB unless a
// FlipLease is passed, no other service the config loader could load). Read from esbuild's metafile: the modules that contribute output bytes.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const src = (p: string) => JSON.stringify(join(root, 'src', p));
const out = join(root, '.tmp', 'test-flip-bundle');

async function clientsOf(name: string, source: string): Promise<string[]> {
  const { meta } = await bundleSource(name, source, { outDir: out });
  const packages = bundledModules(meta).map((m) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(m)?.[1]);
  return [...new Set(packages.filter((p): p is string => p !== undefined))].sort();
}

describe('Bundle: a flip hook built from tool instances (bluegreen-toolkit/flip)', function () {
  this.timeout(120_000);

  it('with SqsTools only (drain without the metric): exactly the SQS client', async () => {
    const clients = await clientsOf(
      'flip-sqs',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(
  { sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) },
  { drain: { sentMetric: false } },
);`,
    );
    assert.deepEqual(clients, ['client-sqs']);
  });

  it('the purge is bundled only when the hook passes it: SqsTools alone carries no PurgeQueue, operations.purgeQueues brings it', async () => {
    const commandsOf = async (name: string, source: string) =>
      bundledModules((await bundleSource(name, source, { outDir: out })).meta)
        .map((m) => /client-sqs\/dist-es\/commands\/([A-Za-z]+)Command\.js$/.exec(m)?.[1])
        .filter((c): c is string => c !== undefined);
    const tools = `{ sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) }`;
    const without = await commandsOf(
      'flip-sqs-nopurge',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(${tools}, { drain: { sentMetric: false } });`,
    );
    const withPurge = await commandsOf(
      'flip-sqs-purge',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { purgeQueues, SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(${tools}, { drain: { sentMetric: false }, purgeOldQueues: true, operations: { purgeQueues } });`,
    );
    assert.ok(without.includes('GetQueueAttributes') && !without.includes('PurgeQueue'), `without the purge: ${without.join(', ')}`);
    assert.ok(withPurge.includes('PurgeQueue'), `with operations.purgeQueues: ${withPurge.join(', ')}`);
  });

  it('with SqsTools and QueueMetrics (the drain’s NumberOfMessagesSent): the SQS and CloudWatch clients', async () => {
    const clients = await clientsOf(
      'flip-sqs-metrics',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { QueueMetrics } from ${src('cloudwatch/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(
  { sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) },
  { queueMetrics: new QueueMetrics() },
);`,
    );
    assert.deepEqual(clients, ['client-cloudwatch', 'client-sqs']);
  });

  it('with LambdaTools only: exactly the Lambda client (the rules and the stream rebind are other pieces)', async () => {
    const clients = await clientsOf(
      'flip-lambda',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { LambdaTools } from ${src('lambda/index.ts')};
export const flip = bluegreenFlipFromTools({ lambda: new LambdaTools({ functions: { blue: { functionName: 'f-blue' }, green: { functionName: 'f-green' } } }) });`,
    );
    assert.deepEqual(clients, ['client-lambda']);
  });

  it('with LambdaTools and EventBridgeTools (the rules that target the functions): the Lambda and EventBridge clients', async () => {
    const clients = await clientsOf(
      'flip-lambda-rules',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { EventBridgeTools } from ${src('eventbridge/index.ts')};
import { LambdaTools } from ${src('lambda/index.ts')};
const lambda = new LambdaTools({ functions: { blue: { functionName: 'f-blue' }, green: { functionName: 'f-green' } } });
export const flip = bluegreenFlipFromTools({ lambda, eventbridge: new EventBridgeTools({ lambda }) });`,
    );
    assert.deepEqual(clients, ['client-eventbridge', 'client-lambda']);
  });

  it('with SqsTools only: no Lambda code at all (the stream rebind is a function the hook passes, not the flip’s import)', async () => {
    const { meta } = await bundleSource(
      'flip-sqs-no-lambda',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(
  { sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) },
  { drain: { sentMetric: false } },
);`,
      { outDir: out },
    );
    assert.deepEqual(
      bundledModules(meta).filter((m) => /src\/(lambda|eventbridge)\//.test(m)),
      [],
    );
  });

  it('with a FlipLease passed: adds the DynamoDB client of the lock table', async () => {
    const clients = await clientsOf(
      'flip-sqs-lease',
      `import { bluegreenFlipFromTools, FlipLease } from ${src('flip/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools(
  { sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }) },
  { lease: new FlipLease({ tableName: 'bluegreen-locks', lockId: 'orders' }), drain: { sentMetric: false } },
);`,
    );
    assert.deepEqual(clients, ['client-dynamodb', 'client-sqs']);
  });

  it('with CloudWatchTools and SqsTools: only the commands the tools use, not every CloudWatch command', async () => {
    // A bundler that meets an import() of a module (the config path's loaders) wraps it and its SDK client whole.
    const { meta } = await bundleSource(
      'flip-sqs-cloudwatch',
      `import { bluegreenFlipFromTools } from ${src('flip/index.ts')};
import { CloudWatchTools } from ${src('cloudwatch/index.ts')};
import { SqsTools } from ${src('sqs/index.ts')};
export const flip = bluegreenFlipFromTools({
  sqs: new SqsTools({ queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } }),
  cloudwatch: new CloudWatchTools({ alarms: { blue: { prefix: 'b-' }, green: { prefix: 'g-' } } }),
});`,
      { outDir: out },
    );
    const commands = bundledModules(meta)
      .map((m) => /client-cloudwatch\/dist-es\/commands\/([A-Za-z]+)Command\.js$/.exec(m)?.[1])
      .filter((c): c is string => c !== undefined)
      .sort();
    assert.deepEqual(commands, ['DescribeAlarms', 'DisableAlarmActions', 'EnableAlarmActions', 'GetMetricData']);
  });

  it('with DynamoTools and a FlipLease: only the DynamoDB commands the two use, not every DynamoDB command', async () => {
    // The lease imports its client statically: an import() of it would make esbuild wrap client-dynamodb whole.
    const { meta } = await bundleSource(
      'flip-dynamodb-lease',
      `import { bluegreenFlipFromTools, FlipLease } from ${src('flip/index.ts')};
import { DynamoTools, resetTable } from ${src('dynamodb/index.ts')};
export const flip = bluegreenFlipFromTools(
  { dynamodb: new DynamoTools({ tables: { blue: { tableName: 't-blue' }, green: { tableName: 't-green' } } }) },
  { lease: new FlipLease({ tableName: 'bluegreen-locks', lockId: 'orders' }), operations: { resetTable } },
);`,
      { outDir: out },
    );
    const commands = bundledModules(meta)
      .map((m) => /client-dynamodb\/dist-es\/commands\/([A-Za-z]+)Command\.js$/.exec(m)?.[1])
      .filter((c): c is string => c !== undefined);
    assert.ok(commands.includes('GetItem') && commands.includes('UpdateItem'), `the lease's commands: ${commands.join(', ')}`);
    assert.ok(commands.includes('CreateTable'), `the table reset's commands (operations.resetTable): ${commands.join(', ')}`);
    // client-dynamodb has ~60 commands (all of them bundled with the import()); the tools and the lease use a handful (the table reset's, and the lease's).
    assert.ok(commands.length <= 15, `only the commands in use are bundled, got ${commands.length}: ${commands.join(', ')}`);
    assert.ok(!commands.includes('BatchWriteItem') && !commands.includes('ExecuteStatement'), 'no unused command');
  });
});

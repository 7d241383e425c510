import { strict as assert } from 'node:assert';
import { AuroraScalingTools, AuroraTools } from '../../../src/aurora/index.js';
import { ConfigError, StackReference } from '../../../src/index.js';
import { LambdaTools } from '../../../src/lambda/index.js';
import { BlueGreenFlip, bluegreenFlip, bluegreenFlipFromTools, type StackConfig, type StackTools } from '../../../src/runbook/index.js';
import { FAKE_OPERATIONS, FakeStack, FULL, INSTANT } from './fake-stack.js';

const SECTIONS = ['sqs', 'sns', 'lambda', 'cloudwatch'] as const;
// `eventbridge` is a tool but not a config section: the rules of the lambda section's functions.
const TOOLS = [...SECTIONS, 'eventbridge'] as const;
const subset = (tools: StackTools): StackTools => Object.fromEntries(TOOLS.map((s) => [s, tools[s]])) as StackTools;
const subsetConfig: StackConfig = { region: FULL.region, ...Object.fromEntries(SECTIONS.map((s) => [s, FULL[s]])) };

describe('Function: bluegreenFlipFromTools', () => {
  it('uses the given tool instances as they are and builds none', async () => {
    const tools = subset(new FakeStack().tools());
    const flip = bluegreenFlipFromTools(tools);
    const used = await flip.tools();
    for (const s of TOOLS) assert.equal(used[s], tools[s], `${s} is the given instance`);
    assert.deepEqual(Object.keys(used).sort(), [...TOOLS].sort());
  });

  it('takes an AuroraScalingTools as the aurora tool (the flip scales readers through it)', async () => {
    const aurora = new AuroraScalingTools({
      clusters: { blue: { clusterIdentifier: 'db-blue' }, green: { clusterIdentifier: 'db-green' } },
      clientConfig: { region: 'eu-west-1' },
    });
    assert.equal((await bluegreenFlipFromTools({ aurora }).tools()).aurora, aurora);
  });

  it('reads the drain evidence through options.queueMetrics when there is no cloudwatch tool (the flip makes no client)', async () => {
    const stack = new FakeStack();
    const reads: { queueName: string; periodSeconds: number }[] = [];
    const queueMetrics = {
      queueMessagesSent: async (queueName: string, window: { periodSeconds: number }) => {
        reads.push({ queueName, periodSeconds: window.periodSeconds });
        return 0;
      },
    };
    const report = await bluegreenFlipFromTools({ sqs: stack.tools().sqs } as StackTools, { ...INSTANT, queueMetrics }).flip(
      StackReference.Green,
    );
    assert.ok(report.steps.some((s) => /drain/.test(s.name) && s.status !== 'failed'));
    assert.deepEqual(reads, [{ queueName: 'q-blue', periodSeconds: 60 }]);
  });

  it('plans and runs the same steps as the config path with the same tools, ending on the target', async () => {
    const viaConfig = new FakeStack();
    const viaTools = new FakeStack();
    const fromConfig = await bluegreenFlip(subsetConfig, { ...INSTANT, lock: false, tools: subset(viaConfig.tools()) }).flip(
      StackReference.Green,
    );
    const fromTools = await bluegreenFlipFromTools(subset(viaTools.tools()), INSTANT).flip(StackReference.Green);
    assert.deepEqual(
      fromTools.steps.map((s) => `${s.name}: ${s.status}`),
      fromConfig.steps.map((s) => `${s.name}: ${s.status}`),
    );
    assert.deepEqual(viaTools.state, viaConfig.state);
  });

  it('switches the rules only with an eventbridge tool: without one the plan says the rules are left alone', async () => {
    const { eventbridge: _, ...withoutRules } = subset(new FakeStack().tools());
    const plan = await bluegreenFlipFromTools(withoutRules, INSTANT).plan('all', StackReference.Green);
    assert.equal(plan.steps.filter((s) => /rules/.test(s.name)).length, 0);
    assert.ok(
      plan.notes.some((n) => /EventBridge rules .* are not switched \(no eventbridge tool\)/.test(n)),
      plan.notes.join('\n'),
    );
    const withRules = await bluegreenFlipFromTools(subset(new FakeStack().tools()), INSTANT).plan('all', StackReference.Green);
    assert.deepEqual(
      withRules.steps.filter((s) => /rules/.test(s.name)).map((s) => s.name),
      ['lambda: enable green rules', 'lambda: disable blue rules'],
    );
  });

  it('with dynamodb and lambda tools: rebinds through the given rebindStreamMappings, or notes that it does not (false)', async () => {
    const fresh = () => {
      const { dynamodb, lambda } = new FakeStack().tools();
      return {
        lambda,
        dynamodb: {
          ...dynamodb,
          tables: { blue: { tableName: 't-blue' }, green: { tableName: 't-green' } },
          describeTable: async () => ({
            TableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t-green',
            LatestStreamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t-green/stream/2026',
          }),
        },
      } as unknown as StackTools;
    };
    const calls: string[] = [];
    const rebindStreamMappings = async (_l: unknown, ref: StackReference, prefix: string, arn: string) => {
      calls.push(`${ref} ${prefix} -> ${arn}`);
      return { outcome: 'changed' as const, message: 'rebound', rebound: [] };
    };
    await bluegreenFlipFromTools(fresh(), { ...INSTANT, operations: { ...FAKE_OPERATIONS, rebindStreamMappings } }).prepare(
      StackReference.Green,
    );
    assert.deepEqual(calls, [
      'green arn:aws:dynamodb:eu-west-1:123456789012:table/t-green/stream/ -> arn:aws:dynamodb:eu-west-1:123456789012:table/t-green/stream/2026',
    ]);
    const plan = await bluegreenFlipFromTools(fresh(), {
      ...INSTANT,
      operations: { ...FAKE_OPERATIONS, rebindStreamMappings: false },
    }).plan('prepare', StackReference.Green);
    assert.equal(plan.steps.filter((s) => /rebind/.test(s.name)).length, 0);
    assert.ok(plan.notes.some((n) => /NOT rebound \(operations\.rebindStreamMappings: false\)/.test(n)));
    // Built directly without the rebind: planning (before any step runs) is a ConfigError.
    await assert.rejects(
      new BlueGreenFlip(
        { dynamodb: { tables: { blue: { tableName: 't-blue' }, green: { tableName: 't-green' } } }, lambda: {} },
        { tools: fresh(), operations: { resetTable: FAKE_OPERATIONS.resetTable } },
      ).plan('prepare', StackReference.Green),
      (e: unknown) => e instanceof ConfigError && /pass operations: \{ rebindStreamMappings \}/.test(e.message),
    );
  });

  it('takes DynamoDB table names from the DynamoTools instance (the reset step needs them)', () => {
    const dynamodb = { tables: { blue: { tableName: 't-blue' }, green: { tableName: 't-green' } } };
    const flip = bluegreenFlipFromTools({ dynamodb } as unknown as StackTools, { operations: FAKE_OPERATIONS });
    assert.deepEqual(flip.config.dynamodb, { tables: dynamodb.tables });
  });

  it('runs the reset and purge it is given as operations (the tools do not carry them)', async () => {
    const stack = new FakeStack();
    const { sqs } = stack.tools();
    const dynamodb = { ...stack.tools().dynamodb, tables: FULL.dynamodb?.tables } as StackTools['dynamodb'];
    const called: string[] = [];
    const report = await bluegreenFlipFromTools({ dynamodb, sqs } as StackTools, {
      ...INSTANT,
      drain: false,
      purgeOldQueues: true,
      operations: {
        resetTable: async (d, ref, o) => {
          called.push(`resetTable(${d === dynamodb}, ${ref}, ${o.expectedTableName}, live ${o.liveStack})`);
          return FAKE_OPERATIONS.resetTable?.(d, ref, o) as never;
        },
        purgeQueues: async (q, ref, o) => {
          called.push(`purgeQueues(${q === sqs}, ${ref}, live ${o?.liveStack})`);
          return FAKE_OPERATIONS.purgeQueues?.(q, ref, o) as never;
        },
      },
    }).flip(StackReference.Green);
    assert.equal(report.succeeded, true);
    assert.deepEqual(called, ['resetTable(true, green, t-green, live blue)', 'purgeQueues(true, blue, live green)']);
  });

  it('a flip made without the reset it needs fails its plan with a ConfigError, before any step runs', async () => {
    const stack = new FakeStack();
    const flip = new BlueGreenFlip(
      { dynamodb: FULL.dynamodb },
      { ...INSTANT, operations: {}, tools: { dynamodb: stack.tools().dynamodb } as StackTools },
    );
    await assert.rejects(
      flip.flip(StackReference.Green),
      (e: unknown) => e instanceof ConfigError && /operations: \{ resetTable \}/.test(e.message),
    );
    assert.deepEqual(stack.writes, []);
  });

  it('without options.lease runs unleased; options.lease is used as given', () => {
    const tools = subset(new FakeStack().tools());
    assert.equal(bluegreenFlipFromTools(tools).lease(), undefined);
    // An sqs tool is fine without queueMetrics when the drain skips the metric (or there is no drain).
    assert.doesNotThrow(() => bluegreenFlipFromTools({ sqs: tools.sqs } as StackTools, { drain: { sentMetric: false } }));
    assert.doesNotThrow(() => bluegreenFlipFromTools({ sqs: tools.sqs } as StackTools, { drain: false }));
    const lease = { read: async () => undefined } as never;
    assert.equal(bluegreenFlipFromTools(tools, { lease }).lease(), lease);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['no tools object', () => bluegreenFlipFromTools(null as never), /needs an object of tools/],
    ['an unknown section', () => bluegreenFlipFromTools({ rds: {} } as never), /unknown section 'rds'/],
    ['a non-object tool', () => bluegreenFlipFromTools({ sqs: 'orders' } as never), /tools\.sqs must be a tool instance/],
    ['no section at all', () => bluegreenFlipFromTools({}), /lists no service/],
    [
      'options.lock (the lease comes as options.lease)',
      () => bluegreenFlipFromTools({ sqs: {} } as never, { lock: { tableName: 'locks' } } as never),
      /options\.lease/,
    ],
    [
      'options.dryRun (each tool has its own)',
      () => bluegreenFlipFromTools({ sqs: {} } as never, { dryRun: true } as never),
      /construct each tool with dryRun/,
    ],
    [
      'options.region (each tool, and queueMetrics, has its own client settings)',
      () => bluegreenFlipFromTools({ sqs: {} } as never, { region: 'eu-west-1' } as never),
      /set the region on each tool/,
    ],
    [
      'an sqs tool whose drain has no CloudWatch reader (no cloudwatch tool, no queueMetrics, sentMetric on)',
      () => bluegreenFlipFromTools({ sqs: {} } as never),
      /queueMetrics: new QueueMetrics/,
    ],
    [
      'an eventbridge tool that is not an EventBridgeTools',
      () => bluegreenFlipFromTools({ lambda: {}, eventbridge: {} } as never),
      /tools\.eventbridge must be an EventBridgeTools/,
    ],
    [
      "dynamodb and lambda tools without rebindStreamMappings (the reset table's new stream needs the mappings moved)",
      () =>
        bluegreenFlipFromTools(
          {
            dynamodb: {},
            lambda: new LambdaTools({
              functions: { blue: { functionName: 'f-blue' }, green: { functionName: 'f-green' } },
              clientConfig: { region: 'eu-west-1' },
            }),
          } as never,
          { operations: FAKE_OPERATIONS },
        ),
      /pass \{ operations: \{ rebindStreamMappings \} \}/,
    ],
    [
      'a rebindStreamMappings that is neither the function nor false',
      () => bluegreenFlipFromTools({ lambda: {} } as never, { operations: { rebindStreamMappings: 'yes' as never } }),
      /options\.operations\.rebindStreamMappings must be rebindStreamMappings/,
    ],
    [
      'a dynamodb tool without operations.resetTable (the flip resets the target table)',
      () => bluegreenFlipFromTools({ dynamodb: { tables: {} } } as never),
      /operations: \{ resetTable \}.*bluegreen-toolkit\/dynamodb/,
    ],
    [
      'purgeOldQueues without operations.purgeQueues',
      () => bluegreenFlipFromTools({ sqs: {} } as never, { drain: false, purgeOldQueues: true }),
      /operations: \{ purgeQueues \}.*bluegreen-toolkit\/sqs/,
    ],
    [
      'an operation that is not a function',
      () => bluegreenFlipFromTools({ sqs: {} } as never, { drain: false, operations: { purgeQueues: 'yes' as never } }),
      /operations: \{ purgeQueues \}/,
    ],
    [
      "a plain AuroraTools as the aurora tool (the flip's reader scaling steps need AuroraScalingTools)",
      () =>
        bluegreenFlipFromTools({
          aurora: new AuroraTools({
            clusters: { blue: { clusterIdentifier: 'db-blue' }, green: { clusterIdentifier: 'db-green' } },
            clientConfig: { region: 'eu-west-1' },
          }),
        } as never),
      /tools\.aurora must be an AuroraScalingTools/,
    ],
    [
      'a queueMetrics without queueMessagesSent()',
      () => bluegreenFlipFromTools({ sqs: {} } as never, { queueMetrics: {} as never }),
      /options\.queueMetrics must be a QueueMetrics/,
    ],
  ];
  for (const [what, call, message] of bad) {
    it(`rejects ${what} with a ConfigError`, () => {
      assert.throws(call, (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }

  it('a flip built from tools has no builder for a missing section: tools() says so', async () => {
    // A config-path flip can build what is missing; one built with new BlueGreenFlip(config) and no makers cannot.
    await assert.rejects(
      new BlueGreenFlip(subsetConfig).tools(),
      (e: unknown) => e instanceof ConfigError && /every section needs its tool/.test(e.message),
    );
  });
});

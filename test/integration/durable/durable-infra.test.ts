import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectIam } from '../../../scripts/gen-iam-doc.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cfnLint = `${root}.venv-moto/bin/cfn-lint`;
const TEMPLATE = `${root}infra/durable-flip.yaml`;

// biome-ignore lint/suspicious/noExplicitAny: the parsed template is walked structurally; a wrong path fails the assertion.
type Json = Record<string, any>;
function loadTemplate(): Json {
  const script = 'import json,sys\nfrom cfnlint.decode import cfn_yaml\nprint(json.dumps(cfn_yaml.load(sys.argv[1])))';
  const result = spawnSync(`${root}.venv-moto/bin/python`, ['-c', script, TEMPLATE], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** The tool methods the flip's steps and settle checks call, per `UseX` condition of the template. */
const FLIP_METHODS: Record<string, RegExp> = {
  Aurora:
    /^Aurora(Scaling)?Tools\.(startDatabase|stopDatabase|scaleOut|scaleIn|getClusterState|checkStoppable|getAvailableReaders|restoreReaderCapacity)$/,
  // resetTable and purgeQueues are functions of their subpaths (the flip is given them as operations).
  DynamoDB: /^(DynamoTools\.describeTable|resetTable)$/,
  Sqs: /^(SqsTools\.(waitForDrain|getQueueDepth)|purgeQueues)$/,
  Sns: /^SnsTools\.(enableSubscription|disableSubscription|getSubscriptionStates)$/,
  Kinesis: /^KinesisTools\.(registerConsumer|deregisterConsumer|describeConsumer)$/,
  // The lambda section's tools: LambdaTools, EventBridgeTools (its functions' rules) and the stream rebind function.
  Lambda:
    /^(LambdaTools\.(enableEventMappings|disableEventMappings|listEventSourceMappings)|EventBridgeTools\.(enableRules|disableRules|listRules)|rebindStreamMappings)$/,
  CloudWatch: /^CloudWatchTools\.(enableAlarmActions|disableAlarmActions|getAlarmStates)$/,
  Ecs: /^EcsTools\.(enableService|disableService|getServiceState)$/,
};

/** Actions the flip calls itself, outside the tools: the drain's NumberOfMessagesSent evidence (src/runbook/drain.ts). */
const FLIP_OWN_ACTIONS: Record<string, string[]> = { Sqs: ['cloudwatch:GetMetricData'] };

describe('infra/durable-flip.yaml: the durable flip function, its alias and the hook starter', function () {
  this.timeout(120_000);
  before(() => assert.ok(existsSync(cfnLint), 'cfn-lint is missing: run `node scripts/ensure-moto.mjs`'));

  it('cfn-lint (pinned, from PyPI) validates it with no error or warning', () => {
    const result = spawnSync(cfnLint, ['--format', 'parseable', TEMPLATE], { encoding: 'utf8' });
    assert.equal(result.status, 0, `cfn-lint found problems:\n${result.stdout}${result.stderr}`);
  });

  it('enables durable execution, publishes a version behind an alias, and the hook starter may invoke that alias only', () => {
    const r = loadTemplate().Resources as Json;
    assert.deepEqual(Object.keys(r.FlipFunction.Properties.DurableConfig).sort(), ['ExecutionTimeout', 'RetentionPeriodInDays']);
    assert.equal(r.FlipFunction.Properties.Runtime, 'nodejs22.x');
    assert.equal(r.FlipAlias.Type, 'AWS::Lambda::Alias');
    assert.deepEqual(r.FlipAlias.Properties.FunctionVersion, { 'Fn::GetAtt': ['FlipVersion', 'Version'] });
    assert.deepEqual(r.StarterFunction.Properties.Environment.Variables.DURABLE_FLIP_ALIAS_ARN, { Ref: 'FlipAlias' });
    const invoke = (r.StarterRole.Properties.Policies as Json[])
      .flatMap((p) => p.PolicyDocument.Statement)
      .find((s: Json) => s.Action === 'lambda:InvokeFunction');
    assert.deepEqual(invoke.Resource, { Ref: 'FlipAlias' }, 'the qualified alias ARN, never the unqualified function');
    assert.match(r.StarterFunction.Properties.FunctionName['Fn::Sub'], /^CodeDeployHook_/);
  });

  it("grants each service exactly the actions of the flip's tool methods (their IAM: lines), no wildcard action", () => {
    const r = loadTemplate().Resources as Json;
    const statements = (r.FlipRole.Properties.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
    const iam = collectIam();
    for (const [condition, methods] of Object.entries(FLIP_METHODS)) {
      const expected = new Set([
        ...iam.filter((e) => methods.test(e.name)).flatMap((e) => e.actions),
        ...(FLIP_OWN_ACTIONS[condition] ?? []),
      ]);
      const granted = new Set<string>();
      for (const s of statements) {
        const branch = s['Fn::If'];
        const cond = branch?.[0];
        if (cond !== condition && !(cond === 'AutoScaling' && ['Aurora', 'Ecs'].includes(condition))) continue;
        for (const a of [branch[1].Action].flat()) if (expected.has(a)) granted.add(a);
        if (cond === condition)
          for (const a of [branch[1].Action].flat()) assert.ok(expected.has(a), `${condition}: ${a} is not used by the flip`);
      }
      assert.deepEqual([...granted].sort(), [...expected].filter((a) => !a.startsWith('kms:')).sort(), condition);
    }
    for (const s of statements) {
      const statement = s['Fn::If'] ? s['Fn::If'][1] : s;
      for (const a of [statement.Action].flat()) assert.ok(!String(a).includes('*'), `no wildcard action: ${a}`);
    }
    const durable = statements.find((s) => [s.Action].flat().includes('lambda:CheckpointDurableExecution'));
    assert.match(
      durable?.Resource['Fn::Sub'],
      /function:\$\{NamePrefix\}-durable-flip:\*$/,
      'scoped to the function with a qualifier pattern',
    );
  });
});

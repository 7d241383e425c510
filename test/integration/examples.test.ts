import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { provisionDemo } from '../../examples/demo/provision.js';
import { createPreTrafficHandler } from '../../examples/hooks/whole-stack-hooks.js';
import { createStackTools, getStatusBoard, type StackConfig, type StackTools, type StatusBoard } from '../../src/runbook/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../support/codedeploy-double.js';
import { appSpec, createLambdaApp } from '../support/codedeploy-fixtures.js';
import { useEmulator } from '../support/use-emulator.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cell = (board: StatusBoard, section: string, label: string) => board.rows.find((r) => r.section === section && r.label === label);
const cells = (board: StatusBoard) => board.rows.map((r) => `${r.section}/${r.label}: ${r.blue} | ${r.green}`);

describe('Examples (executed against the emulator and the CodeDeploy test double)', function () {
  this.timeout(120_000);
  const aws = useEmulator({ resetEach: true });
  let config: StackConfig;
  let tools: StackTools;

  beforeEach(async () => {
    ({ config } = (await provisionDemo(aws.clientConfig(), { prefix: 'ex' })) as { config: StackConfig });
    tools = await createStackTools(config, { clientConfig: aws.clientConfig() });
  });

  describe('examples/hooks/whole-stack-hooks.ts (CodeDeploy double: moto has no lifecycle hooks)', () => {
    let cd: CodeDeployDouble;
    let client: CodeDeployClient;
    beforeEach(async () => {
      cd = await startCodeDeployDouble({ hookTimeoutMs: 60_000, lambdaTimeoutMs: 60_000, stepDelayMs: 10 });
      client = new CodeDeployClient(cd.clientConfig());
      await createLambdaApp(client, 'shop', 'shop-dg');
    });
    afterEach(async () => {
      client.destroy();
      await cd.stop();
    });

    async function deployWith(stack: StackConfig) {
      cd.registerFunction(
        'pre-traffic',
        createPreTrafficHandler(stack, {
          clientConfig: aws.clientConfig(),
          codeDeployClientConfig: cd.clientConfig(),
          target: 'green',
          // The emulator applies SNS filter changes at once: SNS's 15-minute propagation dwell scaled down.
          flip: { propagationDwellSeconds: 0.2, undoRetryDelaySeconds: 0.1 },
        }),
      );
      const { deploymentId } = await client.send(
        new CreateDeploymentCommand({
          applicationName: 'shop',
          deploymentGroupName: 'shop-dg',
          revision: appSpec({ BeforeAllowTraffic: 'pre-traffic' }),
        }),
      );
      return cd.waitForDeployment(deploymentId as string, 60_000);
    }

    it('the BeforeAllowTraffic hook prepares green, reports Succeeded once, and the deployment succeeds', async () => {
      const final = (await deployWith(config)) as { status?: string };
      assert.equal(final.status, 'Succeeded');
      assert.deepEqual(
        cd.reports().map((r) => [r.lifecycleEvent, r.status]),
        [['BeforeAllowTraffic', 'Succeeded']],
      );
      const board = await getStatusBoard(tools);
      assert.equal(cell(board, 'aurora', 'cluster')?.green, 'available');
      assert.equal(cell(board, 'lambda', 'event source mappings')?.green, '2/2 enabled');
      assert.equal(cell(board, 'sns', 'subscriptions')?.green, '1/1 enabled');
      assert.equal(cell(board, 'lambda', 'event source mappings')?.blue, '2/2 enabled', 'prepare leaves the live stack on');
    });

    it('a failing step undoes the prepared steps, the hook reports Failed, and the deployment rolls back', async () => {
      const before = cells(await getStatusBoard(tools));
      const broken = structuredClone(config) as StackConfig & { lambda: { functions: { green: { functionName: string } } } };
      broken.lambda.functions.green.functionName = 'ex-worker-missing';
      const final = (await deployWith(broken)) as { status?: string; rollbackInfo?: { rollbackDeploymentId?: string } };
      assert.equal(final.status, 'Failed');
      assert.ok(final.rollbackInfo?.rollbackDeploymentId, 'rolled back');
      assert.deepEqual(
        cd.reports().map((r) => [r.lifecycleEvent, r.status]),
        [['BeforeAllowTraffic', 'Failed']],
      );
      assert.deepEqual(cells(await getStatusBoard(tools)), before, 'every prepared step was undone');
    });
  });

  describe('examples/chores/retire-stack.ts (run as a script)', () => {
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'examples/chores/retire-stack.ts', 'blue'], {
        cwd: root,
        encoding: 'utf8',
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: aws.endpoint(),
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          STACK_PREFIX: 'ex',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      });

    it('drains blue, switches its mappings and rules off and stops its database; a second run is all "already"', async () => {
      const first = run();
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /queue drained: 0 message\(s\) left/);
      assert.match(first.stdout, /^changed /m);
      const board = await getStatusBoard(tools);
      assert.equal(cell(board, 'lambda', 'event source mappings')?.blue, '0/2 enabled');
      assert.equal(cell(board, 'lambda', 'rules')?.blue, '0/1 enabled');
      assert.equal(cell(board, 'aurora', 'cluster')?.blue, 'stopped');

      const second = run();
      assert.equal(second.status, 0, second.stderr);
      const lines = second.stdout.trim().split('\n').slice(1);
      assert.equal(lines.length, 3);
      assert.ok(
        lines.every((l) => l.startsWith('already')),
        second.stdout,
      );
    });

    it('rejects a bad stack argument with a clear error before any AWS call', () => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'examples/chores/retire-stack.ts', 'purple'], {
        cwd: root,
        encoding: 'utf8',
      });
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /Invalid the stack to retire \(first argument\) 'purple': expected 'blue' or 'green'/);
    });
  });
});

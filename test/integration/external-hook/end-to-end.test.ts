import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type CodeDeployClient, GetDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { CodeDeployDouble } from '../../support/codedeploy-double.js';
import { type HookApiAdapter, signedRequest } from '../../support/hook-api-adapter.js';
import { startHookedDeployment, until } from '../../support/hook-fixtures.js';
import { CLI_ENV, type ParkingWorld, runCli, startParkedDeployment, startParkingWorld } from '../../support/parking-world.js';
import { useEmulator } from '../../support/use-emulator.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const TABLE = 'bluegreen-hooks';
const PARKING_FUNCTION = 'CodeDeployHook_park';

describe('End to end: CodeDeploy double → parking hook → DynamoDB (moto) → hook API over signed HTTP → bluegreen hooks', () => {
  const aws = useEmulator({ resetEach: true });
  let world: ParkingWorld | undefined;
  let cd: CodeDeployDouble;
  let codedeploy: CodeDeployClient;
  let dynamodb: DynamoDBClient;
  let adapter: HookApiAdapter;

  async function setUp(hookTimeoutMs: number, storeTable = TABLE) {
    const hookTimeoutSeconds = Math.max(1, Math.ceil(hookTimeoutMs / 1000));
    const options = {
      hookTimeoutMs,
      hookTimeoutSeconds,
      table: TABLE,
      storeTable,
      parkingFunction: PARKING_FUNCTION,
      app: 'shop',
      group: 'api',
    };
    world = await startParkingWorld(aws, options);
    ({ cd, codedeploy, dynamodb, adapter } = world);
  }
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  const cli = (...args: string[]) => runCli(args);
  /** Starts a deployment of shop/api and resolves once its hook is parked. */
  const park = () => startParkedDeployment(cd, codedeploy, 'shop', 'api', PARKING_FUNCTION);
  const hookArgs = () => ['--api-url', adapter.url, '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api'];
  /** `hooks run [options] -- node -e <script>` for shop/api. */
  const runArgs = (script: string, ...options: string[]) => [
    'hooks',
    'run',
    ...hookArgs(),
    ...options,
    '--',
    process.execPath,
    '-e',
    script,
  ];
  const items = async () => (await dynamodb.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
  const reportsFor = (executionId: string) => cd.reports().filter((r) => r.lifecycleEventHookExecutionId === executionId);

  it('parks the hook in DynamoDB; `hooks run -- <command>` streams its output and releases exactly one Succeeded', async () => {
    await setUp(20_000);
    const running = cli(...runArgs('console.log("e2e suite passed")', '--timeout', '60s'));
    const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING_FUNCTION);
    const result = await running;
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /e2e suite passed/);
    assert.match(result.err, /hooks parked \(deployment d-/);
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Succeeded');
    assert.deepEqual(
      reportsFor(executionId).map((r) => [r.status, r.accepted, r.lifecycleEvent]),
      [['Succeeded', true, 'BeforeAllowTraffic']],
    );
    const [item] = await items();
    assert.equal(item?.executionId?.S, executionId);
    assert.equal(item?.status?.S, 'RELEASED');
    assert.ok(adapter.requests().length >= 2);
    assert.ok(adapter.requests().every((r) => r.authorized));
  });

  it('a failing command releases Failed, the deployment rolls back, and the exit code is the command’s', async () => {
    await setUp(20_000);
    const { deploymentId, executionId } = await park();
    const parked = await items();
    assert.equal(parked.length, 1);
    assert.equal(parked[0]?.status?.S, 'PARKED');
    const result = await cli(...runArgs('console.error("3 tests failed"); process.exit(3)'));
    assert.equal(result.code, 3);
    assert.match(result.err, /3 tests failed/);
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Failed');
    const rollbackId = (final.rollbackInfo as { rollbackDeploymentId?: string } | undefined)?.rollbackDeploymentId;
    assert.ok(rollbackId, 'a rollback deployment was created');
    assert.equal((await cd.waitForDeployment(rollbackId)).status, 'Succeeded');
    assert.deepEqual(
      reportsFor(executionId).map((r) => r.status),
      ['Failed'],
    );
  });

  it('no release before the deadline: the double fails the hook, and a late release reaches nothing', async () => {
    await setUp(1500);
    const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING_FUNCTION);
    const final = await cd.waitForDeployment(deploymentId);
    assert.equal(final.status, 'Failed');
    assert.match(String((final.errorInformation as { message?: string } | undefined)?.message), /timed out/);
    assert.equal(reportsFor(executionId).length, 0);
    const late = await cli('hooks', 'release', ...hookArgs(), '--result', 'SUCCESS');
    assert.equal(late.code, 1);
    assert.match(late.out, /api: NOT_FOUND/);
    assert.equal(reportsFor(executionId).length, 0, 'the late release sent nothing to CodeDeploy');
  });

  it('a hook parked by an earlier deployment of the same group is never returned', async () => {
    await setUp(20_000);
    const earlier = await park();
    await codedeploy.send(new StopDeploymentCommand({ deploymentId: earlier.deploymentId }));
    await cd.waitForDeployment(earlier.deploymentId);
    assert.equal((await items())[0]?.status?.S, 'PARKED', 'the stale item is still in the table');
    const none = await cli('hooks', 'wait', ...hookArgs(), '--timeout', '1s');
    assert.equal(none.code, 1);
    assert.match(none.err, /waiting for shop PRE_TRAFFIC hooks: 0\/1 parked \(waiting: api\)/);
    assert.match(none.err, /Timed out/);
    const current = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING_FUNCTION);
    const waited = await cli('hooks', 'wait', ...hookArgs(), '--timeout', '30s', '--json');
    assert.equal(waited.code, 0, waited.err);
    const { hooks } = JSON.parse(waited.out);
    assert.equal(hooks.api.deploymentId, current.deploymentId);
    assert.equal(hooks.api.executionId, current.executionId);
    const released = await cli('hooks', 'release', ...hookArgs(), '--result', 'SUCCESS');
    assert.equal(released.code, 0, released.err);
    assert.equal((await cd.waitForDeployment(current.deploymentId)).status, 'Succeeded');
    assert.equal(reportsFor(earlier.executionId).length, 0);
    const { deploymentInfo } = await codedeploy.send(new GetDeploymentCommand({ deploymentId: earlier.deploymentId }));
    assert.equal(deploymentInfo?.status, 'Stopped');
  });

  it('two releases (concurrent CLI calls, then a raw DELETE): one status reaches CodeDeploy, the repeat is 409', async () => {
    await setUp(20_000);
    const { deploymentId, executionId } = await park();
    const [a, b] = await Promise.all([
      cli('hooks', 'release', ...hookArgs(), '--deployment-id', deploymentId, '--result', 'SUCCESS'),
      cli('hooks', 'release', ...hookArgs(), '--deployment-id', deploymentId, '--result', 'SUCCESS'),
    ]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    assert.deepEqual([a.out, b.out].map((o) => o.split(' ')[1]).sort(), ['ALREADY_RELEASED', 'RELEASED']);
    const repeat = await signedRequest(
      `${adapter.url}/deployments/shop/PRE_TRAFFIC`,
      'DELETE',
      JSON.stringify({ deploymentTests: { api: 'FAILURE' }, deploymentId }),
    );
    assert.equal(repeat.status, 409);
    const body = (await repeat.json()) as { results: Record<string, { status: string; actualResult?: string }> };
    assert.deepEqual([body.results.api?.status, body.results.api?.actualResult], ['CONFLICT', 'SUCCESS']);
    assert.deepEqual(
      reportsFor(executionId).map((r) => r.status),
      ['Succeeded'],
    );
    assert.equal((await cd.waitForDeployment(deploymentId)).status, 'Succeeded');
  });

  it('parking fails closed: with no table the hook reports Failed at once instead of waiting for the deadline', async () => {
    await setUp(30_000, 'no-such-table');
    const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING_FUNCTION);
    const final = await cd.waitForDeployment(deploymentId, 10_000);
    assert.equal(final.status, 'Failed');
    assert.deepEqual(
      reportsFor(executionId).map((r) => r.status),
      ['Failed'],
    );
    await until(
      () => cd.invocations().some((i) => i.event.DeploymentId === deploymentId && i.outcome === 'resolved'),
      10_000,
      'the hook to return',
    );
    const invocation = cd.invocations().find((i) => i.event.DeploymentId === deploymentId);
    assert.equal((invocation?.value as { status?: string } | undefined)?.status, 'FAILED_CLOSED');
    assert.match(String((invocation?.value as { error?: string } | undefined)?.error), /does not exist/);
  });

  it('timeout: `hooks run --timeout` stops a hanging command, releases Failed and exits 124', async () => {
    await setUp(30_000);
    const { executionId } = await park();
    const result = await cli(...runArgs('setTimeout(() => {}, 60000)', '--timeout', '2s'));
    assert.equal(result.code, 124, result.err);
    assert.deepEqual(
      reportsFor(executionId).map((r) => r.status),
      ['Failed'],
    );
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to a real \`bluegreen hooks run\` process stops the command and releases Failed`, async () => {
      await setUp(30_000);
      const { executionId } = await park();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/bin.ts', ...runArgs('console.log("suite started"); setInterval(() => {}, 1000)')],
        { cwd: root, env: { ...process.env, ...CLI_ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await until(() => stdout.includes('suite started'), 30_000, 'the command to start');
      child.kill(signal);
      const code = await exited;
      assert.equal(code, signal === 'SIGTERM' ? 143 : 130, stderr);
      assert.match(stderr, new RegExp(`received ${signal}`));
      assert.deepEqual(
        reportsFor(executionId).map((r) => r.status),
        ['Failed'],
      );
    });
  }
});

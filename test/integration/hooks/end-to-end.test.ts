import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CodeDeployClient, CreateDeploymentCommand, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { main } from '../../../src/cli/main.js';
import { type CodeDeployHookHandler, codeDeployHook } from '../../../src/hooks/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { appSpec, createLambdaApp } from '../../support/codedeploy-fixtures.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// End to end: the double runs a Lambda-platform deployment whose BeforeAllowTraffic hook is a real handler built
// with codeDeployHook, while `bluegreen deployment watch` follows it through the same wire protocol.
describe('End to end: codeDeployHook + `bluegreen deployment watch` (CodeDeploy test double: moto lacks lifecycle hooks)', () => {
  let cd: CodeDeployDouble;
  let client: CodeDeployClient;
  beforeEach(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 5000, lambdaTimeoutMs: 2000, stepDelayMs: 30 });
    client = new CodeDeployClient(cd.clientConfig());
    await createLambdaApp(client, 'orders', 'orders-dg');
  });
  afterEach(async () => {
    client.destroy();
    await cd.stop();
  });

  async function deploy(handler: CodeDeployHookHandler): Promise<string> {
    cd.registerFunction('pre-traffic', codeDeployHook(handler, { clientConfig: cd.clientConfig(), safetyMargin: 1 }));
    const { deploymentId } = await client.send(
      new CreateDeploymentCommand({
        applicationName: 'orders',
        deploymentGroupName: 'orders-dg',
        revision: appSpec({ BeforeAllowTraffic: 'pre-traffic' }),
      }),
    );
    return deploymentId as string;
  }

  const env = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
  async function watch(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['deployment', 'watch', ...args, '--endpoint', cd.endpoint, '--interval', '20ms'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env,
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('a passing hook: the deployment succeeds and watch exits 0 after one line per change', async () => {
    const id = await deploy(async (hook) => {
      assert.equal(hook.lifecycleEvent, 'BeforeAllowTraffic');
      // Hold the hook until the watcher has read the targets while BeforeAllowTraffic is in progress.
      const before = cd.requests('GetDeploymentTarget').length;
      while (cd.requests('GetDeploymentTarget').length === before) await new Promise((r) => setTimeout(r, 10));
    });
    const r = await watch(id);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /BeforeAllowTraffic InProgress/);
    assert.match(r.out, new RegExp(`deployment ${id} succeeded\\n$`));
    const lines = r.out.trim().split('\n');
    assert.equal(new Set(lines.map((l) => l.replace(/^\S+ /, ''))).size, lines.length, 'no line repeats an unchanged state');
    assert.deepEqual(
      cd.reports().map((x) => x.status),
      ['Succeeded'],
    );
  });

  it('a failing hook: the deployment rolls back and watch exits 1 naming the rollback (--json)', async () => {
    const id = await deploy(async () => {
      throw new Error('green returned HTTP 500');
    });
    const r = await watch(id, '--json');
    assert.equal(r.code, 1, r.out + r.err);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const result = lines.at(-1);
    assert.equal(result.type, 'result');
    assert.equal(result.outcome, 'failed');
    assert.equal(result.rollback.status, 'Succeeded');
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: id }));
    assert.equal(result.rollback.deploymentId, deploymentInfo?.rollbackInfo?.rollbackDeploymentId);
    assert.ok(lines.some((l) => l.type === 'progress' && l.rollback === true));
    assert.deepEqual(
      cd.reports().map((x) => x.status),
      ['Failed'],
    );
  });

  it('--until: exits 0 once the event is reached; a rollback before it is a failure', async () => {
    const ok = await deploy(async () => {});
    assert.equal((await watch(ok, '--until', 'BeforeAllowTraffic')).code, 0);
    await cd.waitForDeployment(ok);
    const bad = await deploy(async () => {
      throw new Error('nope');
    });
    const r = await watch(bad, '--until', 'AfterAllowTraffic');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /failed/);
  });

  it('--timeout with --rollback-on-timeout: exits 3 and the deployment is stopped and rolled back', async () => {
    const id = await deploy((_hook, { signal }) => new Promise((resolve) => signal.addEventListener('abort', resolve)));
    const r = await watch(id, '--timeout', '300ms', '--rollback-on-timeout');
    assert.equal(r.code, 3, r.out + r.err);
    assert.match(r.out, /timed out .* stopped it with rollback/);
    const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId: id }));
    assert.equal(deploymentInfo?.status, 'Stopped');
    assert.ok(deploymentInfo?.rollbackInfo?.rollbackDeploymentId);
  });

  it('usage errors exit 2 and --help documents the exit codes', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env };
    assert.equal(await main(['deployment', 'watch', '--help'], io), 0);
    assert.match(out.join(''), /Exit codes:[\s\S]*3 {2}timeout/);
    assert.equal(await main(['deployment', 'watch', 'not-an-id'], io), 2);
    assert.equal(await main(['deployment', 'watch', 'd-ABCDEF123', '--until', 'Soon'], io), 2);
    assert.equal(await main(['deployment', 'frob'], io), 2);
    assert.equal(await main(['deployment', '--help'], io), 0);
    assert.equal(cd.requests('GetDeployment').length, 0);
  });

  it('runs as a real child process (node --import tsx src/cli/bin.ts) with the same exit codes', async () => {
    const run = (id: string) =>
      new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli/bin.ts', 'deployment', 'watch', id, '--endpoint', cd.endpoint, '--interval', '50ms'],
          { cwd: root, env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
        );
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        child.stderr.on('data', (d) => {
          out += d;
        });
        child.on('error', reject);
        child.on('exit', (code) => resolve({ code, out }));
      });
    const good = await deploy(async () => {});
    const ok = await run(good);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /succeeded/);
    const bad = await deploy(async () => {
      throw new Error('broken');
    });
    const failed = await run(bad);
    assert.equal(failed.code, 1, failed.out);
    assert.match(failed.out, /rolled back by d-/);
  });
});

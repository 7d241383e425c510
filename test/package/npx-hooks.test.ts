/**
 * The documented CI command from a clean runner: `npx -p <package> bluegreen-toolkit hooks run --api-url … -- <cmd>`
 * in an empty project, with no AWS SDK client installed (in --api-url mode the CLI needs none: it signs with
 * @smithy/signature-v4 and the credential provider, the package's own dependencies). The API is the real
 * createApiHandler behind the local SigV4-checking API Gateway stand-in, over an in-memory store.
 *
 * Cost: the tarball is packed once from the existing dist/ (`npm test` builds before the package tests; without a
 * dist the pack builds it), npx installs it with its dependencies once.
 */
import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createApiHandler,
  type GroupRelease,
  type HookStore,
  type ParkedHook,
  type ReleaseRequest,
} from '../../src/external-hook/index.js';
import { type HookApiAdapter, startHookApiAdapter, TEST_API_CREDENTIALS } from '../support/hook-api-adapter.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('Package: `npx -p <tarball> bluegreen-toolkit hooks …` on a clean runner (no AWS SDK client installed)', function () {
  this.timeout(300_000);
  let project: string;
  let tarball: string;
  let adapter: HookApiAdapter;
  const releases: ReleaseRequest[] = [];

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'bluegreen-npx-'));
    const scripts = existsSync(join(root, 'dist/esm/cli/bin.js')) ? ['--ignore-scripts'] : [];
    const packed = execFileSync('npm', ['pack', '--silent', ...scripts, '--pack-destination', project], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() as string;
    tarball = join(project, packed);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ci-runner', version: '1.0.0', private: true }));
    const hook: ParkedHook = {
      id: 'shop/api/BeforeAllowTraffic/d-ABCDEFGHI',
      app: 'shop',
      group: 'api',
      lifecycleEvent: 'BeforeAllowTraffic',
      deploymentId: 'd-ABCDEFGHI',
      executionId: 'exec-1',
      status: 'PARKED',
      parkedAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
    };
    const store = {
      async list() {
        return { api: hook };
      },
      async release(request: ReleaseRequest) {
        releases.push(request);
        const result = request.results.api ?? 'FAILURE';
        return {
          api: { status: 'RELEASED', result, actualResult: result, message: 'released', deploymentId: hook.deploymentId } as GroupRelease,
        };
      },
    } as unknown as HookStore;
    adapter = await startHookApiAdapter({ handler: createApiHandler({ store }) });
  });

  after(async () => {
    await adapter?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  function npx(args: string[]): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
      execFile(
        'npx',
        ['--yes', '--prefer-offline', '-p', tarball, 'bluegreen-toolkit', ...args],
        {
          cwd: project,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            npm_config_cache: process.env.npm_config_cache,
            npm_config_registry: process.env.npm_config_registry,
            AWS_ACCESS_KEY_ID: TEST_API_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: TEST_API_CREDENTIALS.secretAccessKey,
            AWS_REGION: 'us-east-1',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          } as NodeJS.ProcessEnv,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, out: stdout, err: stderr }),
      );
    });
  }

  it('hooks run --api-url waits, runs the command, releases SUCCESS, exit 0 — with no @aws-sdk/client-* anywhere in reach', async () => {
    const run = await npx([
      'hooks',
      'run',
      '--api-url',
      adapter.url,
      '--app',
      'shop',
      '--stage',
      'PRE_TRAFFIC',
      '--group',
      'api',
      '--timeout',
      '60s',
      '--',
      process.execPath,
      '-e',
      'console.log("e2e suite for " + process.env.BLUEGREEN_HOOK_DEPLOYMENT_IDS)',
    ]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /e2e suite for d-ABCDEFGHI/);
    assert.match(run.out, /^api: RELEASED SUCCESS/m);
    assert.deepEqual(
      releases.map((r) => [r.deploymentId, { ...r.results }]),
      [['d-ABCDEFGHI', { api: 'SUCCESS' }]],
    );
    assert.ok(
      adapter.requests().every((r) => r.authorized),
      'every request was SigV4-signed with the runner credentials',
    );
    assert.ok(!existsSync(join(project, 'node_modules')), 'nothing was installed into the project');
    // The npx install itself holds no SDK client: the CLI ran without @aws-sdk/client-dynamodb or client-codedeploy.
    const probe = await npx(['hooks', '--help']);
    assert.equal(probe.code, 0);
    const found = execFileSync('npx', ['--yes', '--prefer-offline', '-p', tarball, 'node', '-e', SDK_PROBE], {
      cwd: project,
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(found.trim().split('\n').pop() as string), { dynamodb: false, codedeploy: false });
  });

  it('a usage error exits 2 with a hint', async () => {
    const usage = await npx(['hooks', 'release', '--api-url', adapter.url, '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api']);
    assert.equal(usage.code, 2, usage.err);
    assert.match(usage.err, /--result must be SUCCESS or FAILURE/);
  });
});

/** Run inside the npx environment: can the installed bluegreen-toolkit resolve the SDK clients? */
const SDK_PROBE = `
const { createRequire } = require('node:module');
const { execSync } = require('node:child_process');
const bin = execSync('command -v bluegreen-toolkit', { encoding: 'utf8' }).trim();
const from = createRequire(require('node:fs').realpathSync(bin));
const can = (m) => { try { from.resolve(m); return true; } catch { return false; } };
console.log(JSON.stringify({ dynamodb: can('@aws-sdk/client-dynamodb'), codedeploy: can('@aws-sdk/client-codedeploy') }));
`;

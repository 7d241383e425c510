import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, createStackTools, getStatusBoard, LeaseHeldError } from '../../../src/runbook/index.js';
import { type FlipWorld, startFlipWorld } from '../../support/account-true/flip-world.js';
import { createLockTable } from '../../support/account-true/lock-table.js';
import { useEmulator } from '../../support/use-emulator.js';

const SCALE = 1 / 600;
const child = fileURLToPath(new URL('../../support/account-true/flip-child.ts', import.meta.url));

describe('account-true: a crashed lease holder', function () {
  this.timeout(180_000);
  const aws = useEmulator({ resetEach: true });
  let stage: FlipWorld | undefined;
  afterEach(async () => {
    await stage?.close();
    stage = undefined;
  });

  it('a flip killed mid-run (SIGKILL) blocks the pair until its lease expires; then a new flip goes on and ends on the target', async () => {
    stage = await startFlipWorld(aws.endpoint(), { seed: 21, timeScale: SCALE, stack: 'messaging' });
    const tableName = await createLockTable(stage.world.motoConfig());
    const file = join(mkdtempSync(join(tmpdir(), 'bluegreen-crash-')), 'stack.json');
    writeFileSync(file, JSON.stringify(stage.config));
    const proc = spawn(process.execPath, ['--import', 'tsx', child, aws.endpoint(), file, tableName], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise<void>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => d.toString().includes('LEASED') && resolve());
      proc.once('exit', (code) => reject(new Error(`the child flip exited (${code}) before taking the lease: ${stderr}`)));
    });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;

    const flip = () =>
      bluegreenFlip(stage!.config, {
        clientConfig: stage!.world.clientConfig(),
        lock: { tableName, leaseSeconds: 30, heartbeatSeconds: 1, holder: 'operator' },
        propagationDwellSeconds: 900 * SCALE,
        drain: { windowSeconds: 60 * SCALE, metricPeriodSeconds: 60 * SCALE, maxWaitTime: 60 },
        wait: { maxWaitTime: 60, minDelay: 0.02, maxDelay: 0.2 },
      }).flip(StackReference.Green);
    stage.world.log.clear();
    const blocked = await flip().catch((e: unknown) => e);
    assert.ok(blocked instanceof LeaseHeldError, String(blocked));
    assert.match(blocked.holder, /^flip-child-/);
    assert.deepEqual(
      stage.world.log.mutating().filter((c) => c.resource !== tableName),
      [],
      'blocked before any stack write',
    );
    await new Promise((r) => setTimeout(r, Math.max(0, blocked.expiresAt - Date.now()) + 200));
    assert.equal((await flip()).succeeded, true, 'the expired lease is taken over');
    await stage.world.settle();
    const rows = (await getStatusBoard(await createStackTools(stage.config, { clientConfig: stage.world.motoConfig() }))).rows;
    const subs = rows.find((r) => r.section === 'sns' && r.label === 'subscriptions');
    assert.deepEqual([subs?.blue, subs?.green], ['0/1 enabled', '1/1 enabled']);
  });
});

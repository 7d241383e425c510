import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findMotoOrphans } from '../../scripts/check-no-moto.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('Demo: npm run demo', function () {
  this.timeout(180_000);

  it('provisions both stacks, shows the board, flips blue → green → blue with progress, and stops its emulator', () => {
    const mine = new Set(findMotoOrphans());
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BLUEGREEN_TEST_AWS_ENDPOINT: '' },
    });
    assert.equal(result.status, 0, result.stderr);
    const out = result.stdout;
    assert.match(out, /2\. status board before the flip/);
    assert.match(out, /\| aurora +\| cluster +\| available +\| stopped +\|/, 'blue live, green stopped before');
    assert.match(out, /3\. flip → green[\s\S]*\[20\/20\] done +aurora: stop blue database/);
    assert.match(out, /4\. status board after the flip → green\n[\s\S]*?\| aurora +\| cluster +\| stopped +\| available +\|/);
    assert.match(out, /3\. flip → blue[\s\S]*flip → blue done/);
    assert.match(out, /4\. status board after the flip → blue\n[\s\S]*?\| aurora +\| cluster +\| available +\| stopped +\|/);
    // The durable flip (bluegreen-toolkit/durable) with its execution history: steps, durable waits, conditions.
    assert.match(out, /5\. flip → green again, as a Lambda durable function[\s\S]*✓ ⏸ sns: enable green subscriptions · dwell 900s/);
    assert.match(
      out,
      /durable finish: SUCCEEDED[\s\S]*6\. status board after the durable flip → green\n[\s\S]*?\| aurora +\| cluster +\| stopped +\| available +\|/,
    );
    assert.match(out, /emulator stopped; demo finished in/);
    const left = findMotoOrphans().filter((p) => !mine.has(p));
    assert.deepEqual(left, [], 'the demo stopped its own emulator');
  });
});

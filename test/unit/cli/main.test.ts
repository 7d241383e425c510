import { strict as assert } from 'node:assert';
import { parseDuration, UsageError } from '../../../src/cli/args.js';
import { main } from '../../../src/cli/main.js';
import { VERSION } from '../../../src/index.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} } };
}

describe('CLI: bluegreen', () => {
  it('--help prints usage and exits 0', async () => {
    const c = io();
    assert.equal(await main(['--help'], c.io), 0);
    assert.match(c.out.join(''), /Usage: bluegreen <command>/);
  });
  it('--version prints the package version', async () => {
    const c = io();
    assert.equal(await main(['--version'], c.io), 0);
    assert.equal(c.out.join(''), `${VERSION}\n`);
  });
  it('an unknown command exits 2 with a hint', async () => {
    const c = io();
    assert.equal(await main(['frobnicate'], c.io), 2);
    assert.match(c.err.join(''), /unknown command 'frobnicate'/);
  });
  it('parseDuration reads seconds, units and combinations', () => {
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('45m'), 2_700_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('500ms'), 500);
    for (const bad of ['', 'soon', '5 m', '-3s', '1x']) assert.throws(() => parseDuration(bad), UsageError, bad);
  });
});

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8'));

// The durable execution SDK (bluegreen-toolkit/durable) needs Node.js 22+, and Node.js 20 reached end of life in
// April 2026. The test command runs on the Node.js that the `node` dev dependency installs, whatever the machine's
// default `node` is: npm puts node_modules/.bin first on PATH for every npm script and for npx (npm docs, "scripts",
// section "path": https://docs.npmjs.com/cli/using-npm/scripts#path), and the `node` package links bin/node there.
describe('Node.js version of the test command', () => {
  it('pins the `node` dev dependency to an exact Node.js 22 release, recorded in the lock', () => {
    const pinned = pkg.devDependencies.node as string;
    assert.match(pinned, /^22\.\d+\.\d+$/, 'an exact version, so every machine runs the same Node.js');
    assert.equal(lock.packages['node_modules/node']?.version, pinned);
    assert.equal(lock.packages['']?.engines?.node, pkg.engines.node);
  });

  it("allows the `node` package's install script (it fetches the platform build) so a script-blocking npm still installs it", () => {
    assert.equal(pkg.allowScripts?.node, true);
  });

  it('runs on that pinned Node.js (run the tests through npm or npx, which put node_modules/.bin on PATH)', () => {
    assert.equal(process.versions.node, pkg.devDependencies.node);
  });
});

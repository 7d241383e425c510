// The integration run: installs the pinned moto server if needed, runs mocha (which starts and stops the emulator),
// then fails the run if any moto process from this checkout is left behind, whatever mocha's own result was.
import { spawnSync } from 'node:child_process';
import { findMotoOrphans } from './check-no-moto.mjs';
import { ensureMoto } from './ensure-moto.mjs';

ensureMoto();
const mocha = new URL('../node_modules/mocha/bin/mocha.js', import.meta.url).pathname;
// Arguments select spec files (default: every integration test), e.g. `node scripts/run-integration.mjs test/integration/sqs`.
const specs = process.argv.length > 2 ? process.argv.slice(2) : ['test/integration/**/*.test.ts'];
const result = spawnSync(process.execPath, [mocha, '--config', '.mocharc.integration.json', ...specs], { stdio: 'inherit' });
await new Promise((r) => setTimeout(r, 300));
const orphans = findMotoOrphans();
if (orphans.length > 0) {
  console.error(`FAIL: moto server processes are still running after the tests:\n${orphans.join('\n')}`);
  process.exitCode = 1;
} else {
  console.log('check: no moto server left running');
  process.exitCode = result.status ?? 1;
}

/**
 * A flip in its own process, for the "crashed holder" test: `node --import tsx flip-child.ts <endpoint> <config.json>
 * <lockTable>` takes the lease (2 s, heartbeat every 0.5 s), prints `LEASED` when its first step starts, and then
 * dwells long enough to be killed mid-flip.
 */
import { readFileSync } from 'node:fs';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, type StackConfig } from '../../../src/runbook/index.js';
import { emulatorClientConfig } from '../emulator.js';

const [endpoint, configPath, tableName] = process.argv.slice(2) as [string, string, string];
const config = JSON.parse(readFileSync(configPath, 'utf8')) as StackConfig;
let announced = false;
await bluegreenFlip(config, {
  clientConfig: emulatorClientConfig(endpoint),
  lock: { tableName, leaseSeconds: 2, heartbeatSeconds: 0.5, holder: `flip-child-${process.pid}` },
  propagationDwellSeconds: 60,
  onEvent: (e) => {
    if (!announced && e.type === 'started') {
      announced = true;
      process.stdout.write('LEASED\n');
    }
  },
}).flip(StackReference.Green);

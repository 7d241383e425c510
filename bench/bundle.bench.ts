/**
 * Benchmark (not a test): the bundle-size overhead of every service subpath over the bare SDK it uses.
 * (Cold start is measured as whole processes in coldstart.bench.ts; this one only reports bytes.)
 *
 *   npm run bench -- bundle
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sdkClientsInBundle } from '../test/support/bundle-clients.js';
import { PRIMARY_EXPORTS, subpathOverhead } from '../test/support/bundle-overhead.js';
import { printTable } from './lib/table.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.tmp', 'bench-bundle');

const METHOD = `Method (test/support/bundle-overhead.ts; the unit test test/unit/core/subpath-overhead.test.ts asserts the same figures)
- ours = a hook that imports the subpath's primary export and uses it; twin = the SDK-only hook with the same client
  classes and exactly the commands/paginators/waiters ours carries (read from ours' esbuild metafile).
- esbuild --minify, ESM, node20, SDK bundled, mainFields module,main (CDK NodejsFunction's ESM setting, so the SDK's
  ESM build is tree-shaken on both sides). overhead = ours − twin output bytes. Target ≤ 15 KB.
- "largest own modules" = this package's modules in ours' output, by bytes.`;

async function main(): Promise<void> {
  console.log(METHOD);
  const rootClients = await sdkClientsInBundle(join(root, 'src', 'index.ts'));
  console.log(`\nroot entry pulls SDK clients: ${rootClients.length ? rootClients.join(', ') : 'none'}`);
  const rows: string[][] = [['subpath', 'primary', 'clients', 'twin KB', 'ours KB', 'overhead KB', 'verdict', 'largest own modules (KB)']];
  const over: string[] = [];
  for (const [subpath, primary] of Object.entries(PRIMARY_EXPORTS)) {
    const f = await subpathOverhead(subpath, primary, out);
    const kb = f.overheadBytes / 1024;
    if (kb > 15) over.push(`${subpath} ${kb.toFixed(1)} KB`);
    rows.push([
      subpath,
      primary,
      f.clients.map((c) => c.replace('@aws-sdk/client-', '')).join('+'),
      (f.bareBytes / 1024).toFixed(1),
      (f.oursBytes / 1024).toFixed(1),
      kb.toFixed(1),
      kb <= 15 ? 'ok' : 'over',
      f.ownModules
        .slice(0, 4)
        .map(([p, b]) => `${p.replace('src/', '')} ${(b / 1024).toFixed(1)}`)
        .join(', '),
    ]);
  }
  console.log('');
  printTable(rows);
  console.log(over.length ? `\nover 15 KB: ${over.join('; ')}` : '\nevery subpath within 15 KB');
  if (rootClients.length) process.exitCode = 1;
}

await main();

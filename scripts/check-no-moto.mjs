// Fails when a moto server started from this checkout is still running after the test run (an orphan).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function findMotoOrphans(root = fileURLToPath(new URL('..', import.meta.url))) {
  const orphans = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline;
    let cwd;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      continue;
    }
    if (cmdline.includes('moto_launcher.py') && `${cwd}/` === root) orphans.push(`${entry}: ${cmdline.trim()}`);
  }
  return orphans;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const orphans = findMotoOrphans();
  if (orphans.length > 0) {
    console.error(`moto server processes are still running after the tests:\n${orphans.join('\n')}`);
    process.exit(1);
  }
  console.log('no moto server left running');
}

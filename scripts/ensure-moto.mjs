// Installs the pinned moto server into a project-local, git-ignored venv (.venv-moto) on first use. Re-installs when
// test/support/requirements-moto.txt changes. Skipped when BLUEGREEN_TEST_AWS_ENDPOINT points at an existing server.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const venv = `${root}.venv-moto`;
const requirements = `${root}test/support/requirements-moto.txt`;
const stamp = `${venv}/.requirements`;

export function motoPython() {
  return `${venv}/bin/python`;
}

export function ensureMoto({ quiet = false } = {}) {
  if (process.env.BLUEGREEN_TEST_AWS_ENDPOINT) return;
  const wanted = readFileSync(requirements, 'utf8');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(motoPython())) return;
  const log = (m) => quiet || process.stderr.write(`[moto] ${m}\n`);
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(motoPython())) {
    log(`creating ${venv}`);
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  log('installing the pinned moto server (first run only, about a minute); pip lists each package as it goes');
  const started = Date.now();
  // pip's one line per package ("Collecting …") is the progress; no progress bars (CI logs), no version nag.
  execFileSync(motoPython(), ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', requirements], {
    stdio: quiet ? 'ignore' : ['ignore', process.stderr, 'inherit'],
  });
  writeFileSync(stamp, wanted);
  log(`installed in ${Math.round((Date.now() - started) / 1000)}s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureMoto();

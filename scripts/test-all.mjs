// `npm test`: lint, type-check, docs, build, unit, integration and packaging tests in order (stopping at the first
// failing step, like `a && b`), with the output of each streamed, then ONE overall line `N passed, M failed` counting
// the mocha tests of all three suites (a failing step that is not a mocha suite counts as one failure).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['docs', ['run', 'docs']],
  ['build', ['run', 'build']],
  ['unit', ['run', 'test:unit'], true],
  ['integration', ['run', 'test:integration'], true],
  ['package', ['run', 'test:package'], true],
];

// Strips ANSI colours before reading mocha's "N passing" / "N failing" lines.
const ESC = String.fromCharCode(27);
const plain = (text) => text.replaceAll(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

function run(args) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output: plain(output) }));
  });
}

let passed = 0;
let failed = 0;
for (const [name, args, isSuite] of steps) {
  if (name === 'integration' && !existsSync('.venv-moto/bin/moto_server') && !process.env.BLUEGREEN_TEST_AWS_ENDPOINT)
    console.log('installing the pinned moto server into .venv-moto (first run only, about a minute)…');
  console.log(`\n=== ${name}: npm ${args.join(' ')}`);
  const { code, output } = await run(args);
  if (isSuite) {
    passed += [...output.matchAll(/^\s*(\d+) passing/gm)].reduce((n, m) => n + Number(m[1]), 0);
    failed += [...output.matchAll(/^\s*(\d+) failing/gm)].reduce((n, m) => n + Number(m[1]), 0);
  }
  if (code !== 0) {
    if (!isSuite || !/^\s*\d+ failing/m.test(output)) failed += 1;
    console.log(`\n${name} failed (exit ${code}); the later steps did not run`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(code);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);

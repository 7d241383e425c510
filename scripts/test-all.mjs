// `npm test`: lint, type-check, docs, build, unit, integration and packaging tests in order (stopping at the first
// failing step, like `a && b`), with the output of each streamed, then ONE overall line `N passed, M failed` counting
// the mocha tests of all three suites (a failing step that is not a mocha suite counts as one failure).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The tests mocha reported in a suite's output: the sum of its "N passing" and "N failing" lines. */
export function countMocha(output) {
  const text = plain(output);
  const sum = (re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  return { passed: sum(/^\s*(\d+) passing/gm), failed: sum(/^\s*(\d+) failing/gm) };
}

async function main() {
  let passed = 0;
  let failed = 0;
  for (const [name, args, isSuite] of steps) {
    console.log(`\n=== ${name}: npm ${args.join(' ')}`);
    const { code, output } = await run(args);
    const counted = isSuite ? countMocha(output) : { passed: 0, failed: 0 };
    passed += counted.passed;
    failed += counted.failed;
    if (code !== 0) {
      // A step that failed without failing tests (lint, a suite that crashed before reporting) counts as one.
      if (counted.failed === 0) failed += 1;
      console.log(`\n${name} failed (exit ${code}); the later steps did not run`);
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(code);
    }
  }
  console.log(`\n${passed} passed, ${failed} failed`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

/**
 * The compiled-examples check (scripts/check-examples.mjs, run by `npm run docs`): it finds every `ts` block of the
 * TSDoc `@example`s and of README.md and docs/, compiles them under --strict, and names the file and line of a broken
 * one. Here: the extraction finds what it should, and a broken example fails with its source location.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectExamples, compileExamples, fencedBlocks, tsdocExamples } from '../../scripts/check-examples.mjs';

describe('Docs: compiled code examples', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bluegreen-examples-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('extracts ts blocks of @example sections only, with their source line', () => {
    const source = [
      '/**',
      ' * Text with a block that is not an example:',
      ' * ```ts',
      ' * notAnExample();',
      ' * ```',
      ' * @example',
      ' * ```ts',
      " * import { StackReference } from 'bluegreen-toolkit';",
      ' * ```',
      ' * @param x - more',
      ' */',
    ].join('\n');
    assert.deepEqual(tsdocExamples(source), [{ code: "import { StackReference } from 'bluegreen-toolkit';", line: 8 }]);
    assert.deepEqual(fencedBlocks('# t\n```sh\nnpm i\n```\n```ts\nconst a = 1;\n```\n'), [{ code: 'const a = 1;', line: 6 }]);
  });

  it('collects every TSDoc @example and README/docs block (hundreds, from src, README.md and docs/)', () => {
    const examples = collectExamples();
    assert.ok(examples.filter((e) => e.kind === 'tsdoc').length > 300);
    assert.ok(examples.some((e) => e.file === 'README.md'));
    assert.ok(examples.some((e) => e.file.startsWith('docs/')));
  });

  it('a broken example fails, naming its file and line; a good one passes', () => {
    const good = {
      code: "import { parseStackReference } from 'bluegreen-toolkit';\nparseStackReference('green');",
      line: 10,
      file: 'README.md',
      kind: 'markdown' as const,
    };
    const broken = {
      code: "import { StackReference } from 'bluegreen-toolkit';\n\nconst s: StackReference = 'purple';",
      line: 40,
      file: 'src/x.ts',
      kind: 'tsdoc' as const,
    };
    // One program for both (compiling is the slow part): only the broken one is reported.
    const problems = compileExamples([good, broken], dir);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] as string, /^src\/x\.ts:42 \(tsdoc example\): TS2322/);
  });
});

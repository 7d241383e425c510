import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectIam, renderIam } from '../../../scripts/gen-iam-doc.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('Docs: IAM permissions per method', () => {
  it('docs/iam.md is generated from the current TSDoc (run `node scripts/gen-iam-doc.mjs`)', () => {
    assert.equal(readFileSync(`${root}docs/iam.md`, 'utf8'), renderIam());
  });

  it('lists only well-formed IAM actions, each method once', () => {
    const entries = collectIam();
    assert.ok(entries.length > 0);
    for (const e of entries) for (const a of e.actions) assert.match(a, /^[a-z0-9-]+:[A-Z][A-Za-z0-9]*$/, `${e.name}: ${a}`);
    const names = entries.map((e) => `${e.file}:${e.name}`);
    assert.equal(new Set(names).size, names.length);
  });
});

// Fails when an export of a package subpath has no `@example` in its TSDoc. Reads the JSON model typedoc writes
// (docs/api/api.json, see typedoc.config.mjs); run after `typedoc` (`npm run docs` does both).
import { readFileSync } from 'node:fs';

// Enums, variables, functions, classes, interfaces and type aliases: every kind of top-level export.
const CHECKED_KINDS = new Set([8, 32, 64, 128, 256, 2097152]);
const api = JSON.parse(readFileSync(new URL('../docs/api/api.json', import.meta.url), 'utf8'));

const hasExample = (reflection) => {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
  return comments.some((c) => c?.blockTags?.some((tag) => tag.tag === '@example'));
};

const missing = [];
let checked = 0;
for (const module of api.children ?? []) {
  for (const reflection of module.children ?? []) {
    if (!CHECKED_KINDS.has(reflection.kind)) continue;
    checked++;
    if (!hasExample(reflection)) missing.push(`${module.name}: ${reflection.name}`);
  }
}
if (missing.length > 0) {
  console.error(`${missing.length} of ${checked} exports have no @example in their TSDoc:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`every export has an @example (${checked} checked)`);

// typedoc: one entry point per package subpath (read from package.json "exports"), warnings are errors.
import { readFileSync } from 'node:fs';

const { exports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const entryPoints = Object.keys(exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath) => (subpath === '.' ? 'src/index.ts' : `src/${subpath.slice(2)}/index.ts`));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'bluegreen-toolkit',
  entryPoints,
  out: 'docs/api',
  // The JSON model too: scripts/check-examples.mjs reads it.
  json: 'docs/api/api.json',
  tsconfig: 'tsconfig.build.json',
  treatWarningsAsErrors: true,
  excludePrivate: true,
  excludeInternal: true,
  readme: 'README.md',
  // Explicit, so the docs build does not depend on the clone's git remote.
  sourceLinkTemplate: 'https://github.com/bluegreen-toolkit/bluegreen-toolkit/blob/{gitRevision}/{path}#L{line}',
  validation: { notExported: true, invalidLink: true, notDocumented: false },
};

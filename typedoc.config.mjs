// typedoc: one entry point per package subpath (read from package.json "exports"), warnings are errors.
import { readFileSync } from 'node:fs';

const { exports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const entryPoints = Object.keys(exports)
  .filter((subpath) => !subpath.endsWith('.json'))
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
  // The landing page is for users (install, three ways of use, links); the guides are rendered as pages of the site.
  readme: 'docs/index.md',
  projectDocuments: [
    'docs/concepts.md',
    'docs/hooks.md',
    'docs/external-hooks.md',
    'docs/runbook.md',
    'docs/bundling.md',
    'docs/tools/*.md',
    'docs/iam.md',
    'docs/testing-your-hooks.md',
    'docs/durable.md',
    'docs/performance.md',
    'docs/upgrading.md',
  ],
  // One navigation entry per package subpath (module), the guides under "Documents", expanded.
  navigation: { includeCategories: false, includeGroups: false, includeFolders: false },
  navigationLinks: { npm: 'https://www.npmjs.com/package/bluegreen-toolkit' },
  // Explicit, so the docs build does not depend on the clone's git remote.
  sourceLinkTemplate: 'https://github.com/bluegreen-toolkit/bluegreen-toolkit/blob/{gitRevision}/{path}#L{line}',
  validation: { notExported: true, invalidLink: true, notDocumented: false },
};

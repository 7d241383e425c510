// The docs check (run by `npm run docs`, after typedoc):
// 1. every export of a package subpath has an `@example` in its TSDoc (read from the JSON model typedoc writes,
//    docs/api/api.json);
// 2. every `ts` code block of a TSDoc `@example` in src/ and of README.md and docs/**/*.md compiles, as a user's
//    module importing from the package subpaths (mapped to src/ as in tsconfig.json), under `--strict`. Names an
//    example uses without defining them (`queues`, `config`, …) come from one shared prelude of declared variables,
//    docs/examples-prelude.d.ts; a name the example defines itself shadows the prelude's.
// It prints how many it compiled and fails, naming file and line, on a broken one.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultOut = join(root, '.tmp', 'examples');

/** Every fenced `ts`/`typescript` block in a markdown text: its code and the 1-based line of its first code line. */
export function fencedBlocks(text, lineOffset = 0) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    blocks.push({ code: lines.slice(start, end).join('\n'), line: lineOffset + start + 1 });
    i = end;
  }
  return blocks;
}

/** The `ts` blocks of the `@example` sections of every TSDoc comment of a source file. */
export function tsdocExamples(source) {
  const examples = [];
  for (const match of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const commentLine = source.slice(0, match.index).split('\n').length - 1;
    // Strip the leading " * " of each comment line, keeping line numbers.
    const body = match[0].split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\*\/\s*$/, ''));
    let inExample = false;
    const kept = body.map((l) => {
      if (/^@\w+/.test(l.trim())) inExample = l.trim().startsWith('@example');
      return inExample ? l : '';
    });
    examples.push(...fencedBlocks(kept.join('\n'), commentLine));
  }
  return examples;
}

const walk = (dir, pick) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'api' || d.name === 'node_modules' ? [] : walk(path, pick);
    return pick(d.name) ? [path] : [];
  });

export function collectExamples() {
  const examples = [];
  for (const file of walk(join(root, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))) {
    for (const block of tsdocExamples(readFileSync(file, 'utf8'))) examples.push({ ...block, file: relative(root, file), kind: 'tsdoc' });
  }
  for (const file of [join(root, 'README.md'), ...walk(join(root, 'docs'), (n) => n.endsWith('.md'))]) {
    for (const block of fencedBlocks(readFileSync(file, 'utf8'))) examples.push({ ...block, file: relative(root, file), kind: 'markdown' });
  }
  return examples;
}

function checkHasExample() {
  // Enums, variables, functions, classes, interfaces and type aliases: every kind of top-level export.
  const CHECKED_KINDS = new Set([8, 32, 64, 128, 256, 2097152]);
  const api = JSON.parse(readFileSync(join(root, 'docs/api/api.json'), 'utf8'));
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
    return false;
  }
  console.log(`every export has an @example (${checked} checked)`);
  return true;
}

/** Compiles the examples; returns the diagnostics as "file:line: message" strings (source locations). */
export function compileExamples(examples, out = defaultOut) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Files an example may read next to itself (README quick start 1 imports ./stack.json).
  writeFileSync(join(out, 'stack.json'), readFileSync(join(root, 'docs', 'examples-stack.json'), 'utf8'));
  const files = examples.map((example, i) => {
    const path = join(out, `example-${String(i).padStart(4, '0')}.ts`);
    // `export {}` makes every example a module: its own names shadow the prelude's, and top-level await is allowed.
    writeFileSync(path, `${example.code}\nexport {};\n`);
    return path;
  });
  const options = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    esModuleInterop: true,
    types: ['node', 'aws-lambda'],
    baseUrl: root,
    paths: { 'bluegreen-toolkit': ['./src/index.ts'], 'bluegreen-toolkit/*': ['./src/*/index.ts'] },
  };
  const program = ts.createProgram([join(root, 'docs', 'examples-prelude.d.ts'), ...files], options);
  const byFile = new Map(files.map((f, i) => [f, examples[i]]));
  const problems = [];
  // TS1108 (top-level `return`): an example may be a snippet of a function body, the rest of it is still checked.
  const ALLOWED = new Set([1108]);
  for (const d of ts.getPreEmitDiagnostics(program).filter((x) => !ALLOWED.has(x.code))) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    const example = d.file ? byFile.get(d.file.fileName) : undefined;
    if (!d.file) problems.push(`(global): TS${d.code}: ${message}`);
    else if (!example) problems.push(`${relative(root, d.file.fileName)}: TS${d.code}: ${message}`);
    else {
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push(`${example.file}:${example.line + line} (${example.kind} example): TS${d.code}: ${message}`);
    }
  }
  return problems;
}

/** Every guide listed in typedoc's projectDocuments is a page of the site (docs/api/documents/<name>.html). */
function checkGuidePages() {
  const guides = [...walk(join(root, 'docs'), (n) => n.endsWith('.md'))].filter((f) => !/CONTRIBUTING|index\.md$/.test(f));
  const missing = guides
    .map((f) => relative(join(root, 'docs'), f).replace(/\.md$/, '').replaceAll('/', '_'))
    .filter((name) => !existsSync(join(root, 'docs', 'api', 'documents', `${name}.html`)));
  if (missing.length > 0) {
    console.error(`guides without a page in docs/api/documents: ${missing.join(', ')} (add them to projectDocuments)`);
    return false;
  }
  console.log(`every guide is a page of the site (${guides.length} in docs/api/documents)`);
  // Navigation by subpath: one module page per package subpath; internals (@internal) are not in the API.
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const modules = Object.keys(exports)
    .filter((s) => !s.endsWith('.json'))
    .map((s) => (s === '.' ? 'bluegreen-toolkit' : `bluegreen-toolkit_${s.slice(2)}`))
    .filter((m) => !existsSync(join(root, 'docs', 'api', 'modules', `${m}.html`)));
  if (modules.length > 0) {
    console.error(`subpaths without a module page: ${modules.join(', ')}`);
    return false;
  }
  const api = readFileSync(join(root, 'docs', 'api', 'api.json'), 'utf8');
  const leaked = ['requireString', 'requireObject', 'optionalString'].filter(
    (name) => api.includes(`"name": "${name}"`) || api.includes(`"name":"${name}"`),
  );
  if (leaked.length > 0) {
    console.error(`internal helpers in the public API: ${leaked.join(', ')} (mark them @internal)`);
    return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const onlyCompile = process.argv.includes('--compile-only');
  const ok = onlyCompile || (checkHasExample() & checkGuidePages()) === 1;
  const examples = collectExamples();
  const problems = compileExamples(examples);
  const tsdoc = examples.filter((e) => e.kind === 'tsdoc').length;
  if (problems.length > 0) {
    console.error(`${problems.length} error(s) in the code examples:\n  ${problems.join('\n  ')}`);
    console.error(`compiled ${examples.length} code examples (${tsdoc} TSDoc @example, ${examples.length - tsdoc} README/docs): FAILED`);
    process.exit(1);
  }
  console.log(
    `compiled ${examples.length} code examples (${tsdoc} TSDoc @example, ${examples.length - tsdoc} README/docs blocks) under --strict: all pass`,
  );
  if (!ok) process.exit(1);
}

// Generates schema/stack.schema.json, the JSON Schema of a stack config (stack.json, see loadStackConfig), from the
// TypeScript option types of each section's tool (AuroraToolsOptions, SqsToolsOptions, …): the same source of truth
// the tools validate against at run time, so the schema cannot drift from the code. Client-side options (an injected
// client, clientConfig, logger, dryRun) and functions are left out: they cannot be written in JSON. Descriptions come
// from the TSDoc. Run by `npm run build`; shipped in the package as `bluegreen-toolkit/schema/stack.schema.json`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each stack.json section and the options type of its tool (exported by the section's subpath). */
export const SECTION_TYPES = {
  aurora: ['aurora', 'AuroraToolsOptions'],
  dynamodb: ['dynamodb', 'DynamoToolsOptions'],
  sqs: ['sqs', 'SqsToolsOptions'],
  sns: ['sns', 'SnsToolsOptions'],
  kinesis: ['kinesis', 'KinesisToolsOptions'],
  lambda: ['lambda', 'LambdaToolsOptions'],
  cloudwatch: ['cloudwatch', 'CloudWatchToolsOptions'],
  ecs: ['ecs', 'EcsToolsOptions'],
};

/** Options that only code can pass. */
const CODE_ONLY = new Set(['awsSdkV3Client', 'clientConfig', 'clients', 'logger', 'dryRun', 'signal', 'abortSignal']);

export function generateSchema() {
  const files = Object.values(SECTION_TYPES).map(([dir]) => `${root}src/${dir}/index.ts`);
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const doc = (symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();

  const isFunction = (type) => type.getCallSignatures().length > 0;
  const isClassInstance = (type) => {
    const decl = type.getSymbol()?.declarations?.[0];
    return Boolean(
      decl &&
        (ts.isClassDeclaration(decl) || decl.getSourceFile().isDeclarationFile) &&
        type.getProperties().some((p) => isFunction(checker.getTypeOfSymbol(p))) &&
        !checker.isArrayType(type),
    );
  };

  function toSchema(type, seen, depth) {
    if (depth > 12) return {};
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Never)));
      if (members.length === 0) return {};
      if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
      if (members.every((t) => t.isStringLiteral())) return { type: 'string', enum: members.map((t) => t.value) };
      if (members.every((t) => t.isNumberLiteral())) return { type: 'number', enum: members.map((t) => t.value) };
      const usable = members.filter((t) => !isFunction(t) && !isClassInstance(t));
      if (usable.length === 1) return toSchema(usable[0], seen, depth + 1);
      // A union of object types (e.g. "either an injected client or clientConfig") is one object with every property.
      if (usable.every((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t)) || usable.every((t) => t.isIntersection()))
        return objectSchema(usable, seen, depth);
      const anyOf = [];
      for (const t of usable) {
        const s = toSchema(t, seen, depth + 1);
        if (t.flags & ts.TypeFlags.BooleanLiteral) {
          if (!anyOf.some((a) => a.type === 'boolean')) anyOf.push({ type: 'boolean' });
        } else anyOf.push(s);
      }
      return anyOf.length === 1 ? anyOf[0] : { anyOf };
    }
    if (flags & ts.TypeFlags.StringLike) return type.isStringLiteral() ? { const: type.value } : { type: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return type.isNumberLiteral() ? { const: type.value } : { type: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { type: 'boolean' };
    if (checker.isArrayType(type)) return { type: 'array', items: toSchema(checker.getTypeArguments(type)[0], seen, depth + 1) };
    if (checker.isTupleType(type)) return { type: 'array', items: checker.getTypeArguments(type).map((t) => toSchema(t, seen, depth + 1)) };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return objectSchema([type], seen, depth);
    return {};
  }

  function objectSchema(types, seen, depth) {
    const properties = {};
    const requiredEverywhere = new Map();
    let additional = false;
    for (const type of types) {
      if (seen.has(type)) return {};
      const inner = new Set(seen).add(type);
      const index = type.getStringIndexType();
      if (index) additional = toSchema(index, inner, depth + 1);
      for (const prop of checker.getPropertiesOfType(type)) {
        const name = prop.getName();
        if (CODE_ONLY.has(name)) continue;
        const propType = checker.getTypeOfSymbol(prop);
        const nonNull = propType.isUnion() ? propType.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)) : [propType];
        if (nonNull.length > 0 && nonNull.every((t) => isFunction(t) || isClassInstance(t) || t.flags & ts.TypeFlags.Never)) continue;
        const schema = toSchema(propType, inner, depth + 1);
        const description = doc(prop);
        properties[name] ??= description ? { description, ...schema } : schema;
        const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
        requiredEverywhere.set(name, (requiredEverywhere.get(name) ?? true) && !optional);
      }
      for (const name of Object.keys(properties)) if (!checker.getPropertyOfType(type, name)) requiredEverywhere.set(name, false);
    }
    const required = [...requiredEverywhere].filter(([, r]) => r).map(([n]) => n);
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: additional };
  }

  const sections = {};
  for (const [section, [dir, typeName]] of Object.entries(SECTION_TYPES)) {
    const source = program.getSourceFile(`${root}src/${dir}/index.ts`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const exported = checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === typeName);
    if (!exported) throw new Error(`bluegreen-toolkit/${dir} does not export ${typeName}`);
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const schema = toSchema(checker.getDeclaredTypeOfSymbol(target), new Set(), 0);
    sections[section] = { description: `${typeName} (bluegreen-toolkit/${dir}), without the options only code can pass.`, ...schema };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://unpkg.com/bluegreen-toolkit/schema/stack.schema.json',
    title: 'bluegreen-toolkit stack config (stack.json)',
    description:
      "The blue/green resources of a whole stack, one section per service, read by loadStackConfig and the bluegreen CLI (status, flip). Generated from the tools' option types by scripts/gen-schema.mjs.",
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'This schema, for editors: ./node_modules/bluegreen-toolkit/schema/stack.schema.json' },
      description: { type: 'string', description: 'Free text.' },
      region: { type: 'string', description: "AWS region for every client (the CLI's --region overrides it)." },
      endpoint: {
        type: 'string',
        pattern: '^https?://\\S+$',
        description: 'A custom endpoint for every client (for example a local emulator).',
      },
      lock: {
        type: 'object',
        description:
          "The flip lease's lock table (infra/lock-table.yaml); the same rules as validateStackConfig in src/runbook/stack-config.ts.",
        properties: {
          tableName: { type: 'string', pattern: '^[a-zA-Z0-9_.-]{3,255}$', description: 'The DynamoDB lock table (partition key lockId).' },
          lockId: { type: 'string', description: "The pair's key in the lock table (default: derived from the config's resource names)." },
        },
        required: ['tableName'],
        additionalProperties: false,
      },
      ...sections,
    },
    additionalProperties: false,
    anyOf: Object.keys(sections).map((s) => ({ required: [s] })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const schema = generateSchema();
  mkdirSync(`${root}schema`, { recursive: true });
  writeFileSync(`${root}schema/stack.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schema/stack.schema.json: ${Object.keys(schema.properties).length - 4} sections`);
}

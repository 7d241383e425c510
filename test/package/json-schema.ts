/**
 * A minimal JSON Schema (draft-07) validator for the keywords scripts/gen-schema.mjs writes: type, properties,
 * required, additionalProperties, enum, const, items, anyOf, pattern. Returns the problems as "path: message".
 */
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
  const?: unknown;
  items?: Schema | Schema[];
  anyOf?: Schema[];
  pattern?: string;
};

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const problems: string[] = [];
  if (schema.type && !(schema.type === typeOf(value) || (schema.type === 'integer' && Number.isInteger(value))))
    return [`${path}: expected ${schema.type}, got ${typeOf(value)}`];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: expected one of ${schema.enum.join(', ')}`);
  if ('const' in schema && schema.const !== value) problems.push(`${path}: expected ${String(schema.const)}`);
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value))
    problems.push(`${path}: does not match ${schema.pattern}`);
  if (schema.anyOf && !schema.anyOf.some((s) => validate(s, value, path).length === 0)) problems.push(`${path}: matches none of anyOf`);
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => {
      const itemSchema = Array.isArray(schema.items) ? schema.items[i] : schema.items;
      if (itemSchema) problems.push(...validate(itemSchema, item, `${path}[${i}]`));
    });
  }
  if (typeOf(value) === 'object' && (schema.properties || schema.required || schema.additionalProperties !== undefined)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${path}: missing '${key}'`);
    for (const [key, v] of Object.entries(object)) {
      const own = schema.properties?.[key];
      if (own) problems.push(...validate(own, v, `${path}.${key}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: unknown key '${key}'`);
      else if (typeof schema.additionalProperties === 'object')
        problems.push(...validate(schema.additionalProperties, v, `${path}.${key}`));
    }
  }
  return problems;
}

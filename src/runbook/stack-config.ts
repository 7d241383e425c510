import { type AwsClientConfig, ConfigError, describeValue, optionalString, requireObject, requireString } from '../core/index.js';

/**
 * The services a stack config can list, in the order the status board shows them:
 * `['aurora', 'dynamodb', 'sqs', 'sns', 'kinesis', 'lambda', 'cloudwatch', 'ecs']`.
 *
 * @example
 * ```ts
 * import { loadStackConfig, STACK_SECTIONS } from 'bluegreen-toolkit/runbook';
 *
 * const config = await loadStackConfig('stack.json');
 * for (const section of STACK_SECTIONS) console.log(`${section}: ${config[section] ? 'configured' : 'skipped'}`);
 * ```
 */
export const STACK_SECTIONS = ['aurora', 'dynamodb', 'sqs', 'sns', 'kinesis', 'lambda', 'cloudwatch', 'ecs'] as const;

/**
 * One of {@link STACK_SECTIONS}: a service section of a {@link StackConfig} and of {@link StackTools}.
 *
 * @example
 * ```ts
 * import { loadStackConfig, STACK_SECTIONS, type StackSection } from 'bluegreen-toolkit/runbook';
 *
 * const config = await loadStackConfig('stack.json');
 * const configured: StackSection[] = STACK_SECTIONS.filter((section) => config[section] !== undefined);
 * ```
 */
export type StackSection = (typeof STACK_SECTIONS)[number];

/**
 * The blue/green resources of a whole stack: one section per service, each holding that tool's options (the same
 * plain-JSON options its constructor takes, without clients). Sections you leave out are skipped by the flip and the
 * status board. Load it from JSON with {@link loadStackConfig} or write it as a TS/JS module.
 *
 * @example
 * ```json
 * {
 *   "region": "eu-west-1",
 *   "aurora": { "clusters": { "blue": { "clusterIdentifier": "shop-db-blue" }, "green": { "clusterIdentifier": "shop-db-green" } } },
 *   "sqs": { "queues": { "blue": { "queueName": "orders-blue", "dlqName": "orders-blue-dlq" },
 *                        "green": { "queueName": "orders-green", "dlqName": "orders-green-dlq" } } }
 * }
 * ```
 */
export interface StackConfig {
  /** AWS region for every client (overridden by `clientConfig.region`). */
  region?: string;
  /** A custom endpoint for every client (for example a local emulator). */
  endpoint?: string;
  /** AuroraTools options (`clusters`, …). */
  aurora?: Record<string, unknown>;
  /** DynamoTools options (`tables`). */
  dynamodb?: Record<string, unknown>;
  /** SqsTools options (`queues`). */
  sqs?: Record<string, unknown>;
  /** SnsTools options (`subscriptions`). */
  sns?: Record<string, unknown>;
  /** KinesisTools options (`consumers`). */
  kinesis?: Record<string, unknown>;
  /** LambdaTools options (`functions`). */
  lambda?: Record<string, unknown>;
  /** CloudWatchTools options (`alarms`). */
  cloudwatch?: Record<string, unknown>;
  /** EcsTools options (`services`). */
  ecs?: Record<string, unknown>;
  /**
   * The flip lease's lock table (`infra/lock-table.yaml`): `tableName`, and `lockId` — the pair's key in it (default:
   * derived from the config's resource names; set it so a changed config keeps the same lock).
   */
  lock?: { tableName: string; lockId?: string };
}

/**
 * Validates the shape of a stack config (known sections, objects, region/endpoint strings). Each section's content is
 * validated by its tool when the tools are created, still before any AWS call.
 *
 * @param input - the parsed config.
 * @param source - where it came from, for error messages.
 * @throws {@link bluegreen-toolkit!ConfigError} naming the bad key and the accepted ones.
 *
 * @example
 * ```ts
 * import { validateStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const config = validateStackConfig(JSON.parse(text), 'stack.json');
 * ```
 */
export function validateStackConfig(input: unknown, source = 'stack config'): StackConfig {
  const config = requireObject(input, source);
  const allowed = new Set<string>(['region', 'endpoint', '$schema', 'description', 'lock', ...STACK_SECTIONS]);
  for (const key of Object.keys(config)) {
    if (!allowed.has(key)) {
      throw new ConfigError(
        `${source} has an unknown key '${key}': use region, endpoint, lock and the service sections ${STACK_SECTIONS.join(', ')}.`,
      );
    }
  }
  optionalString(config.region, `${source}.region`);
  optionalString(config.endpoint, `${source}.endpoint`, { pattern: /^https?:\/\/\S+$/, patternHint: 'an http(s) URL' });
  const present = STACK_SECTIONS.filter((s) => config[s] !== undefined);
  if (present.length === 0) throw new ConfigError(`${source} lists no service: add at least one of ${STACK_SECTIONS.join(', ')}.`);
  for (const section of present) requireObject(config[section], `${source}.${section}`);
  if (config.lock !== undefined) {
    const lock = requireObject(config.lock, `${source}.lock`);
    for (const key of Object.keys(lock))
      if (key !== 'tableName' && key !== 'lockId')
        throw new ConfigError(`${source}.lock has an unknown key '${key}': use tableName and lockId.`);
    requireString(lock.tableName, `${source}.lock.tableName`, { pattern: /^[a-zA-Z0-9_.-]{3,255}$/, patternHint: 'a DynamoDB table name' });
    optionalString(lock.lockId, `${source}.lock.lockId`);
  }
  return config as StackConfig;
}

/**
 * Loads a stack config from a `.json` file, or from a JS/TS module whose default export (or `config` export) is the
 * config. TypeScript modules need a TypeScript-aware runtime (ts-node, tsx, or Node.js with type stripping).
 *
 * @param path - the file path.
 * @throws {@link bluegreen-toolkit!ConfigError} when the file is missing, is not valid JSON, or does not hold a valid config.
 *
 * @example
 * ```ts
 * import { loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const config = await loadStackConfig('stack.json');
 * ```
 */
export async function loadStackConfig(path: string): Promise<StackConfig> {
  if (typeof path !== 'string' || path.length === 0) throw new ConfigError(`A stack config path is required, got ${describeValue(path)}.`);
  const { readFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const absolute = resolve(path);
  if (/\.json$/i.test(path)) {
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      throw new ConfigError(`Cannot read stack config ${path}: ${(error as Error).message}`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`Stack config ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    return validateStackConfig(parsed, path);
  }
  let mod: { default?: unknown; config?: unknown };
  try {
    mod = (await import(pathToFileURL(absolute).href)) as { default?: unknown; config?: unknown };
  } catch (error) {
    throw new ConfigError(`Cannot load stack config module ${path}: ${(error as Error).message}`, { cause: error });
  }
  const value = mod.default ?? mod.config;
  const unwrapped = value !== null && typeof value === 'object' && 'default' in value ? (value as { default: unknown }).default : value;
  return validateStackConfig(unwrapped, path);
}

/**
 * The client settings every tool of the stack gets: the config's region/endpoint, then `clientConfig` on top.
 *
 * @example
 * ```ts
 * import { stackClientConfig } from 'bluegreen-toolkit/runbook';
 *
 * stackClientConfig({ region: 'eu-west-1', sqs: { queues } }, { maxAttempts: 5 }); // { region: 'eu-west-1', maxAttempts: 5 }
 * ```
 */
export function stackClientConfig(config: StackConfig, clientConfig: AwsClientConfig = {}): AwsClientConfig {
  const base: AwsClientConfig = {};
  if (config.region) base.region = config.region;
  if (config.endpoint) base.endpoint = config.endpoint;
  return { ...base, ...clientConfig };
}

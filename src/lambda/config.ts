import {
  ConfigError,
  describeValue,
  optionalString,
  type Pair,
  requireArray,
  requireDisjointPair,
  requireInteger,
  requireObject,
  requirePair,
  requireString,
} from '../core/index.js';
import type { LambdaFunctionConfig } from './types.js';

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9_-]{1,64})$/;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ALIAS = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;
const BUS = /^(arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._\-/]{1,256}$/;
const SOURCE_ARN = /^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A validated function configuration with the derived plain name. */
export interface ResolvedFunction extends LambdaFunctionConfig {
  /** The plain function name (from the name or the ARN). */
  name: string;
  /** The unqualified ARN when it was configured, otherwise looked up once. */
  configuredArn?: string;
  eventBuses: string[];
}

/** Validates `options.functions` (a ConfigError naming the exact path). */
export function parseFunctions(value: unknown): Pair<ResolvedFunction> {
  const functions = requirePair(value, 'functions', (side, path) => {
    const fn = requireObject(side, path);
    for (const key of Object.keys(fn)) {
      if (!['functionName', 'alias', 'eventBuses'].includes(key)) {
        throw new ConfigError(`${path} has an unknown key '${key}': expected functionName, alias, eventBuses.`);
      }
    }
    const functionName = requireString(fn.functionName, `${path}.functionName`, { maxLength: 140 });
    const arn = FUNCTION_ARN.exec(functionName);
    if (!arn && !FUNCTION_NAME.test(functionName)) {
      throw new ConfigError(
        `${path}.functionName ${describeValue(functionName)} is not valid: use the function name (letters, digits, '-', '_'; ` +
          'up to 64) or its unqualified ARN arn:aws:lambda:<region>:<account>:function:<name> (no version or alias suffix; set alias instead).',
      );
    }
    const alias = optionalString(fn.alias, `${path}.alias`, {
      pattern: ALIAS,
      patternHint: "letters, digits, '-' and '_' (not only digits: that is a version), up to 128 characters",
    });
    if (alias === '$LATEST') throw new ConfigError(`${path}.alias cannot be $LATEST: name an alias such as 'live'.`);
    const eventBuses =
      fn.eventBuses === undefined
        ? []
        : requireArray(fn.eventBuses, `${path}.eventBuses`, (v, p) =>
            requireString(v, p, { pattern: BUS, patternHint: 'an event bus name or ARN' }),
          );
    const resolved: ResolvedFunction = { functionName, name: arn ? (arn[1] as string) : functionName, eventBuses };
    if (arn) resolved.configuredArn = functionName;
    if (alias !== undefined) resolved.alias = alias;
    return resolved;
  });
  requireDisjointFunctions(functions);
  return functions;
}

/**
 * Refuses one function on both sides, even with two different aliases: the unqualified function's mappings and the
 * rules that target its unqualified ARN would be found for both stacks, so disabling one stack would disable the
 * other. Two ARNs are compared whole (the same name in two regions or accounts is two functions); a plain name is
 * resolved in the client's account and region, so it is compared with the other side's name.
 */
function requireDisjointFunctions(functions: Pair<ResolvedFunction>): void {
  const { blue, green } = functions;
  const byArn = blue.configuredArn !== undefined && green.configuredArn !== undefined;
  requireDisjointPair(
    { path: 'functions.blue.functionName', value: byArn ? blue.configuredArn : blue.name },
    { path: 'functions.green.functionName', value: byArn ? green.configuredArn : green.name },
    {
      what: 'Lambda function',
      hint: 'each stack needs its own function (two aliases of one function still share its mappings and rules)',
    },
  );
}

/** Validates a concurrency setting. */
export function parseConcurrency(value: unknown, path: string, fallback: number): number {
  return value === undefined ? fallback : requireInteger(value, path, { min: 1, max: 100 });
}

/** Validates an event source ARN argument. */
export function parseSourceArn(value: unknown): string {
  return requireString(value, 'sourceArn', {
    maxLength: 1024,
    pattern: SOURCE_ARN,
    patternHint: 'the ARN of an SQS queue, Kinesis or DynamoDB stream, MSK cluster or MQ broker (arn:aws:...)',
  });
}

/** Validates a mapping UUID argument. */
export function parseUuid(value: unknown): string {
  return requireString(value, 'uuid', { pattern: UUID, patternHint: 'the event source mapping UUID (8-4-4-4-12 hex digits)' });
}

/** Validates an alias name argument. */
export function parseAliasName(value: unknown, path = 'alias name'): string {
  return requireString(value, path, {
    pattern: ALIAS,
    patternHint: "an alias name: letters, digits, '-' and '_' (not only digits), up to 128 characters",
  });
}

/** Validated metrics window. */
export interface MetricsWindow {
  periodSeconds: number;
  windowMinutes: number;
}

/** Validates getLatestMetrics options. */
export function parseMetricsOptions(value: unknown): MetricsWindow {
  const options = value === undefined ? {} : requireObject(value, 'options');
  const periodSeconds =
    options.periodSeconds === undefined ? 60 : requireInteger(options.periodSeconds, 'options.periodSeconds', { min: 60 });
  if (periodSeconds % 60 !== 0) throw new ConfigError(`options.periodSeconds must be a multiple of 60, got ${periodSeconds}.`);
  const windowMinutes =
    options.windowMinutes === undefined ? 5 : requireInteger(options.windowMinutes, 'options.windowMinutes', { min: 1, max: 1440 });
  if (windowMinutes * 60 < periodSeconds) {
    throw new ConfigError(
      `options.windowMinutes (${windowMinutes}) is shorter than one period (${periodSeconds}s): widen the window or shorten the period.`,
    );
  }
  return { periodSeconds, windowMinutes };
}

import {
  ConfigError,
  describeValue,
  optionalString,
  type Pair,
  requireArray,
  requireInteger,
  requireObject,
  requirePair,
  requireString,
} from '../core/index.js';
import type { LambdaTools } from './lambda-tools.js';
import type { LambdaFunctionConfig } from './types.js';

// A function name, or its unqualified ARN (group 1 = the ARN prefix, group 2 = the name).
const FUNCTION = /^(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?([a-zA-Z0-9_-]{1,64})$/;
const ALIAS = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;
const ALIAS_HINT = "up to 128 letters, digits, '-' or '_', not only digits (that is a version)";
const BUS = /^(arn:aws[a-zA-Z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._\-/]{1,256}$/;
const SOURCE_ARN = /^arn:aws[a-zA-Z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A validated function configuration with the derived plain name. */
export interface ResolvedFunction extends LambdaFunctionConfig {
  /** The plain function name (from the name or the ARN). */
  name: string;
  /** The unqualified ARN when it was configured, otherwise looked up once. */
  configuredArn?: string;
}

/**
 * Validates `options.functions` (a ConfigError naming the exact path). `eventBuses` is kept as given: it is
 * EventBridgeTools' (bluegreen-toolkit/eventbridge), which validates it when it is constructed.
 */
export function parseFunctions(value: unknown): Pair<ResolvedFunction> {
  const functions = requirePair(value, 'functions', (side, path) => {
    const fn = requireObject(side, path, ['functionName', 'alias', 'eventBuses']);
    const functionName = requireString(fn.functionName, `${path}.functionName`, { maxLength: 140 });
    const match = FUNCTION.exec(functionName);
    if (!match) {
      throw new ConfigError(
        `${path}.functionName ${describeValue(functionName)} is not valid: use the function name or unqualified ARN (no version or alias suffix: set alias).`,
      );
    }
    const alias = optionalString(fn.alias, `${path}.alias`, { pattern: ALIAS, patternHint: ALIAS_HINT });
    const resolved: ResolvedFunction = {
      functionName,
      name: match[2] as string,
      eventBuses: fn.eventBuses as string[] | undefined,
    };
    if (match[1]) resolved.configuredArn = functionName;
    if (alias !== undefined) resolved.alias = alias;
    return resolved;
  });
  // One function on both sides, even with two aliases: its unqualified mappings and the rules that target its
  // unqualified ARN would be found for both stacks, so disabling one stack would disable the other. Two ARNs are
  // compared whole (the same name in two regions or accounts is two functions); a plain name is resolved in the
  // client's account and region, so it is compared with the other side's name.
  const { blue, green } = functions;
  const byArn = blue.configuredArn !== undefined && green.configuredArn !== undefined;
  const same = byArn ? blue.configuredArn === green.configuredArn : blue.name === green.name;
  if (same) {
    throw new ConfigError(
      `functions.blue.functionName and functions.green.functionName both select Lambda function '${blue.name}': give each stack its own function (its aliases share its mappings and rules).`,
    );
  }
  return functions;
}

/** Validates `functions.<side>.eventBuses` (EventBridgeTools'): the buses besides `default` searched for rules. */
export function parseEventBuses(fn: ResolvedFunction, path: string): string[] {
  return fn.eventBuses === undefined
    ? []
    : requireArray(fn.eventBuses, `${path}.eventBuses`, (v, p) =>
        requireString(v, p, { pattern: BUS, patternHint: 'an event bus name or ARN' }),
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
  return requireString(value, path, { pattern: ALIAS, patternHint: `an alias name: ${ALIAS_HINT}` });
}

/**
 * `options.lambda` of a tool built on a {@link LambdaTools} (EventBridgeTools, FunctionMetrics): that tool, or a
 * ConfigError saying what to pass. `whose` finishes "the LambdaTools whose functions …".
 */
export function requireLambdaTools(value: unknown, whose: string): LambdaTools {
  const fns = (value as Partial<LambdaTools> | null | undefined)?.operations?.fns;
  if (value === null || typeof value !== 'object' || typeof fns?.fn !== 'function' || typeof fns.arn !== 'function') {
    throw new ConfigError(
      `options.lambda must be the LambdaTools whose functions ${whose} (import { LambdaTools } from 'bluegreen-toolkit/lambda').`,
    );
  }
  return value as LambdaTools;
}

import { ConfigError } from '../core/index.js';
import { BlueGreenFlip } from './flip.js';
import type { FlipOptions } from './flip-options.js';
import { STACK_SECTIONS, type StackConfig } from './stack-config.js';
import type { StackTools } from './stack-tools.js';

/**
 * Options of {@link bluegreenFlipFromTools}: the {@link FlipOptions} that do not build anything (the tools are given,
 * each with its own client settings, logger and dry-run), plus the region of the one client the flip may create itself.
 *
 * @example
 * ```ts
 * import { bluegreenFlipFromTools, type FlipFromToolsOptions } from 'bluegreen-toolkit/runbook';
 *
 * const options: FlipFromToolsOptions = { region: 'eu-west-1', purgeOldQueues: false };
 * const flip = bluegreenFlipFromTools({ sqs }, options);
 * ```
 */
export interface FlipFromToolsOptions extends Omit<FlipOptions, 'tools' | 'lock' | 'dryRun'> {
  /** `false` (the default here): no lock table; lease with `lease` instead. */
  lock?: false;
  /**
   * Region of the CloudWatch client the flip creates for its drain evidence (`NumberOfMessagesSent`) when no
   * `cloudwatch` tool is given (default: the SDK's own resolution, for example `AWS_REGION` in a Lambda).
   */
  region?: string;
}

/**
 * The whole-stack flip ({@link BlueGreenFlip}) built from tool instances you construct, for hook Lambdas: a bundler
 * then ships only the services you import (and the flip's CloudWatch client for the drain check), instead of every
 * service the config loader can load. The config-file path ({@link bluegreenFlip}) stays for the CLI and chores.
 *
 * Leasing: pass `lease: new FlipLease({ tableName, lockId, … })` (that brings the DynamoDB client); a `lock` table
 * is not accepted here. Dry-run: construct each tool with `dryRun` instead.
 *
 * @param tools - one tool per section, keyed like {@link StackTools} (`sqs`, `lambda`, …).
 * @param options - {@link FlipFromToolsOptions}.
 * @throws {@link bluegreen-toolkit!ConfigError} for an empty or unknown section, a non-object tool, `lock` or `dryRun`
 *   (nothing is called).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { codeDeployHook } from 'bluegreen-toolkit/hooks';
 * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
 * import { bluegreenFlipFromTools } from 'bluegreen-toolkit/runbook';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const flip = bluegreenFlipFromTools({
 *   sqs: new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } } }),
 *   lambda: new LambdaStackTools({ functions: { blue: { functionName: 'worker-blue' }, green: { functionName: 'worker-green' } } }),
 * });
 * export const handler = codeDeployHook(async () => {
 *   await flip.prepare(StackReference.Green);
 * });
 * ```
 */
export function bluegreenFlipFromTools(tools: StackTools, options: FlipFromToolsOptions = {}): BlueGreenFlip {
  if (tools === null || typeof tools !== 'object' || Array.isArray(tools)) {
    throw new ConfigError('bluegreenFlipFromTools(tools) needs an object of tools, for example { sqs: new SqsTools(…) }.');
  }
  for (const [key, tool] of Object.entries(tools)) {
    if (!(STACK_SECTIONS as readonly string[]).includes(key))
      throw new ConfigError(`tools has an unknown section '${key}': use ${STACK_SECTIONS.join(', ')}.`);
    if (tool === null || typeof tool !== 'object') throw new ConfigError(`tools.${key} must be a tool instance, got ${String(tool)}.`);
  }
  const given = options as FlipOptions;
  if (given.lock !== undefined && given.lock !== false)
    throw new ConfigError('bluegreenFlipFromTools takes its lease as options.lease (new FlipLease(…)), not options.lock.');
  if (given.dryRun !== undefined)
    throw new ConfigError('bluegreenFlipFromTools: construct each tool with dryRun instead of options.dryRun.');
  if (given.tools !== undefined) throw new ConfigError('bluegreenFlipFromTools: pass the tools as its first argument, not options.tools.');
  const { region, ...flipOptions } = options;
  const config: StackConfig = region === undefined ? {} : { region };
  for (const section of STACK_SECTIONS) {
    const tool = tools[section];
    if (tool === undefined) continue;
    // The flip reads the table names of a DynamoDB reset from the config (`dynamodb.tables`); DynamoTools holds them.
    config[section] = section === 'dynamodb' ? { tables: (tool as { tables?: unknown }).tables } : {};
  }
  return new BlueGreenFlip(config, { ...flipOptions, tools });
}

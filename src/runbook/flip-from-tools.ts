import type { QueueSentMetric } from '../cloudwatch/queue-metrics.js';
import { ConfigError } from '../core/index.js';
import { BlueGreenFlip } from './flip.js';
import type { FlipOptions } from './flip-options.js';
import { STACK_SECTIONS, type StackConfig } from './stack-config.js';
import type { StackTools } from './stack-tools.js';

/**
 * Options of {@link bluegreenFlipFromTools}: the {@link bluegreen-toolkit/runbook!FlipOptions} that do not build anything (the tools are given,
 * each with its own client settings, logger and dry-run), plus the CloudWatch reader of the drain evidence.
 *
 * @example
 * ```ts
 * import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch';
 * import { bluegreenFlipFromTools, type FlipFromToolsOptions } from 'bluegreen-toolkit/flip';
 *
 * const options: FlipFromToolsOptions = { queueMetrics: new QueueMetrics({ clientConfig: { region: 'eu-west-1' } }), purgeOldQueues: false };
 * const flip = bluegreenFlipFromTools({ sqs }, options);
 * ```
 */
export interface FlipFromToolsOptions extends Omit<FlipOptions, 'tools' | 'lock' | 'dryRun'> {
  /** `false` (the default here): no lock table; lease with `lease` instead. */
  lock?: false;
  /**
   * Reads the drain evidence (CloudWatch `NumberOfMessagesSent` of the old queue) when no `cloudwatch` tool is given:
   * `new QueueMetrics({ clientConfig })` from `bluegreen-toolkit/cloudwatch`. Required with an `sqs` tool unless a
   * `cloudwatch` tool is given, `drain` is `false` or `drain.sentMetric` is `false`: the flip constructs no client of its own.
   */
  queueMetrics?: QueueSentMetric;
}

/**
 * The whole-stack flip ({@link bluegreen-toolkit/runbook!BlueGreenFlip}) built from tool instances you construct, for hook Lambdas: a bundler
 * then ships only the services you import, instead of every service the config loader can load. Import it from
 * `bluegreen-toolkit/flip`, whose module graph holds no config loader, so only the SDK commands your tools use are
 * bundled. The flip itself imports and constructs no SDK client: the drain's CloudWatch reader is your `cloudwatch`
 * tool or `queueMetrics`. The config-file path ({@link bluegreen-toolkit/runbook!bluegreenFlip}) stays for the CLI and chores.
 *
 * Leasing: pass `lease: new FlipLease({ tableName, lockId, … })` (that brings the DynamoDB client); a `lock` table
 * is not accepted here. Destructive operations are not tool methods: with a `dynamodb` tool pass
 * `operations: { resetTable }` (from `bluegreen-toolkit/dynamodb`), with `purgeOldQueues: true` also `purgeQueues`
 * (from `bluegreen-toolkit/sqs`); see {@link bluegreen-toolkit/runbook!FlipOperations}. Dry-run: construct each tool with `dryRun` instead.
 *
 * @param tools - one tool per section, keyed like {@link bluegreen-toolkit/runbook!StackTools} (`sqs`, `lambda`, …), plus
 *   `eventbridge` (`new EventBridgeTools({ lambda })` from `bluegreen-toolkit/eventbridge`) to switch the rules that target
 *   the functions — without it the flip leaves them alone and says so in the plan's notes.
 * @param options - {@link FlipFromToolsOptions}.
 * @throws {@link bluegreen-toolkit!ConfigError} for an empty or unknown section, a non-object tool, `lock`, `dryRun` or
 *   `region`, an `eventbridge` tool that is not an `EventBridgeTools`, an `aurora` tool that is not an
 *   `AuroraScalingTools`, an `sqs` tool whose drain has no CloudWatch reader, a `dynamodb` tool without
 *   `operations.resetTable`, `purgeOldQueues` without `operations.purgeQueues`, or `dynamodb` and `lambda` tools
 *   without `operations.rebindStreamMappings` (nothing is called).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch';
 * import { codeDeployHook } from 'bluegreen-toolkit/hooks';
 * import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
 * import { bluegreenFlipFromTools } from 'bluegreen-toolkit/flip';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const lambda = new LambdaTools({ functions: { blue: { functionName: 'worker-blue' }, green: { functionName: 'worker-green' } } });
 * const flip = bluegreenFlipFromTools(
 *   {
 *     sqs: new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } } }),
 *     lambda,
 *     eventbridge: new EventBridgeTools({ lambda }), // the rules that target worker-blue / worker-green
 *   },
 *   { queueMetrics: new QueueMetrics() }, // the drain's NumberOfMessagesSent evidence
 * );
 * export const handler = codeDeployHook(async () => {
 *   await flip.prepare(StackReference.Green);
 * });
 * ```
 */
export function bluegreenFlipFromTools(tools: StackTools, options: FlipFromToolsOptions = {}): BlueGreenFlip {
  if (tools === null || typeof tools !== 'object' || Array.isArray(tools)) {
    throw new ConfigError('bluegreenFlipFromTools(tools) needs an object of tools, for example { sqs: new SqsTools(…) }.');
  }
  const keys = [...STACK_SECTIONS, 'eventbridge'];
  for (const [key, tool] of Object.entries(tools)) {
    if (!keys.includes(key)) throw new ConfigError(`tools has an unknown section '${key}': use ${keys.join(', ')}.`);
    if (tool === null || typeof tool !== 'object') throw new ConfigError(`tools.${key} must be a tool instance, got ${String(tool)}.`);
  }
  // A JavaScript caller would otherwise fail mid-flip, after the first steps ran.
  requireMethods(
    tools.eventbridge,
    ['enableRules', 'disableRules', 'listRules'],
    "tools.eventbridge must be an EventBridgeTools (import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge'; new EventBridgeTools({ lambda })).",
  );
  // The flip scales the target's readers out and the old stack's in: those methods are AuroraScalingTools', not
  // AuroraTools' (which carries no Application Auto Scaling client).
  requireMethods(
    tools.aurora,
    ['scaleOut', 'scaleIn', 'getAvailableReaders', 'restoreReaderCapacity'],
    "tools.aurora must be an AuroraScalingTools (import { AuroraScalingTools } from 'bluegreen-toolkit/aurora'): the flip also scales the clusters' readers, which AuroraTools does not carry.",
  );
  const given = options as FlipOptions;
  if (given.lock !== undefined && given.lock !== false)
    throw new ConfigError('bluegreenFlipFromTools takes its lease as options.lease (new FlipLease(…)), not options.lock.');
  if (given.dryRun !== undefined)
    throw new ConfigError('bluegreenFlipFromTools: construct each tool with dryRun instead of options.dryRun.');
  if (given.tools !== undefined) throw new ConfigError('bluegreenFlipFromTools: pass the tools as its first argument, not options.tools.');
  if ((given as { region?: unknown }).region !== undefined)
    throw new ConfigError(
      'bluegreenFlipFromTools: set the region on each tool (and on queueMetrics: new QueueMetrics({ clientConfig: { region } })), not options.region.',
    );
  const { queueMetrics, ...flipOptions } = options;
  if (
    queueMetrics !== undefined &&
    (queueMetrics === null || typeof (queueMetrics as Partial<QueueSentMetric>).queueMessagesSent !== 'function')
  )
    throw new ConfigError(
      'options.queueMetrics must be a QueueMetrics (bluegreen-toolkit/cloudwatch) or another object with queueMessagesSent().',
    );
  const drain = flipOptions.drain;
  if (tools.sqs && !tools.cloudwatch && !queueMetrics && drain !== false && drain?.sentMetric !== false)
    throw new ConfigError(
      "bluegreenFlipFromTools: the drain of the old queue also checks CloudWatch NumberOfMessagesSent: pass { queueMetrics: new QueueMetrics({ clientConfig }) } (import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch'), a cloudwatch tool, or drain: { sentMetric: false }.",
    );
  const operations = (flipOptions.operations ?? {}) as Record<string, unknown>;
  if (flipOptions.operations !== undefined && (operations === null || typeof operations !== 'object'))
    throw new ConfigError('options.operations must be an object, for example { resetTable } from bluegreen-toolkit/dynamodb.');
  for (const [key, subpath, needed] of [
    ['resetTable', 'dynamodb', tools.dynamodb !== undefined],
    ['purgeQueues', 'sqs', tools.sqs !== undefined && flipOptions.purgeOldQueues === true],
  ] as const) {
    const given = operations[key];
    if ((needed || given !== undefined) && typeof given !== 'function')
      throw new ConfigError(
        `bluegreenFlipFromTools: ${key === 'resetTable' ? 'the flip resets the target table of a dynamodb tool' : 'purgeOldQueues purges the old queues'}, a function the tool does not carry: pass { operations: { ${key} } } (import { ${key} } from 'bluegreen-toolkit/${subpath}').`,
      );
  }
  const rebind = operations.rebindStreamMappings;
  if (rebind !== undefined && rebind !== false && typeof rebind !== 'function')
    throw new ConfigError(
      "options.operations.rebindStreamMappings must be rebindStreamMappings from 'bluegreen-toolkit/lambda', or false.",
    );
  if (tools.dynamodb && tools.lambda && rebind === undefined)
    throw new ConfigError(
      "bluegreenFlipFromTools: a flip with dynamodb and lambda tools rebinds the target's mappings to the reset table's new stream: pass { operations: { rebindStreamMappings } } (import { rebindStreamMappings } from 'bluegreen-toolkit/lambda'), or rebindStreamMappings: false when the function does not read the table's stream.",
    );
  const config: StackConfig = {};
  for (const section of STACK_SECTIONS) {
    const tool = tools[section];
    if (tool === undefined) continue;
    // The flip reads the table names of a DynamoDB reset from the config (`dynamodb.tables`); DynamoTools holds them.
    config[section] = section === 'dynamodb' ? { tables: (tool as { tables?: unknown }).tables } : {};
  }
  return new BlueGreenFlip(config, { ...flipOptions, tools }, queueMetrics ? { queueMetrics: () => queueMetrics } : {});
}

/** A ConfigError saying `message` when `tool` is given but lacks one of `methods`. */
function requireMethods(tool: unknown, methods: readonly string[], message: string): void {
  const t = tool as Record<string, unknown> | undefined;
  if (t && methods.some((m) => typeof t[m] !== 'function')) throw new ConfigError(message);
}

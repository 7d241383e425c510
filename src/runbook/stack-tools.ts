import type { AuroraScalingTools } from '../aurora/index.js';
import type { CloudWatchTools } from '../cloudwatch/index.js';
import type { AwsClientConfig, DryRunRecorder, Logger } from '../core/index.js';
import type { DynamoTools } from '../dynamodb/index.js';
import type { EcsTools } from '../ecs/index.js';
import type { EventBridgeTools } from '../eventbridge/index.js';
import type { KinesisTools } from '../kinesis/index.js';
import type { LambdaTools } from '../lambda/index.js';
import type { SnsTools } from '../sns/index.js';
import type { SqsTools } from '../sqs/index.js';
import { type StackConfig, stackClientConfig } from './stack-config.js';

/**
 * The per-service tools of a stack, one per section of its {@link StackConfig}.
 *
 * @example
 * ```ts
 * import { createStackTools, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const tools = await createStackTools(await loadStackConfig('stack.json'));
 * await tools.sqs?.getQueueDepth(StackReference.Blue);
 * ```
 */
export interface StackTools {
  /** The flip also scales readers: an `AuroraScalingTools` (AuroraTools plus reader scaling). */
  aurora?: AuroraScalingTools;
  dynamodb?: DynamoTools;
  sqs?: SqsTools;
  sns?: SnsTools;
  kinesis?: KinesisTools;
  lambda?: LambdaTools;
  /**
   * The EventBridge rules that target the `lambda` tool's functions (`new EventBridgeTools({ lambda })` from
   * `bluegreen-toolkit/eventbridge`). Not a stack.json section: {@link createStackTools} builds it with the `lambda`
   * section (whose `functions.<side>.eventBuses` it reads). Without it the flip leaves the rules as they are.
   */
  eventbridge?: EventBridgeTools;
  cloudwatch?: CloudWatchTools;
  ecs?: EcsTools;
}

/**
 * Options of {@link createStackTools} (and, through {@link FlipOptions}, of the flip).
 *
 * @example
 * ```ts
 * import { DryRunRecorder, StackReference } from 'bluegreen-toolkit';
 * import { createStackTools, loadStackConfig, type StackToolsOptions } from 'bluegreen-toolkit/runbook';
 * import { purgeQueues } from 'bluegreen-toolkit/sqs';
 *
 * const recorder = new DryRunRecorder();
 * const options: StackToolsOptions = { clientConfig: { maxAttempts: 5 }, logger: console, dryRun: recorder };
 * const tools = await createStackTools(await loadStackConfig('stack.json'), options);
 * if (tools.sqs) await purgeQueues(tools.sqs, StackReference.Blue);
 * console.log(recorder.calls.map((c) => `${c.client} ${c.operation}`)); // the PurgeQueue calls, not sent
 * ```
 */
export interface StackToolsOptions {
  /** Client settings for every tool (on top of the config's region/endpoint; default: none). */
  clientConfig?: AwsClientConfig;
  /** Logger for every tool (default: nothing is logged). */
  logger?: Logger;
  /** Dry-run for every tool (share one recorder to collect every call; default `false`). */
  dryRun?: boolean | DryRunRecorder;
}

/**
 * Creates the tool of every configured service. Each service's module (and SDK client) is loaded only when its section
 * is present, and each tool validates its section before any AWS call. The `lambda` section gives two tools: `lambda`
 * (LambdaTools) and `eventbridge` (EventBridgeTools, the rules that target its functions).
 *
 * @example
 * ```ts
 * import { DryRunRecorder } from 'bluegreen-toolkit';
 * import { createStackTools } from 'bluegreen-toolkit/runbook';
 *
 * const tools = await createStackTools(config, { dryRun: new DryRunRecorder() });
 * ```
 */
export async function createStackTools(config: StackConfig, options: StackToolsOptions = {}): Promise<StackTools> {
  const common = { clientConfig: stackClientConfig(config, options.clientConfig), logger: options.logger, dryRun: options.dryRun };
  const tools: StackTools = {};
  // Sequential on purpose: each import is cheap once loaded, and errors name the first bad section.
  if (config.aurora)
    tools.aurora = new (await import('../aurora/index.js')).AuroraScalingTools({ ...(config.aurora as object), ...common } as never);
  if (config.dynamodb)
    tools.dynamodb = new (await import('../dynamodb/index.js')).DynamoTools({ ...(config.dynamodb as object), ...common } as never);
  if (config.sqs) tools.sqs = new (await import('../sqs/index.js')).SqsTools({ ...(config.sqs as object), ...common } as never);
  if (config.sns) tools.sns = new (await import('../sns/index.js')).SnsTools({ ...(config.sns as object), ...common } as never);
  if (config.kinesis)
    tools.kinesis = new (await import('../kinesis/index.js')).KinesisTools({ ...(config.kinesis as object), ...common } as never);
  if (config.lambda) {
    const lambda = new (await import('../lambda/index.js')).LambdaTools({ ...(config.lambda as object), ...common } as never);
    tools.lambda = lambda;
    // The rules that target the functions: their own tool (EventBridge client), built from the same section.
    tools.eventbridge = new (await import('../eventbridge/index.js')).EventBridgeTools({ lambda, ...common } as never);
  }
  if (config.cloudwatch)
    tools.cloudwatch = new (await import('../cloudwatch/index.js')).CloudWatchTools({
      ...(config.cloudwatch as object),
      ...common,
    } as never);
  if (config.ecs) tools.ecs = new (await import('../ecs/index.js')).EcsTools({ ...(config.ecs as object), ...common } as never);
  return tools;
}

import type { QueueSentMetric } from '../cloudwatch/queue-metrics.js';
import type { StackReference } from '../core/index.js';
import type { LambdaTools, RebindResult } from '../lambda/index.js';
import type { FlipOperations, FlipOptions } from './flip-options.js';
import type { FlipLease } from './lease.js';
import type { FlipLeaseOptions, LeaseRecord } from './lease-types.js';
import type { ObservedLiveState } from './live-state.js';
import type { RunbookStep } from './runbook-types.js';
import type { StackConfig } from './stack-config.js';
import type { StackTools, StackToolsOptions } from './stack-tools.js';

/**
 * Which part of the flip to run: `prepare` fits a PRE_TRAFFIC hook, `finish` a POST_TRAFFIC hook, `all` runs both as
 * one runbook.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, type FlipPhase, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const phase: FlipPhase = process.argv[2] === 'finish' ? 'finish' : 'prepare';
 * const plan = await bluegreenFlip(await loadStackConfig('stack.json')).plan(phase, StackReference.Green);
 * console.log(plan.steps.map((s) => s.name)); // the plan, without running it
 * ```
 */
export type FlipPhase = 'prepare' | 'finish' | 'all';

/**
 * A flip's plan for a phase and target, made of read-only calls: the steps (with their settle and dwell data), the
 * steps an earlier run recorded as done (`skip`), what AWS shows as live, the lease record, and notes on steps left
 * out (a table not reset because its stack consumes, a cluster AWS cannot stop).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, loadStackConfig, type FlipPlan } from 'bluegreen-toolkit/runbook';
 *
 * const plan: FlipPlan = await bluegreenFlip(await loadStackConfig('stack.json')).plan('all', StackReference.Green);
 * for (const note of plan.notes) console.log(`note: ${note}`);
 * ```
 */
export interface FlipPlan {
  /** The phase. */
  phase: FlipPhase;
  /** The stack being made live. */
  target: StackReference;
  /** The steps, in order. */
  steps: RunbookStep[];
  /** Steps recorded as done by an earlier run of this flip (not run again). */
  skip: string[];
  /** What AWS shows. */
  observed: ObservedLiveState;
  /** The lease record before this run, when a lock table is configured. */
  record?: LeaseRecord;
  /** Steps left out, recorded progress ignored, and why. */
  notes: string[];
}

/**
 * How a {@link BlueGreenFlip} makes what it is not given: the tools of sections without an injected tool, the
 * lease of a `lock` table, and the drain's CloudWatch reader. Kept out of the class so a flip built from tool
 * instances bundles neither the config loader (which can load every service), the lease's DynamoDB client, nor a
 * CloudWatch client the hook did not construct.
 *
 * @example
 * ```ts
 * import { BlueGreenFlip, createStackTools, FlipLease, type FlipMakers } from 'bluegreen-toolkit/runbook';
 *
 * const make: FlipMakers = { tools: createStackTools, lease: (options) => new FlipLease(options) };
 * const flip = new BlueGreenFlip(config, {}, make); // what bluegreenFlip(config) does
 * ```
 */
export interface FlipMakers {
  /** Builds the tools of the given sections (default: none — every section must have an injected tool). */
  tools?: (config: StackConfig, options: StackToolsOptions) => Promise<StackTools>;
  /** Makes the lease of a `lock` table (default: none — a `lock` option is a ConfigError; pass `lease`). */
  lease?: (options: FlipLeaseOptions) => FlipLease;
  /**
   * Gives the drain's CloudWatch reader when the flip has no cloudwatch tool (default: none — a drain that checks
   * `NumberOfMessagesSent` then fails with a ConfigError; `bluegreenFlipFromTools` checks this up front).
   */
  queueMetrics?: (config: StackConfig, options: FlipOptions) => QueueSentMetric | Promise<QueueSentMetric>;
  /** The operations `options.operations` does not give (default: none; the config path loads them). */
  operations?: FlipOperations;
}

/**
 * The signature of {@link bluegreen-toolkit/lambda!rebindStreamMappings}, as the flip takes it.
 *
 * @example
 * ```ts
 * import { rebindStreamMappings } from 'bluegreen-toolkit/lambda';
 * import type { StreamRebinder } from 'bluegreen-toolkit/runbook';
 *
 * const rebind: StreamRebinder = rebindStreamMappings;
 * ```
 */
export type StreamRebinder = (
  lambda: LambdaTools,
  ref: StackReference,
  oldSourcePrefix: string,
  newSourceArn: string,
) => Promise<RebindResult>;

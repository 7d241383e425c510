// The context the flip's step factories (flip-steps.ts) plan with, and the helpers they share.
import type { AuroraScalingTools, ReaderCapacity } from '../aurora/index.js';
import type { QueueSentMetric } from '../cloudwatch/queue-metrics.js';
import { ConfigError, type StackReference } from '../core/index.js';
import type { EventBridgeTools } from '../eventbridge/index.js';
import { restoreReaderCapacity } from './flip-checks.js';
import type { FlipOperations, FlipOptions } from './flip-options.js';
import { rulesSwitch } from './flip-prestate.js';
import type { StreamRebinder } from './flip-types.js';
import type { RunbookStep } from './runbook-types.js';
import type { StackConfig } from './stack-config.js';
import type { StackTools } from './stack-tools.js';

/** What the step factories know about a planned flip. */
export interface FlipStepContext {
  tools: StackTools;
  config: StackConfig;
  options: FlipOptions;
  /** The stack being made live. */
  target: StackReference;
  /** The stack going off (the other one). */
  old: StackReference;
  /** AWS shows the target consuming already (then its table is not reset). */
  targetConsuming: boolean;
  /** Plan-time verdict on stopping the old cluster. */
  oldStoppable: { stoppable: true } | { stoppable: false; reason: string };
  /** The CloudWatch reader of the drain's metric check (`NumberOfMessagesSent`). */
  queueMetrics: () => Promise<QueueSentMetric>;
  /** The destructive operations (given, or loaded by the config path). */
  operations: FlipOperations;
  /** Rebinds mappings to a reset table's new stream (`false`: not rebound; `undefined`: not given). */
  rebind: StreamRebinder | false | undefined;
  /** Notes for the plan (steps left out and why). */
  notes: string[];
}

/** A step factory: the step for this flip, or `undefined` when it does not apply. */
export type Factory = (c: FlipStepContext) => RunbookStep | undefined;

/** A destructive operation the plan needs, or a ConfigError at plan time (before any step runs) saying how to give it. */
export function needOperation<K extends keyof FlipOperations>(
  c: FlipStepContext,
  key: K,
  needer: string,
  subpath: string,
): NonNullable<FlipOperations[K]> {
  const operation = c.operations[key];
  if (typeof operation !== 'function')
    throw new ConfigError(
      `The flip needs ${key} for ${needer}: pass operations: { ${key} } (import { ${key} } from '${subpath}'). Nothing was changed.`,
    );
  return operation as NonNullable<FlipOperations[K]>;
}

/**
 * Whether the flip switches the rules that target the functions: with an `eventbridge` tool (which the config path
 * builds with the lambda section). A `lambda` tool without one gets a plan note: its rules are left as they are.
 */
export function rulesTool(c: FlipStepContext): EventBridgeTools | undefined {
  if (c.tools.eventbridge) return c.tools.eventbridge;
  const note = 'eventbridge: the EventBridge rules that target the functions are not switched (no eventbridge tool).';
  if (c.tools.lambda && !c.notes.includes(note)) c.notes.push(note);
  return undefined;
}

/** The step that switches the rules targeting `ref`'s function on or off (none without an `eventbridge` tool). */
export function rulesStep(c: FlipStepContext, ref: StackReference, enable: boolean): RunbookStep | undefined {
  const eventbridge = rulesTool(c);
  return (
    eventbridge && {
      name: `lambda: ${enable ? 'enable' : 'disable'} ${ref} rules`,
      run: () => (enable ? eventbridge.enableRules(ref) : eventbridge.disableRules(ref)),
      ...rulesSwitch(eventbridge, ref, enable),
      manualUndo: `${enable ? 'disable' : 'enable'} the EventBridge rules targeting the ${ref} function`,
    }
  );
}

/**
 * The undo of a reader scale-out/in: back to the capacities the call reported replacing (its result's
 * `previousMinCapacity`…), else — after a failure whose change may have landed while its answer was lost, or in a
 * resumed run — to those its snapshot read just before it ran, else to a pre-state an older version recorded as
 * `{ result }`. A cluster that had no scalable target before was not changed (neither call creates one).
 */
export function undoScaling(
  aurora: AuroraScalingTools,
  ref: StackReference,
  result: unknown,
  before: unknown,
  fallback: () => Promise<unknown>,
): Promise<unknown> {
  if (before === null && result === undefined)
    return Promise.resolve({ outcome: 'already', message: `${ref} had no reader scalable target to put back` });
  const b = before as Partial<ReaderCapacity> & { result?: unknown };
  const fromSnapshot =
    typeof b?.resourceId === 'string' && typeof b.minCapacity === 'number' && typeof b.maxCapacity === 'number'
      ? { outcome: 'changed', resourceId: b.resourceId, previousMinCapacity: b.minCapacity, previousMaxCapacity: b.maxCapacity }
      : undefined;
  return restoreReaderCapacity(aurora, ref, result ?? fromSnapshot ?? b?.result, fallback);
}

/** A settle that is done at once when the step kept the resource (`kept: true` in its result). */
export function keptOr(settle: RunbookStep['settle'] & object): RunbookStep['settle'] & object {
  return { ...settle, check: async (c) => ((c.result as { kept?: boolean } | undefined)?.kept ? { done: true } : settle.check(c)) };
}

export function tableName(config: StackConfig, ref: StackReference): string {
  const tables = (config.dynamodb as { tables?: Record<string, { tableName?: unknown }> } | undefined)?.tables;
  const name = tables?.[ref]?.tableName;
  if (typeof name !== 'string') throw new ConfigError(`dynamodb.tables.${ref}.tableName is missing from the stack config.`);
  return name;
}

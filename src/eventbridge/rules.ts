import {
  DescribeRuleCommand,
  type DescribeRuleCommandOutput,
  DisableRuleCommand,
  EnableRuleCommand,
  type EventBridgeClient,
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  ConfigError,
  InvalidStateError,
  isAwsError,
  type Logger,
  mapLimit,
  opposite,
  ResourceNotFoundError,
  type StackReference,
} from '../core/index.js';
import { tokenPages } from '../core/pages.js';
import type { FunctionResolver } from '../lambda/function-resolver.js';
import type { ToggleResult } from '../lambda/types.js';

/** A rule found on a bus. */
export interface RuleRef {
  bus: string;
  name: string;
}

/** `bus/rule` as reported in results (the bus as configured: `default`, a name or an ARN). */
export function ruleId(rule: RuleRef): string {
  return `${rule.bus}/${rule.name}`;
}

/** Whose targets are whose: this stack's function (and alias), and the other stack's, each with its config path. */
export interface RuleScope {
  buses: string[];
  /** The ARNs ListRuleNamesByTarget is asked for: the function and its alias. */
  targets: string[];
  /** This stack's unqualified function ARN (any `<arn>:<qualifier>` target is this function too). */
  functionArn: string;
  /** The other stack's unqualified function ARN. */
  otherFunctionArn: string;
  /** `functions.<stack>.functionName` and `functions.<other>.functionName`. */
  paths: [string, string];
}

/** Whether `targetArn` invokes the function `functionArn` (unqualified, or with a version/alias qualifier). */
function invokes(targetArn: string, functionArn: string): boolean {
  return targetArn === functionArn || targetArn.startsWith(`${functionArn}:`);
}

/**
 * Rules on `buses` with a target whose ARN is one of `targetArns` (ListRuleNamesByTarget, all pages, per bus and per
 * ARN), de-duplicated. `@aws-sdk/client-eventbridge` ships no `paginate*` helper for it, so {@link tokenPages} pages
 * it, and a token that comes back a second time ends that listing.
 */
export async function findRules(
  client: EventBridgeClient,
  buses: readonly string[],
  targetArns: readonly string[],
  logger?: Logger,
): Promise<RuleRef[]> {
  const found = new Map<string, RuleRef>();
  for (const bus of buses) {
    for (const targetArn of targetArns) {
      const pages = tokenPages(
        (token) => client.send(new ListRuleNamesByTargetCommand({ TargetArn: targetArn, EventBusName: bus, Limit: 100, NextToken: token })),
        `ListRuleNamesByTarget (${bus}, ${targetArn})`,
        logger,
      );
      for await (const page of pages) {
        for (const name of page.RuleNames ?? []) {
          const rule = { bus, name };
          found.set(ruleId(rule), rule);
        }
      }
    }
  }
  return [...found.values()];
}

/** A rule as read before a toggle: its description and every target ARN (ListTargetsByRule, all pages). */
interface InspectedRule {
  rule: RuleRef;
  described: DescribeRuleCommandOutput;
  targets: string[];
}

/** DescribeRule + ListTargetsByRule; `undefined` when the rule was deleted after it was listed. */
async function inspectRule(client: EventBridgeClient, rule: RuleRef, logger?: Logger): Promise<InspectedRule | undefined> {
  try {
    const described = await client.send(new DescribeRuleCommand({ Name: rule.name, EventBusName: rule.bus }));
    const targets: string[] = [];
    if (described.ManagedBy === undefined) {
      const pages = tokenPages(
        (token) => client.send(new ListTargetsByRuleCommand({ Rule: rule.name, EventBusName: rule.bus, Limit: 100, NextToken: token })),
        `ListTargetsByRule (${ruleId(rule)})`,
        logger,
      );
      for await (const page of pages) {
        for (const target of page.Targets ?? []) if (target.Arn) targets.push(target.Arn);
      }
    }
    return { rule, described, targets };
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

function isEnabled(state: string | undefined): boolean {
  return state === 'ENABLED' || state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

/**
 * An EventBridge rule that targets the function, with its state, as listed by {@link EventBridgeTools.listRules}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { EventBridgeTools, type RuleState } from 'bluegreen-toolkit/eventbridge';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const eventBridge = new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } });
 * const rules: RuleState[] = await eventBridge.listRules(StackReference.Blue);
 * for (const rule of rules) console.log(rule.id, rule.state); // default/orders-nightly ENABLED
 * const stillOn = rules.filter((rule) => rule.enabled).map((rule) => rule.id);
 * ```
 */
export interface RuleState {
  /** `bus/rule`. */
  id: string;
  /** The event bus (as configured: `default`, a name or an ARN). */
  bus: string;
  /** The rule name. */
  name: string;
  /** The rule's State (`ENABLED`, `DISABLED`, `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`). */
  state: string;
  /** Whether the rule is enabled in either enabled state. */
  enabled: boolean;
  /**
   * The AWS service that created and manages the rule (DescribeRule `ManagedBy`), when it is a managed rule: such a
   * rule is never switched by {@link EventBridgeTools.enableRules} / {@link EventBridgeTools.disableRules}.
   */
  managedBy?: string;
}

/** Every rule on `buses` that targets one of `targetArns`, with its state (rules deleted meanwhile are left out). */
export async function readRuleStates(
  client: EventBridgeClient,
  buses: readonly string[],
  targetArns: readonly string[],
  options: { concurrency: number; logger?: Logger },
): Promise<RuleState[]> {
  const rules = await findRules(client, buses, targetArns, options.logger);
  const states = await mapLimit(rules, options.concurrency, async (rule): Promise<RuleState | undefined> => {
    try {
      const described = await client.send(new DescribeRuleCommand({ Name: rule.name, EventBusName: rule.bus }));
      const state = described.State ?? 'UNKNOWN';
      const entry: RuleState = { id: ruleId(rule), bus: rule.bus, name: rule.name, state, enabled: state.startsWith('ENABLED') };
      if (described.ManagedBy !== undefined) entry.managedBy = described.ManagedBy;
      return entry;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  });
  return states.filter((s): s is RuleState => s !== undefined).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Refuses, before any rule is changed, a rule that also targets something else: the other stack's function (a
 * ConfigError naming both stacks' paths: the two stacks' rule sets intersect) or any foreign target (an
 * InvalidStateError naming it). Enabling or disabling such a rule would switch that target too, because
 * EnableRule/DisableRule act on the rule as a whole.
 */
function requireOwnTargets(inspected: readonly InspectedRule[], scope: RuleScope, label: string): void {
  for (const { rule, targets } of inspected) {
    const other = targets.filter((arn) => invokes(arn, scope.otherFunctionArn));
    if (other.length > 0) {
      throw new ConfigError(
        `${scope.paths[0]} and ${scope.paths[1]} share EventBridge rule ${ruleId(rule)}: it targets both ${scope.functionArn} and ` +
          `${other.join(', ')}, so switching one stack's rules would switch the other's. Give each stack its own rule; nothing was changed.`,
      );
    }
    const foreign = targets.filter((arn) => !invokes(arn, scope.functionArn));
    if (foreign.length > 0) {
      throw new InvalidStateError(
        `Refusing to switch EventBridge rule ${ruleId(rule)} of ${label}: it also targets ${foreign.join(', ')}, which would be ` +
          'switched with it (EnableRule/DisableRule act on the whole rule). Move those targets to their own rule; nothing was changed.',
        { state: { rule: ruleId(rule), foreignTargets: foreign } },
      );
    }
  }
}

/**
 * Enables/disables every rule on `buses` that targets this stack's function: each rule is described and its targets
 * listed first; managed rules (`ManagedBy`, which refuse EnableRule/DisableRule with ManagedRuleException) are
 * skipped and reported; a rule with another target is refused before anything changes; the others are switched
 * when not already in the target state. Results are `bus/rule` identifiers.
 */
export async function toggleRules(
  client: EventBridgeClient,
  scope: RuleScope,
  enable: boolean,
  options: { concurrency: number; logger: Logger; label: string; only?: ReadonlySet<string> },
): Promise<ToggleResult> {
  const { concurrency, logger, label, only } = options;
  const rules = await findRules(client, scope.buses, scope.targets, logger);
  const read = await mapLimit(rules, concurrency, (rule) => inspectRule(client, rule, logger));
  const gone = rules.filter((r, i) => read[i] === undefined && (only === undefined || only.has(ruleId(r))));
  if (gone.length > 0 && enable) {
    const id = ruleId(gone[0] as RuleRef);
    throw new ResourceNotFoundError(`Rule ${id} was deleted while it was being enabled.`, { resource: id });
  }
  const present = read.filter((r): r is InspectedRule => r !== undefined);
  const managed = present.filter((r) => r.described.ManagedBy !== undefined);
  const own = present.filter((r) => r.described.ManagedBy === undefined);
  requireOwnTargets(own, scope, label);
  // `only`: the other rules are checked above but neither switched nor reported.
  const mine = only === undefined ? own : own.filter((r) => only.has(ruleId(r.rule)));
  const todo = mine.filter((r) => isEnabled(r.described.State) !== enable);
  await mapLimit(todo, concurrency, async ({ rule }) => {
    const input = { Name: rule.name, EventBusName: rule.bus };
    try {
      await client.send(enable ? new EnableRuleCommand(input) : new DisableRuleCommand(input));
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException') && !enable) return;
      throw error;
    }
  });
  const changed = todo.map((r) => ruleId(r.rule));
  const already = [...mine.filter((r) => !todo.includes(r)).map((r) => ruleId(r.rule)), ...gone.map(ruleId)];
  const skipped = managed.map((r) => ({ id: ruleId(r.rule), reason: `managed by ${r.described.ManagedBy}` }));
  const verb = enable ? 'enabled' : 'disabled';
  if (skipped.length > 0)
    logger.warn(`EventBridgeTools: skipped managed rule(s) ${skipped.map((s) => `${s.id} (${s.reason})`).join(', ')}`);
  logger.info(`EventBridgeTools: ${verb} ${changed.length} rule(s) targeting ${label}, ${already.length} already ${verb}`);
  const result: ToggleResult = {
    outcome: changed.length > 0 ? 'changed' : 'already',
    message:
      rules.length === 0
        ? `no EventBridge rule targets ${label} on ${scope.buses.join(', ')}`
        : `${verb} ${changed.length} of ${rules.length} rule(s) targeting ${label}; ${already.length} already ${verb}` +
          (skipped.length > 0 ? `; ${skipped.length} managed rule(s) skipped: ${skipped.map((s) => s.id).join(', ')}` : ''),
    changed,
    already,
  };
  if (skipped.length > 0) result.skipped = skipped;
  return result;
}

/**
 * The buses to search, the target ARNs (function, alias) that identify the stack's rules, and both stacks' function
 * ARNs (a rule that also targets the other stack's function is refused).
 */
export async function ruleScope(fns: FunctionResolver, stack: StackReference, eventBuses: readonly string[]): Promise<RuleScope> {
  const fn = fns.fn(stack);
  const arn = await fns.arn(stack);
  const other = opposite(stack);
  return {
    buses: [...new Set(['default', ...eventBuses])],
    targets: fn.alias === undefined ? [arn] : [arn, `${arn}:${fn.alias}`],
    functionArn: arn,
    otherFunctionArn: await fns.arn(other),
    paths: [`functions.${stack}.functionName`, `functions.${other}.functionName`],
  };
}

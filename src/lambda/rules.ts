import {
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  type EventBridgeClient,
  ListRuleNamesByTargetCommand,
} from '@aws-sdk/client-eventbridge';
import { isAwsError, type Logger, mapLimit, ResourceNotFoundError } from '../core/index.js';
import type { ToggleResult } from './types.js';

/** A rule found on a bus. */
export interface RuleRef {
  bus: string;
  name: string;
}

/** `bus/rule` as reported in results (the bus as configured: `default`, a name or an ARN). */
export function ruleId(rule: RuleRef): string {
  return `${rule.bus}/${rule.name}`;
}

/**
 * Rules on `buses` with a target whose ARN is one of `targetArns` (ListRuleNamesByTarget, all pages, per bus and per
 * ARN), de-duplicated.
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
      const seen = new Set<string>();
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListRuleNamesByTargetCommand({ TargetArn: targetArn, EventBusName: bus, Limit: 100, ...(token ? { NextToken: token } : {}) }),
        );
        for (const name of page.RuleNames ?? []) {
          const rule = { bus, name };
          found.set(ruleId(rule), rule);
        }
        token = page.NextToken || undefined;
        if (token !== undefined) {
          if (seen.has(token)) {
            logger?.warn('ListRuleNamesByTarget returned a token it had already returned; stopping this listing', { bus, targetArn });
            token = undefined;
          } else seen.add(token);
        }
      } while (token !== undefined);
    }
  }
  return [...found.values()];
}

/**
 * Reads a rule's state and enables/disables it when needed. Returns `changed`, `already`, or `gone` when the rule was
 * deleted after it was listed.
 */
export async function toggleRule(client: EventBridgeClient, rule: RuleRef, enable: boolean): Promise<'changed' | 'already' | 'gone'> {
  try {
    const described = await client.send(new DescribeRuleCommand({ Name: rule.name, EventBusName: rule.bus }));
    const enabled = described.State === 'ENABLED' || described.State === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    if (enabled === enable) return 'already';
    const input = { Name: rule.name, EventBusName: rule.bus };
    await client.send(enable ? new EnableRuleCommand(input) : new DisableRuleCommand(input));
    return 'changed';
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return 'gone';
    throw error;
  }
}

/**
 * An EventBridge rule that targets the function, with its state, as listed by {@link LambdaTools.listRules}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { LambdaTools, type RuleState } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const rules: RuleState[] = await lambda.listRules(StackReference.Blue);
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
      return { id: ruleId(rule), bus: rule.bus, name: rule.name, state, enabled: state.startsWith('ENABLED') };
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  });
  return states.filter((s): s is RuleState => s !== undefined).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Enables/disables every rule on `buses` that targets one of `targetArns`, leaving rules already in the target state
 * alone; results are `bus/rule` identifiers.
 */
export async function toggleRules(
  client: EventBridgeClient,
  buses: readonly string[],
  targetArns: readonly string[],
  enable: boolean,
  options: { concurrency: number; logger: Logger; label: string },
): Promise<ToggleResult> {
  const { concurrency, logger, label } = options;
  const rules = await findRules(client, buses, targetArns, logger);
  const outcomes = await mapLimit(rules, concurrency, (rule) => toggleRule(client, rule, enable));
  const changed: string[] = [];
  const already: string[] = [];
  outcomes.forEach((outcome, i) => {
    const rule = rules[i] as RuleRef;
    if (outcome === 'gone' && enable) {
      throw new ResourceNotFoundError(`Rule ${ruleId(rule)} was deleted while it was being enabled.`, { resource: ruleId(rule) });
    }
    (outcome === 'changed' ? changed : already).push(ruleId(rule));
  });
  const verb = enable ? 'enabled' : 'disabled';
  logger.info(`LambdaTools: ${verb} ${changed.length} rule(s) targeting ${label}, ${already.length} already ${verb}`);
  return {
    outcome: changed.length > 0 ? 'changed' : 'already',
    message:
      rules.length === 0
        ? `no EventBridge rule targets ${label} on ${buses.join(', ')}`
        : `${verb} ${changed.length} of ${rules.length} rule(s) targeting ${label}; ${already.length} already ${verb}`,
    changed,
    already,
  };
}

import {
  type Action,
  DescribeRulesCommand,
  type ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ConfigError, type Outcome, ResourceNotFoundError } from '../core/index.js';
import type { ClosedResponse, RuleView } from './task-set-types.js';

/** A forward target: target group and weight. */
export interface ForwardTarget {
  targetGroupArn: string;
  weight: number;
}

const TERMINAL = new Set(['forward', 'fixed-response', 'redirect']);

/** The option each rule ARN comes from, in the order describeRules is given them. */
const RULE_PATHS = ['productionRuleArn', 'testRuleArn'];

/**
 * Reads both rules in one call; a missing rule is a ResourceNotFoundError, a listener's default rule a ConfigError
 * (before any change): ModifyRule cannot change a default rule's actions - "To modify the actions for the default
 * rule, use ModifyListener" (Elastic Load Balancing API Reference, ModifyRule,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html) - so shiftTraffic would
 * fail with OperationNotPermitted half-way through a release. Give the listener a non-default rule (any priority,
 * condition `path-pattern /*`) and pass that.
 */
export async function describeRules(elbv2: ElasticLoadBalancingV2Client, ruleArns: string[]): Promise<Rule[]> {
  const missing = (arn: string, cause?: unknown) =>
    new ResourceNotFoundError(`Listener rule ${arn} does not exist: check productionRuleArn and testRuleArn.`, { resource: arn, cause });
  let rules: Rule[];
  try {
    rules = (await elbv2.send(new DescribeRulesCommand({ RuleArns: ruleArns }))).Rules ?? [];
  } catch (error) {
    throw (error as { name?: string }).name === 'RuleNotFoundException' ? missing(ruleArns.join(' or '), error) : error;
  }
  return ruleArns.map((arn, i) => {
    const rule = rules.find((r) => r.RuleArn === arn);
    if (!rule) throw missing(arn);
    if (rule.IsDefault === true) {
      throw new ConfigError(
        `${RULE_PATHS[i]} ${arn} is its listener's default rule, whose actions ModifyRule cannot change: configure a ` +
          'non-default rule (for example priority 1, path-pattern "/*") instead. Nothing was changed.',
      );
    }
    return rule;
  });
}

/** The action that answers (the last terminal action). */
export function terminalAction(rule: Rule): Action | undefined {
  const actions = [...(rule.Actions ?? [])].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  return actions.filter((a) => TERMINAL.has(a.Type ?? '')).pop();
}

/** The forward targets of a rule (empty unless it forwards). */
export function forwardTargets(rule: Rule): ForwardTarget[] {
  const action = terminalAction(rule);
  if (action?.Type !== 'forward') return [];
  const groups = action.ForwardConfig?.TargetGroups;
  if (groups && groups.length > 0) {
    return groups.filter((g) => g.TargetGroupArn).map((g) => ({ targetGroupArn: g.TargetGroupArn as string, weight: g.Weight ?? 1 }));
  }
  return action.TargetGroupArn ? [{ targetGroupArn: action.TargetGroupArn, weight: 1 }] : [];
}

/** A rule as status() reports it. */
export function ruleView(rule: Rule): RuleView {
  const targets = forwardTargets(rule);
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  return {
    ruleArn: rule.RuleArn ?? '',
    actionType: terminalAction(rule)?.Type ?? 'none',
    weights: targets.map((t) => ({ ...t, percent: total > 0 ? Math.round((t.weight * 100) / total) : 0 })),
  };
}

/** Percent of the rule's traffic that goes to `targetGroupArn`, rounded. */
export function percentTo(rule: Rule, targetGroupArn: string | undefined): number {
  const targets = forwardTargets(rule);
  const total = targets.reduce((sum, t) => sum + t.weight, 0);
  const weight = targets.find((t) => t.targetGroupArn === targetGroupArn)?.weight ?? 0;
  return total > 0 ? Math.round((weight * 100) / total) : 0;
}

/** Whether two forward target lists hold the same target groups with the same weights (in any order). */
export function sameTargets(a: ForwardTarget[], b: ForwardTarget[]): boolean {
  return a.length === b.length && b.every((t) => a.some((c) => c.targetGroupArn === t.targetGroupArn && c.weight === t.weight));
}

/** Sets the rule to forward to exactly `targets` (in that order); `already` when it already does. */
export async function setForward(elbv2: ElasticLoadBalancingV2Client, rule: Rule, targets: ForwardTarget[]): Promise<Outcome> {
  if (sameTargets(forwardTargets(rule), targets)) return 'already';
  const stickiness = terminalAction(rule)?.ForwardConfig?.TargetGroupStickinessConfig;
  await modifyTerminal(elbv2, rule, {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: targets.map((t) => ({ TargetGroupArn: t.targetGroupArn, Weight: t.weight })),
      ...(stickiness ? { TargetGroupStickinessConfig: stickiness } : {}),
    },
  });
  return 'changed';
}

/** Closes the rule with a fixed response; `already` when it answers with one. */
export async function setClosed(elbv2: ElasticLoadBalancingV2Client, rule: Rule, response: ClosedResponse): Promise<Outcome> {
  if (terminalAction(rule)?.Type === 'fixed-response') return 'already';
  await modifyTerminal(elbv2, rule, {
    Type: 'fixed-response',
    FixedResponseConfig: {
      StatusCode: response.statusCode ?? '503',
      ContentType: response.contentType ?? 'text/plain',
      MessageBody: response.messageBody ?? 'no test environment',
    },
  });
  return 'changed';
}

/** Replaces the terminal action, keeping any authenticate actions before it. */
async function modifyTerminal(elbv2: ElasticLoadBalancingV2Client, rule: Rule, action: Action): Promise<void> {
  const kept = (rule.Actions ?? []).filter((a) => !TERMINAL.has(a.Type ?? ''));
  const actions: Action[] =
    kept.length === 0
      ? [action]
      : [
          ...kept.map((a, i) => ({ ...a, Order: a.Order ?? i + 1 })),
          { ...action, Order: Math.max(...kept.map((a, i) => a.Order ?? i + 1)) + 1 },
        ];
  const result = await elbv2.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Actions: actions }));
  const updated = result.Rules?.[0];
  rule.Actions = updated?.Actions ?? actions;
}

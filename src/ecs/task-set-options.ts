import { ConfigError, describeValue, optionalBoolean, requireInteger, requireObject, requireString } from '../core/index.js';
import type { AlarmGate, EcsTaskSetDeploymentOptions } from './task-set-types.js';

const RULE_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/.+/;
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];

export function requireGate(value: unknown, path: string): AlarmGate {
  if (value === null || typeof value !== 'object' || typeof (value as AlarmGate).getAlarmStates !== 'function') {
    throw new ConfigError(`${path} must have a getAlarmStates(ref) method (for example a CloudWatchTools), got ${describeValue(value)}.`);
  }
  return value as AlarmGate;
}

export function validateOptions(options: EcsTaskSetDeploymentOptions): EcsTaskSetDeploymentOptions {
  const o = requireObject(options, 'EcsTaskSetDeployment options');
  requireString(o.cluster, 'cluster', { maxLength: 2048 });
  requireString(o.service, 'service', { maxLength: 2048 });
  const ruleHint = 'a listener rule ARN (arn:aws:elasticloadbalancing:<region>:<account>:listener-rule/...)';
  requireString(o.productionRuleArn, 'productionRuleArn', { pattern: RULE_ARN, patternHint: ruleHint });
  requireString(o.testRuleArn, 'testRuleArn', { pattern: RULE_ARN, patternHint: ruleHint });
  if (o.productionRuleArn === o.testRuleArn) throw new ConfigError('productionRuleArn and testRuleArn must be two different rules.');
  const container = requireObject(o.container, 'container');
  requireString(container.name, 'container.name');
  requireInteger(container.port, 'container.port', { min: 1, max: 65535 });
  const tg = requireObject(o.targetGroup, 'targetGroup');
  requireString(tg.vpcId, 'targetGroup.vpcId', { pattern: /^vpc-[0-9a-f]+$/, patternHint: 'a VPC id (vpc-...)' });
  requireInteger(tg.port, 'targetGroup.port', { min: 1, max: 65535 });
  if (tg.protocol !== undefined && !PROTOCOLS.includes(tg.protocol as string)) {
    throw new ConfigError(`targetGroup.protocol must be one of ${PROTOCOLS.join(', ')}, got ${describeValue(tg.protocol)}.`);
  }
  if (tg.targetType !== undefined && tg.targetType !== 'ip' && tg.targetType !== 'instance') {
    throw new ConfigError(`targetGroup.targetType must be 'ip' or 'instance', got ${describeValue(tg.targetType)}.`);
  }
  if (tg.healthCheck !== undefined) requireObject(tg.healthCheck, 'targetGroup.healthCheck');
  if (tg.deregistrationDelaySeconds !== undefined)
    requireInteger(tg.deregistrationDelaySeconds, 'targetGroup.deregistrationDelaySeconds', { min: 0, max: 3600 });
  if (o.launchType !== undefined && o.capacityProviderStrategy !== undefined) {
    throw new ConfigError('Pass either launchType or capacityProviderStrategy, not both.');
  }
  if (o.networkConfiguration !== undefined) requireObject(o.networkConfiguration, 'networkConfiguration');
  if (o.scalePercent !== undefined) requireInteger(o.scalePercent, 'scalePercent', { min: 0, max: 100 });
  if (o.targetHealth !== undefined) {
    const th = requireObject(o.targetHealth, 'targetHealth');
    if (th.minHealthyTargets !== undefined && th.minHealthyTargets !== 'desired') {
      requireInteger(th.minHealthyTargets, 'targetHealth.minHealthyTargets', { min: 0 });
    }
    optionalBoolean(th.noUnhealthyTargets, 'targetHealth.noUnhealthyTargets', true);
  }
  if (o.closedResponse !== undefined) {
    const cr = requireObject(o.closedResponse, 'closedResponse');
    if (cr.statusCode !== undefined)
      requireString(cr.statusCode, 'closedResponse.statusCode', { pattern: /^[245]\d\d$/, patternHint: 'a 2xx, 4xx or 5xx code' });
  }
  return options;
}

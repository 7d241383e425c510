import { ConfigError, describeValue, optionalBoolean, requireInteger, requireObject, requireString } from '../core/index.js';
import type { AlarmGate, EcsTaskSetDeploymentOptions } from './task-set-types.js';

const RULE_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/.+/;
// The target group protocols of ELBv2 CreateTargetGroup (API Reference, CreateTargetGroup: Protocol).
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];

/** A ConfigError `<path> must be <what>, got <value>.` */
function invalid(path: string, what: string, value: unknown): ConfigError {
  return new ConfigError(`${path} must be ${what}, got ${describeValue(value)}.`);
}

/** A number of seconds >= 0, or undefined (a ConfigError naming `path` otherwise). */
export function optionalSeconds(value: unknown, path: string): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw invalid(path, 'a number of seconds >= 0', value);
  }
  return value;
}

export function requireGate(value: unknown, path: string): AlarmGate {
  if (typeof (value as AlarmGate | null)?.getAlarmStates !== 'function') {
    throw invalid(path, 'an object with a getAlarmStates(ref) method (for example a CloudWatchTools)', value);
  }
  return value as AlarmGate;
}

/** The options every step uses (a ConfigError naming the bad one, from the constructor). */
export function validateOptions(options: EcsTaskSetDeploymentOptions): EcsTaskSetDeploymentOptions {
  const o = requireObject(options, 'EcsTaskSetDeployment options');
  requireString(o.cluster, 'cluster', { maxLength: 2048 });
  requireString(o.service, 'service', { maxLength: 2048 });
  for (const path of ['productionRuleArn', 'testRuleArn']) {
    requireString(o[path], path, {
      pattern: RULE_ARN,
      patternHint: 'a listener rule ARN (arn:aws:elasticloadbalancing:…:listener-rule/…)',
    });
  }
  if (o.productionRuleArn === o.testRuleArn) throw new ConfigError('productionRuleArn and testRuleArn must be two different rules.');
  if (o.closedResponse !== undefined) {
    const status = requireObject(o.closedResponse, 'closedResponse').statusCode;
    if (status !== undefined)
      requireString(status, 'closedResponse.statusCode', { pattern: /^[245]\d\d$/, patternHint: 'a 2xx, 4xx or 5xx code' });
  }
  return options;
}

/**
 * The options only deployGreen uses (what a new task set and its target group are made of), validated when it runs,
 * before any AWS call: a hook for another step does not carry this code.
 */
export function validateReleaseOptions(o: Record<string, unknown>): void {
  const port = (value: unknown, path: string) => requireInteger(value, path, { min: 1, max: 65535 });
  const container = requireObject(o.container, 'container');
  requireString(container.name, 'container.name');
  port(container.port, 'container.port');
  const tg = requireObject(o.targetGroup, 'targetGroup');
  requireString(tg.vpcId, 'targetGroup.vpcId', { pattern: /^vpc-[0-9a-f]+$/, patternHint: 'a VPC id (vpc-…)' });
  port(tg.port, 'targetGroup.port');
  if (tg.protocol !== undefined && !PROTOCOLS.includes(tg.protocol as string)) {
    throw invalid('targetGroup.protocol', `one of ${PROTOCOLS.join(', ')}`, tg.protocol);
  }
  if (tg.targetType !== undefined && tg.targetType !== 'ip' && tg.targetType !== 'instance') {
    throw invalid('targetGroup.targetType', "'ip' or 'instance'", tg.targetType);
  }
  if (tg.healthCheck !== undefined) requireObject(tg.healthCheck, 'targetGroup.healthCheck');
  if (tg.deregistrationDelaySeconds !== undefined) {
    requireInteger(tg.deregistrationDelaySeconds, 'targetGroup.deregistrationDelaySeconds', { min: 0, max: 3600 });
  }
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
}

import { ConfigError, describeValue, optionalBoolean, requireInteger, requireObject, requireString } from '../core/index.js';
import type { AlarmGate, EcsTaskSetDeploymentOptions } from './task-set-types.js';

const RULE_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/.+/;
// The target group protocols of ELBv2 CreateTargetGroup (API Reference, CreateTargetGroup: Protocol).
const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];
const PORT = { min: 1, max: 65535 };

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
  // An optional integer in [min, max] / an optional object / an optional value out of a list.
  const int = (v: unknown, path: string, min: number, max?: number) => v === undefined || requireInteger(v, path, { min, max });
  const obj = (v: unknown, path: string) => v === undefined || requireObject(v, path);
  const oneOf = (v: unknown, path: string, list: unknown[]) => {
    if (v !== undefined && !list.includes(v)) throw invalid(path, `one of ${list.join(', ')}`, v);
  };
  const container = requireObject(o.container, 'container');
  requireString(container.name, 'container.name');
  requireInteger(container.port, 'container.port', PORT);
  const tg = requireObject(o.targetGroup, 'targetGroup');
  requireString(tg.vpcId, 'targetGroup.vpcId', { pattern: /^vpc-[0-9a-f]+$/, patternHint: 'a VPC id (vpc-…)' });
  requireInteger(tg.port, 'targetGroup.port', PORT);
  oneOf(tg.protocol, 'targetGroup.protocol', PROTOCOLS);
  oneOf(tg.targetType, 'targetGroup.targetType', ['ip', 'instance']);
  obj(tg.healthCheck, 'targetGroup.healthCheck');
  int(tg.deregistrationDelaySeconds, 'targetGroup.deregistrationDelaySeconds', 0, 3600);
  if (o.launchType !== undefined && o.capacityProviderStrategy !== undefined) {
    throw new ConfigError('Pass either launchType or capacityProviderStrategy, not both.');
  }
  obj(o.networkConfiguration, 'networkConfiguration');
  int(o.scalePercent, 'scalePercent', 0, 100);
}

/** The `targetHealth` option, which only openTestTraffic uses (validated when it runs, before any AWS call). */
export function validateTargetHealth(value: unknown): void {
  if (value === undefined) return;
  const th = requireObject(value, 'targetHealth');
  if (th.minHealthyTargets !== undefined && th.minHealthyTargets !== 'desired') {
    requireInteger(th.minHealthyTargets, 'targetHealth.minHealthyTargets', { min: 0 });
  }
  optionalBoolean(th.noUnhealthyTargets, 'targetHealth.noUnhealthyTargets', true);
}

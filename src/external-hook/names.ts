// The hook event names and the deployment id pattern are codedeploy's, from hook-event.ts, which imports no SDK client:
// the CLI's HTTP path (`bluegreen hooks run --api-url`) must load none (test/package/npx-hooks.test.ts).
import { DEPLOYMENT_ID, HOOK_LIFECYCLE_EVENTS, type HookLifecycleEvent } from '../codedeploy/hook-event.js';
import { ConfigError, describeValue, requireString } from '../core/index.js';
import type { HookResult } from './types.js';

/**
 * The lifecycle events a hook can be parked for: the two hooks of the Lambda compute platform and the five hooks of
 * the ECS compute platform (`BeforeAllowTraffic` and `AfterAllowTraffic` belong to both).
 *
 * @example
 * ```ts
 * import type { LifecycleEventName } from 'bluegreen-toolkit/external-hook';
 *
 * const event: LifecycleEventName = 'BeforeAllowTraffic';
 * ```
 */
export type LifecycleEventName = HookLifecycleEvent;

/**
 * Every {@link LifecycleEventName}, in the order CodeDeploy runs them on ECS.
 *
 * @example
 * ```ts
 * import { LIFECYCLE_EVENTS } from 'bluegreen-toolkit/external-hook';
 *
 * // One parking function per hook of an ECS AppSpec.
 * const hooks = LIFECYCLE_EVENTS.map((event) => ({ [event]: `CodeDeployHook_park_${event}` }));
 * ```
 */
export const LIFECYCLE_EVENTS: readonly LifecycleEventName[] = HOOK_LIFECYCLE_EVENTS;

/**
 * The stage aliases of code-deploy-external-hook's contract: the Lambda hook names of an AppSpec / SAM
 * `DeploymentPreference` (`PreTraffic`/`PostTraffic`) written as `PRE_TRAFFIC`/`POST_TRAFFIC`.
 *
 * @example
 * ```ts
 * import { STAGE_ALIASES } from 'bluegreen-toolkit/external-hook';
 *
 * STAGE_ALIASES.PRE_TRAFFIC; // 'BeforeAllowTraffic'
 * STAGE_ALIASES.POST_TRAFFIC; // 'AfterAllowTraffic'
 * ```
 */
export const STAGE_ALIASES: Readonly<Record<string, LifecycleEventName>> = Object.freeze({
  PRE_TRAFFIC: 'BeforeAllowTraffic',
  POST_TRAFFIC: 'AfterAllowTraffic',
});

/**
 * Names accepted as `{stage}`: the aliases plus every lifecycle event name.
 *
 * @example
 * ```ts
 * import { STAGE_NAMES } from 'bluegreen-toolkit/external-hook';
 *
 * console.log(`--stage: one of ${STAGE_NAMES.join(', ')}`); // PRE_TRAFFIC, POST_TRAFFIC, BeforeInstall, …
 * ```
 */
export const STAGE_NAMES: readonly string[] = Object.freeze([...Object.keys(STAGE_ALIASES), ...LIFECYCLE_EVENTS]);

/**
 * Application and deployment group names: 1–100 characters from this set (no quotes, spaces, `#` or unicode).
 *
 * @example
 * ```ts
 * import { NAME_PATTERN } from 'bluegreen-toolkit/external-hook';
 *
 * NAME_PATTERN.test('shop-api_v2'); // true
 * NAME_PATTERN.test('shop api'); // false
 * ```
 */
export const NAME_PATTERN = /^[A-Za-z0-9._+=@-]{1,100}$/;
/**
 * A CodeDeploy deployment id, for example `d-ABCDEFGHI`: `d-` and 9 upper-case letters or digits.
 *
 * @example
 * ```ts
 * import { DEPLOYMENT_ID_PATTERN } from 'bluegreen-toolkit/external-hook';
 *
 * DEPLOYMENT_ID_PATTERN.test('d-ABCDEFGHI'); // true
 * DEPLOYMENT_ID_PATTERN.test('d-abc'); // false
 * ```
 */
export const DEPLOYMENT_ID_PATTERN: RegExp = DEPLOYMENT_ID;
/**
 * A lifecycle event hook execution id (opaque; printable ASCII without quotes or spaces, at most 1024 characters).
 *
 * @example
 * ```ts
 * import { EXECUTION_ID_PATTERN } from 'bluegreen-toolkit/external-hook';
 *
 * if (!EXECUTION_ID_PATTERN.test(event.LifecycleEventHookExecutionId)) throw new Error('not a hook execution id');
 * ```
 */
export const EXECUTION_ID_PATTERN = /^[A-Za-z0-9+/=._:-]{1,1024}$/;
/**
 * At most this many deployment groups per request: 50.
 *
 * @example
 * ```ts
 * import { HookStore, MAX_GROUPS, type ParkedHook } from 'bluegreen-toolkit/external-hook';
 *
 * const store = new HookStore({ tableName: 'bluegreen-hooks' });
 * const hooks: Record<string, ParkedHook | undefined> = {};
 * for (let i = 0; i < groups.length; i += MAX_GROUPS) {
 *   Object.assign(hooks, await store.list({ app: 'shop', stage: 'PRE_TRAFFIC', groups: groups.slice(i, i + MAX_GROUPS) }));
 * }
 * ```
 */
export const MAX_GROUPS = 50;

/**
 * Turns a stage (`PRE_TRAFFIC`, `POST_TRAFFIC` or a lifecycle event name) into the lifecycle event name, or throws a
 * {@link ConfigError} listing the accepted names.
 *
 * @param stage - the stage as the caller wrote it.
 * @param path - how the value is named in the error message.
 *
 * @example
 * ```ts
 * import { parseStage } from 'bluegreen-toolkit/external-hook';
 *
 * parseStage('PRE_TRAFFIC'); // 'BeforeAllowTraffic'
 * parseStage('AfterAllowTestTraffic'); // 'AfterAllowTestTraffic'
 * ```
 */
export function parseStage(stage: unknown, path = 'stage'): LifecycleEventName {
  if (typeof stage === 'string') {
    // Own properties only: `constructor`, `toString`, `__proto__` … are inherited by every object and are not stages.
    if (Object.hasOwn(STAGE_ALIASES, stage)) return STAGE_ALIASES[stage] as LifecycleEventName;
    if ((LIFECYCLE_EVENTS as readonly string[]).includes(stage)) return stage as LifecycleEventName;
  }
  throw new ConfigError(`${path} ${describeValue(stage)} is not a known stage: use one of ${STAGE_NAMES.join(', ')}.`);
}

/**
 * Validates an application or deployment group name against {@link NAME_PATTERN}.
 *
 * @param value - the name.
 * @param path - how the value is named in the error message.
 *
 * @example
 * ```ts
 * import { requireName } from 'bluegreen-toolkit/external-hook';
 *
 * requireName('shop', 'app'); // 'shop'
 * ```
 */
export function requireName(value: unknown, path: string): string {
  // Same messages as before: not a string / empty / too long / not valid: use letters, digits and . _ + = @ - only.
  return requireString(value, path, { maxLength: 100, pattern: NAME_PATTERN, patternHint: 'letters, digits and . _ + = @ - only' });
}

/**
 * Validates a CodeDeploy deployment id (`d-` followed by 9 upper-case letters or digits).
 *
 * @param value - the id.
 * @param path - how the value is named in the error message.
 *
 * @example
 * ```ts
 * import { requireDeploymentId } from 'bluegreen-toolkit/external-hook';
 *
 * requireDeploymentId('d-ABCDEFGHI', 'deploymentId');
 * ```
 */
export function requireDeploymentId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !DEPLOYMENT_ID_PATTERN.test(value)) {
    throw new ConfigError(`${path} ${describeValue(value)} is not a CodeDeploy deployment id (d- followed by 9 letters or digits).`);
  }
  return value;
}

/**
 * Validates a lifecycle event hook execution id.
 *
 * @param value - the id.
 * @param path - how the value is named in the error message.
 *
 * @example
 * ```ts
 * import { requireExecutionId } from 'bluegreen-toolkit/external-hook';
 *
 * requireExecutionId(event.LifecycleEventHookExecutionId, 'LifecycleEventHookExecutionId');
 * ```
 */
export function requireExecutionId(value: unknown, path: string): string {
  if (typeof value !== 'string' || !EXECUTION_ID_PATTERN.test(value)) {
    throw new ConfigError(`${path} ${describeValue(value)} is not a lifecycle event hook execution id.`);
  }
  return value;
}

/**
 * Validates a list of deployment group names: 1 to {@link MAX_GROUPS} valid names, no duplicates.
 *
 * @param value - the list.
 * @param path - how the value is named in the error message.
 *
 * @example
 * ```ts
 * import { requireGroups } from 'bluegreen-toolkit/external-hook';
 *
 * requireGroups(['api', 'worker'], 'groups');
 * ```
 */
export function requireGroups(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new ConfigError(`${path} must be an array of deployment group names, got ${describeValue(value)}.`);
  if (value.length === 0) throw new ConfigError(`${path} must name at least one deployment group.`);
  if (value.length > MAX_GROUPS) throw new ConfigError(`${path} names ${value.length} groups; at most ${MAX_GROUPS} are allowed.`);
  const groups = value.map((v, i) => requireName(v, `${path}[${i}]`));
  const duplicate = groups.find((g, i) => groups.indexOf(g) !== i);
  if (duplicate !== undefined) throw new ConfigError(`${path} names deployment group '${duplicate}' twice.`);
  return groups;
}

/**
 * Validates a `{ group: 'SUCCESS' | 'FAILURE' }` map of release results. Group names such as `__proto__` or
 * `constructor` are ordinary names here: the answer is a null-prototype object, so no name can reach a prototype.
 *
 * @param value - the map.
 * @param path - how the value is named in error messages.
 * @returns a null-prototype copy holding exactly the own entries of `value`.
 *
 * @example
 * ```ts
 * import { validateResults } from 'bluegreen-toolkit/external-hook';
 *
 * validateResults({ api: 'SUCCESS' }, 'results');
 * ```
 */
export function validateResults(value: unknown, path: string): Record<string, HookResult> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${path} must be an object mapping deployment group names to "SUCCESS" or "FAILURE".`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  requireGroups(
    entries.map(([g]) => g),
    `${path} keys`,
  );
  const out = nullRecord<HookResult>();
  for (const [group, result] of entries) {
    if (result !== 'SUCCESS' && result !== 'FAILURE') {
      throw new ConfigError(`${path}.${group} must be "SUCCESS" or "FAILURE", got ${describeValue(result)}.`);
    }
    out[group] = result;
  }
  return out;
}

/** An empty object without a prototype: every key, `__proto__` included, is an ordinary own property. */
export function nullRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when `key` is an own property (never an inherited `constructor`, `toString`, …). */
export function ownValue<T>(record: Record<string, T> | null | undefined, key: string): T | undefined {
  return record !== null && record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

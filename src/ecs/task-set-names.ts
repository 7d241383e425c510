import { createHash } from 'node:crypto';

/**
 * The longest target group name ELBv2 accepts (32).
 *
 * @example
 * ```ts
 * import { MAX_TARGET_GROUP_NAME_LENGTH, taskSetTargetGroupName } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * const name = taskSetTargetGroupName('prod', 'orders-api', `release-${process.env.GITHUB_SHA}`);
 * console.log(name.length <= MAX_TARGET_GROUP_NAME_LENGTH); // true: the readable part is truncated to fit
 * ```
 */
export const MAX_TARGET_GROUP_NAME_LENGTH = 32;

const HASH_LENGTH = 6;

/**
 * The target group name {@link EcsTaskSetDeployment} uses for a task set: deterministic, at most 32 characters, only
 * letters, digits and single hyphens, never starting or ending with a hyphen. It reads `<service>-<externalId>-<hash>`,
 * where the readable part is cleaned (any other character becomes `-`) and truncated to fit, and `<hash>` is six hex
 * characters of the SHA-256 of `cluster/service/externalId`, so two clusters with a service of the same name, or two
 * external ids that clean to the same text (`v1.2` and `v1-2`), never share a name.
 *
 * @param cluster - the cluster name or ARN (only its last path segment is used).
 * @param service - the service name or ARN (only its last path segment is used).
 * @param externalId - the deployment's external id.
 * @returns the target group name.
 *
 * @example
 * ```ts
 * import { taskSetTargetGroupName } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * taskSetTargetGroupName('prod', 'orders-api', 'build-1234'); // 'orders-api-build-1234-bdff28'
 * ```
 */
export function taskSetTargetGroupName(cluster: string, service: string, externalId: string): string {
  const clusterName = lastSegment(cluster);
  const serviceName = lastSegment(service);
  const hash = createHash('sha256').update(`${clusterName}/${serviceName}/${externalId}`).digest('hex').slice(0, HASH_LENGTH);
  const room = MAX_TARGET_GROUP_NAME_LENGTH - HASH_LENGTH - 1;
  const readable = clean(`${clean(serviceName)}-${clean(externalId)}`).slice(0, room);
  const trimmed = readable.replace(/-+$/, '');
  return trimmed ? `${trimmed}-${hash}` : `tg-${hash}`;
}

/**
 * Whether `name` is a valid target group name: 1 to {@link MAX_TARGET_GROUP_NAME_LENGTH} letters, digits and hyphens,
 * not starting or ending with a hyphen and without two hyphens in a row. Every {@link taskSetTargetGroupName} is.
 *
 * @param name - the name to check.
 * @returns true when ELBv2 accepts it as a target group name.
 *
 * @example
 * ```ts
 * import { isValidTargetGroupName } from 'bluegreen-toolkit/ecs-task-sets';
 *
 * isValidTargetGroupName('orders-api-build-42'); // true
 * isValidTargetGroupName('orders_api'); // false: underscore
 * isValidTargetGroupName('-orders-api'); // false: leading hyphen
 * isValidTargetGroupName('a'.repeat(33)); // false: longer than 32
 * ```
 */
export function isValidTargetGroupName(name: string): boolean {
  return name.length <= MAX_TARGET_GROUP_NAME_LENGTH && /^(?!-)(?!.*--)[A-Za-z0-9-]+(?<!-)$/.test(name);
}

function clean(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The name at the end of a name or ARN (`arn:aws:ecs:…:service/prod/web` → `web`). */
export function lastSegment(nameOrArn: string): string {
  return nameOrArn.split('/').pop() ?? nameOrArn;
}

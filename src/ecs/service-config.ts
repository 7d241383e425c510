// EcsTools configuration parsing and service checks (internal: not exported from the subpath).
import type { Service } from '@aws-sdk/client-ecs';
import { ConfigError, InvalidStateError, requireInteger, requireObject, requireString } from '../core/index.js';

/** One stack's service, validated, with its Application Auto Scaling resource id. */
export interface ResolvedService {
  cluster: string;
  service: string;
  desiredCount: number;
  resourceId: string;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z0-9_-]{1,255})$/;
const SERVICE_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/(?:([A-Za-z0-9_-]{1,255})\/)?([A-Za-z0-9_-]{1,255})$/;

/** Validates `services.<stack>`; ARNs are reduced to names. */
export function parseService(value: unknown, path: string): ResolvedService {
  const o = requireObject(value, path);
  // A name, or the name in an ARN: letters, digits, '-' and '_', up to 255.
  const nameOf = (key: 'cluster' | 'service', arnPattern: RegExp) => {
    const input = requireString(o[key], `${path}.${key}`, { maxLength: 2048 });
    const arn = arnPattern.exec(input);
    const name = arn?.[arn.length - 1] ?? input;
    if (!NAME.test(name))
      throw new ConfigError(`${path}.${key} '${input}' is not a ${key} name or ARN: use letters, digits, '-' and '_' (up to 255).`);
    return [name, arn?.[1]] as const;
  };
  const [cluster] = nameOf('cluster', CLUSTER_ARN);
  const [service, arnCluster] = nameOf('service', SERVICE_ARN);
  if (arnCluster !== undefined && arnCluster !== cluster) {
    throw new ConfigError(`${path}.service is in cluster '${arnCluster}' but ${path}.cluster is '${cluster}': make them agree.`);
  }
  const desiredCount = requireInteger(o.desiredCount, `${path}.desiredCount`, { min: 1, max: 100_000 });
  return { cluster, service, desiredCount, resourceId: `service/${cluster}/${service}` };
}

/** DAEMON and draining services have no desired count to change. */
export function assertScalable(cfg: ResolvedService, service: Service): void {
  if (service.schedulingStrategy === 'DAEMON') {
    throw new InvalidStateError(
      `${cfg.cluster}/${cfg.service} uses the DAEMON scheduling strategy, which has no desired count to change.`,
      {
        state: { schedulingStrategy: 'DAEMON' },
      },
    );
  }
  if (service.status === 'DRAINING') {
    throw new InvalidStateError(`${cfg.cluster}/${cfg.service} is being deleted (DRAINING).`, { state: { status: service.status } });
  }
}

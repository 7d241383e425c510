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
  const clusterInput = requireString(o.cluster, `${path}.cluster`, { maxLength: 2048 });
  const cluster = CLUSTER_ARN.exec(clusterInput)?.[1] ?? clusterInput;
  if (!NAME.test(cluster)) {
    throw new ConfigError(`${path}.cluster '${clusterInput}' is not a cluster name or ARN: use letters, digits, '-' and '_' (up to 255).`);
  }
  const serviceInput = requireString(o.service, `${path}.service`, { maxLength: 2048 });
  const arn = SERVICE_ARN.exec(serviceInput);
  const service = arn?.[2] ?? serviceInput;
  if (!NAME.test(service)) {
    throw new ConfigError(`${path}.service '${serviceInput}' is not a service name or ARN: use letters, digits, '-' and '_' (up to 255).`);
  }
  if (arn?.[1] !== undefined && arn[1] !== cluster) {
    throw new ConfigError(`${path}.service is in cluster '${arn[1]}' but ${path}.cluster is '${cluster}': make them agree.`);
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

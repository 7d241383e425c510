// Application Auto Scaling calls behind scaleOut / scaleIn (internal: not exported from the subpath).
import {
  type ApplicationAutoScalingClient,
  paginateDescribeScalableTargets,
  RegisterScalableTargetCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import { type DBCluster, paginateDescribeDBInstances, type RDSClient } from '@aws-sdk/client-rds';
import { type Logger, type ResolvedWaitOptions, ResourceNotFoundError, type StackReference, waitFor } from '../core/index.js';
import { requireCluster } from './cluster-ops.js';
import type { ScaleResult } from './types.js';

const NAMESPACE = 'rds';
/** The scalable dimension of Aurora readers. */
export const DIMENSION = 'rds:cluster:ReadReplicaCount';

/** The reader scalable target of `resourceId` (`cluster:<id>`), reading every page. */
export async function findScalableTarget(aas: ApplicationAutoScalingClient, resourceId: string): Promise<ScalableTarget | undefined> {
  const pages = paginateDescribeScalableTargets(
    { client: aas },
    { ServiceNamespace: NAMESPACE, ScalableDimension: DIMENSION, ResourceIds: [resourceId] },
  );
  for await (const page of pages) {
    const found = page.ScalableTargets?.find((t) => t.ResourceId === resourceId && t.ScalableDimension === DIMENSION);
    if (found) return found;
  }
  return undefined;
}

/** Sets MinCapacity (raising MaxCapacity when it is lower); `already` when nothing needs to change. */
export async function setMinCapacity(
  aas: ApplicationAutoScalingClient,
  logger: Logger,
  target: { stack: StackReference; clusterIdentifier: string },
  wanted: number,
  why: string,
  options: { neverLower?: boolean } = {},
): Promise<ScaleResult> {
  const { stack, clusterIdentifier: id } = target;
  const resourceId = `cluster:${id}`;
  const current = await findScalableTarget(aas, resourceId);
  const min = options.neverLower ? Math.max(wanted, current?.MinCapacity ?? 0) : wanted;
  if (!current) {
    throw new ResourceNotFoundError(
      `The ${stack} cluster ${id} has no Application Auto Scaling scalable target for its readers. Register one, for example: ` +
        `aws application-autoscaling register-scalable-target --service-namespace rds --scalable-dimension ${DIMENSION} ` +
        `--resource-id ${resourceId} --min-capacity ${min} --max-capacity 15 ` +
        `(SDK: new RegisterScalableTargetCommand({ ServiceNamespace: 'rds', ScalableDimension: '${DIMENSION}', ResourceId: '${resourceId}', MinCapacity: ${min}, MaxCapacity: 15 })).`,
      { resource: resourceId },
    );
  }
  const previousMin = current.MinCapacity ?? 0;
  const previousMax = current.MaxCapacity ?? 0;
  const max = Math.max(previousMax, min);
  const base = {
    clusterIdentifier: id,
    resourceId,
    previousMinCapacity: previousMin,
    minCapacity: min,
    previousMaxCapacity: previousMax,
    maxCapacity: max,
  };
  if (previousMin === min && previousMax >= min) {
    const higher = min > wanted ? `, above the ${wanted} wanted: scaleOut never lowers it` : '';
    return { ...base, outcome: 'already', message: `${resourceId} already has MinCapacity ${min} (${why}${higher})` };
  }
  await aas.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: NAMESPACE,
      ScalableDimension: DIMENSION,
      ResourceId: resourceId,
      MinCapacity: min,
      ...(max > previousMax ? { MaxCapacity: max } : {}),
    }),
  );
  logger.info(`AuroraTools: ${resourceId} MinCapacity ${previousMin} -> ${min} (${why})`, { stack });
  return {
    ...base,
    outcome: 'changed',
    message: `set ${resourceId} MinCapacity ${previousMin} → ${min} (${why})${max > previousMax ? `, MaxCapacity → ${max}` : ''}`,
  };
}

/** Polls until MinCapacity reads back as `min`. */
export async function waitForMinCapacity(
  aas: ApplicationAutoScalingClient,
  resourceId: string,
  min: number,
  wait: ResolvedWaitOptions,
): Promise<void> {
  await waitFor(
    async () => {
      const current = await findScalableTarget(aas, resourceId);
      return current?.MinCapacity === min ? { done: true, value: current } : { done: false, state: current?.MinCapacity };
    },
    { ...wait, description: `scalable target ${resourceId} to report MinCapacity ${min}` },
  );
}

/** Polls until the cluster has `count` readers in status `available`; resolves with their identifiers. */
export async function waitForReaders(
  rds: RDSClient,
  target: { stack: StackReference; clusterIdentifier: string },
  count: number,
  wait: ResolvedWaitOptions,
): Promise<string[]> {
  const { stack, clusterIdentifier: id } = target;
  return waitFor(
    async () => {
      const cluster = await requireCluster(rds, id, stack);
      const available = await availableReaders(rds, cluster);
      const readers = (cluster.DBClusterMembers ?? []).filter((m) => m.IsClusterWriter === false).length;
      return available.length >= count ? { done: true, value: available } : { done: false, state: { readers, available } };
    },
    { ...wait, description: `${count} available reader(s) in cluster ${id}` },
  );
}

/** The cluster's readers (`IsClusterWriter: false`) whose instance status is `available`, reading every page. */
export async function availableReaders(rds: RDSClient, cluster: DBCluster): Promise<string[]> {
  const id = cluster.DBClusterIdentifier as string;
  const readers = new Set((cluster.DBClusterMembers ?? []).filter((m) => m.IsClusterWriter === false).map((m) => m.DBInstanceIdentifier));
  const available: string[] = [];
  for await (const page of paginateDescribeDBInstances({ client: rds }, { Filters: [{ Name: 'db-cluster-id', Values: [id] }] })) {
    for (const instance of page.DBInstances ?? []) {
      if (readers.has(instance.DBInstanceIdentifier) && instance.DBInstanceStatus === 'available') {
        available.push(instance.DBInstanceIdentifier as string);
      }
    }
  }
  return available.sort();
}

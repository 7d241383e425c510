// scaleOut (internal: not exported from the subpath).
//
// AWS sources (Amazon Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas",
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html):
// - "Aurora Auto Scaling only scales a DB cluster if the DB cluster is in the available state": raising MinCapacity of
//   a cluster in another status adds no reader, and a wait for readers would burn its whole budget.
// - "Aurora global databases currently don't support Aurora Auto Scaling for secondary DB clusters".
// - "Aurora Auto Scaling only removes Aurora Replicas that it created": scaleIn lowers the minimum, it does not remove
//   readers someone created by hand.
// Application Auto Scaling API Reference, RegisterScalableTarget: a new MinCapacity above the current capacity scales
// out to it. Lowering the minimum is a scale-in, which scaleOut never does.
import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { type DBCluster, DescribeGlobalClustersCommand, type RDSClient } from '@aws-sdk/client-rds';
import { InvalidStateError, type Logger, type ResolvedWaitOptions, type StackReference } from '../core/index.js';
import { requireCluster } from './cluster-ops.js';
import { availableReaders, setMinCapacity, waitForReaders } from './reader-scaling.js';
import type { ScaleResult } from './types.js';

/** The page the scaleOut refusals quote. */
export const AUTO_SCALING_DOC =
  'Aurora User Guide, "Amazon Aurora Auto Scaling with Aurora Replicas" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Integrating.AutoScaling.html)';

/** Whether the cluster is a secondary (non-writer) member of an Aurora global database. */
export async function isGlobalSecondary(rds: RDSClient, cluster: DBCluster): Promise<string | undefined> {
  const global = cluster.GlobalClusterIdentifier;
  if (!global) return undefined;
  const { GlobalClusters = [] } = await rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: global }));
  const member = GlobalClusters.flatMap((g) => g.GlobalClusterMembers ?? []).find((m) => m.DBClusterArn === cluster.DBClusterArn);
  return member && member.IsWriter !== true ? global : undefined;
}

/** Raises `target`'s MinCapacity to max(partner's available readers, its minReaders), never lowering it. */
export async function scaleOut(
  clients: { rds: RDSClient; aas: ApplicationAutoScalingClient; logger: Logger; dryRun?: boolean },
  target: { stack: StackReference; clusterIdentifier: string; minReaders: number },
  partner: { stack: StackReference; clusterIdentifier: string },
  wait: ResolvedWaitOptions | undefined,
): Promise<ScaleResult> {
  const { rds, aas, logger } = clients;
  const own = await requireCluster(rds, target.clusterIdentifier, target.stack);
  if (own.Status !== 'available' && clients.dryRun && (own.Status === 'stopped' || own.Status === 'starting')) {
    // A dry run sends no StartDBCluster, so a plan that starts the cluster first still reads it stopped: report the
    // calls it would make instead of refusing (a real run refuses until the cluster is available).
    logger.warn(`AuroraTools (dry run): ${target.clusterIdentifier} is ${own.Status}; a real scaleOut refuses it until it is available`, {
      stack: target.stack,
    });
  } else if (own.Status !== 'available') {
    throw new InvalidStateError(
      `Cannot scale out the ${target.stack} cluster ${target.clusterIdentifier}: it is ${own.Status}, and Aurora Auto Scaling only scales an available cluster (${AUTO_SCALING_DOC}). Start it (startDatabase) and wait until it is available. Nothing was changed.`,
      { state: own.Status },
    );
  }
  const global = await isGlobalSecondary(rds, own);
  if (global !== undefined) {
    throw new InvalidStateError(
      `Cannot scale out the ${target.stack} cluster ${target.clusterIdentifier}: it is a secondary cluster of the Aurora global database ${global}, which Aurora Auto Scaling does not scale (${AUTO_SCALING_DOC}). Add its readers with CreateDBInstance. Nothing was changed.`,
      { state: 'global-secondary' },
    );
  }
  const partnerReaders = await availableReaders(rds, await requireCluster(rds, partner.clusterIdentifier, partner.stack));
  const wanted = Math.max(partnerReaders.length, target.minReaders);
  const why =
    wanted === partnerReaders.length
      ? `the ${partner.stack} cluster's ${partnerReaders.length} available reader(s)`
      : `the configured minReaders ${target.minReaders}`;
  const result = await setMinCapacity(aas, logger, target, wanted, why, { neverLower: true });
  result.partnerReaderCount = partnerReaders.length;
  if (wait && wanted > 0) result.availableReaders = await waitForReaders(rds, target, wanted, wait);
  return result;
}

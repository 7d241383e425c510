// Which Aurora clusters StopDBCluster refuses whatever their status (internal helpers + the public result type).
//
// AWS sources:
// - Amazon Aurora User Guide, "Stopping and starting an Amazon Aurora DB cluster"
//   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html), "Limitations":
//   a cluster that is part of an Aurora global database, a cluster that uses parallel query, an Aurora Serverless v1
//   cluster and a multi-master cluster cannot be stopped and started. The same page: "You can stop a DB cluster for up
//   to seven days. If you don't manually start your DB cluster after seven days, your DB cluster is automatically
//   started".
// - AWS Systems Manager Automation Runbook Reference, "AWS-StartStopAuroraCluster"
//   (https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/start-stop-aurora-cluster.html):
//   "can't be used to start or stop a cluster that is an Aurora Serverless v1 cluster, an Aurora multi-master cluster,
//   part of an Aurora global database, or a cluster that uses Aurora parallel query".
// - RDS API Reference, DBCluster: `EngineMode` (`serverless` = Aurora Serverless v1; older clusters also report
//   `parallelquery`, `multimaster` or `global`) and `GlobalClusterIdentifier` (set on a global database member).
import type { DBCluster } from '@aws-sdk/client-rds';

/**
 * The answer of {@link AuroraTools.checkStoppable}: whether StopDBCluster can ever stop this cluster, and if not, why.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { StopCheck } from 'bluegreen-toolkit/aurora';
 *
 * const check: StopCheck = await aurora.checkStoppable(StackReference.Blue);
 * if (!check.stoppable) console.log(`leaving the database running: ${check.reason}`);
 * ```
 */
export type StopCheck = { stoppable: true } | { stoppable: false; reason: string };

/** The page that lists the clusters Aurora cannot stop (quoted in every refusal). */
export const STOP_LIMITATIONS_DOC =
  'Aurora User Guide, "Stopping and starting an Amazon Aurora DB cluster" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html)';

/** How long AWS keeps a cluster stopped before starting it again by itself (the page above: seven days). */
export const AUTOMATIC_RESTART_DAYS = 7;

/**
 * Why AWS refuses to stop `cluster` whatever its status, or `undefined` when the kind of cluster can be stopped.
 * Only fields of one DescribeDBClusters entry are read. Parallel query enabled through the `aurora_parallel_query`
 * parameter (Aurora MySQL 2.09+/3) is not visible there: StopDBCluster's own refusal then names these kinds too.
 */
export function stopRefusal(cluster: DBCluster): string | undefined {
  const id = cluster.DBClusterIdentifier ?? 'the cluster';
  const mode = (cluster.EngineMode ?? 'provisioned').toLowerCase();
  const why = (kind: string) => `${id} ${kind}, and AWS does not stop such clusters (${STOP_LIMITATIONS_DOC}, "Limitations")`;
  if (cluster.GlobalClusterIdentifier) return why(`is a member of the Aurora global database ${cluster.GlobalClusterIdentifier}`);
  if (mode === 'global') return why('is an Aurora global database member (EngineMode global)');
  if (mode === 'serverless') return why('is an Aurora Serverless v1 cluster (EngineMode serverless)');
  if (mode === 'parallelquery') return why('uses Aurora parallel query (EngineMode parallelquery)');
  if (mode === 'multimaster') return why('is an Aurora multi-master cluster (EngineMode multimaster)');
  return undefined;
}

/** The hint for a StopDBCluster refusal of an `available` cluster whose kind looked stoppable. */
export const UNSUPPORTED_STOP_HINT =
  'RDS refused to stop an available cluster: it may use parallel query (the aurora_parallel_query parameter), be part of a global database or be Serverless v1, which Aurora cannot stop';

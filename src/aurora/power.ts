// startDatabase / stopDatabase (internal: not exported from the subpath).
import { type RDSClient, StartDBClusterCommand, StopDBClusterCommand } from '@aws-sdk/client-rds';
import { InvalidStateError, isAwsError, type ResolvedWaitOptions, type StackReference } from '../core/index.js';
import { requireCluster, type Status, waitForStatus } from './cluster-ops.js';
import { startDecision, stateHint, stopDecision } from './cluster-status.js';
import { AUTOMATIC_RESTART_DAYS, STOP_LIMITATIONS_DOC, stopRefusal, UNSUPPORTED_STOP_HINT } from './stop-check.js';
import type { ClusterPowerResult } from './types.js';

/** Starts or stops one cluster: idempotent, refusing up front what AWS would refuse. */
export async function power(
  rds: RDSClient,
  target: { stack: StackReference; clusterIdentifier: string },
  wait: ResolvedWaitOptions | undefined,
  action: 'start' | 'stop',
): Promise<ClusterPowerResult> {
  const { stack, clusterIdentifier: id } = target;
  const goal = action === 'start' ? 'available' : 'stopped';
  const decide = action === 'start' ? startDecision : stopDecision;
  const cluster = await requireCluster(rds, id, stack);
  if (action === 'stop') {
    const refusal = stopRefusal(cluster);
    if (refusal !== undefined) {
      throw new InvalidStateError(`Cannot stop cluster ${refusal}. Nothing was changed; leave it running or scale its readers in.`, {
        state: 'stop-unsupported',
      });
    }
  }
  const before = cluster.Status as Status;
  let decision = decide(before);
  if (decision === 'invalid') {
    throw new InvalidStateError(`Cannot ${action} cluster ${id}: ${stateHint(before, action)}.`, { state: before });
  }
  if (decision !== 'already') {
    try {
      await rds.send(
        action === 'start' ? new StartDBClusterCommand({ DBClusterIdentifier: id }) : new StopDBClusterCommand({ DBClusterIdentifier: id }),
      );
    } catch (error) {
      if (!isAwsError(error, 'InvalidDBClusterStateFault', 'InvalidDBClusterState')) throw error;
      // The status moved between our read and the call: classify again.
      const now = (await requireCluster(rds, id, stack)).Status as Status;
      const again = decide(now);
      if (again !== 'already') {
        // Still in the state we act on: RDS refused this kind of cluster, not its status.
        const hint = action === 'stop' && again === 'stop' ? `${UNSUPPORTED_STOP_HINT} (${STOP_LIMITATIONS_DOC})` : stateHint(now, action);
        throw new InvalidStateError(`Cannot ${action} cluster ${id}: ${hint}.`, { state: now, cause: error });
      }
      decision = 'already';
    }
  }
  const result: ClusterPowerResult = {
    outcome: decision === 'already' ? 'already' : 'changed',
    message:
      decision === 'already'
        ? `cluster ${id} is already ${before}`
        : action === 'start'
          ? `starting cluster ${id}`
          : `stopping cluster ${id} (AWS starts it again by itself after ${AUTOMATIC_RESTART_DAYS} days)`,
    clusterIdentifier: id,
    previousStatus: before,
  };
  if (wait) result.finalStatus = await waitForStatus(rds, id, goal, wait);
  return result;
}

import type { AuroraClusterStatus } from './types.js';

/** Statuses in which the cluster is running but busy with something (billed, reachable or about to be). */
const RUNNING_BUSY: readonly AuroraClusterStatus[] = [
  'backing-up',
  'backtracking',
  'failing-over',
  'maintenance',
  'modifying',
  'promoting',
  'renaming',
  'resetting-master-credentials',
  'storage-optimization',
  'update-iam-db-auth',
  'upgrading',
];

/** Statuses from which the cluster will not come back to `available` by itself. */
export const BROKEN_STATUSES: readonly string[] = ['deleting', 'cloning-failed', 'migration-failed', 'inaccessible-encryption-credentials'];

/** What `startDatabase` does for a status. */
export type StartDecision = 'already' | 'start' | 'invalid';
/** What `stopDatabase` does for a status. */
export type StopDecision = 'already' | 'stop' | 'invalid';

/** `already` when the cluster is running or on its way there, `start` when StartDBCluster applies. */
export function startDecision(status: string): StartDecision {
  if (status === 'available' || status === 'starting' || status === 'creating' || status === 'migrating') return 'already';
  if ((RUNNING_BUSY as readonly string[]).includes(status)) return 'already';
  if (status === 'stopped' || status === 'inaccessible-encryption-credentials-recoverable') return 'start';
  return 'invalid';
}

/** `already` when the cluster is stopped or stopping, `stop` when it is available (the only state RDS stops). */
export function stopDecision(status: string): StopDecision {
  if (status === 'stopped' || status === 'stopping') return 'already';
  if (status === 'available') return 'stop';
  return 'invalid';
}

/** A hint for an InvalidStateError message. */
export function stateHint(status: string, action: 'start' | 'stop'): string {
  if (status === 'stopping') return 'it is stopping: wait until it is stopped, then start it';
  if (status === 'starting' || status === 'creating') return `it is ${status}: wait until it is available, then stop it`;
  if ((RUNNING_BUSY as readonly string[]).includes(status))
    return `it is ${status}: RDS only stops an available cluster, retry when it is available`;
  if (BROKEN_STATUSES.includes(status)) return `it is ${status} and cannot be ${action === 'start' ? 'started' : 'stopped'}`;
  return `status '${status}' does not allow it`;
}

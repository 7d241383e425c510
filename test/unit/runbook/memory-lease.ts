import type { StackReference } from '../../../src/index.js';
import { type FlipLease, LeaseHeldError, LeaseLostError, type LeaseRecord } from '../../../src/runbook/index.js';

/** A lease double with the FlipLease surface, over one shared in-memory record (the conditional rules are unit-tested on FlipLease itself). */
export function memoryLease(shared: { record?: LeaseRecord }, holder: string, calls: string[] = []): FlipLease {
  return {
    lockId: 'pair',
    tableName: 'locks',
    holder,
    async acquire(intent: { target: StackReference; phase: string }) {
      calls.push(`acquire ${holder}`);
      const r = shared.record;
      if (r?.held && r.holder !== holder)
        throw new LeaseHeldError(`held by ${r.holder}`, {
          lockId: 'pair',
          holder: r.holder ?? '',
          leaseId: r.leaseId ?? '',
          expiresAt: r.expiresAt ?? 0,
        });
      shared.record = { ...(r ?? { lockId: 'pair' }), held: true, holder, leaseId: holder, intent, expiresAt: Date.now() + 60_000 };
      return { ...shared.record };
    },
    async heartbeat(progress?: LeaseRecord['progress']) {
      calls.push(`heartbeat ${holder}`);
      if (shared.record?.holder !== holder || !shared.record.held)
        throw new LeaseLostError('lost', { lockId: 'pair', holder: shared.record?.holder ?? '' });
      if (progress) shared.record.progress = structuredClone(progress);
    },
    async release(final: { live?: StackReference; progress?: LeaseRecord['progress'] } = {}) {
      calls.push(`release ${holder}`);
      const r = shared.record as LeaseRecord;
      shared.record = {
        lockId: 'pair',
        held: false,
        lastHolder: holder,
        ...(r.live ? { live: r.live } : {}),
        ...(r.progress ? { progress: r.progress } : {}),
      };
      if (final.live) shared.record.live = final.live;
      if (final.progress) shared.record.progress = structuredClone(final.progress);
      return { outcome: 'changed', message: 'released' };
    },
    async read() {
      return shared.record ? structuredClone(shared.record) : undefined;
    },
    keepAlive() {
      return { stop() {}, signal: new AbortController().signal };
    },
  } as unknown as FlipLease;
}

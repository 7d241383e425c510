import type { HookStore } from './hook-store.js';
import { nullRecord } from './names.js';
import type { HookTransport, ReadyHook } from './transport.js';
import type { GroupRelease, ListQuery, ReleaseRequest } from './types.js';

/**
 * Reaches the hooks directly: the DynamoDB store and CodeDeploy, with the caller's credentials (no API needed).
 *
 * @remarks
 * IAM (the caller): see {@link HookStore} (`dynamodb:Query`, `dynamodb:UpdateItem` on the table,
 * `codedeploy:BatchGetDeployments`, `codedeploy:PutLifecycleEventHookExecutionStatus`).
 *
 * @example
 * ```ts
 * import { DirectHookTransport, ExternalHookClient, HookStore } from 'bluegreen-toolkit/external-hook';
 *
 * const client = new ExternalHookClient({ transport: new DirectHookTransport(new HookStore({ tableName: 'bluegreen-hooks' })) });
 * ```
 */
export class DirectHookTransport implements HookTransport {
  /** `dynamodb:<table>`. */
  readonly description: string;

  /** @param store - the hook store. */
  constructor(readonly store: HookStore) {
    this.description = `dynamodb:${store.tableName}`;
  }

  /** Lists through {@link HookStore.list}. */
  async list(query: ListQuery): Promise<Record<string, ReadyHook | undefined>> {
    const hooks = await this.store.list(query);
    const out = nullRecord<ReadyHook | undefined>();
    for (const [g, h] of Object.entries(hooks))
      out[g] = h ? { id: h.id, deploymentId: h.deploymentId, executionId: h.executionId } : undefined;
    return out;
  }

  /** Releases through {@link HookStore.release}. */
  release(request: ReleaseRequest): Promise<Record<string, GroupRelease>> {
    return this.store.release(request);
  }
}

import {
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  backoffDelay,
  InvalidStateError,
  isAwsError,
  type Logger,
  mapLimit,
  type ResolvedWaitOptions,
  sleep,
  waitFor,
} from '../core/index.js';
import type { EventSourceMappingInfo, ToggleResult } from './types.js';

/** Page size asked of ListEventSourceMappings (the API's own maximum is 10000; 100 is the default). */
export const LIST_PAGE_SIZE = 100;

/** Converts an SDK mapping into the reported shape. */
export function toInfo(m: EventSourceMappingConfiguration): EventSourceMappingInfo {
  const info: EventSourceMappingInfo = { uuid: m.UUID as string, state: m.State ?? 'Unknown' };
  if (m.EventSourceArn !== undefined) info.eventSourceArn = m.EventSourceArn;
  if (m.FunctionArn !== undefined) info.functionArn = m.FunctionArn;
  if (m.StateTransitionReason !== undefined) info.stateTransitionReason = m.StateTransitionReason;
  if (m.BatchSize !== undefined) info.batchSize = m.BatchSize;
  if (m.LastModified !== undefined) info.lastModified = m.LastModified;
  return info;
}

/**
 * Every mapping whose FunctionName filter matches one of `forms`, all pages each, de-duplicated by UUID in first-seen
 * order. A marker that comes back a second time ends that listing (a misbehaving endpoint must not loop forever).
 */
export async function listMappings(
  client: LambdaClient,
  forms: readonly string[],
  extra: { eventSourceArn?: string } = {},
  logger?: Logger,
): Promise<EventSourceMappingInfo[]> {
  // The forms are listed concurrently (each listing's pages stay sequential: each needs the previous marker), then
  // merged in form order, so the result is the same as listing them one after another.
  const listings = await Promise.all(
    forms.map(async (functionName) => {
      const found: EventSourceMappingConfiguration[] = [];
      const seen = new Set<string>();
      let marker: string | undefined;
      do {
        const page = await client.send(
          new ListEventSourceMappingsCommand({
            FunctionName: functionName,
            ...(extra.eventSourceArn ? { EventSourceArn: extra.eventSourceArn } : {}),
            MaxItems: LIST_PAGE_SIZE,
            ...(marker ? { Marker: marker } : {}),
          }),
        );
        found.push(...(page.EventSourceMappings ?? []));
        marker = page.NextMarker || undefined;
        if (marker !== undefined) {
          if (seen.has(marker)) {
            logger?.warn('ListEventSourceMappings returned a marker it had already returned; stopping this listing', { functionName });
            marker = undefined;
          } else seen.add(marker);
        }
      } while (marker !== undefined);
      return found;
    }),
  );
  const byUuid = new Map<string, EventSourceMappingInfo>();
  for (const mapping of listings.flat()) {
    if (mapping.UUID && !byUuid.has(mapping.UUID)) byUuid.set(mapping.UUID, toInfo(mapping));
  }
  return [...byUuid.values()];
}

/** Whether a mapping is in, or moving to, the target state. */
export function inOrMovingTo(state: string, enabled: boolean): boolean {
  return enabled ? state === 'Enabled' || state === 'Enabling' : state === 'Disabled' || state === 'Disabling';
}

/** Most attempts of an UpdateEventSourceMapping that keeps meeting ResourceInUseException. */
export const IN_USE_ATTEMPTS = 8;

/**
 * Sends UpdateEventSourceMapping({ Enabled }), retrying with capped exponential backoff (1 s → 20 s, jitter) while the
 * mapping is busy (ResourceInUseException: it is Creating/Updating/Enabling/Disabling). A mapping that vanished is an
 * InvalidStateError naming it.
 */
export async function setEnabled(client: LambdaClient, uuid: string, enabled: boolean, signal?: AbortSignal): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: enabled }));
      return result.State ?? (enabled ? 'Enabling' : 'Disabling');
    } catch (error) {
      if (isAwsError(error, 'ResourceInUseException') && attempt < IN_USE_ATTEMPTS) {
        await sleep(backoffDelay(attempt, { minDelay: 1, maxDelay: 20 }), signal, `mapping ${uuid} to be free`);
        continue;
      }
      if (isAwsError(error, 'ResourceNotFoundException')) {
        throw new InvalidStateError(`Event source mapping ${uuid} was deleted while it was being ${enabled ? 'enabled' : 'disabled'}.`, {
          state: 'Deleted',
          cause: error,
        });
      }
      throw error;
    }
  }
}

/** Polls GetEventSourceMapping until every mapping in `uuids` is in `target` (Enabled/Disabled). */
export async function waitForStates(
  client: LambdaClient,
  uuids: readonly string[],
  target: 'Enabled' | 'Disabled',
  wait: ResolvedWaitOptions,
  concurrency: number,
): Promise<void> {
  let pending = [...uuids];
  if (pending.length === 0) return;
  await waitFor(
    async () => {
      const states = await mapLimit(pending, concurrency, async (uuid) => {
        try {
          const m = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
          return m.State ?? 'Unknown';
        } catch (error) {
          if (isAwsError(error, 'ResourceNotFoundException')) return 'Deleted';
          throw error;
        }
      });
      const deleted = pending.filter((_, i) => states[i] === 'Deleted');
      if (deleted.length > 0) {
        throw new InvalidStateError(`Event source mapping(s) ${deleted.join(', ')} were deleted before they became ${target}.`, {
          state: 'Deleted',
        });
      }
      const observed = Object.fromEntries(pending.map((uuid, i) => [uuid, states[i]]));
      pending = pending.filter((_, i) => states[i] !== target);
      return pending.length === 0 ? { done: true, value: undefined } : { done: false, state: observed };
    },
    { ...wait, description: `${uuids.length} event source mapping(s) to be ${target}` },
  );
}

/**
 * Enables/disables every mapping listed for `forms`: mappings in (or moving to) the target state are left alone, the
 * others are updated with at most `concurrency` calls in flight; with `wait`, polls until every mapping not yet
 * reported in the target state gets there.
 */
export async function toggleMappings(
  client: LambdaClient,
  forms: readonly string[],
  enable: boolean,
  options: { concurrency: number; wait: ResolvedWaitOptions | undefined; logger: Logger; label: string },
): Promise<ToggleResult> {
  const { concurrency, wait, logger, label } = options;
  const mappings = (await listMappings(client, forms, {}, logger)).filter((m) => m.state !== 'Deleting');
  const todo = mappings.filter((m) => !inOrMovingTo(m.state, enable));
  const already = mappings.filter((m) => inOrMovingTo(m.state, enable)).map((m) => m.uuid);
  const states = await mapLimit(todo, concurrency, (m) => setEnabled(client, m.uuid, enable, wait?.abortSignal));
  const target = enable ? 'Enabled' : 'Disabled';
  if (wait) {
    // Poll only what is not there yet: updates whose response already reports the target state, and mappings
    // listed in the target state, need no further check.
    const pending = [
      ...todo.filter((_, i) => states[i] !== target),
      ...mappings.filter((m) => m.state !== target && inOrMovingTo(m.state, enable)),
    ];
    await waitForStates(
      client,
      pending.map((m) => m.uuid),
      target,
      wait,
      concurrency,
    );
  }
  const changed = todo.map((m) => m.uuid);
  const verb = enable ? 'enabled' : 'disabled';
  logger.info(`LambdaTools: ${verb} ${changed.length} mapping(s) of ${label}, ${already.length} already ${verb}`);
  return {
    outcome: changed.length > 0 ? 'changed' : 'already',
    message:
      mappings.length === 0
        ? `${label} has no event source mappings`
        : `${verb} ${changed.length} of ${mappings.length} event source mapping(s) of ${label}; ${already.length} already ${verb}`,
    changed,
    already,
  };
}

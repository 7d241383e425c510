import {
  type EventSourceMappingConfiguration,
  type LambdaClient,
  paginateListEventSourceMappings,
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
import { guardedPages } from '../core/pages.js';
import type { EventSourceMappingInfo, ToggleResult } from './types.js';

/** Page size asked of ListEventSourceMappings (the API's own maximum is 10000; 100 is the default). */
export const LIST_PAGE_SIZE = 100;

/** Converts an SDK mapping into the reported shape. */
export function toInfo(m: EventSourceMappingConfiguration): EventSourceMappingInfo {
  const info: EventSourceMappingInfo & Record<string, unknown> = {
    uuid: m.UUID as string,
    state: m.State ?? 'Unknown',
    eventSourceArn: m.EventSourceArn,
    functionArn: m.FunctionArn,
    stateTransitionReason: m.StateTransitionReason,
    lastProcessingResult: m.LastProcessingResult,
    batchSize: m.BatchSize,
    lastModified: m.LastModified,
  };
  // Fields AWS did not report are left out, not set to undefined.
  for (const key in info) if (info[key] === undefined) delete info[key];
  return info;
}

/**
 * Every mapping whose FunctionName filter matches one of `forms`, all pages each (the SDK's
 * `paginateListEventSourceMappings`, 100 per page), de-duplicated by UUID in first-seen order. A marker that comes
 * back a second time ends that listing (a misbehaving endpoint must not loop forever). `foundBy`, when given, records
 * the form each mapping was first listed under, so a later verification lists only those forms.
 */
export async function listMappings(
  client: LambdaClient,
  forms: readonly string[],
  extra: { eventSourceArn?: string } = {},
  logger?: Logger,
  foundBy?: Map<string, string>,
): Promise<EventSourceMappingInfo[]> {
  // The forms are listed concurrently (each form's pages stay sequential: each needs the previous marker), then merged
  // in form order, so the result is the same as listing them one after another.
  const listings = await Promise.all(
    forms.map(async (functionName) => {
      const found: EventSourceMappingConfiguration[] = [];
      const pages = paginateListEventSourceMappings(
        { client, pageSize: LIST_PAGE_SIZE, stopOnSameToken: true },
        // An undefined EventSourceArn is left out of the request by the SDK's serializer.
        { FunctionName: functionName, EventSourceArn: extra.eventSourceArn },
      );
      for await (const page of guardedPages(pages, `ListEventSourceMappings (${functionName})`, logger)) {
        found.push(...(page.EventSourceMappings ?? []));
      }
      return { functionName, found };
    }),
  );
  const byUuid = new Map<string, EventSourceMappingInfo>();
  for (const { functionName, found } of listings) {
    for (const mapping of found) {
      if (mapping.UUID && !byUuid.has(mapping.UUID)) {
        byUuid.set(mapping.UUID, toInfo(mapping));
        foundBy?.set(mapping.UUID, functionName);
      }
    }
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
        throw new InvalidStateError(`Event source mapping ${uuid} was deleted while being ${enabled ? 'enabled' : 'disabled'}.`, {
          state: 'Deleted',
          cause: error,
        });
      }
      throw error;
    }
  }
}

/** Reads the current state of the pending mappings: a map UUID → mapping (a UUID absent from it is gone). */
export type MappingReader = (uuids: readonly string[]) => Promise<Map<string, EventSourceMappingInfo>>;

/**
 * Polls until every mapping in `uuids` is in `target` (Enabled/Disabled). Fails fast, instead of polling until the
 * timeout: a mapping that was deleted, or that fell back to the opposite state (`Enabling → Disabled`, as Lambda does
 * when the function lacks permission on the source or the source is gone), is an InvalidStateError carrying AWS's
 * `StateTransitionReason` and `LastProcessingResult`.
 */
export async function waitForStates(
  read: MappingReader,
  uuids: readonly string[],
  target: 'Enabled' | 'Disabled',
  wait: ResolvedWaitOptions,
): Promise<void> {
  let pending = [...uuids];
  if (pending.length === 0) return;
  // The stable state a mapping falls back to when Lambda refuses the target state.
  const back = target === 'Enabled' ? 'Disabled' : 'Enabled';
  await waitFor(
    async () => {
      const current = await read(pending);
      const deleted = pending.filter((uuid) => !current.has(uuid));
      if (deleted.length > 0) {
        throw new InvalidStateError(`Event source mapping(s) ${deleted.join(', ')} were deleted before they became ${target}.`, {
          state: 'Deleted',
        });
      }
      const fellBack = pending.map((uuid) => current.get(uuid) as EventSourceMappingInfo).filter((m) => m.state === back);
      if (fellBack.length > 0) {
        throw new InvalidStateError(
          `Event source mapping(s) went back to ${back} instead of becoming ${target}: ` +
            fellBack
              .map(
                (m) =>
                  `${m.uuid} (${m.eventSourceArn ?? 'unknown source'}): StateTransitionReason '${m.stateTransitionReason ?? ''}', LastProcessingResult '${m.lastProcessingResult ?? ''}'`,
              )
              .join('; ') +
            ". Check the function's permissions on the source and that the source exists.",
          { state: Object.fromEntries(fellBack.map((m) => [m.uuid, m])) },
        );
      }
      const observed = Object.fromEntries(pending.map((uuid) => [uuid, current.get(uuid)?.state]));
      pending = pending.filter((uuid) => current.get(uuid)?.state !== target);
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
  options: { concurrency: number; wait: ResolvedWaitOptions | undefined; logger: Logger; label: string; only?: ReadonlySet<string> },
): Promise<ToggleResult> {
  const { concurrency, wait, logger, label, only } = options;
  const foundBy = new Map<string, string>();
  const mappings = (await listMappings(client, forms, {}, logger, foundBy)).filter(
    (m) => m.state !== 'Deleting' && (!only || only.has(m.uuid)),
  );
  const todo: EventSourceMappingInfo[] = [];
  const there: EventSourceMappingInfo[] = [];
  for (const m of mappings) (inOrMovingTo(m.state, enable) ? there : todo).push(m);
  const already = there.map((m) => m.uuid);
  const states = await mapLimit(todo, concurrency, (m) => setEnabled(client, m.uuid, enable, wait?.abortSignal));
  const target = enable ? 'Enabled' : 'Disabled';
  if (wait) {
    // Poll only what is not there yet: updates whose response already reports the target state, and mappings
    // listed in the target state, need no further check.
    const pending = [...todo.filter((_, i) => states[i] !== target), ...there.filter((m) => m.state !== target)];
    // Read back with the paged ListEventSourceMappings (100 per page), under the forms that found the pending mappings
    // only: ⌈N/100⌉ calls per form for N mappings, instead of one GetEventSourceMapping each.
    const verifyForms = [...new Set(pending.map((m) => foundBy.get(m.uuid) as string))];
    await waitForStates(
      async () => new Map((await listMappings(client, verifyForms, {}, logger)).map((m) => [m.uuid, m])),
      pending.map((m) => m.uuid),
      target,
      wait,
    );
  }
  const changed = todo.map((m) => m.uuid);
  const verb = enable ? 'enabled' : 'disabled';
  const message =
    mappings.length === 0
      ? `${label} has no event source mappings`
      : `${verb} ${changed.length} of ${mappings.length} event source mapping(s) of ${label}; ${already.length} already ${verb}`;
  logger.info(`LambdaTools: ${message}`);
  return { outcome: changed.length > 0 ? 'changed' : 'already', message, changed, already };
}

// createEventSourceMapping / deleteEventMapping: the mapping administration of `bluegreen-toolkit/lambda`, standalone
// so that a hook that only toggles mappings does not carry it.
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  ConfigError,
  GuardError,
  isAwsError,
  mapLimit,
  type ResolvedWaitOptions,
  requireObject,
  type StackReference,
  waitFor,
} from '../core/index.js';
import { parseSourceArn, parseUuid } from './config.js';
import type { LambdaTools } from './lambda-tools.js';
import { listMappings, type MappingReader, toInfo, waitForStates } from './mappings.js';
import type {
  CreateMappingParams,
  CreateMappingResult,
  DeleteMappingOptions,
  DeleteMappingResult,
  EventSourceMappingInfo,
} from './types.js';

/** One mapping by UUID (GetEventSourceMapping), or `undefined` when it does not exist. */
export async function getMapping(lambda: LambdaClient, uuid: string): Promise<EventSourceMappingInfo | undefined> {
  try {
    return toInfo(await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/** A reader that sends one GetEventSourceMapping per mapping (for a single new mapping). */
export function readOneByOne(client: LambdaClient, concurrency: number): MappingReader {
  return async (uuids) => {
    const read = await mapLimit(uuids, concurrency, async (uuid) => {
      try {
        return toInfo(await client.send(new GetEventSourceMappingCommand({ UUID: uuid })));
      } catch (error) {
        if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
        throw error;
      }
    });
    return new Map(read.filter((m): m is EventSourceMappingInfo => m !== undefined).map((m) => [m.uuid, m]));
  };
}

/** Waits until a mapping being deleted is gone. */
export async function waitGone(lambda: LambdaClient, uuid: string, wait: ResolvedWaitOptions): Promise<void> {
  await waitFor(
    async () => {
      const m = await getMapping(lambda, uuid);
      return m ? { done: false, state: m.state } : { done: true, value: undefined };
    },
    { ...wait, description: `mapping ${uuid} to be deleted` },
  );
}

/**
 * Creates an event source mapping from `sourceArn` to the stack's function — to its alias when one is configured
 * (`params.target: 'function'` for the unqualified function). Idempotent: when a mapping from the same source to
 * the function (in any of the forms {@link LambdaTools.listEventSourceMappings} finds) exists, nothing is created
 * and its UUID is returned with `outcome: 'already'`.
 *
 * @param lambda - the LambdaTools of the stack pair.
 * @param ref - the stack.
 * @param sourceArn - the SQS queue, Kinesis/DynamoDB stream, MSK or MQ ARN.
 * @param params - other CreateEventSourceMapping settings (`BatchSize`, `Enabled`, ...), `target`, and
 *   `wait` (default `false`: wait until the mapping is `Enabled`, or `Disabled` with `Enabled: false`).
 * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called).
 *
 * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:CreateEventSourceMapping`,
 * `lambda:GetEventSourceMapping` (wait), `lambda:GetFunctionConfiguration`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { createEventSourceMapping, LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * const { uuid } = await createEventSourceMapping(lambda, StackReference.Green, queueArn, { BatchSize: 10, Enabled: false });
 * ```
 */
export async function createEventSourceMapping(
  lambda: LambdaTools,
  ref: StackReference,
  sourceArn: string,
  params: CreateMappingParams = {},
): Promise<CreateMappingResult> {
  const ops = lambda.operations;
  const stack = ops.parseRef(ref);
  const source = parseSourceArn(sourceArn);
  const { target, wait: waitSetting, ...rest } = requireObject(params, 'params') as CreateMappingParams;
  if (target !== undefined && target !== 'alias' && target !== 'function') {
    throw new ConfigError(`params.target must be 'alias' or 'function', got ${JSON.stringify(target)}.`);
  }
  const fn = ops.fns.fn(stack);
  if (target === 'alias' && fn.alias === undefined) {
    throw new ConfigError(`params.target is 'alias' but functions.${stack}.alias is not configured.`);
  }
  const wait = ops.waitOptions(waitSetting, { maxWaitTime: 300, minDelay: 1, maxDelay: 10 });
  const existing = (await listMappings(lambda.lambda, await ops.fns.forms(stack), { eventSourceArn: source }, ops.logger)).find(
    (m) => m.eventSourceArn === source,
  );
  if (existing) {
    return {
      outcome: 'already',
      message: `${fn.name} already has mapping ${existing.uuid} from ${source}`,
      uuid: existing.uuid,
      state: existing.state,
    };
  }
  const arn = await ops.fns.arn(stack);
  const functionName = fn.alias !== undefined && target !== 'function' ? `${arn}:${fn.alias}` : arn;
  const created = await lambda.lambda.send(
    new CreateEventSourceMappingCommand({ ...rest, FunctionName: functionName, EventSourceArn: source }),
  );
  const uuid = created.UUID ?? (ops.dryRun ? 'dry-run' : '');
  let state = created.State ?? 'Creating';
  if (wait) {
    const targetState = rest.Enabled === false ? 'Disabled' : 'Enabled';
    await waitForStates(readOneByOne(lambda.lambda, 1), [uuid], targetState, wait);
    state = targetState;
  }
  ops.logger.info(`LambdaTools: created mapping ${uuid} from ${source} to ${functionName}`);
  return { outcome: 'changed', message: `created mapping ${uuid} from ${source} to ${functionName}`, uuid, state };
}

/**
 * Deletes an event source mapping. A mapping that does not exist (or is already being deleted) is `already`.
 * Deleting a mapping loses no records (they stay in the queue/stream), but stops their delivery: pass
 * `expectedStack` to refuse unless the mapping belongs to that stack's function.
 *
 * @param lambda - the LambdaTools of the stack pair.
 * @param uuid - the mapping's UUID.
 * @param options - `expectedStack` (guard) and `wait` (until it is gone; default `false`).
 * @throws {@link bluegreen-toolkit!GuardError} when `expectedStack` does not match (nothing is deleted); {@link bluegreen-toolkit!ConfigError} for a
 *   malformed UUID (nothing is called).
 *
 * @remarks IAM: `lambda:GetEventSourceMapping`, `lambda:DeleteEventSourceMapping`, `lambda:GetFunctionConfiguration` (the
 * `expectedStack` guard, for a function configured by name).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { deleteEventMapping, LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * await deleteEventMapping(lambda, '14e0db71-5d35-4eb5-b481-8945cf9d10c2', { expectedStack: StackReference.Blue });
 * ```
 */
export async function deleteEventMapping(
  lambda: LambdaTools,
  uuid: string,
  options: DeleteMappingOptions = {},
): Promise<DeleteMappingResult> {
  const ops = lambda.operations;
  const id = parseUuid(uuid);
  const opts = requireObject(options, 'options') as DeleteMappingOptions;
  const expected = opts.expectedStack === undefined ? undefined : ops.parseRef(opts.expectedStack);
  const wait = ops.waitOptions(opts.wait, { maxWaitTime: 300, minDelay: 1, maxDelay: 10 });
  const current = await getMapping(lambda.lambda, id);
  if (!current || current.state === 'Deleting') {
    if (current && wait) await waitGone(lambda.lambda, id, wait);
    return { outcome: 'already', message: `mapping ${id} is already ${current ? 'being deleted' : 'gone'}`, uuid: id };
  }
  if (expected !== undefined) {
    const base = await ops.fns.arn(expected);
    if (current.functionArn !== base && !current.functionArn?.startsWith(`${base}:`)) {
      throw new GuardError(
        `Refusing to delete mapping ${id}: it invokes ${current.functionArn ?? 'an unknown function'}, not the ${expected} function ${base}.`,
      );
    }
  }
  try {
    await lambda.lambda.send(new DeleteEventSourceMappingCommand({ UUID: id }));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return { outcome: 'already', message: `mapping ${id} is already gone`, uuid: id };
    throw error;
  }
  if (wait) await waitGone(lambda.lambda, id, wait);
  ops.logger.info(`LambdaTools: deleted mapping ${id}`);
  return { outcome: 'changed', message: `deleted mapping ${id} (${current.eventSourceArn ?? 'unknown source'})`, uuid: id };
}

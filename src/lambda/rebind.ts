import { type EventSourceMappingConfiguration, GetEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { ConfigError, type StackReference, type StepResult } from '../core/index.js';
import type { LambdaTools } from './lambda-tools.js';
import { createEventSourceMapping, deleteEventMapping } from './mapping-admin.js';
import type { CreateMappingParams } from './types.js';

/**
 * What {@link rebindStreamMappings} did: for each mapping on a replaced stream, the old and the new UUID.
 *
 * @example
 * ```ts
 * import type { RebindResult } from 'bluegreen-toolkit/lambda';
 *
 * const show = (r: RebindResult) => r.rebound.map((m) => `${m.oldUuid} → ${m.newUuid}`).join(', ');
 * ```
 */
export interface RebindResult extends StepResult {
  /** One entry per mapping moved to the new stream. */
  rebound: { oldUuid: string; newUuid: string; oldSourceArn: string }[];
}

/** The settings of an existing mapping that CreateEventSourceMapping takes again (its source is replaced). */
function copySettings(m: EventSourceMappingConfiguration): CreateMappingParams {
  const params: CreateMappingParams = {
    Enabled: m.State === 'Enabled' || m.State === 'Enabling',
    // The new stream starts empty: read it from its beginning (LATEST could skip the first records).
    StartingPosition: 'TRIM_HORIZON',
    // arn:aws:lambda:<region>:<account>:function:<name>[:<alias>] — a qualified mapping stays on the alias.
    target: (m.FunctionArn ?? '').split(':').length > 7 ? 'alias' : 'function',
  };
  const keys = [
    'BatchSize',
    'MaximumBatchingWindowInSeconds',
    'ParallelizationFactor',
    'DestinationConfig',
    'MaximumRecordAgeInSeconds',
    'BisectBatchOnFunctionError',
    'MaximumRetryAttempts',
    'TumblingWindowInSeconds',
    'FunctionResponseTypes',
    'FilterCriteria',
    'MetricsConfig',
  ] as const;
  for (const key of keys) if (m[key] !== undefined) (params as Record<string, unknown>)[key] = m[key];
  return params;
}

/**
 * Moves the stack function's event source mappings from a replaced stream (for example a DynamoDB table that was
 * deleted and recreated: the new table has a new `LatestStreamArn`) to the new stream: each mapping whose source
 * starts with `oldSourcePrefix` but is not `newSourceArn` is recreated on `newSourceArn` with the same settings
 * (batching, retries, destinations, filters, enabled state; `StartingPosition` `TRIM_HORIZON`), then deleted.
 * `UpdateEventSourceMapping` cannot change a mapping's source, so recreate-then-delete is the only way
 * (AWS Lambda API Reference, UpdateEventSourceMapping: the request has no `EventSourceArn`). Idempotent: a mapping
 * already on the new stream is not created again.
 *
 * @param lambda - the LambdaTools of the stack pair.
 * @param ref - the stack whose function's mappings move.
 * @param oldSourcePrefix - the old source, for a table `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/`.
 * @param newSourceArn - the new stream's ARN.
 * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:GetEventSourceMapping`, `lambda:CreateEventSourceMapping`,
 *   `lambda:DeleteEventSourceMapping`, `lambda:GetFunctionConfiguration`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { resetTable } from 'bluegreen-toolkit/dynamodb';
 * import { LambdaTools, rebindStreamMappings } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * const reset = await resetTable(dynamo, StackReference.Green, { expectedTableName: 'sessions-green' }); // a new stream
 * const prefix = 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions-green/stream/';
 * if (reset.latestStreamArn) await rebindStreamMappings(lambda, StackReference.Green, prefix, reset.latestStreamArn);
 * ```
 */
export async function rebindStreamMappings(
  lambda: LambdaTools,
  ref: StackReference,
  oldSourcePrefix: string,
  newSourceArn: string,
): Promise<RebindResult> {
  if (typeof oldSourcePrefix !== 'string' || !oldSourcePrefix.startsWith('arn:'))
    throw new ConfigError(`rebindStreamMappings: oldSourcePrefix must be an ARN prefix, got ${JSON.stringify(oldSourcePrefix)}.`);
  if (typeof newSourceArn !== 'string' || !newSourceArn.startsWith(oldSourcePrefix.split('/stream/')[0] ?? 'arn:'))
    throw new ConfigError(
      `rebindStreamMappings: newSourceArn must be the new stream of the same source, got ${JSON.stringify(newSourceArn)}.`,
    );
  const stale = (await lambda.listEventSourceMappings(ref)).filter(
    (m) => m.eventSourceArn?.startsWith(oldSourcePrefix) && m.eventSourceArn !== newSourceArn && m.state !== 'Deleting',
  );
  const rebound: RebindResult['rebound'] = [];
  for (const m of stale) {
    const full = await lambda.lambda.send(new GetEventSourceMappingCommand({ UUID: m.uuid }));
    const created = await createEventSourceMapping(lambda, ref, newSourceArn, copySettings(full));
    await deleteEventMapping(lambda, m.uuid, { expectedStack: ref });
    rebound.push({ oldUuid: m.uuid, newUuid: created.uuid, oldSourceArn: m.eventSourceArn as string });
  }
  return rebound.length === 0
    ? { outcome: 'already', message: `no ${ref} mapping reads a replaced stream of ${oldSourcePrefix}`, rebound }
    : {
        outcome: 'changed',
        message: `rebound ${rebound.map((r) => `${r.oldUuid} → ${r.newUuid}`).join(', ')} to ${newSourceArn}`,
        rebound,
      };
}

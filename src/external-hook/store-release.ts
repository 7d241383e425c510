import { type CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { awsErrorName, BlueGreenError, isAccessDenied, isAwsError, type Logger } from '../core/index.js';
import { fromItem, type Item, keyOf, type StoredHook } from './store-items.js';
import type { GroupRelease, HookResult, HookStatus, ParkedHook } from './types.js';

/** What a release needs from the store. */
export interface ReleaseTarget {
  dynamodb: DynamoDBClient;
  codedeploy: CodeDeployClient;
  tableName: string;
  logger: Logger;
}

/** Seconds after which a `RELEASING` claim counts as abandoned (see STALE_CLAIM_SECONDS in hook-store.ts). */
const STALE_CLAIM_MS = 60_000;

/**
 * Releases one group's current hook (already restricted to an InProgress deployment by the caller): claim the item
 * PARKED → RELEASING with a conditional update, report to CodeDeploy once, record the outcome. A hook released before
 * answers `ALREADY_RELEASED` when it carries the asked result and `CONFLICT` when it carries the other one (or none
 * that is known): the caller did not get what it asked for.
 */
export async function releaseHook(
  target: ReleaseTarget,
  group: string,
  hook: ParkedHook | undefined,
  result: HookResult,
): Promise<GroupRelease> {
  if (!hook) {
    return {
      status: 'NOT_FOUND',
      result,
      message: `no hook of an InProgress deployment is parked for deployment group '${group}' (hooks of earlier deployments are never released)`,
    };
  }
  const base = { result, deploymentId: hook.deploymentId, executionId: hook.executionId };
  const stored = hook as StoredHook;
  // A claim older than the stale limit belongs to a releaser that died between claiming and reporting: take it over.
  // CodeDeploy itself rejects a second status (LifecycleEventAlreadyCompletedException), so at most one lands.
  const stale =
    hook.status === 'RELEASING' && stored.releaseToken !== undefined && Date.parse(stored.releasedAt ?? '') < Date.now() - STALE_CLAIM_MS;
  if (hook.status !== 'PARKED' && !stale) return released(base, hook.id, hook.result);
  const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const values: Item = {
    ':releasing': { S: 'RELEASING' },
    ':result': { S: result },
    ':token': { S: token },
    ':now': { S: new Date().toISOString() },
  };
  if (stale) values[':old'] = { S: stored.releaseToken as string };
  else values[':parked'] = { S: 'PARKED' };
  try {
    await target.dynamodb.send(
      new UpdateItemCommand({
        TableName: target.tableName,
        Key: keyOf(hook),
        UpdateExpression: 'SET #status = :releasing, #result = :result, #token = :token, #releasedAt = :now',
        ConditionExpression: stale ? '#status = :releasing AND #token = :old' : '#status = :parked',
        ExpressionAttributeNames: { '#status': 'status', '#result': 'result', '#token': 'releaseToken', '#releasedAt': 'releasedAt' },
        ExpressionAttributeValues: values,
        // The item as it is when the condition fails: whoever won the race, and with which result ("UpdateItem",
        // Amazon DynamoDB API Reference: ReturnValuesOnConditionCheckFailure ALL_OLD).
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (isAwsError(error, 'ConditionalCheckFailedException')) {
      const now = fromItem((error as { Item?: Item }).Item ?? {});
      return released(base, hook.id, now?.result, 'by another caller');
    }
    return { ...base, status: 'ERROR', message: storeError(error, 'dynamodb:UpdateItem', target.tableName).message };
  }
  try {
    await target.codedeploy.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: hook.deploymentId,
        lifecycleEventHookExecutionId: hook.executionId,
        status: result === 'SUCCESS' ? 'Succeeded' : 'Failed',
      }),
    );
  } catch (error) {
    if (isAwsError(error, 'LifecycleEventAlreadyCompletedException')) {
      // CodeDeploy has a status for this execution that did not come from this release (the hook deadline passed, or
      // another reporter): which one is not known, so the asked result was not delivered.
      await finish(target, hook, token, 'RELEASED', true);
      return {
        ...base,
        status: 'CONFLICT',
        message: `CodeDeploy already had a status for hook ${hook.id} (deadline passed or reported elsewhere); ${result} was not delivered`,
      };
    }
    await finish(target, hook, token, 'PARKED');
    const message = isAccessDenied(error)
      ? `codedeploy:PutLifecycleEventHookExecutionStatus was denied for deployment ${hook.deploymentId}: grant it to the caller`
      : `CodeDeploy refused the status for hook ${hook.id}: ${awsErrorName(error) ?? 'Error'}: ${(error as Error)?.message}`;
    target.logger.error('external-hook: release failed', { id: hook.id, error: message });
    return { ...base, status: 'ERROR', message };
  }
  await finish(target, hook, token, 'RELEASED');
  target.logger.info('external-hook: hook released', { id: hook.id, result });
  return { ...base, status: 'RELEASED', actualResult: result, message: `released hook ${hook.id} with ${result}` };
}

function released(
  base: { result: HookResult; deploymentId: string; executionId: string },
  id: string,
  actual: HookResult | undefined,
  by = 'before',
): GroupRelease {
  if (actual === base.result) {
    return { ...base, status: 'ALREADY_RELEASED', actualResult: actual, message: `hook ${id} was already released ${by} (${actual})` };
  }
  return {
    ...base,
    status: 'CONFLICT',
    ...(actual ? { actualResult: actual } : {}),
    message: `hook ${id} was already released ${by} with ${actual ?? 'an unknown result'}; ${base.result} was not delivered`,
  };
}

/** Moves a RELEASING item (still holding our token) to its final status; best effort, logged on failure. */
async function finish(target: ReleaseTarget, hook: ParkedHook, token: string, status: HookStatus, forgetResult = false): Promise<void> {
  const back = status === 'PARKED';
  const remove = back ? ' REMOVE #result, #token, #releasedAt' : forgetResult ? ' REMOVE #result' : '';
  const names: Record<string, string> = { '#status': 'status', '#token': 'releaseToken' };
  if (back || forgetResult) names['#result'] = 'result';
  if (back) names['#releasedAt'] = 'releasedAt';
  try {
    await target.dynamodb.send(
      new UpdateItemCommand({
        TableName: target.tableName,
        Key: keyOf(hook),
        UpdateExpression: `SET #status = :status${remove}`,
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':status': { S: status }, ':token': { S: token } },
      }),
    );
  } catch (error) {
    target.logger.warn('external-hook: could not record the release outcome', { id: hook.id, status, error: String(error) });
  }
}

/** A store error that names the missing permission or the missing table. */
export function storeError(error: unknown, action: string, table: string): BlueGreenError {
  if (isAccessDenied(error)) return new BlueGreenError(`${action} was denied on table ${table}: grant it to the caller`, { cause: error });
  if (isAwsError(error, 'ResourceNotFoundException')) {
    return new BlueGreenError(`The hook table ${table} does not exist: deploy infra/template.yaml or fix tableName`, { cause: error });
  }
  return new BlueGreenError(`${action} on table ${table} failed: ${awsErrorName(error) ?? 'Error'}: ${(error as Error)?.message}`, {
    cause: error,
  });
}

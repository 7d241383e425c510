import { GetEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { isAwsError, type ResolvedWaitOptions, waitFor } from '../core/index.js';
import { toInfo } from './mappings.js';
import type { EventSourceMappingInfo } from './types.js';

/** One mapping by UUID (GetEventSourceMapping), or `undefined` when it does not exist. */
export async function getMapping(lambda: LambdaClient, uuid: string): Promise<EventSourceMappingInfo | undefined> {
  try {
    return toInfo(await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid })));
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
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

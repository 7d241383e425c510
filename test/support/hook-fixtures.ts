/** Fixtures for external-hook tests: the hook table on the emulator, and deployments on the CodeDeploy double. */
import { type CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { CreateTableCommand, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { HOOK_PARTITION_KEY, HOOK_SORT_KEY, HOOK_TTL_ATTRIBUTE } from '../../src/external-hook/index.js';
import type { CodeDeployDouble } from './codedeploy-double.js';
import { appSpec } from './codedeploy-fixtures.js';

/** Creates the hook table exactly as infra/template.yaml declares it (keys, on-demand, TTL on expiresAt). */
export async function createHookTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: HOOK_PARTITION_KEY, AttributeType: 'S' },
        { AttributeName: HOOK_SORT_KEY, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: HOOK_PARTITION_KEY, KeyType: 'HASH' },
        { AttributeName: HOOK_SORT_KEY, KeyType: 'RANGE' },
      ],
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: HOOK_TTL_ATTRIBUTE } }),
  );
}

/** Polls until `predicate` holds (for waiting on the double's asynchronous hook invocations). */
export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts a Lambda-platform deployment whose BeforeAllowTraffic hook is `functionName` (already registered on the
 * double) and resolves once the hook function has been invoked, with the ids it was invoked with.
 */
export async function startHookedDeployment(
  cd: CodeDeployDouble,
  client: CodeDeployClient,
  app: string,
  group: string,
  functionName: string,
  lifecycleEvent = 'BeforeAllowTraffic',
): Promise<{ deploymentId: string; executionId: string }> {
  const before = cd.invocations().length;
  const { deploymentId } = await client.send(
    new CreateDeploymentCommand({
      applicationName: app,
      deploymentGroupName: group,
      revision: appSpec({ [lifecycleEvent]: functionName }),
    }),
  );
  await until(
    () =>
      cd
        .invocations()
        .slice(before)
        .some((i) => i.event.DeploymentId === deploymentId),
    10_000,
    `hook of ${deploymentId}`,
  );
  const invocation = cd.invocations().find((i) => i.event.DeploymentId === deploymentId);
  return { deploymentId: deploymentId as string, executionId: invocation?.event.LifecycleEventHookExecutionId as string };
}

/**
 * moto gap: moto's DynamoDB evaluates a ConditionExpression and writes the item without a lock, so under concurrent
 * requests two conditional UpdateItems on the same item can both succeed (measured: 5 concurrent claims of one item,
 * 20 rounds, one round had 2 winners). Real DynamoDB applies conditional writes atomically per item. This middleware
 * sends the client's requests to moto one at a time — the callers still run concurrently and race on stale reads, but
 * each conditional write is evaluated atomically, as in DynamoDB.
 */
export function serializeRequests<C extends { middlewareStack: { add: (...args: never[]) => void } }>(client: C): C {
  let tail: Promise<unknown> = Promise.resolve();
  const middleware =
    (next: (args: unknown) => Promise<unknown>) =>
    (args: unknown): Promise<unknown> => {
      const run = tail.then(() => next(args));
      tail = run.catch(() => undefined);
      return run;
    };
  (client.middlewareStack.add as (m: unknown, o: unknown) => void)(middleware, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'serializeForMotoConditionalWrites',
  });
  return client;
}

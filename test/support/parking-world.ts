/**
 * The world of the external-hook end-to-end tests: the CodeDeploy double, the hook table on the emulator (moto), a
 * HookStore, the parking hook registered as a hook function on the double, the hook API behind the signed HTTP
 * adapter, and a Lambda application with one deployment group — plus the `bluegreen` CLI run in-process.
 */
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { main } from '../../src/cli/main.js';
import { createApiHandler, createParkingHook, HookStore } from '../../src/external-hook/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from './codedeploy-double.js';
import { createLambdaApp } from './codedeploy-fixtures.js';
import { type HookApiAdapter, startHookApiAdapter, TEST_API_CREDENTIALS } from './hook-api-adapter.js';
import { createHookTable, serializeRequests, startHookedDeployment, until } from './hook-fixtures.js';

export interface ParkingWorld {
  cd: CodeDeployDouble;
  codedeploy: CodeDeployClient;
  /** Serialized for moto's conditional writes (see serializeRequests). */
  dynamodb: DynamoDBClient;
  store: HookStore;
  adapter: HookApiAdapter;
  /** Destroys the clients, stops the adapter and the double. */
  stop(): Promise<void>;
}

export interface ParkingWorldOptions {
  /** The double's hook deadline. */
  hookTimeoutMs: number;
  /** The store's `hookTimeoutSeconds` (the TTL of a parked hook). */
  hookTimeoutSeconds: number;
  /** The table created on the emulator. */
  table: string;
  /** The table the store uses (default: `table`; another name tests a missing table). */
  storeTable?: string;
  /** The name the parking hook is registered under on the double. */
  parkingFunction: string;
  app: string;
  group: string;
  /** Auto rollback on DEPLOYMENT_FAILURE for the deployment group (default true). */
  rollback?: boolean;
}

/** Starts the world (the Lambda context counts down from 30 s, the Lambda timeout; the hook deadline is short in tests). */
export async function startParkingWorld(aws: { clientConfig(): DynamoDBClientConfig }, o: ParkingWorldOptions): Promise<ParkingWorld> {
  const cd = await startCodeDeployDouble({ hookTimeoutMs: o.hookTimeoutMs, lambdaTimeoutMs: 30_000 });
  const codedeploy = new CodeDeployClient(cd.clientConfig());
  const dynamodb = serializeRequests(new DynamoDBClient(aws.clientConfig()));
  let adapter: HookApiAdapter | undefined;
  const stop = async () => {
    codedeploy.destroy();
    dynamodb.destroy();
    await adapter?.stop();
    await cd.stop();
  };
  try {
    await createHookTable(dynamodb, o.table);
    const tableName = o.storeTable ?? o.table;
    const store = new HookStore({ tableName, clients: { dynamodb, codedeploy }, hookTimeoutSeconds: o.hookTimeoutSeconds });
    cd.registerFunction(o.parkingFunction, createParkingHook({ store }) as never);
    adapter = await startHookApiAdapter({ handler: createApiHandler({ store }) });
    await createLambdaApp(codedeploy, o.app, o.group, { rollback: o.rollback !== false });
    return { cd, codedeploy, dynamodb, store, adapter, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves once the hook function invoked for `deploymentId` has returned (the hook is parked, or failed closed). */
export const untilParked = (cd: CodeDeployDouble, deploymentId: string) =>
  until(() => cd.invocations().some((i) => i.event.DeploymentId === deploymentId && i.outcome === 'resolved'), 10_000, 'parking');

/** Starts a deployment whose BeforeAllowTraffic hook is `functionName` and resolves once that hook has returned. */
export async function startParkedDeployment(
  cd: CodeDeployDouble,
  codedeploy: CodeDeployClient,
  app: string,
  group: string,
  functionName: string,
) {
  const started = await startHookedDeployment(cd, codedeploy, app, group, functionName);
  await untilParked(cd, started.deploymentId);
  return started;
}

/** The CLI's environment: the credentials the hook API adapter accepts. */
export const CLI_ENV: Readonly<Record<string, string>> = Object.freeze({
  AWS_ACCESS_KEY_ID: TEST_API_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_API_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
});

/** Runs `bluegreen <args>` in-process with {@link CLI_ENV}; its exit code and what it wrote. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { ...CLI_ENV } });
  return { code, out: out.join(''), err: err.join('') };
}

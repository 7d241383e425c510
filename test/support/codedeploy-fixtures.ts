/** Helpers to set up CodeDeploy applications and deployments on the CodeDeploy test double through the real SDK. */
import {
  type CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  type CreateDeploymentGroupCommandInput,
  PutLifecycleEventHookExecutionStatusCommand,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import type { HookFunction } from './codedeploy-double.js';

/** An AppSpecContent revision for a Lambda alias `my-fn:live` with the given hooks (event name → function name). */
export function appSpec(hooks: Record<string, string>, functionName = 'my-fn'): RevisionLocation {
  const content = JSON.stringify({
    version: 0.0,
    Resources: [
      {
        target: {
          Type: 'AWS::Lambda::Function',
          Properties: { Name: functionName, Alias: 'live', CurrentVersion: '1', TargetVersion: '2' },
        },
      },
    ],
    Hooks: Object.entries(hooks).map(([event, fn]) => ({ [event]: fn })),
  });
  return { revisionType: 'AppSpecContent', appSpecContent: { content } };
}

/** Creates a Lambda application and a deployment group (auto rollback on DEPLOYMENT_FAILURE unless `rollback: false`). */
export async function createLambdaApp(
  client: CodeDeployClient,
  applicationName: string,
  deploymentGroupName: string,
  options: { rollback?: boolean } = {},
) {
  await createApp(client, 'Lambda', { applicationName, deploymentGroupName }, options);
}

/**
 * Creates an ECS application and a deployment group for one ECS service (auto rollback on DEPLOYMENT_FAILURE unless
 * `rollback: false`).
 */
export async function createEcsApp(
  client: CodeDeployClient,
  applicationName: string,
  deploymentGroupName: string,
  service: { clusterName: string; serviceName: string },
  options: { rollback?: boolean } = {},
) {
  await createApp(client, 'ECS', { applicationName, deploymentGroupName, ecsServices: [service] }, options);
}

async function createApp(
  client: CodeDeployClient,
  computePlatform: 'Lambda' | 'ECS',
  group: Pick<CreateDeploymentGroupCommandInput, 'applicationName' | 'deploymentGroupName' | 'ecsServices'>,
  options: { rollback?: boolean },
) {
  await client.send(new CreateApplicationCommand({ applicationName: group.applicationName, computePlatform }));
  await client.send(
    new CreateDeploymentGroupCommand({
      ...group,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: { enabled: options.rollback !== false, events: ['DEPLOYMENT_FAILURE'] },
    }),
  );
}

/** Creates a deployment with an {@link appSpec} revision naming `hooks` (event name → function name); its id. */
export async function createDeployment(
  client: CodeDeployClient,
  applicationName: string,
  deploymentGroupName: string,
  hooks: Record<string, string>,
): Promise<string> {
  const { deploymentId } = await client.send(
    new CreateDeploymentCommand({ applicationName, deploymentGroupName, revision: appSpec(hooks) }),
  );
  return deploymentId as string;
}

/** A hook function that reports `status` for the execution it is invoked with, through `client`. */
export function reportingHook(client: CodeDeployClient, status: 'Succeeded' | 'Failed'): HookFunction {
  return async (event) => {
    await client.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: event.DeploymentId,
        lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
        status,
      }),
    );
  };
}

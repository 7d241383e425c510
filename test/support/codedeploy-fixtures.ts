/** Helpers to set up CodeDeploy applications and deployments on the CodeDeploy test double through the real SDK. */
import {
  type CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';

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
  await client.send(new CreateApplicationCommand({ applicationName, computePlatform: 'Lambda' }));
  await client.send(
    new CreateDeploymentGroupCommand({
      applicationName,
      deploymentGroupName,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      autoRollbackConfiguration: { enabled: options.rollback !== false, events: ['DEPLOYMENT_FAILURE'] },
    }),
  );
}

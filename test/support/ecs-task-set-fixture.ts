/**
 * An ECS service with the EXTERNAL deployment controller behind an ALB, in the emulator: VPC + subnets + security
 * group (EC2 query API over HTTP; no EC2 SDK client is installed), cluster, two task definition revisions, the
 * service with one primary task set ("blue", on an unmanaged target group), a production rule forwarding to it, a
 * closed test rule, and an Application Auto Scaling target for the service.
 *
 * moto 5.2.5 crashes when it starts tasks for an `awsvpc` task definition (NetworkInterface has no private_dns_name),
 * so the task definitions use `bridge` networking; the task sets still get a network configuration, which moto stores.
 */
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServicePrimaryTaskSetCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { emulator, emulatorClientConfig } from './emulator.js';

export interface EcsTaskSetFixture {
  vpcId: string;
  subnets: string[];
  securityGroup: string;
  cluster: string;
  service: string;
  productionRuleArn: string;
  testRuleArn: string;
  blueTaskSetArn: string;
  blueTargetGroupArn: string;
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  applicationAutoScaling: ApplicationAutoScalingClient;
}

async function ec2(params: Record<string, string>): Promise<string> {
  const response = await fetch(`${emulator().endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`EC2 ${params.Action} failed: ${text}`);
  return text;
}

function xml(text: string, tag: string): string {
  const match = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(text);
  if (!match?.[1]) throw new Error(`no <${tag}> in ${text.slice(0, 300)}`);
  return match[1];
}

/** Builds the whole setup; `name` keeps resources of different suites apart. */
export async function createEcsTaskSetFixture(name = 'web'): Promise<EcsTaskSetFixture> {
  const config = emulatorClientConfig();
  const ecs = new ECSClient(config);
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const applicationAutoScaling = new ApplicationAutoScalingClient(config);

  const vpcId = xml(await ec2({ Action: 'CreateVpc', CidrBlock: '10.0.0.0/16' }), 'vpcId');
  const subnets = [
    xml(await ec2({ Action: 'CreateSubnet', VpcId: vpcId, CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }), 'subnetId'),
    xml(await ec2({ Action: 'CreateSubnet', VpcId: vpcId, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1b' }), 'subnetId'),
  ];
  const securityGroup = xml(await ec2({ Action: 'CreateSecurityGroup', VpcId: vpcId, GroupName: name, GroupDescription: name }), 'groupId');

  const cluster = `${name}-cluster`;
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  for (const image of ['nginx:1.26', 'nginx:1.27']) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: name,
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'app', image, memory: 128, portMappings: [{ containerPort: 8080 }] }],
      }),
    );
  }
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, desiredCount: 2, deploymentController: { type: 'EXTERNAL' } }));

  const lb = await elbv2.send(new CreateLoadBalancerCommand({ Name: `${name}-alb`, Subnets: subnets, SecurityGroups: [securityGroup] }));
  const lbArn = lb.LoadBalancers?.[0]?.LoadBalancerArn as string;
  const blueTg = await elbv2.send(
    new CreateTargetGroupCommand({ Name: `${name}-blue`, Protocol: 'HTTP', Port: 8080, VpcId: vpcId, TargetType: 'ip' }),
  );
  const blueTargetGroupArn = blueTg.TargetGroups?.[0]?.TargetGroupArn as string;
  const closed = { Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' as const } };
  const prodListener = await elbv2.send(
    new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [closed] }),
  );
  const testListener = await elbv2.send(
    new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [closed] }),
  );
  const prodRule = await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: prodListener.Listeners?.[0]?.ListenerArn,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/*'] }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueTargetGroupArn, Weight: 100 }] } }],
    }),
  );
  const testRule = await elbv2.send(
    new CreateRuleCommand({
      ListenerArn: testListener.Listeners?.[0]?.ListenerArn,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/*'] }],
      Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'closed' } }],
    }),
  );

  const blue = await ecs.send(
    new CreateTaskSetCommand({
      cluster,
      service: name,
      taskDefinition: `${name}:1`,
      externalId: 'initial',
      launchType: 'FARGATE',
      scale: { value: 100, unit: 'PERCENT' },
      loadBalancers: [{ targetGroupArn: blueTargetGroupArn, containerName: 'app', containerPort: 8080 }],
    }),
  );
  const blueTaskSetArn = blue.taskSet?.taskSetArn as string;
  await ecs.send(new UpdateServicePrimaryTaskSetCommand({ cluster, service: name, primaryTaskSet: blueTaskSetArn }));
  await applicationAutoScaling.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: 'ecs',
      ResourceId: `service/${cluster}/${name}`,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 2,
      MaxCapacity: 6,
      SuspendedState: { DynamicScalingInSuspended: false, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false },
    }),
  );
  return {
    vpcId,
    subnets,
    securityGroup,
    cluster,
    service: name,
    productionRuleArn: prodRule.Rules?.[0]?.RuleArn as string,
    testRuleArn: testRule.Rules?.[0]?.RuleArn as string,
    blueTaskSetArn,
    blueTargetGroupArn,
    ecs,
    elbv2,
    applicationAutoScaling,
  };
}

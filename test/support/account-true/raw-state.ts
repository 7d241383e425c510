/**
 * The raw state of a flip's resources, read straight from moto (bypassing the world's models), one entry per
 * resource under the name the flip gives it in `RunbookError.leftToFix[].resources` (`lambda mapping <uuid>`,
 * `sns subscription <arn>`, `events rule default/<name>`, `cloudwatch alarm <name>`, `ecs service <cluster>/<name>`,
 * `rds cluster <id>`, `application-autoscaling <resourceId>`, `kinesis consumer <name>`, `dynamodb table <name>`).
 * Call `world.settle()` first. What is compared is what a flip switches: a mapping's State, a subscription's filter
 * policy and scope, a rule's State, an alarm's ActionsEnabled, a service's desiredCount (moto never runs tasks), a
 * cluster's Status, a reader range, a consumer's presence, a table's definition (a reset recreates the idle table
 * with the live one's definition: by design not undoable, compared by definition, not identity).
 */
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeRuleCommand, EventBridgeClient, ListRuleNamesByTargetCommand } from '@aws-sdk/client-eventbridge';
import { KinesisClient, ListStreamConsumersCommand } from '@aws-sdk/client-kinesis';
import { GetFunctionCommand, LambdaClient, paginateListEventSourceMappings } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import type { StackConfig } from '../../../src/runbook/index.js';

type Section<T> = { blue: T; green: T };

/** Every resource of the pair the flip switches, by its leftToFix name, with the state compared. */
export async function rawResources(config: StackConfig, moto: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const refs = ['blue', 'green'] as const;
  const lambda = new LambdaClient(moto);
  // Only this pair's resources (other pairs may share the emulator).
  const fns = (config.lambda as { functions: Section<{ functionName: string }> }).functions;
  const arns: string[] = [];
  for (const ref of refs) {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: fns[ref].functionName }));
    arns.push(fn.Configuration?.FunctionArn as string);
  }
  for await (const page of paginateListEventSourceMappings({ client: lambda }, {}))
    for (const m of page.EventSourceMappings ?? [])
      if (arns.some((arn) => m.FunctionArn?.startsWith(arn))) out[`lambda mapping ${m.UUID}`] = m.State;
  const sns = new SNSClient(moto);
  const subs = (config.sns as { subscriptions: Section<{ subscriptionArn: string }[]> }).subscriptions;
  for (const ref of refs)
    for (const { subscriptionArn } of subs[ref]) {
      const { Attributes = {} } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
      out[`sns subscription ${subscriptionArn}`] = {
        filterPolicy: Attributes.FilterPolicy ?? null,
        scope: Attributes.FilterPolicyScope ?? null,
      };
    }
  const events = new EventBridgeClient(moto);
  for (const arn of arns)
    for (const name of (await events.send(new ListRuleNamesByTargetCommand({ TargetArn: arn }))).RuleNames ?? [])
      out[`events rule default/${name}`] = (await events.send(new DescribeRuleCommand({ Name: name }))).State;
  const cloudwatch = new CloudWatchClient(moto);
  for (const ref of refs) {
    const prefix = (config.cloudwatch as { alarms: Section<{ prefix: string }> }).alarms[ref].prefix;
    for (const a of (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix }))).MetricAlarms ?? [])
      out[`cloudwatch alarm ${a.AlarmName}`] = a.ActionsEnabled;
  }
  const ecs = new ECSClient(moto);
  for (const ref of refs) {
    const { cluster, service } = (config.ecs as { services: Section<{ cluster: string; service: string }> }).services[ref];
    const s = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
    out[`ecs service ${cluster}/${service}`] = s?.desiredCount;
  }
  const rds = new RDSClient(moto);
  for (const ref of refs) {
    const id = (config.aurora as { clusters: Section<{ clusterIdentifier: string }> }).clusters[ref].clusterIdentifier;
    out[`rds cluster ${id}`] = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0]?.Status;
  }
  const aas = new ApplicationAutoScalingClient(moto);
  const clusters = refs.map(
    (ref) => `cluster:${(config.aurora as { clusters: Section<{ clusterIdentifier: string }> }).clusters[ref].clusterIdentifier}`,
  );
  const targets = await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'rds', ResourceIds: clusters }));
  for (const t of targets.ScalableTargets ?? [])
    out[`application-autoscaling ${t.ResourceId}`] = { min: t.MinCapacity, max: t.MaxCapacity };
  const kinesis = new KinesisClient(moto);
  const consumers = (config.kinesis as { consumers: Section<{ streamArn: string; consumerName: string }> }).consumers;
  const listed = (await kinesis.send(new ListStreamConsumersCommand({ StreamARN: consumers.blue.streamArn }))).Consumers ?? [];
  for (const ref of refs) {
    const name = consumers[ref].consumerName;
    out[`kinesis consumer ${name}`] = listed.find((c) => c.ConsumerName === name)?.ConsumerStatus ?? 'absent';
  }
  const dynamo = new DynamoDBClient(moto);
  for (const ref of refs) {
    const name = (config.dynamodb as { tables: Section<{ tableName: string }> }).tables[ref].tableName;
    const t = await dynamo.send(new DescribeTableCommand({ TableName: name })).then(
      (r) => r.Table,
      () => undefined,
    );
    out[`dynamodb table ${name}`] = t
      ? { keys: t.KeySchema, indexes: (t.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName), status: t.TableStatus }
      : 'absent';
  }
  for (const client of [lambda, sns, events, cloudwatch, ecs, rds, aas, kinesis, dynamo]) client.destroy();
  return out;
}

/** The resources whose state differs between two {@link rawResources} readings. */
export function differing(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n])).sort();
}

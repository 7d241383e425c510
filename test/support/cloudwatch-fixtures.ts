/**
 * CloudWatch alarm fixtures shared by the CloudWatch integration tests and the toggle benchmark: a metric alarm to
 * create, and the alarms' `ActionsEnabled` read back with the plain SDK (all pages, both alarm types).
 */
import { type CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';

/** The SNS topic the fixture alarms notify (never called: the emulator and the double do not run alarm actions). */
export const PAGER_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:pager';

/** PutMetricAlarm for a Lambda `Errors` ≥ 1 alarm named `name`, notifying {@link PAGER_TOPIC_ARN}. */
export function metricAlarm(name: string, actionsEnabled = true): PutMetricAlarmCommand {
  return new PutMetricAlarmCommand({
    AlarmName: name,
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [PAGER_TOPIC_ARN],
    ActionsEnabled: actionsEnabled,
  });
}

/**
 * `ActionsEnabled` of every alarm (optionally only those whose name starts with `prefix`), read back with the plain
 * SDK: metric and composite alarms, every page of 100.
 */
export async function alarmActionsEnabled(client: CloudWatchClient, prefix?: string): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: 100,
        NextToken: token,
        ...(prefix !== undefined ? { AlarmNamePrefix: prefix } : {}),
      }),
    );
    for (const a of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
      out[a.AlarmName as string] = a.ActionsEnabled as boolean;
    token = page.NextToken;
  } while (token);
  return out;
}

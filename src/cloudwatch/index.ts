/**
 * `bluegreen-toolkit/cloudwatch`: switch the actions of a stack's CloudWatch alarms (metric and composite), read
 * which of them are in ALARM, read a queue's `NumberOfMessagesSent` (the flip's drain evidence, {@link QueueMetrics}) and
 * a Lambda function's rollout metrics ({@link FunctionMetrics}).
 * Imports `@aws-sdk/client-cloudwatch` only.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
 *
 * const cloudwatch = new CloudWatchTools({
 *   alarms: { blue: { prefix: 'orders-blue-' }, green: { prefix: 'orders-green-' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const { inAlarm } = await cloudwatch.getAlarmStates(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/cloudwatch
 */
export { CloudWatchTools } from './cloudwatch-tools.js';
export { FunctionMetrics, type FunctionMetricsOptions } from './function-metrics.js';
export type { LambdaMetrics, MetricsOptions } from './lambda-metrics.js';
export { type MetricWindow, QueueMetrics, type QueueMetricsOptions, type QueueSentMetric } from './queue-metrics.js';
export type { AlarmActionsOptions, AlarmActionsResult, AlarmSelector, AlarmState, AlarmStates, CloudWatchToolsOptions } from './types.js';

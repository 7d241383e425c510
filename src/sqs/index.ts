/**
 * `bluegreen-toolkit/sqs`: purge, measure and drain the SQS queues of a blue/green pair. Imports only
 * `@aws-sdk/client-sqs` and the package core.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const sqs = new SqsTools({
 *   queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await sqs.getQueueDepth(StackReference.Blue);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/sqs
 */
export {
  type PurgedQueue,
  type PurgeQueuesOptions,
  type PurgeQueuesResult,
  type QueueConfig,
  type QueueDepth,
  type QueueDepthOptions,
  type QueueDepthReport,
  type QueueRole,
  SqsTools,
  type SqsToolsOptions,
  type WaitForDrainOptions,
} from './sqs-tools.js';

/**
 * `bluegreen-toolkit/sqs`: measure, drain and purge the SQS queues of a blue/green pair. The purge is the standalone
 * {@link purgeQueues}, so a hook importing only {@link SqsTools} does not carry it. Imports only `@aws-sdk/client-sqs`
 * and the package core.
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

export { purgeQueues } from './purge-queues.js';
export { SqsTools } from './sqs-tools.js';
export type {
  PurgedQueue,
  PurgeQueuesOptions,
  PurgeQueuesResult,
  QueueConfig,
  QueueDepth,
  QueueDepthOptions,
  QueueDepthReport,
  QueueRole,
  SqsToolsOptions,
  WaitForDrainOptions,
} from './sqs-types.js';

/**
 * `bluegreen-toolkit/kinesis`: register and deregister the Kinesis enhanced fan-out consumer of each stack. Imports
 * only `@aws-sdk/client-kinesis` and the package core.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { KinesisTools } from 'bluegreen-toolkit/kinesis';
 *
 * const kinesis = new KinesisTools({
 *   consumers: { blue: { streamName: 'orders', consumerName: 'orders-blue' }, green: { streamName: 'orders', consumerName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await kinesis.registerConsumer(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/kinesis
 */

export { KinesisTools } from './kinesis-tools.js';
export type { ConsumerConfig, ConsumerState, ConsumerStepOptions, ConsumerStepResult, KinesisToolsOptions } from './kinesis-types.js';

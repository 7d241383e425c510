import type { ConsumerStatus, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  type AwsClientConfig,
  type ClientSource,
  type CommonToolOptions,
  ConfigError,
  optionalString,
  type Pair,
  requireDisjointPair,
  requireObject,
  requireString,
  type StepResult,
  type WaitOptions,
  type WaitSetting,
} from '../core/index.js';

/**
 * One stack's enhanced fan-out consumer: the stream (by name or ARN) and the consumer's name.
 *
 * @example
 * ```ts
 * import type { ConsumerConfig } from 'bluegreen-toolkit/kinesis';
 *
 * const green: ConsumerConfig = { streamName: 'orders', consumerName: 'orders-green' };
 * ```
 */
export interface ConsumerConfig {
  /** The stream's name, resolved to its ARN with `DescribeStreamSummary`. Give this or `streamArn`. */
  streamName?: string;
  /** The stream's ARN. Give this or `streamName` (both: they must name the same stream). */
  streamArn?: string;
  /** The consumer's name, unique per stream. */
  consumerName: string;
}

/**
 * Options of {@link KinesisTools}: the blue/green pair of consumers plus a Kinesis client (`awsSdkV3Client`) or
 * settings to create one (`clientConfig`), never both.
 *
 * @example
 * ```ts
 * import { KinesisTools, type KinesisToolsOptions } from 'bluegreen-toolkit/kinesis';
 *
 * const options: KinesisToolsOptions = {
 *   consumers: { blue: { streamName: 'orders', consumerName: 'orders-blue' }, green: { streamName: 'orders', consumerName: 'orders-green' } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * const kinesis = new KinesisTools(options);
 * ```
 */
export type KinesisToolsOptions = CommonToolOptions &
  ClientSource<KinesisClient, AwsClientConfig> & {
    /** The consumer of each stack. */
    consumers: Pair<ConsumerConfig>;
  };

/**
 * A registered consumer, as `DescribeStreamConsumer` reports it.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { ConsumerState } from 'bluegreen-toolkit/kinesis';
 *
 * const state: ConsumerState | null = await kinesis.describeConsumer(StackReference.Green);
 * ```
 */
export interface ConsumerState {
  /** The consumer's name. */
  consumerName: string;
  /** The consumer's ARN (it includes the registration time, so a re-registered consumer has a new ARN). */
  consumerArn: string;
  /** `CREATING`, `ACTIVE` or `DELETING`. */
  status: ConsumerStatus;
  /** The stream's ARN. */
  streamArn: string;
  /** When the consumer was registered. */
  createdAt?: Date;
}

/**
 * The result of {@link KinesisTools.registerConsumer} and {@link KinesisTools.deregisterConsumer}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import type { ConsumerStepResult } from 'bluegreen-toolkit/kinesis';
 *
 * const result: ConsumerStepResult = await kinesis.registerConsumer(StackReference.Green);
 * console.log(result.consumer?.consumerArn);
 * ```
 */
export interface ConsumerStepResult extends StepResult {
  /** The consumer's name. */
  consumerName: string;
  /** The stream's ARN. */
  streamArn: string;
  /**
   * The consumer as last observed: after a waited registration `ACTIVE`, after a registration without wait usually
   * `CREATING`, after a deregistration `null` (gone) or the `DELETING` consumer when not waiting. `undefined` in
   * dry-run mode, where nothing is sent.
   */
  consumer: ConsumerState | null | undefined;
}

/**
 * Options of {@link KinesisTools.registerConsumer} and {@link KinesisTools.deregisterConsumer}.
 *
 * @example
 * ```ts
 * import type { ConsumerStepOptions } from 'bluegreen-toolkit/kinesis';
 *
 * const options: ConsumerStepOptions = { wait: { maxWaitTime: 120 } };
 * ```
 */
export interface ConsumerStepOptions {
  /**
   * Wait until the consumer is `ACTIVE` (register) or gone (deregister). Default `true`, up to 300 s, polling every
   * 2–10 s. `false` returns as soon as the request was accepted; waits that are a precondition (a consumer still being
   * deleted before it can be registered again, or still being created before it can be deregistered) always run,
   * with these options or the defaults.
   */
  wait?: WaitSetting;
}

export const CONSUMER_NAME = { maxLength: 128, pattern: /^[a-zA-Z0-9_.-]+$/, patternHint: "letters, digits, '_', '.' and '-'" };
// Stream names follow the same rule as consumer names, 1-128 of [a-zA-Z0-9_.-] (Kinesis API Reference:
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html ConsumerName,
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html StreamName).
export const STREAM_NAME = CONSUMER_NAME;
export const STREAM_ARN = {
  maxLength: 2048,
  pattern: /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]+$/,
  patternHint: 'a stream ARN such as arn:aws:kinesis:eu-west-1:123456789012:stream/orders',
};
export const DEFAULT_WAIT: WaitOptions = { maxWaitTime: 300, minDelay: 2, maxDelay: 10 };

export function parseConsumerConfig(value: unknown, path: string): ConsumerConfig {
  const input = requireObject(value, path, ['streamName', 'streamArn', 'consumerName']);
  const config: ConsumerConfig = { consumerName: requireString(input.consumerName, `${path}.consumerName`, CONSUMER_NAME) };
  const streamName = optionalString(input.streamName, `${path}.streamName`, STREAM_NAME);
  const streamArn = optionalString(input.streamArn, `${path}.streamArn`, STREAM_ARN);
  if (streamName === undefined && streamArn === undefined) {
    throw new ConfigError(`${path} needs streamName or streamArn: name the stream the consumer reads.`);
  }
  if (streamName !== undefined && streamArn !== undefined && !streamArn.endsWith(`:stream/${streamName}`)) {
    throw new ConfigError(
      `${path}.streamArn '${streamArn}' does not name the stream ${path}.streamName '${streamName}': give one of them.`,
    );
  }
  if (streamName !== undefined) config.streamName = streamName;
  if (streamArn !== undefined) config.streamArn = streamArn;
  return config;
}

/** The stream name a consumer config names (from `streamName`, or the `stream/<name>` part of `streamArn`). */
function streamNameOf(config: ConsumerConfig): string {
  return config.streamName ?? (config.streamArn as string).slice((config.streamArn as string).lastIndexOf(':stream/') + 8);
}

/**
 * Refuses the same consumer on the same stream on both sides: deregistering one stack's consumer would delete the
 * other's (a consumer name is unique per stream, Kinesis RegisterStreamConsumer). Two stream ARNs are compared whole;
 * a stream name is resolved in the client's account and region, so it is compared with the other side's stream name.
 */
export function requireDisjointConsumers(consumers: Pair<ConsumerConfig>): void {
  const { blue, green } = consumers;
  const byArn = blue.streamArn !== undefined && green.streamArn !== undefined;
  const sameStream = byArn ? blue.streamArn === green.streamArn : streamNameOf(blue) === streamNameOf(green);
  if (!sameStream) return;
  requireDisjointPair(
    { path: 'consumers.blue.consumerName', value: blue.consumerName },
    { path: 'consumers.green.consumerName', value: green.consumerName },
    { what: `consumer of stream '${streamNameOf(blue)}'`, hint: 'give each stack its own consumerName' },
  );
}

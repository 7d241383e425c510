/**
 * Structured fields attached to a log line.
 *
 * @example
 * ```ts
 * import type { LogAttributes, Logger } from 'bluegreen-toolkit';
 *
 * // One JSON object per line, the attributes merged in.
 * const line = (level: string) => (message: string, attributes: LogAttributes = {}) =>
 *   console.log(JSON.stringify({ level, message, ...attributes }));
 * const jsonLogger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
 * ```
 */
export type LogAttributes = Record<string, unknown>;

/**
 * The logging interface this package writes to: four methods taking a message and (at most one, from this package)
 * attributes object. It is declared with a rest parameter so that both a Powertools for AWS Lambda `Logger`
 * (`info(input, ...extraInput: LogItemExtraInput)`) and `console` type-check against it under `--strict`; the
 * default is {@link silentLogger}. Library code never writes to the console itself.
 *
 * @example
 * ```ts
 * import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const sqs = new SqsTools({ queues, logger: new PowertoolsLogger({ serviceName: 'deploy-hooks' }) });
 * const local = new SqsTools({ queues, logger: console }); // console fits as well
 * ```
 */
export interface Logger {
  debug(message: string, ...attributes: LogAttributes[]): void;
  info(message: string, ...attributes: LogAttributes[]): void;
  warn(message: string, ...attributes: LogAttributes[]): void;
  error(message: string, ...attributes: LogAttributes[]): void;
}

const noop = (): void => {};

/**
 * A {@link Logger} that drops everything (the default).
 *
 * @example
 * ```ts
 * import { silentLogger } from 'bluegreen-toolkit';
 *
 * silentLogger.info('never printed');
 * ```
 */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/**
 * `bluegreen-toolkit/flip`: the whole-stack flip for hook Lambdas, built from the tool instances you import
 * ({@link bluegreenFlipFromTools}). The same flip as `bluegreen-toolkit/runbook`, without its config-file path: this
 * subpath's module graph holds no `import()` of any service or SDK client, so a bundler keeps only the services you
 * import and only the SDK commands they use (a bundler that meets an `import()` of a module wraps that module and the
 * SDK clients it imports whole). The flip itself imports and constructs no SDK client: the drain's CloudWatch reader is
 * your `cloudwatch` tool or a `QueueMetrics` (`bluegreen-toolkit/cloudwatch`), the lease a `FlipLease` you pass. The
 * flip's types (`BlueGreenFlip`, `FlipOptions`, `RunbookReport`, `RunbookError`, …) are those of
 * `bluegreen-toolkit/runbook`: import them from there (a type-only import adds nothing to a bundle).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { QueueMetrics } from 'bluegreen-toolkit/cloudwatch';
 * import { bluegreenFlipFromTools } from 'bluegreen-toolkit/flip';
 * import { codeDeployHook } from 'bluegreen-toolkit/hooks';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * const flip = bluegreenFlipFromTools(
 *   { sqs: new SqsTools({ queues: { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } } }) },
 *   { queueMetrics: new QueueMetrics() },
 * );
 * export const handler = codeDeployHook(async () => {
 *   await flip.prepare(StackReference.Green);
 * });
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/flip
 */
export { bluegreenFlipFromTools, type FlipFromToolsOptions } from '../runbook/flip-from-tools.js';
export { FlipLease } from '../runbook/lease.js';
export * from '../runbook/lease-types.js';

/**
 * `bluegreen-toolkit/lambda`: the switches of a Lambda consumer — event source mappings, the EventBridge rules that
 * target it, its alias/version and its metrics — for a blue/green pair of functions. Imports
 * `@aws-sdk/client-lambda`, `@aws-sdk/client-eventbridge` and `@aws-sdk/client-cloudwatch` only.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await lambda.enableEventMappings(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/lambda
 */
export { LambdaTools } from './lambda-tools.js';
export { type RebindResult, rebindStreamMappings } from './rebind.js';
export type { RuleState } from './rules.js';
export type * from './types.js';

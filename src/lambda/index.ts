/**
 * `bluegreen-toolkit/lambda`: the switches of a Lambda consumer a hook needs — list, enable and disable its event
 * source mappings, read its alias/version — for a blue/green pair of functions. Imports `@aws-sdk/client-lambda` only.
 * Creating and deleting mappings, the EventBridge rules that target the function, its metrics and stream rebinding
 * (as the whole-stack flip and chores use them) are `LambdaStackTools` in `bluegreen-toolkit/lambda-stack`.
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
export type * from './types.js';

/**
 * `bluegreen-toolkit/lambda`: {@link LambdaTools}, the switches of a Lambda consumer a hook needs — list, enable and
 * disable its event source mappings — for a blue/green pair of functions, and the rarer operations as standalone
 * functions taking the tool ({@link getAlias}, {@link getVersion}, {@link createEventSourceMapping},
 * {@link deleteEventMapping}, {@link rebindStreamMappings}), which a hook that does not call them does not bundle.
 * Imports `@aws-sdk/client-lambda` only. The EventBridge rules that target the functions are
 * `EventBridgeTools` (`bluegreen-toolkit/eventbridge`), their metrics `FunctionMetrics` (`bluegreen-toolkit/cloudwatch`).
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
export { getAlias, getVersion } from './alias.js';
export { LambdaTools } from './lambda-tools.js';
export { createEventSourceMapping, deleteEventMapping } from './mapping-admin.js';
export { type RebindResult, rebindStreamMappings } from './rebind.js';
export type * from './types.js';

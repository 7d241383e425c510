/**
 * `bluegreen-toolkit/lambda-stack`: {@link LambdaStackTools}, the Lambda consumer's switches as the whole-stack flip uses
 * them — event source mappings and alias (as `LambdaTools`), plus creating/deleting mappings, the EventBridge rules
 * that target the function, its metrics and stream rebinding. Imports `@aws-sdk/client-lambda`, `@aws-sdk/client-eventbridge` and
 * `@aws-sdk/client-cloudwatch`. A hook that only needs mappings and the alias imports `LambdaTools` from
 * `bluegreen-toolkit/lambda` instead (Lambda client only).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
 *
 * const lambda = new LambdaStackTools({
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await lambda.enableRules(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/lambda-stack
 */
export { LambdaStackTools } from '../lambda/lambda-stack-tools.js';
export { type RebindResult, rebindStreamMappings } from '../lambda/rebind.js';
export type { RuleState } from '../lambda/rules.js';

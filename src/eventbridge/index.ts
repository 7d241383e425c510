/**
 * `bluegreen-toolkit/eventbridge`: {@link EventBridgeTools}, the EventBridge rules that target the blue and the green
 * Lambda function of a {@link bluegreen-toolkit/lambda!LambdaTools} — enable, disable and list them (shared rules,
 * foreign targets and managed rules refused or skipped before any change). Imports `@aws-sdk/client-eventbridge` only.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const eventBridge = new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } });
 * await eventBridge.enableRules(StackReference.Green);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit/eventbridge
 */
export { EventBridgeTools, type EventBridgeToolsOptions } from './eventbridge-tools.js';
export type { RuleState } from './rules.js';

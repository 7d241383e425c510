import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { BaseTool, type ClientSource, type CommonToolOptions, type Pair, pick, requireObject, StackReference } from '../core/index.js';
import { parseOnly } from '../core/only.js';
import { parseConcurrency, parseEventBuses, requireLambdaTools } from '../lambda/config.js';
import type { LambdaTools } from '../lambda/lambda-tools.js';
import type { ToggleOptions, ToggleResult } from '../lambda/types.js';
import { type RuleState, readRuleStates, ruleScope, toggleRules } from './rules.js';

/**
 * Options of {@link EventBridgeTools}: the {@link bluegreen-toolkit/lambda!LambdaTools} whose functions the rules target, the
 * EventBridge client (`awsSdkV3Client` **or** `clientConfig`), `concurrency` (default: the LambdaTools' own, 5),
 * `logger`, `dryRun`.
 *
 * @example
 * ```ts
 * import type { EventBridgeToolsOptions } from 'bluegreen-toolkit/eventbridge';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * const options: EventBridgeToolsOptions = { lambda, clientConfig: { region: 'eu-west-1' } };
 * ```
 */
export type EventBridgeToolsOptions = Omit<CommonToolOptions, 'rateLimit'> &
  ClientSource<EventBridgeClient> & {
    /**
     * The LambdaTools of the stack pair: its functions (ARNs, looked up once and shared; aliases; `eventBuses`) say
     * which rules are each stack's.
     */
    lambda: LambdaTools;
    /** Rules described and switched in parallel (default: the LambdaTools' `concurrency`, 5). */
    concurrency?: number;
  };

/**
 * The EventBridge rules that target the blue and the green Lambda function: enable, disable and list them. A rule is
 * a stack's when one of its targets is that stack's function or its alias; the buses searched are `default` and the
 * function's configured `eventBuses`. Uses the EventBridge client only; the functions (and their ARN lookups) are the
 * given {@link bluegreen-toolkit/lambda!LambdaTools}'.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: {
 *     blue: { functionName: 'orders-blue', alias: 'live', eventBuses: ['orders'] },
 *     green: { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] },
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const eventBridge = new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } });
 * await eventBridge.disableRules(StackReference.Blue);
 * await eventBridge.enableRules(StackReference.Green);
 * ```
 */
export class EventBridgeTools extends BaseTool {
  /** The EventBridge client. */
  readonly eventBridge: EventBridgeClient;
  readonly #lambda: LambdaTools;
  readonly #concurrency: number;
  readonly #buses: Pair<string[]>;

  /**
   * @param options - {@link EventBridgeToolsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} when `lambda` is not a LambdaTools or the options are malformed (nothing is called).
   */
  constructor(options: EventBridgeToolsOptions) {
    super(options, 'EventBridgeTools');
    const opts = requireObject(options, 'options');
    const lambda = requireLambdaTools(opts.lambda, 'the rules target');
    this.#lambda = lambda;
    // `functions.<side>.eventBuses` is configured on the LambdaTools (stack.json's lambda section) and read here.
    const fns = lambda.operations.fns;
    this.#buses = {
      blue: parseEventBuses(fns.fn(StackReference.Blue), 'functions.blue'),
      green: parseEventBuses(fns.fn(StackReference.Green), 'functions.green'),
    };
    this.#concurrency = parseConcurrency(opts.concurrency, 'concurrency', lambda.operations.concurrency);
    this.eventBridge = this.createClient(EventBridgeClient, options, options);
  }

  /**
   * Enables the EventBridge rules that target the stack's function or its alias, on the `default` bus and on every
   * configured `eventBuses` entry (ListRuleNamesByTarget, all pages). Rules already enabled are not touched.
   *
   * EnableRule switches a rule as a whole, so every rule's targets are read first (ListTargetsByRule, all pages): a
   * rule that also targets the other stack's function is a {@link bluegreen-toolkit!ConfigError} naming both paths,
   * and one that targets anything else (another consumer, a queue) an {@link bluegreen-toolkit!InvalidStateError};
   * either way nothing is changed. Managed rules (DescribeRule `ManagedBy`: created by an AWS service, which refuses
   * EnableRule/DisableRule with `ManagedRuleException`) are left alone and reported in `skipped`.
   *
   * @param ref - the stack.
   * @param options - `concurrency` (rules described/changed in parallel).
   * @returns `bus/rule` identifiers changed, already enabled, and `skipped` (managed rules).
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called), or a rule shared with the
   *   other stack; {@link bluegreen-toolkit!InvalidStateError} for a rule with a foreign target;
   *   {@link bluegreen-toolkit!ResourceNotFoundError} when a rule vanished between listing and enabling.
   *
   * @remarks IAM: `events:ListRuleNamesByTarget`, `events:DescribeRule`, `events:ListTargetsByRule`,
   * `events:EnableRule`, `lambda:GetFunctionConfiguration`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const eventBridge = new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } });
   * const { changed } = await eventBridge.enableRules(StackReference.Green); // ['default/orders-nightly', 'orders/order-placed']
   * ```
   */
  async enableRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<ToggleResult> {
    return this.#toggleRules(ref, options, true);
  }

  /**
   * Disables the EventBridge rules that target the stack's function or its alias; the mirror of
   * {@link EventBridgeTools.enableRules} (targets read first, shared or foreign-target rules refused before any change,
   * managed rules skipped). A rule deleted meanwhile counts as `already` disabled.
   *
   * @param ref - the stack.
   * @param options - `concurrency`.
   * @returns `bus/rule` identifiers changed, already disabled, and `skipped` (managed rules).
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called), or a rule shared with the
   *   other stack; {@link bluegreen-toolkit!InvalidStateError} for a rule with a foreign target.
   *
   * @remarks IAM: `events:ListRuleNamesByTarget`, `events:DescribeRule`, `events:ListTargetsByRule`,
   * `events:DisableRule`, `lambda:GetFunctionConfiguration`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const eventBridge = new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } });
   * await eventBridge.disableRules(StackReference.Blue);
   * ```
   */
  async disableRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<ToggleResult> {
    return this.#toggleRules(ref, options, false);
  }

  /**
   * Lists the EventBridge rules that target the stack's function or its alias (the rules
   * {@link EventBridgeTools.enableRules} and {@link EventBridgeTools.disableRules} switch), with their state.
   *
   * @param ref - the stack.
   * @param options - `concurrency` (rules described in parallel).
   * @returns one entry per rule (`{ id: 'bus/rule', bus, name, state, enabled }`), sorted by id.
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called).
   *
   * @remarks IAM: `events:ListRuleNamesByTarget`, `events:DescribeRule`, `lambda:GetFunctionConfiguration`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const eventBridge = new EventBridgeTools({ lambda, clientConfig: { region: 'eu-west-1' } });
   * const enabled = (await eventBridge.listRules(StackReference.Blue)).filter((r) => r.enabled).length;
   * ```
   */
  async listRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<RuleState[]> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.#concurrency);
    const { buses, targets } = await ruleScope(this.#lambda.operations.fns, stack, pick(this.#buses, stack));
    return readRuleStates(this.eventBridge, buses, targets, { concurrency, logger: this.logger });
  }

  async #toggleRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'>, enable: boolean): Promise<ToggleResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.#concurrency);
    const only = parseOnly(opts.only);
    return toggleRules(this.eventBridge, await ruleScope(this.#lambda.operations.fns, stack, pick(this.#buses, stack)), enable, {
      concurrency,
      ...(only ? { only } : {}),
      logger: this.logger,
      label: this.#lambda.operations.fns.fn(stack).name,
    });
  }
}

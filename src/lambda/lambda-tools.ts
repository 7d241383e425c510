import { LambdaClient } from '@aws-sdk/client-lambda';
import type { ToolInternals } from '../core/base-tool.js';
import { BaseTool, requireObject, type StackReference, type WaitSetting } from '../core/index.js';
import { parseOnly } from '../core/only.js';
import { lambdaPacing } from '../core/rate-limit-quotas.js';
import { parseConcurrency, parseFunctions } from './config.js';
import { FunctionResolver } from './function-resolver.js';
import { listMappings, toggleMappings } from './mappings.js';
import type { EventSourceMappingInfo, LambdaToolsOptions, ToggleOptions, ToggleResult } from './types.js';

/**
 * See {@link LambdaTools.operations}.
 *
 * @internal
 */
export interface LambdaOperations extends ToolInternals {
  dryRun: boolean;
  concurrency: number;
  /** The two stacks' functions (ARNs looked up once per tool). */
  fns: FunctionResolver;
}

/**
 * The switches of a Lambda consumer that a hook needs: list, enable and disable the event source mappings of the blue
 * and the green function. Uses the Lambda client only. The rarer Lambda operations are standalone functions of the
 * same subpath that take this tool, so a hook that only toggles mappings does not carry them: {@link getAlias},
 * {@link getVersion}, {@link createEventSourceMapping}, {@link deleteEventMapping}, {@link rebindStreamMappings}.
 * The EventBridge rules that target the functions are {@link bluegreen-toolkit/eventbridge!EventBridgeTools}
 * (`bluegreen-toolkit/eventbridge`), their metrics {@link bluegreen-toolkit/cloudwatch!FunctionMetrics}.
 *
 * Every list call reads all pages, bulk changes run with bounded concurrency, state changes are idempotent (already
 * in, or moving to, the target state → `already`), and every argument is validated before the first AWS call.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: {
 *     blue: { functionName: 'orders-blue', alias: 'live' },
 *     green: { functionName: 'orders-green', alias: 'live' },
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await lambda.disableEventMappings(StackReference.Blue);
 * await lambda.enableEventMappings(StackReference.Green);
 * ```
 */
export class LambdaTools extends BaseTool {
  /** The Lambda client. */
  readonly lambda: LambdaClient;
  /** The two stacks' functions. @internal */
  protected readonly fns: FunctionResolver;
  /** The default `concurrency`. @internal */
  protected readonly concurrency: number;

  /**
   * @param options - {@link LambdaToolsOptions}: `functions` pair, `clients` (`{ lambda }`) **or** `clientConfig`,
   *   `concurrency` (default 5), `logger`, `dryRun`.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed (nothing is called).
   */
  constructor(options: LambdaToolsOptions) {
    super(options, 'LambdaTools');
    // An object: BaseTool checked it.
    const opts = options as unknown as Record<string, unknown>;
    const functions = parseFunctions(opts.functions);
    this.concurrency = parseConcurrency(opts.concurrency, 'concurrency', 5);
    // The EventBridge and CloudWatch clients belong to EventBridgeTools and FunctionMetrics. `clients.lambda` with
    // `clientConfig` is refused by createClient ("Pass either clients.lambda or clientConfig, not both").
    const clients = opts.clients === undefined ? {} : requireObject(opts.clients, 'clients', ['lambda']);
    this.lambda = this.createClient(
      LambdaClient,
      { awsSdkV3Client: clients.lambda as LambdaClient | undefined, clientConfig: opts.clientConfig },
      options,
      { client: 'clients.lambda', config: 'clientConfig' },
      lambdaPacing,
    );
    this.fns = new FunctionResolver(this.lambda, functions);
  }

  /**
   * What the subpath's standalone functions and the tools built on this one (EventBridgeTools, FunctionMetrics)
   * need: reference parsing, dry-run-aware wait resolution, logger, dry-run flag, default concurrency, and the two
   * stacks' functions.
   *
   * @internal
   */
  get operations(): LambdaOperations {
    // The tool itself: LambdaOperations names its protected members (TypeScript's `protected` is compile-time only),
    // which a getter returning a new object of closures would repeat in every hook bundle.
    return this as unknown as LambdaOperations;
  }

  /**
   * Every event source mapping of the stack's function, whether it was created with the function name, the function
   * ARN, or the alias-qualified name/ARN: each form is listed (all pages) and the results are de-duplicated by UUID.
   *
   * @param ref - the stack.
   * @returns the mappings, each once.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference (nothing is called).
   *
   * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:GetFunctionConfiguration` (only when the function is
   * configured by name, once per tool instance).
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * for (const m of await lambda.listEventSourceMappings(StackReference.Green)) console.log(m.uuid, m.state);
   * ```
   */
  async listEventSourceMappings(ref: StackReference): Promise<EventSourceMappingInfo[]> {
    const stack = this.parseRef(ref);
    return listMappings(this.lambda, await this.fns.forms(stack), {}, this.logger);
  }

  /**
   * Enables every event source mapping of the stack's function (see {@link LambdaTools.listEventSourceMappings}).
   * Mappings already `Enabled` or `Enabling` are not touched; the others get UpdateEventSourceMapping with at most
   * `concurrency` calls in flight, retried with backoff while AWS reports the mapping busy (ResourceInUseException).
   * By default the call returns when every mapping is `Enabled`: the mappings are read back with the paged
   * ListEventSourceMappings (⌈N/100⌉ calls per poll), and a mapping that falls back to `Disabled` (Lambda does so when
   * the function lacks permission on the source, or the source is gone) fails at once with AWS's
   * `StateTransitionReason` and `LastProcessingResult` instead of waiting for the timeout.
   *
   * @param ref - the stack.
   * @param options - `wait` (default `true`, up to 300 s; `false` to return once requested) and `concurrency`.
   * @returns changed and already-enabled mapping UUIDs.
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called); {@link bluegreen-toolkit!WaitTimeoutError} when a mapping does
   *   not get there in time; {@link bluegreen-toolkit!InvalidStateError} when a mapping fell back to `Disabled` or was
   *   deleted (with AWS's reason); {@link bluegreen-toolkit!BatchError} when some updates failed (the others were still made).
   *
   * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:UpdateEventSourceMapping`, `lambda:GetFunctionConfiguration`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const { changed, already } = await lambda.enableEventMappings(StackReference.Green, { concurrency: 10 });
   * ```
   */
  async enableEventMappings(ref: StackReference, options: ToggleOptions = {}): Promise<ToggleResult> {
    return this.#toggleMappings(ref, options, true);
  }

  /**
   * Disables every event source mapping of the stack's function; the mirror of {@link LambdaTools.enableEventMappings}
   * (mappings already `Disabled` or `Disabling` are not touched; by default waits until every one is `Disabled`,
   * reading them back with the paged list, and fails fast on a mapping that went back to `Enabled`).
   *
   * @param ref - the stack.
   * @param options - `wait` (default `true`, up to 300 s) and `concurrency`.
   * @returns changed and already-disabled mapping UUIDs.
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called); {@link bluegreen-toolkit!WaitTimeoutError}; {@link bluegreen-toolkit!InvalidStateError}; {@link bluegreen-toolkit!BatchError}.
   *
   * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:UpdateEventSourceMapping`, `lambda:GetFunctionConfiguration`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * await lambda.disableEventMappings(StackReference.Blue, { wait: { maxWaitTime: 120 } });
   * ```
   */
  async disableEventMappings(ref: StackReference, options: ToggleOptions = {}): Promise<ToggleResult> {
    return this.#toggleMappings(ref, options, false);
  }

  async #toggleMappings(ref: StackReference, options: ToggleOptions, enable: boolean): Promise<ToggleResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.concurrency);
    // Default: wait until every mapping is in the target state.
    const wait = this.waitOptions(opts.wait === undefined ? true : (opts.wait as WaitSetting), {
      maxWaitTime: 300,
      minDelay: 1,
      maxDelay: 10,
    });
    const only = parseOnly(opts.only);
    const forms = await this.fns.forms(stack);
    const label = this.fns.fn(stack).name;
    return toggleMappings(this.lambda, forms, enable, { concurrency, wait, logger: this.logger, label, only });
  }
}

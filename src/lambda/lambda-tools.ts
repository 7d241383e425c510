import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  BaseTool,
  ConfigError,
  InvalidStateError,
  isAwsError,
  ResourceNotFoundError,
  requireObject,
  type StackReference,
  type WaitSetting,
} from '../core/index.js';
import { parseOnly } from '../core/only.js';
import { lambdaPacing } from '../core/rate-limit-quotas.js';
import { parseAliasName, parseConcurrency, parseFunctions } from './config.js';
import { FunctionResolver } from './function-resolver.js';
import { listMappings, toggleMappings } from './mappings.js';
import type { AliasInfo, EventSourceMappingInfo, LambdaToolsOptions, ToggleOptions, ToggleResult, VersionInfo } from './types.js';

/**
 * The switches of a Lambda consumer that a hook needs: list, enable and disable its event source mappings, read its
 * alias and version, for the blue and the green function. Uses the Lambda client only, so a hook bundle carries
 * neither the EventBridge nor the CloudWatch client: creating and deleting mappings, the rules that target the
 * function, its metrics and stream rebinding are
 * {@link bluegreen-toolkit/lambda-stack!LambdaStackTools}' (`bluegreen-toolkit/lambda-stack`, which extends this class).
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
 *     blue: { functionName: 'orders-blue', alias: 'live', eventBuses: ['orders'] },
 *     green: { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] },
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await lambda.disableEventMappings(StackReference.Blue);
 * await lambda.enableEventMappings(StackReference.Green);
 * ```
 */
export class LambdaTools extends BaseTool {
  /** The Lambda client (mappings, aliases). */
  readonly lambda: LambdaClient;
  /** The two stacks' functions (ARNs looked up once). For subclasses. @internal */
  protected readonly fns: FunctionResolver;
  /** The default `concurrency`. For subclasses. @internal */
  protected readonly concurrency: number;

  /**
   * @param options - {@link LambdaToolsOptions}: `functions` pair, `clients` **or** `clientConfig`, `concurrency`
   *   (default 5), `logger`, `dryRun`.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed (nothing is called).
   */
  constructor(options: LambdaToolsOptions) {
    super(options, 'LambdaTools');
    const opts = requireObject(options, 'options');
    const functions = parseFunctions(opts.functions);
    this.concurrency = parseConcurrency(opts.concurrency, 'concurrency', 5);
    if (opts.clients !== undefined && opts.clientConfig !== undefined) {
      throw new ConfigError('Pass either clients or clientConfig, not both: injected clients are used as they are.');
    }
    const clients = opts.clients === undefined ? {} : requireObject(opts.clients, 'clients');
    const keys = this.clientKeys();
    for (const key of Object.keys(clients)) {
      if (!keys.includes(key)) {
        const hint =
          key === 'eventBridge' || key === 'cloudWatch' ? ` (the ${key} client is LambdaStackTools', bluegreen-toolkit/lambda-stack)` : '';
        throw new ConfigError(`clients has an unknown key '${key}': expected ${keys.join(', ')}${hint}.`);
      }
    }
    this.lambda = this.createClient(LambdaClient, clientSource(clients.lambda, opts.clientConfig), options, label('lambda'), lambdaPacing);
    this.fns = new FunctionResolver(this.lambda, functions);
  }

  /** The `clients` keys this class accepts. @internal */
  protected clientKeys(): string[] {
    return ['lambda'];
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

  /**
   * Reads an alias of the stack's function.
   *
   * @param ref - the stack.
   * @param name - the alias name.
   * @returns the alias, with its additional version weights.
   * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the function or alias does not exist; {@link bluegreen-toolkit!ConfigError} for bad
   *   arguments (nothing is called).
   *
   * @remarks IAM: `lambda:GetAlias`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const alias = await lambda.getAlias(StackReference.Green, 'live');
   * ```
   */
  async getAlias(ref: StackReference, name: string): Promise<AliasInfo> {
    const stack = this.parseRef(ref);
    const aliasName = parseAliasName(name, 'name');
    const fn = this.fns.fn(stack);
    try {
      const alias = await this.lambda.send(new GetAliasCommand({ FunctionName: fn.functionName, Name: aliasName }));
      const info: AliasInfo = {
        name: alias.Name ?? aliasName,
        aliasArn: alias.AliasArn ?? '',
        functionVersion: alias.FunctionVersion ?? '',
        routingWeights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
      };
      if (alias.Description) info.description = alias.Description;
      return info;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) {
        throw new ResourceNotFoundError(`Alias ${aliasName} of function ${fn.name} does not exist.`, {
          resource: `${fn.name}:${aliasName}`,
          cause: error,
        });
      }
      throw error;
    }
  }

  /**
   * The published version the configured alias points at, with its canary routing weights. Never `$LATEST` by
   * accident: an alias that points at `$LATEST` is an {@link bluegreen-toolkit!InvalidStateError} (publish a version and point the
   * alias at it), and without a configured alias this is a {@link bluegreen-toolkit!ConfigError}.
   *
   * @param ref - the stack.
   * @returns `{ version, routingWeights, alias }`.
   * @throws {@link bluegreen-toolkit!ConfigError} when no alias is configured (nothing is called); {@link bluegreen-toolkit!InvalidStateError} when the
   *   alias points at `$LATEST`; {@link bluegreen-toolkit!ResourceNotFoundError} when the alias does not exist.
   *
   * @remarks IAM: `lambda:GetAlias`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const { version, routingWeights } = await lambda.getVersion(StackReference.Green); // '42', { '43': 0.1 }
   * ```
   */
  async getVersion(ref: StackReference): Promise<VersionInfo> {
    const stack = this.parseRef(ref);
    const fn = this.fns.fn(stack);
    if (fn.alias === undefined) {
      throw new ConfigError(`getVersion needs an alias: set functions.${stack}.alias (for example 'live').`);
    }
    const alias = await this.getAlias(stack, fn.alias);
    if (alias.functionVersion === '$LATEST') {
      throw new InvalidStateError(
        `Alias ${fn.alias} of ${fn.name} points at $LATEST, not a published version: publish a version and point the alias at it.`,
        { state: alias },
      );
    }
    return { version: alias.functionVersion, routingWeights: alias.routingWeights, alias: fn.alias };
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
    return toggleMappings(this.lambda, forms, enable, { concurrency, wait, logger: this.logger, label, ...(only ? { only } : {}) });
  }
}

/** The `clients` an SDK client comes from (injected) or `clientConfig` (created). */
export function clientSource<C>(client: unknown, clientConfig: unknown): { awsSdkV3Client: C | undefined; clientConfig: unknown } {
  return { awsSdkV3Client: client as C | undefined, clientConfig };
}

/** How an SDK client option is named in error messages. */
export function label(key: string): { client: string; config: string } {
  return { client: `clients.${key}`, config: 'clientConfig' };
}

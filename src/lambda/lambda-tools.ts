import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  BaseTool,
  ConfigError,
  GuardError,
  InvalidStateError,
  isAwsError,
  ResourceNotFoundError,
  requireArray,
  requireObject,
  requireString,
  type StackReference,
  type WaitSetting,
} from '../core/index.js';
import { lambdaPacing } from '../core/rate-limit-quotas.js';
import { parseAliasName, parseConcurrency, parseFunctions, parseMetricsOptions, parseSourceArn, parseUuid } from './config.js';
import { FunctionResolver } from './function-resolver.js';
import { listMappings, readOneByOne, toggleMappings, waitForStates } from './mappings.js';
import { readLatestMetrics } from './metrics.js';
import { type RebindResult, rebindStreamMappings } from './rebind.js';
import { type RuleState, readRuleStates, toggleRules } from './rules.js';
import type {
  AliasInfo,
  CreateMappingParams,
  CreateMappingResult,
  DeleteMappingOptions,
  DeleteMappingResult,
  EventSourceMappingInfo,
  LambdaMetrics,
  LambdaToolsOptions,
  MetricsOptions,
  ToggleOptions,
  ToggleResult,
  VersionInfo,
} from './types.js';

const CLIENT_KEYS = ['lambda', 'eventBridge', 'cloudWatch'];

/**
 * The switches of a Lambda consumer: its event source mappings, the EventBridge rules that target it, its alias and
 * its metrics, for the blue and the green function.
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
  /** The EventBridge client (rules). */
  readonly eventBridge: EventBridgeClient;
  /** The CloudWatch client (metrics). */
  readonly cloudWatch: CloudWatchClient;
  readonly #fns: FunctionResolver;
  readonly #concurrency: number;

  /**
   * @param options - {@link LambdaToolsOptions}: `functions` pair, `clients` **or** `clientConfig`, `concurrency`
   *   (default 5), `logger`, `dryRun`.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed (nothing is called).
   */
  constructor(options: LambdaToolsOptions) {
    super(options, 'LambdaTools');
    const opts = requireObject(options, 'options');
    const functions = parseFunctions(opts.functions);
    this.#concurrency = parseConcurrency(opts.concurrency, 'concurrency', 5);
    if (opts.clients !== undefined && opts.clientConfig !== undefined) {
      throw new ConfigError('Pass either clients or clientConfig, not both: injected clients are used as they are.');
    }
    const clients = opts.clients === undefined ? {} : requireObject(opts.clients, 'clients');
    for (const key of Object.keys(clients)) {
      if (!CLIENT_KEYS.includes(key)) throw new ConfigError(`clients has an unknown key '${key}': expected ${CLIENT_KEYS.join(', ')}.`);
    }
    const source = <C>(client: unknown) => ({ awsSdkV3Client: client as C | undefined, clientConfig: opts.clientConfig });
    this.lambda = this.createClient(LambdaClient, source<LambdaClient>(clients.lambda), options, label('lambda'), lambdaPacing);
    this.eventBridge = this.createClient(EventBridgeClient, source<EventBridgeClient>(clients.eventBridge), options, label('eventBridge'));
    this.cloudWatch = this.createClient(CloudWatchClient, source<CloudWatchClient>(clients.cloudWatch), options, label('cloudWatch'));
    this.#fns = new FunctionResolver(this.lambda, functions);
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
    return listMappings(this.lambda, await this.#fns.forms(stack), {}, this.logger);
  }

  /**
   * Creates an event source mapping from `sourceArn` to the stack's function — to its alias when one is configured
   * (`params.target: 'function'` for the unqualified function). Idempotent: when a mapping from the same source to
   * the function (in any of the forms {@link LambdaTools.listEventSourceMappings} finds) exists, nothing is created
   * and its UUID is returned with `outcome: 'already'`.
   *
   * @param ref - the stack.
   * @param sourceArn - the SQS queue, Kinesis/DynamoDB stream, MSK or MQ ARN.
   * @param params - other CreateEventSourceMapping settings (`BatchSize`, `Enabled`, ...), `target`, and
   *   `wait` (default `false`: wait until the mapping is `Enabled`, or `Disabled` with `Enabled: false`).
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called).
   *
   * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:CreateEventSourceMapping`,
   * `lambda:GetEventSourceMapping` (wait), `lambda:GetFunctionConfiguration`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const { uuid } = await lambda.createEventSourceMapping(StackReference.Green, queueArn, { BatchSize: 10, Enabled: false });
   * ```
   */
  async createEventSourceMapping(ref: StackReference, sourceArn: string, params: CreateMappingParams = {}): Promise<CreateMappingResult> {
    const stack = this.parseRef(ref);
    const source = parseSourceArn(sourceArn);
    const { target, wait: waitSetting, ...rest } = requireObject(params, 'params') as CreateMappingParams;
    if (target !== undefined && target !== 'alias' && target !== 'function') {
      throw new ConfigError(`params.target must be 'alias' or 'function', got ${JSON.stringify(target)}.`);
    }
    const fn = this.#fns.fn(stack);
    if (target === 'alias' && fn.alias === undefined) {
      throw new ConfigError(`params.target is 'alias' but functions.${stack}.alias is not configured.`);
    }
    const wait = this.waitOptions(waitSetting, { maxWaitTime: 300, minDelay: 1, maxDelay: 10 });
    const existing = (await listMappings(this.lambda, await this.#fns.forms(stack), { eventSourceArn: source }, this.logger)).find(
      (m) => m.eventSourceArn === source,
    );
    if (existing) {
      return {
        outcome: 'already',
        message: `${fn.name} already has mapping ${existing.uuid} from ${source}`,
        uuid: existing.uuid,
        state: existing.state,
      };
    }
    const arn = await this.#fns.arn(stack);
    const functionName = fn.alias !== undefined && target !== 'function' ? `${arn}:${fn.alias}` : arn;
    const created = await this.lambda.send(
      new CreateEventSourceMappingCommand({ ...rest, FunctionName: functionName, EventSourceArn: source }),
    );
    const uuid = created.UUID ?? (this.dryRun ? 'dry-run' : '');
    let state = created.State ?? 'Creating';
    if (wait) {
      const targetState = rest.Enabled === false ? 'Disabled' : 'Enabled';
      await waitForStates(readOneByOne(this.lambda, 1), [uuid], targetState, wait);
      state = targetState;
    }
    this.logger.info(`LambdaTools: created mapping ${uuid} from ${source} to ${functionName}`);
    return { outcome: 'changed', message: `created mapping ${uuid} from ${source} to ${functionName}`, uuid, state };
  }

  /**
   * Deletes an event source mapping. A mapping that does not exist (or is already being deleted) is `already`.
   * Deleting a mapping loses no records (they stay in the queue/stream), but stops their delivery: pass
   * `expectedStack` to refuse unless the mapping belongs to that stack's function.
   *
   * @param uuid - the mapping's UUID.
   * @param options - `expectedStack` (guard) and `wait` (until it is gone; default `false`).
   * @throws {@link bluegreen-toolkit!GuardError} when `expectedStack` does not match (nothing is deleted); {@link bluegreen-toolkit!ConfigError} for a
   *   malformed UUID (nothing is called).
   *
   * @remarks IAM: `lambda:GetEventSourceMapping`, `lambda:DeleteEventSourceMapping`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * await lambda.deleteEventMapping('14e0db71-5d35-4eb5-b481-8945cf9d10c2', { expectedStack: StackReference.Blue });
   * ```
   */
  async deleteEventMapping(uuid: string, options: DeleteMappingOptions = {}): Promise<DeleteMappingResult> {
    const id = parseUuid(uuid);
    const opts = requireObject(options, 'options') as DeleteMappingOptions;
    const expected = opts.expectedStack === undefined ? undefined : this.parseRef(opts.expectedStack);
    const wait = this.waitOptions(opts.wait, { maxWaitTime: 300, minDelay: 1, maxDelay: 10 });
    const current = await this.#fns.getMapping(id);
    if (!current || current.state === 'Deleting') {
      if (current && wait) await this.#fns.waitGone(id, wait);
      return { outcome: 'already', message: `mapping ${id} is already ${current ? 'being deleted' : 'gone'}`, uuid: id };
    }
    if (expected !== undefined) {
      const base = await this.#fns.arn(expected);
      if (current.functionArn !== base && !current.functionArn?.startsWith(`${base}:`)) {
        throw new GuardError(
          `Refusing to delete mapping ${id}: it invokes ${current.functionArn ?? 'an unknown function'}, not the ${expected} function ${base}.`,
        );
      }
    }
    try {
      await this.lambda.send(new DeleteEventSourceMappingCommand({ UUID: id }));
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return { outcome: 'already', message: `mapping ${id} is already gone`, uuid: id };
      throw error;
    }
    if (wait) await this.#fns.waitGone(id, wait);
    this.logger.info(`LambdaTools: deleted mapping ${id}`);
    return { outcome: 'changed', message: `deleted mapping ${id} (${current.eventSourceArn ?? 'unknown source'})`, uuid: id };
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
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const { changed } = await lambda.enableRules(StackReference.Green); // ['default/orders-nightly', 'orders/order-placed']
   * ```
   */
  async enableRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<ToggleResult> {
    return this.#toggleRules(ref, options, true);
  }

  /**
   * Disables the EventBridge rules that target the stack's function or its alias; the mirror of
   * {@link LambdaTools.enableRules} (targets read first, shared or foreign-target rules refused before any change,
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
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * await lambda.disableRules(StackReference.Blue);
   * ```
   */
  async disableRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<ToggleResult> {
    return this.#toggleRules(ref, options, false);
  }

  /**
   * Lists the EventBridge rules that target the stack's function or its alias (the rules
   * {@link LambdaTools.enableRules} and {@link LambdaTools.disableRules} switch), with their state.
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
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const enabled = (await lambda.listRules(StackReference.Blue)).filter((r) => r.enabled).length;
   * ```
   */
  async listRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<RuleState[]> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.#concurrency);
    const { buses, targets } = await this.#fns.ruleScope(stack);
    return readRuleStates(this.eventBridge, buses, targets, { concurrency, logger: this.logger });
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
    const fn = this.#fns.fn(stack);
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
    const fn = this.#fns.fn(stack);
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

  /**
   * The newest datapoint of the six metrics a rollout gates on (IteratorAge, Errors, ConcurrentExecutions,
   * Invocations, Duration, Throttles) for the configured alias (dimensions `FunctionName` + `Resource` =
   * `function:alias`), or for the whole function when no alias is configured. One GetMetricData request (all pages)
   * with deterministic query ids equal to the result keys; a metric without data is `null`.
   *
   * @param ref - the stack.
   * @param options - `periodSeconds` (default 60, a multiple of 60) and `windowMinutes` (default 5).
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called).
   *
   * @remarks IAM: `cloudwatch:GetMetricData`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const metrics = await lambda.getLatestMetrics(StackReference.Green, { windowMinutes: 10 });
   * if (metrics.errors !== null && metrics.errors > 0) throw new Error('green has errors');
   * ```
   */
  async getLatestMetrics(ref: StackReference, options: MetricsOptions = {}): Promise<LambdaMetrics> {
    const stack = this.parseRef(ref);
    const window = parseMetricsOptions(options);
    const fn = this.#fns.fn(stack);
    return readLatestMetrics(this.cloudWatch, fn.name, fn.alias, window, new Date());
  }

  /**
   * {@link rebindStreamMappings} for this tool: moves the stack function's mappings from a replaced stream to the new
   * one (same settings, recreate-then-delete).
   *
   * @param ref - the stack whose function's mappings move.
   * @param oldSourcePrefix - the old source, for a table `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/`.
   * @param newSourceArn - the new stream's ARN.
   * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:GetEventSourceMapping`, `lambda:CreateEventSourceMapping`,
   *   `lambda:DeleteEventSourceMapping`, `lambda:GetFunctionConfiguration`.
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const oldStreamPrefix = 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions-green/stream/';
   * const newStreamArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions-green/stream/2026-01-01T00:00:00.000';
   * await lambda.rebindStreamMappings(StackReference.Green, oldStreamPrefix, newStreamArn);
   * ```
   */
  rebindStreamMappings(ref: StackReference, oldSourcePrefix: string, newSourceArn: string): Promise<RebindResult> {
    return rebindStreamMappings(this, ref, oldSourcePrefix, newSourceArn);
  }

  async #toggleMappings(ref: StackReference, options: ToggleOptions, enable: boolean): Promise<ToggleResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.#concurrency);
    // Default: wait until every mapping is in the target state.
    const wait = this.waitOptions(opts.wait === undefined ? true : (opts.wait as WaitSetting), {
      maxWaitTime: 300,
      minDelay: 1,
      maxDelay: 10,
    });
    const only = parseOnly(opts.only);
    const forms = await this.#fns.forms(stack);
    const label = this.#fns.fn(stack).name;
    return toggleMappings(this.lambda, forms, enable, { concurrency, wait, logger: this.logger, label, ...(only ? { only } : {}) });
  }

  async #toggleRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'>, enable: boolean): Promise<ToggleResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.#concurrency);
    const only = parseOnly(opts.only);
    return toggleRules(this.eventBridge, await this.#fns.ruleScope(stack), enable, {
      concurrency,
      ...(only ? { only } : {}),
      logger: this.logger,
      label: this.#fns.fn(stack).name,
    });
  }
}

function parseOnly(value: unknown): ReadonlySet<string> | undefined {
  return value === undefined ? undefined : new Set(requireArray(value, 'options.only', requireString));
}

function label(key: string): { client: string; config: string } {
  return { client: `clients.${key}`, config: 'clientConfig' };
}

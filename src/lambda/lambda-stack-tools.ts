import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { ConfigError, GuardError, isAwsError, requireObject, type StackReference } from '../core/index.js';
import { parseOnly } from '../core/only.js';
import { parseConcurrency, parseMetricsOptions, parseSourceArn, parseUuid } from './config.js';
import { clientSource, LambdaTools, label } from './lambda-tools.js';
import { getMapping, waitGone } from './mapping-admin.js';
import { listMappings, readOneByOne, waitForStates } from './mappings.js';
import { readLatestMetrics } from './metrics.js';
import { type RebindResult, rebindStreamMappings } from './rebind.js';
import { type RuleState, readRuleStates, ruleScope, toggleRules } from './rules.js';
import type {
  CreateMappingParams,
  CreateMappingResult,
  DeleteMappingOptions,
  DeleteMappingResult,
  LambdaMetrics,
  LambdaToolsOptions,
  MetricsOptions,
  ToggleOptions,
  ToggleResult,
} from './types.js';

/**
 * {@link bluegreen-toolkit/lambda!LambdaTools} plus what the whole-stack flip and one-off chores also do: create and
 * delete event source mappings, switch the EventBridge rules that target the stack's function (EventBridge client),
 * read its metrics (CloudWatch client) and rebind its mappings to a replaced stream. The flip's config path builds this class; a hook that only toggles mappings or reads
 * the alias imports the smaller `LambdaTools` from `bluegreen-toolkit/lambda`, whose bundle has the Lambda client only.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
 *
 * const lambda = new LambdaStackTools({
 *   functions: {
 *     blue: { functionName: 'orders-blue', alias: 'live', eventBuses: ['orders'] },
 *     green: { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] },
 *   },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await lambda.disableRules(StackReference.Blue);
 * await lambda.enableEventMappings(StackReference.Green);
 * await lambda.enableRules(StackReference.Green);
 * ```
 */
export class LambdaStackTools extends LambdaTools {
  /** The EventBridge client (rules). */
  readonly eventBridge: EventBridgeClient;
  /** The CloudWatch client (metrics). */
  readonly cloudWatch: CloudWatchClient;

  /**
   * @param options - {@link bluegreen-toolkit/lambda!LambdaToolsOptions}: as for `LambdaTools`, with `clients` keys
   *   `lambda`, `eventBridge` and `cloudWatch`.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed (nothing is called).
   */
  constructor(options: LambdaToolsOptions) {
    super(options);
    const opts = requireObject(options, 'options');
    const clients = (opts.clients ?? {}) as NonNullable<LambdaToolsOptions['clients']>;
    this.eventBridge = this.createClient(
      EventBridgeClient,
      clientSource(clients.eventBridge, opts.clientConfig),
      options,
      label('eventBridge'),
    );
    this.cloudWatch = this.createClient(
      CloudWatchClient,
      clientSource(clients.cloudWatch, opts.clientConfig),
      options,
      label('cloudWatch'),
    );
  }

  /** The `clients` keys this class accepts. @internal */
  protected override clientKeys(): string[] {
    return ['lambda', 'eventBridge', 'cloudWatch'];
  }

  /**
   * Creates an event source mapping from `sourceArn` to the stack's function — to its alias when one is configured
   * (`params.target: 'function'` for the unqualified function). Idempotent: when a mapping from the same source to
   * the function (in any of the forms {@link bluegreen-toolkit/lambda!LambdaTools.listEventSourceMappings} finds) exists, nothing is created
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
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
    const fn = this.fns.fn(stack);
    if (target === 'alias' && fn.alias === undefined) {
      throw new ConfigError(`params.target is 'alias' but functions.${stack}.alias is not configured.`);
    }
    const wait = this.waitOptions(waitSetting, { maxWaitTime: 300, minDelay: 1, maxDelay: 10 });
    const existing = (await listMappings(this.lambda, await this.fns.forms(stack), { eventSourceArn: source }, this.logger)).find(
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
    const arn = await this.fns.arn(stack);
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * await lambda.deleteEventMapping('14e0db71-5d35-4eb5-b481-8945cf9d10c2', { expectedStack: StackReference.Blue });
   * ```
   */
  async deleteEventMapping(uuid: string, options: DeleteMappingOptions = {}): Promise<DeleteMappingResult> {
    const id = parseUuid(uuid);
    const opts = requireObject(options, 'options') as DeleteMappingOptions;
    const expected = opts.expectedStack === undefined ? undefined : this.parseRef(opts.expectedStack);
    const wait = this.waitOptions(opts.wait, { maxWaitTime: 300, minDelay: 1, maxDelay: 10 });
    const current = await getMapping(this.lambda, id);
    if (!current || current.state === 'Deleting') {
      if (current && wait) await waitGone(this.lambda, id, wait);
      return { outcome: 'already', message: `mapping ${id} is already ${current ? 'being deleted' : 'gone'}`, uuid: id };
    }
    if (expected !== undefined) {
      const base = await this.fns.arn(expected);
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
    if (wait) await waitGone(this.lambda, id, wait);
    this.logger.info(`LambdaTools: deleted mapping ${id}`);
    return { outcome: 'changed', message: `deleted mapping ${id} (${current.eventSourceArn ?? 'unknown source'})`, uuid: id };
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const { changed } = await lambda.enableRules(StackReference.Green); // ['default/orders-nightly', 'orders/order-placed']
   * ```
   */
  async enableRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<ToggleResult> {
    return this.#toggleRules(ref, options, true);
  }

  /**
   * Disables the EventBridge rules that target the stack's function or its alias; the mirror of
   * {@link LambdaStackTools.enableRules} (targets read first, shared or foreign-target rules refused before any change,
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * await lambda.disableRules(StackReference.Blue);
   * ```
   */
  async disableRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<ToggleResult> {
    return this.#toggleRules(ref, options, false);
  }

  /**
   * Lists the EventBridge rules that target the stack's function or its alias (the rules
   * {@link LambdaStackTools.enableRules} and {@link LambdaStackTools.disableRules} switch), with their state.
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const enabled = (await lambda.listRules(StackReference.Blue)).filter((r) => r.enabled).length;
   * ```
   */
  async listRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'> = {}): Promise<RuleState[]> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.concurrency);
    const { buses, targets } = await ruleScope(this.fns, stack);
    return readRuleStates(this.eventBridge, buses, targets, { concurrency, logger: this.logger });
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const metrics = await lambda.getLatestMetrics(StackReference.Green, { windowMinutes: 10 });
   * if (metrics.errors !== null && metrics.errors > 0) throw new Error('green has errors');
   * ```
   */
  async getLatestMetrics(ref: StackReference, options: MetricsOptions = {}): Promise<LambdaMetrics> {
    const stack = this.parseRef(ref);
    const window = parseMetricsOptions(options);
    const fn = this.fns.fn(stack);
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
   * import { LambdaStackTools } from 'bluegreen-toolkit/lambda-stack';
   *
   * const lambda = new LambdaStackTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const oldStreamPrefix = 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions-green/stream/';
   * const newStreamArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions-green/stream/2026-01-01T00:00:00.000';
   * await lambda.rebindStreamMappings(StackReference.Green, oldStreamPrefix, newStreamArn);
   * ```
   */
  rebindStreamMappings(ref: StackReference, oldSourcePrefix: string, newSourceArn: string): Promise<RebindResult> {
    return rebindStreamMappings(this, ref, oldSourcePrefix, newSourceArn);
  }

  async #toggleRules(ref: StackReference, options: Omit<ToggleOptions, 'wait'>, enable: boolean): Promise<ToggleResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency = parseConcurrency(opts.concurrency, 'options.concurrency', this.concurrency);
    const only = parseOnly(opts.only);
    return toggleRules(this.eventBridge, await ruleScope(this.fns, stack), enable, {
      concurrency,
      ...(only ? { only } : {}),
      logger: this.logger,
      label: this.fns.fn(stack).name,
    });
  }
}

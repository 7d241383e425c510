import {
  CloudWatchClient,
  type DescribeAlarmsCommandInput,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import {
  BaseTool,
  chunk,
  mapLimit,
  type Pair,
  pick,
  requireArray,
  requireInteger,
  requireObject,
  requirePair,
  requireString,
  type StackReference,
} from '../core/index.js';
import { guardedPages } from '../core/pages.js';
import { cloudWatchPacing } from '../core/rate-limit-quotas.js';
import { parseSelector, requireDisjointAlarms } from './selectors.js';
import type { AlarmActionsOptions, AlarmActionsResult, AlarmSelector, AlarmState, AlarmStates, CloudWatchToolsOptions } from './types.js';

/** The most alarm names DescribeAlarms, EnableAlarmActions and DisableAlarmActions accept per call. */
const BATCH = 100;

/**
 * Switches the actions of a stack's CloudWatch alarms (metric **and** composite) and reads their states — so the idle
 * stack's alarms do not page anyone, and a rollout can gate on the live stack's alarms.
 *
 * Alarms are chosen per stack by name prefix (optionally narrowed by a suffix) and/or explicit names. DescribeAlarms
 * is read across all pages; EnableAlarmActions/DisableAlarmActions get at most 100 names per call, never an empty
 * list, and never alarms already in the target state.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
 *
 * const cloudwatch = new CloudWatchTools({
 *   alarms: { blue: { prefix: 'orders-blue-' }, green: { prefix: 'orders-green-' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * await cloudwatch.disableAlarmActions(StackReference.Blue);
 * await cloudwatch.enableAlarmActions(StackReference.Green);
 * ```
 */
export class CloudWatchTools extends BaseTool {
  /** The CloudWatch client. */
  readonly client: CloudWatchClient;
  readonly #alarms: Pair<AlarmSelector>;
  readonly #concurrency: number;

  /**
   * @param options - {@link CloudWatchToolsOptions}: `alarms` pair, `awsSdkV3Client` **or** `clientConfig`,
   *   `concurrency` (default 4), `logger`, `dryRun`.
   * @throws {@link bluegreen-toolkit!ConfigError} when the configuration is missing or malformed (nothing is called).
   */
  constructor(options: CloudWatchToolsOptions) {
    super(options, 'CloudWatchTools');
    const opts = requireObject(options, 'options');
    this.#alarms = requirePair(opts.alarms, 'alarms', parseSelector);
    requireDisjointAlarms(this.#alarms);
    this.#concurrency = opts.concurrency === undefined ? 4 : requireInteger(opts.concurrency, 'concurrency', { min: 1, max: 50 });
    this.client = this.createClient(CloudWatchClient, options, options, undefined, cloudWatchPacing);
  }

  /**
   * Enables the actions of every alarm of the stack whose actions are disabled.
   *
   * @param ref - the stack.
   * @param options - `concurrency` (EnableAlarmActions calls in flight).
   * @returns changed, already enabled, and configured-but-missing alarm names.
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called); {@link bluegreen-toolkit!BatchError} when some calls failed (the
   *   other batches were still sent).
   *
   * @remarks IAM: `cloudwatch:DescribeAlarms`, `cloudwatch:EnableAlarmActions`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
   *
   * const cloudwatch = new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } });
   * const { changed } = await cloudwatch.enableAlarmActions(StackReference.Green);
   * ```
   */
  async enableAlarmActions(ref: StackReference, options: AlarmActionsOptions = {}): Promise<AlarmActionsResult> {
    return this.#toggle(ref, options, true);
  }

  /**
   * Disables the actions of every alarm of the stack whose actions are enabled. The alarms keep evaluating (their
   * state still changes); only their notifications and automated actions stop.
   *
   * @param ref - the stack.
   * @param options - `concurrency` (DisableAlarmActions calls in flight).
   * @returns changed, already disabled, and configured-but-missing alarm names.
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called); {@link bluegreen-toolkit!BatchError} when some calls failed.
   *
   * @remarks IAM: `cloudwatch:DescribeAlarms`, `cloudwatch:DisableAlarmActions`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
   *
   * const cloudwatch = new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } });
   * await cloudwatch.disableAlarmActions(StackReference.Blue);
   * ```
   */
  async disableAlarmActions(ref: StackReference, options: AlarmActionsOptions = {}): Promise<AlarmActionsResult> {
    return this.#toggle(ref, options, false);
  }

  /**
   * The state of every alarm of the stack (metric and composite) and the names of those in `ALARM`.
   *
   * @param ref - the stack.
   * @returns `{ alarms: { name, type, state, actionsEnabled }[], inAlarm: string[] }`, both sorted by name.
   * @throws {@link bluegreen-toolkit!ConfigError} for a bad stack reference (nothing is called).
   *
   * @remarks IAM: `cloudwatch:DescribeAlarms`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
   *
   * const cloudwatch = new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } });
   * const { inAlarm } = await cloudwatch.getAlarmStates(StackReference.Green);
   * if (inAlarm.length > 0) throw new Error(`green is in alarm: ${inAlarm.join(', ')}`);
   * ```
   */
  async getAlarmStates(ref: StackReference): Promise<AlarmStates> {
    const stack = this.parseRef(ref);
    const { alarms } = await this.#describe(stack);
    return { alarms, inAlarm: alarms.filter((a) => a.state === 'ALARM').map((a) => a.name) };
  }

  async #toggle(ref: StackReference, options: AlarmActionsOptions, enable: boolean): Promise<AlarmActionsResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency =
      opts.concurrency === undefined ? this.#concurrency : requireInteger(opts.concurrency, 'options.concurrency', { min: 1, max: 50 });
    const only = opts.only === undefined ? undefined : new Set(requireArray(opts.only, 'options.only', requireString));
    const described = await this.#describe(stack);
    const alarms = only ? described.alarms.filter((a) => only.has(a.name)) : described.alarms;
    const missing = only ? described.missing.filter((name) => only.has(name)) : described.missing;
    const todo = alarms.filter((a) => a.actionsEnabled !== enable).map((a) => a.name);
    const already = alarms.filter((a) => a.actionsEnabled === enable).map((a) => a.name);
    // chunk() never yields an empty batch, so an empty todo list sends nothing.
    await mapLimit(chunk(todo, BATCH), concurrency, (names) =>
      this.client.send(
        enable ? new EnableAlarmActionsCommand({ AlarmNames: names }) : new DisableAlarmActionsCommand({ AlarmNames: names }),
      ),
    );
    const verb = enable ? 'enabled' : 'disabled';
    if (missing.length > 0) this.logger.warn(`CloudWatchTools: configured alarm(s) not found: ${missing.join(', ')}`);
    this.logger.info(`CloudWatchTools: ${verb} actions of ${todo.length} alarm(s) of ${stack}, ${already.length} already ${verb}`);
    return {
      outcome: todo.length > 0 ? 'changed' : 'already',
      message:
        alarms.length === 0
          ? `no alarm of the ${stack} stack matched${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`
          : `${verb} actions of ${todo.length} of ${alarms.length} alarm(s) of the ${stack} stack; ${already.length} already ${verb}` +
            (missing.length ? `; missing: ${missing.join(', ')}` : ''),
      changed: todo,
      already,
      missing,
    };
  }

  /** Every alarm of the stack (prefix pages, then explicit names in chunks of 100), de-duplicated and sorted. */
  async #describe(stack: StackReference): Promise<{ alarms: AlarmState[]; missing: string[] }> {
    const selector = pick(this.#alarms, stack);
    const found = new Map<string, AlarmState>();
    if (selector.prefix !== undefined) {
      const suffix = selector.suffix;
      for (const alarm of await this.#pages({ AlarmNamePrefix: selector.prefix })) {
        if (suffix === undefined || alarm.name.endsWith(suffix)) found.set(alarm.name, alarm);
      }
    }
    const names = selector.names ?? [];
    const explicit = new Set<string>();
    for (const batch of chunk(
      names.filter((n) => !found.has(n)),
      BATCH,
    )) {
      for (const alarm of await this.#pages({ AlarmNames: batch })) {
        explicit.add(alarm.name);
        found.set(alarm.name, alarm);
      }
    }
    const missing = names.filter((n) => !found.has(n) && !explicit.has(n));
    const alarms = [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { alarms, missing };
  }

  /**
   * One DescribeAlarms query, all pages (the SDK's `paginateDescribeAlarms`, 100 per page, with a loop guard), metric
   * and composite alarms.
   */
  async #pages(query: Pick<DescribeAlarmsCommandInput, 'AlarmNamePrefix' | 'AlarmNames'>): Promise<AlarmState[]> {
    const out: AlarmState[] = [];
    const pages = paginateDescribeAlarms(
      { client: this.client, pageSize: BATCH, stopOnSameToken: true },
      { ...query, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
    );
    for await (const page of guardedPages(pages, 'CloudWatchTools: DescribeAlarms', this.logger)) {
      for (const a of page.MetricAlarms ?? []) out.push(toState(a, 'metric'));
      for (const a of page.CompositeAlarms ?? []) out.push(toState(a, 'composite'));
    }
    return out;
  }
}

function toState(alarm: { AlarmName?: string; StateValue?: string; ActionsEnabled?: boolean }, type: AlarmState['type']): AlarmState {
  const state = alarm.StateValue === 'ALARM' || alarm.StateValue === 'OK' ? alarm.StateValue : 'INSUFFICIENT_DATA';
  return { name: alarm.AlarmName ?? '', type, state, actionsEnabled: alarm.ActionsEnabled ?? true };
}

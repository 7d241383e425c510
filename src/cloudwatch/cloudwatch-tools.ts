import {
  CloudWatchClient,
  type DescribeAlarmsCommandInput,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import { BaseTool, chunk, type Pair, pick, requireInteger, requireObject, requirePair, type StackReference } from '../core/index.js';
import { parseOnly } from '../core/only.js';
import { guardedPages } from '../core/pages.js';
import { cloudWatchPacing } from '../core/rate-limit-quotas.js';
import { BatchPipeline } from './batch-pipeline.js';
import { type MetricWindow, type QueueSentMetric, queueMessagesSent } from './queue-metrics.js';
import { parseSelector, requireDisjointAlarms } from './selectors.js';
import type { AlarmActionsOptions, AlarmActionsResult, AlarmSelector, AlarmState, AlarmStates, CloudWatchToolsOptions } from './types.js';

/**
 * The most alarm names DescribeAlarms, EnableAlarmActions and DisableAlarmActions accept per call ("AlarmNames … Array
 * Members: Maximum number of 100 items": DisableAlarmActions, EnableAlarmActions and DescribeAlarms in the CloudWatch
 * API Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html), and
 * the largest DescribeAlarms page (`MaxRecords` 1–100).
 */
const BATCH = 100;

/**
 * Switches the actions of a stack's CloudWatch alarms (metric **and** composite) and reads their states — so the idle
 * stack's alarms do not page anyone, and a rollout can gate on the live stack's alarms.
 *
 * Alarms are chosen per stack by name prefix (optionally narrowed by a suffix) and/or explicit names. DescribeAlarms
 * is read across all pages; EnableAlarmActions/DisableAlarmActions get at most 100 names per call, never an empty
 * list, and never alarms already in the target state. The calls are pipelined with the reads: each full batch of 100
 * is sent while the next DescribeAlarms page is read, so N alarms take ceil(N/100) + 1 round trips.
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
export class CloudWatchTools extends BaseTool implements QueueSentMetric {
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

  /**
   * Sum of `AWS/SQS NumberOfMessagesSent` for a queue over a window, with this tool's client — so a flip that has
   * CloudWatchTools reads its drain evidence without a second CloudWatch client (see {@link QueueMetrics}).
   *
   * @param queueName - the queue.
   * @param window - {@link MetricWindow}.
   * @returns the number of messages sent (0 when CloudWatch has no datapoint).
   * @throws {@link bluegreen-toolkit!ConfigError} for an empty queue name or a bad window (nothing is called).
   *
   * @remarks IAM: `cloudwatch:GetMetricData`.
   *
   * @example
   * ```ts
   * import { CloudWatchTools } from 'bluegreen-toolkit/cloudwatch';
   *
   * const cloudwatch = new CloudWatchTools({ alarms, clientConfig: { region: 'eu-west-1' } });
   * const sent = await cloudwatch.queueMessagesSent('orders-blue', { from: Date.now() - 120_000, to: Date.now(), periodSeconds: 60 });
   * ```
   */
  queueMessagesSent(queueName: string, window: MetricWindow): Promise<number> {
    return queueMessagesSent(this.client, queueName, window);
  }

  async #toggle(ref: StackReference, options: AlarmActionsOptions, enable: boolean): Promise<AlarmActionsResult> {
    const stack = this.parseRef(ref);
    const opts = requireObject(options, 'options');
    const concurrency =
      opts.concurrency === undefined ? this.#concurrency : requireInteger(opts.concurrency, 'options.concurrency', { min: 1, max: 50 });
    // `only`: the flip's exact undo switches back just the alarms it changed (the rest were already so before it).
    const only = parseOnly(opts.only);
    const wanted = (a: AlarmState) => only === undefined || only.has(a.name);
    // Pipelined: each DescribeAlarms page's alarms that need the change are queued at once, and every full batch of
    // 100 goes out while the next page is read, so only the last batch waits for the last page (pages + 1 round trips).
    // The batcher never sends an empty list (an empty todo list sends nothing) nor a name twice.
    const batches = new BatchPipeline(BATCH, concurrency, (names) =>
      this.client.send(
        enable ? new EnableAlarmActionsCommand({ AlarmNames: names }) : new DisableAlarmActionsCommand({ AlarmNames: names }),
      ),
    );
    let found: { alarms: AlarmState[]; missing: string[] };
    try {
      found = await this.#describe(stack, (page) =>
        batches.add(page.filter((a) => wanted(a) && a.actionsEnabled !== enable).map((a) => a.name)),
      );
    } catch (error) {
      // A read failed part-way: let the batches already sent finish (each is a complete, idempotent call), then fail.
      await batches.settle();
      throw error;
    }
    await batches.finish();
    const alarms = found.alarms.filter(wanted);
    const missing = only ? found.missing.filter((name) => only.has(name)) : found.missing;
    const todo = alarms.filter((a) => batches.has(a.name)).map((a) => a.name);
    const already = alarms.filter((a) => !batches.has(a.name)).map((a) => a.name);
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

  /**
   * Every alarm of the stack (prefix pages, then explicit names in chunks of 100), de-duplicated and sorted.
   * `onPage` sees each page's newly found alarms as soon as the page arrives.
   */
  async #describe(
    stack: StackReference,
    onPage: (alarms: AlarmState[]) => void = () => undefined,
  ): Promise<{ alarms: AlarmState[]; missing: string[] }> {
    const selector = pick(this.#alarms, stack);
    const found = new Map<string, AlarmState>();
    const collect = (page: AlarmState[]) => {
      const fresh = page.filter((alarm) => !found.has(alarm.name));
      for (const alarm of page) found.set(alarm.name, alarm);
      onPage(fresh);
    };
    if (selector.prefix !== undefined) {
      const suffix = selector.suffix;
      await this.#pages({ AlarmNamePrefix: selector.prefix }, (page) =>
        collect(suffix === undefined ? page : page.filter((alarm) => alarm.name.endsWith(suffix))),
      );
    }
    const names = selector.names ?? [];
    for (const batch of chunk(
      names.filter((n) => !found.has(n)),
      BATCH,
    )) {
      await this.#pages({ AlarmNames: batch }, collect);
    }
    const missing = names.filter((n) => !found.has(n));
    const alarms = [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { alarms, missing };
  }

  /**
   * One DescribeAlarms query, all pages (the SDK's `paginateDescribeAlarms`, 100 per page — `MaxRecords` is 1–100,
   * DescribeAlarms in the CloudWatch API Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
   * — with a loop guard), metric and composite alarms, each page handed to `onPage` as it arrives.
   */
  async #pages(
    query: Pick<DescribeAlarmsCommandInput, 'AlarmNamePrefix' | 'AlarmNames'>,
    onPage: (alarms: AlarmState[]) => void,
  ): Promise<void> {
    const pages = paginateDescribeAlarms(
      { client: this.client, pageSize: BATCH, stopOnSameToken: true },
      { ...query, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
    );
    for await (const page of guardedPages(pages, 'CloudWatchTools: DescribeAlarms', this.logger)) {
      const out: AlarmState[] = [];
      for (const a of page.MetricAlarms ?? []) out.push(toState(a, 'metric'));
      for (const a of page.CompositeAlarms ?? []) out.push(toState(a, 'composite'));
      onPage(out);
    }
  }
}

function toState(alarm: { AlarmName?: string; StateValue?: string; ActionsEnabled?: boolean }, type: AlarmState['type']): AlarmState {
  const state = alarm.StateValue === 'ALARM' || alarm.StateValue === 'OK' ? alarm.StateValue : 'INSUFFICIENT_DATA';
  return { name: alarm.AlarmName ?? '', type, state, actionsEnabled: alarm.ActionsEnabled ?? true };
}

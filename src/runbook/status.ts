import { ConfigError, mapLimit, StackReference } from '../core/index.js';
import type { StackSection } from './stack-config.js';
import type { StackTools } from './stack-tools.js';

/**
 * One line of the status board: a label and the value for each stack.
 *
 * @example
 * ```ts
 * import { createStackTools, getStatusBoard, loadStackConfig, type StatusRow } from 'bluegreen-toolkit/runbook';
 *
 * const board = await getStatusBoard(await createStackTools(await loadStackConfig('stack.json')));
 * const sqsRows: StatusRow[] = board.rows.filter((row) => row.section === 'sqs');
 * for (const { label, blue, green } of sqsRows) console.log(`${label}: blue ${blue} | green ${green}`);
 * ```
 */
export interface StatusRow {
  /** The service section. */
  section: StackSection;
  /** What the row shows, for example "cluster" or "queue depth" (`status` when the section could not be read). */
  label: string;
  /** The blue stack's value; `error: …` when it could not be read, `-` when that stack has no such row. */
  blue: string;
  /** The green stack's value; `error: …` when it could not be read, `-` when that stack has no such row. */
  green: string;
}

/**
 * Both stacks side by side: per service, what a person checks before and after a flip, plus the raw values for machines.
 *
 * @example
 * ```ts
 * const board = await getStatusBoard(await createStackTools(config));
 * console.log(renderStatusBoard(board));
 * ```
 */
export interface StatusBoard {
  /** When it was read. */
  at: string;
  /** The rows, in service order. */
  rows: StatusRow[];
  /** The raw values each row was made from, per stack and section (for `--json`). */
  raw: Record<'blue' | 'green', Partial<Record<StackSection, unknown>>>;
  /** Names of alarms in ALARM per stack (empty when none or CloudWatch is not configured). */
  inAlarm: Record<'blue' | 'green', string[]>;
}

type Reader = (tools: StackTools, ref: StackReference) => Promise<{ raw: unknown; cells: [string, string][] } | undefined>;

const count = (items: { enabled?: boolean }[]) => `${items.filter((i) => i.enabled).length}/${items.length} enabled`;

const READERS: [StackSection, Reader][] = [
  [
    'aurora',
    async ({ aurora }, ref) => {
      if (!aurora) return undefined;
      // One DescribeDBClusters: the state already carries the reader count.
      const state = await aurora.getClusterState(ref);
      const readers = state.readerCount;
      return {
        raw: { ...state, readers },
        cells: [
          ['cluster', String(state.status)],
          ['readers', String(readers)],
        ],
      };
    },
  ],
  [
    'dynamodb',
    async ({ dynamodb }, ref) => {
      if (!dynamodb) return undefined;
      const table = await dynamodb.describeTable(ref);
      return { raw: table, cells: [['table', table ? String(table.TableStatus) : 'absent']] };
    },
  ],
  [
    'sqs',
    async ({ sqs }, ref) => {
      if (!sqs) return undefined;
      const depth = await sqs.getQueueDepth(ref);
      return {
        raw: depth,
        cells: depth.queues.map(
          (q) =>
            [
              `${q.role === 'dlq' ? 'DLQ' : 'queue'} depth`,
              `${q.total} (visible ${q.visible}, in flight ${q.inFlight}, delayed ${q.delayed})`,
            ] as [string, string],
        ),
      };
    },
  ],
  [
    'sns',
    async ({ sns }, ref) => {
      if (!sns) return undefined;
      const subs = await sns.getSubscriptionStates(ref);
      return { raw: subs, cells: [['subscriptions', count(subs)]] };
    },
  ],
  [
    'kinesis',
    async ({ kinesis }, ref) => {
      if (!kinesis) return undefined;
      const consumer = await kinesis.describeConsumer(ref);
      return { raw: consumer, cells: [['consumer', consumer ? String(consumer.status) : 'not registered']] };
    },
  ],
  [
    'lambda',
    async ({ lambda, eventbridge }, ref) => {
      if (!lambda) return undefined;
      const [mappings, rules] = await Promise.all([lambda.listEventSourceMappings(ref), eventbridge?.listRules(ref)]);
      return {
        raw: { mappings, ...(rules ? { rules } : {}) },
        cells: [
          ['event source mappings', `${mappings.filter((m) => m.state === 'Enabled').length}/${mappings.length} enabled`],
          ...(rules ? [['rules', `${rules.filter((r) => r.enabled).length}/${rules.length} enabled`] as [string, string]] : []),
        ],
      };
    },
  ],
  [
    'cloudwatch',
    async ({ cloudwatch }, ref) => {
      if (!cloudwatch) return undefined;
      const states = await cloudwatch.getAlarmStates(ref);
      return {
        raw: states,
        cells: [
          ['alarm actions', `${states.alarms.filter((a) => a.actionsEnabled).length}/${states.alarms.length} enabled`],
          ['in ALARM', states.inAlarm.length ? states.inAlarm.join(', ') : 'none'],
        ],
      };
    },
  ],
  [
    'ecs',
    async ({ ecs }, ref) => {
      if (!ecs) return undefined;
      const service = await ecs.getServiceState(ref);
      return { raw: service, cells: [['service desired/running', `${service.desiredCount}/${service.runningCount}`]] };
    },
  ],
];

/**
 * Options of {@link getStatusBoard}.
 *
 * @example
 * ```ts
 * import { createStackTools, getStatusBoard, loadStackConfig, type StatusBoardOptions } from 'bluegreen-toolkit/runbook';
 *
 * const tools = await createStackTools(await loadStackConfig('stack.json'));
 * const options: StatusBoardOptions = { concurrency: 4 }; // at most 4 sections read at once
 * const board = await getStatusBoard(tools, options);
 * ```
 */
export interface StatusBoardOptions {
  /** How many (section, stack) reads run at once (default 16: every section of both stacks of a full stack.json). */
  concurrency?: number;
}

/**
 * Reads the status of both stacks. Every (section, stack) pair is read concurrently (bounded by
 * `options.concurrency`), so the board takes about as long as its slowest section rather than the sum of all of them.
 * A value that cannot be read shows as `error: …` in its cell instead of failing the whole board.
 *
 * @param tools - the stack's tools ({@link createStackTools}, or tool instances you built).
 * @param options - `concurrency` (default 16).
 *
 * @example
 * ```ts
 * import { createStackTools, getStatusBoard, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const board = await getStatusBoard(await createStackTools(await loadStackConfig('stack.json')));
 * if (board.inAlarm.green.length) process.exitCode = 1;
 * ```
 */
export async function getStatusBoard(tools: StackTools, options: StatusBoardOptions = {}): Promise<StatusBoard> {
  const board: StatusBoard = { at: new Date().toISOString(), rows: [], raw: { blue: {}, green: {} }, inAlarm: { blue: [], green: [] } };
  const limit = options.concurrency ?? 16;
  if (!Number.isInteger(limit) || limit < 1) throw new ConfigError(`options.concurrency must be a positive integer, got ${String(limit)}.`);
  const refs = [StackReference.Blue, StackReference.Green];
  const jobs = READERS.flatMap(([, read]) => refs.map((ref) => ({ read, ref })));
  const results = await mapLimit(jobs, limit, async ({ read, ref }) => {
    try {
      return await read(tools, ref);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { raw: { error: message }, cells: [['status', `error: ${message.slice(0, 120)}`]] as [string, string][] };
    }
  });
  READERS.forEach(([section], i) => {
    const blue = results[2 * i];
    const green = results[2 * i + 1];
    if (!blue || !green) return;
    board.raw.blue[section] = blue.raw;
    board.raw.green[section] = green.raw;
    const labels = [...new Set([...blue.cells.map((c) => c[0]), ...green.cells.map((c) => c[0])])];
    for (const label of labels) {
      board.rows.push({
        section,
        label,
        blue: blue.cells.find((c) => c[0] === label)?.[1] ?? '-',
        green: green.cells.find((c) => c[0] === label)?.[1] ?? '-',
      });
    }
  });
  for (const ref of ['blue', 'green'] as const) {
    const cw = board.raw[ref].cloudwatch as { inAlarm?: string[] } | undefined;
    board.inAlarm[ref] = Array.isArray(cw?.inAlarm) ? cw.inAlarm : [];
  }
  return board;
}

/**
 * Renders a {@link StatusBoard} as a plain-text table, blue and green side by side.
 *
 * @example
 * ```ts
 * import { renderStatusBoard } from 'bluegreen-toolkit/runbook';
 *
 * console.log(renderStatusBoard(board));
 * ```
 */
export function renderStatusBoard(board: StatusBoard): string {
  const header = ['service', 'what', 'blue', 'green'];
  const rows = board.rows.map((r) => [r.section, r.label, r.blue, r.green]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

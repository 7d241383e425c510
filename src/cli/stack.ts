import { parseStackReference } from '../core/index.js';
import {
  type CliIo,
  type CommandGroup,
  envCredentials,
  envRegion,
  hintFor,
  inConfigFile,
  parseDuration,
  parseFlags,
  reportError,
  UsageError,
} from './args.js';

const STATUS_HELP = `Usage: bluegreen status --config <stack.json|stack.js> [--json] [--region <r>] [--endpoint <url>]

Prints both stacks side by side: cluster state and readers, queue depths, subscriptions, Kinesis consumers,
event source mappings and rules, alarm actions and alarms in ALARM, ECS desired/running.

Options:
  --config <file>    the stack config (JSON, or a JS/TS module exporting it)
  --json             print the board as JSON (rows and raw values) for machines
  --region <r>       AWS region (overrides the config)
  --endpoint <url>   custom endpoint (for example a local emulator)
  --help             show this help

Exit codes: 0 the board was read (cells that could not be read show 'error: …'); 1 no cell could be read (every
cell is an error: credentials, network, region); 2 usage or config error.
`;

const FLIP_HELP = `Usage: bluegreen flip --config <file> --to <blue|green> [--phase prepare|finish|all] [--dry-run]
                     [--resume-from <step>] [--no-undo] [--purge-old-queues [--purge-old-dlq]] [--keep-database] [--json]

Runs the whole-stack flip towards --to under the pair's lease (stack.json "lock": { "tableName" }), printing each
step as it starts, waits, finishes or is undone. When a step fails, the failed step and the completed ones are undone
in reverse order (steps that found everything in place are left as they were) and the command exits 1; what could
not be restored is listed. A second flip of the same pair exits 1 at once, naming the holder, changing nothing.

Options:
  --config <file>          the stack config
  --to <stack>             the stack that becomes live (blue or green)
  --phase <phase>          prepare (PRE_TRAFFIC part), finish (POST_TRAFFIC part) or all (default)
  --dry-run                make the read-only calls, print every mutating call that would be made, make none
  --resume-from <step>     start at this step (see --plan)
  --plan                   print the steps (with their waits), what is recorded as done, and exit
  --purge-old-queues       purge the old stack's queue at the end (destructive; off by default)
  --purge-old-dlq          with --purge-old-queues, its DLQ too (destructive; off by default)
  --no-purge               never purge (overrides --purge-old-queues)
  --keep-database          do not stop the old stack's database
  --dwell <seconds>        SNS propagation dwell after each subscription change (default 900: up to 15 minutes)
  --drain-window <seconds> how long the old queue must read empty (default 60)
  --max-wait <duration>    bound for each waiting step (e.g. 90s, 10m; default: each tool's own, 600s for ECS)
  --drain-wait <duration>  how long to wait in all for the old queues to drain (default 30m)
  --no-undo                on failure, leave the steps applied (fix, then --resume-from the failed step)
  --no-lock                run without the lease even when the config names a lock table (unsafe)
  --region <r>, --endpoint <url>   client settings
  --json                   print events and the report as JSON lines
  --help                   show this help

Exit codes: 0 the flip (or --plan, --dry-run) finished; 1 a step failed (the failed and completed steps were undone
unless --no-undo), another flip holds the lease, or an AWS call failed; 2 usage or config error (nothing was called).
`;

export async function loadConfig(values: { config?: string; region?: string; endpoint?: string }, io: CliIo) {
  if (!values.config) throw new UsageError('--config <file> is required.');
  const { loadStackConfig } = await import('../runbook/stack-config.js');
  if (values.endpoint !== undefined && !/^https?:\/\/\S+$/.test(values.endpoint))
    throw new UsageError(`--endpoint '${values.endpoint}' is not an http(s) URL, e.g. http://localhost:5000.`);
  const config = await loadStackConfig(values.config);
  if (values.endpoint) config.endpoint = values.endpoint;
  const region = envRegion(values.region, io.env) ?? config.region;
  const credentials = envCredentials(io.env);
  // The config's region wins over the environment's unless --region is given.
  const clientConfig = { ...(values.region || !config.region ? { region } : {}), ...(credentials ? { credentials } : {}) };
  // Each section is validated by its tool's constructor (no AWS call): name the file and section in its errors.
  const { createStackTools } = await import('../runbook/stack-tools.js');
  try {
    await createStackTools(config, { clientConfig });
  } catch (error) {
    throw inConfigFile(error, values.config, config);
  }
  return { config, clientConfig };
}

/** `bluegreen status`. */
export const statusCommand: CommandGroup = {
  name: 'status',
  summary: 'show both stacks side by side (--json for machines)',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(args, {
      config: { type: 'string' },
      json: { type: 'boolean' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(STATUS_HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}': status takes only options.`);
    const { config, clientConfig } = await loadConfig(values, io);
    const { createStackTools } = await import('../runbook/stack-tools.js');
    const { getStatusBoard, renderStatusBoard } = await import('../runbook/status.js');
    const board = await getStatusBoard(await createStackTools(config, { clientConfig }));
    io.stdout(values.json ? `${JSON.stringify(board, null, 2)}\n` : `${renderStatusBoard(board)}\n`);
    if (!everyCellFailed(board)) return 0;
    const first = board.rows.find((r) => r.blue.startsWith('error:'))?.blue.slice(7) ?? '';
    const hint = hintFor(new Error(first));
    io.stderr(`bluegreen status: no value could be read (${first})${hint ? `\nhint: ${hint}` : ''}\n`);
    return 1;
  },
};

/** Whether no value of the board could be read (every cell that is not `-` is an `error: …`). */
export function everyCellFailed(board: { rows: { blue: string; green: string }[] }): boolean {
  const cells = board.rows.flatMap((r) => [r.blue, r.green]).filter((c) => c !== '-');
  return cells.length > 0 && cells.every((c) => c.startsWith('error:'));
}

/** `bluegreen flip`. */
export const flipCommand: CommandGroup = {
  name: 'flip',
  summary: 'run the whole-stack flip (prepare, finish or all) with undo on failure; --dry-run to preview',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(args, {
      config: { type: 'string' },
      to: { type: 'string' },
      'max-wait': { type: 'string' },
      'drain-wait': { type: 'string' },
      phase: { type: 'string', default: 'all' },
      'dry-run': { type: 'boolean' },
      'resume-from': { type: 'string' },
      plan: { type: 'boolean' },
      'no-purge': { type: 'boolean' },
      'purge-old-queues': { type: 'boolean' },
      'purge-old-dlq': { type: 'boolean' },
      'keep-database': { type: 'boolean' },
      dwell: { type: 'string' },
      'drain-window': { type: 'string' },
      'no-undo': { type: 'boolean' },
      'no-lock': { type: 'boolean' },
      json: { type: 'boolean' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(FLIP_HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}': use --to <blue|green>.`);
    if (!values.to) throw new UsageError('--to <blue|green> is required.');
    const target = parseStackReference(values.to, '--to');
    const phase = values.phase as string;
    if (!['prepare', 'finish', 'all'].includes(phase)) throw new UsageError(`--phase must be prepare, finish or all, got '${phase}'.`);
    const maxWait = values['max-wait'] === undefined ? undefined : parseDuration(values['max-wait'], '--max-wait') / 1000;
    const drainWait = values['drain-wait'] === undefined ? undefined : parseDuration(values['drain-wait'], '--drain-wait') / 1000;
    const { config, clientConfig } = await loadConfig(values, io);
    const { bluegreenFlip } = await import('../runbook/flip-from-config.js');
    const { DryRunRecorder } = await import('../core/dry-run.js');
    const json = Boolean(values.json);
    const recorder = values['dry-run']
      ? new DryRunRecorder((call) => {
          if (json)
            io.stdout(`${JSON.stringify({ type: 'dry-run-call', client: call.client, operation: call.operation, input: call.input })}\n`);
          else io.stdout(`    would call ${call.client.replace(/Client$/, '')}.${call.operation} ${JSON.stringify(call.input)}\n`);
        })
      : undefined;
    const dwell = seconds(values.dwell, '--dwell');
    const window = seconds(values['drain-window'], '--drain-window');
    if (values['purge-old-dlq'] && !values['purge-old-queues']) throw new UsageError('--purge-old-dlq needs --purge-old-queues.');
    if (!config.lock && !values['no-lock'] && !recorder)
      io.stderr(
        'warning: no lock table in the stack config ("lock": { "tableName": … }, see infra/lock-table.yaml): a second flip of this pair could run at the same time and leave both stacks or neither live, and a re-run cannot know what an earlier run finished.\n',
      );
    const flip = bluegreenFlip(config, {
      clientConfig,
      dryRun: recorder,
      ...(maxWait === undefined ? {} : { wait: { maxWaitTime: maxWait } }),
      purgeOldQueues: Boolean(values['purge-old-queues']) && !values['no-purge'],
      purgeOldDlq: Boolean(values['purge-old-dlq']),
      stopOldDatabase: !values['keep-database'],
      ...(dwell !== undefined ? { propagationDwellSeconds: dwell } : {}),
      ...(window !== undefined || drainWait !== undefined
        ? {
            drain: {
              ...(window === undefined ? {} : { windowSeconds: window }),
              ...(drainWait === undefined ? {} : { maxWaitTime: drainWait }),
            },
          }
        : {}),
      ...(values['no-lock'] ? { lock: false as const } : {}),
      onEvent: (event) => {
        if (json) {
          io.stdout(`${JSON.stringify({ ...event, error: event.error instanceof Error ? event.error.message : event.error })}\n`);
          return;
        }
        const time = event.durationMs === undefined ? '' : ` (${(event.durationMs / 1000).toFixed(1)}s)`;
        const mark: Record<string, string> = {
          started: '→',
          waiting: '…',
          warning: '!',
          'undo-retry': '↻',
          'not-reversed': '=',
          done: '✔',
          already: '=',
          failed: '✖',
          skipped: '·',
          'undo-started': '↶',
          undone: '↶',
          'undo-failed': '✖',
          'no-undo': '!',
        };
        const suffix =
          event.type === 'failed' || event.type === 'undo-failed' || event.type === 'warning' || event.type === 'undo-retry'
            ? `: ${event.error instanceof Error ? event.error.message : String(event.error)}`
            : event.message
              ? `: ${event.message}`
              : '';
        io.stdout(`  ${mark[event.type] ?? ' '} [${event.index}/${event.total}] ${event.type.padEnd(12)} ${event.step}${time}${suffix}\n`);
      },
    });
    const flipPhase = phase as 'prepare' | 'finish' | 'all';
    if (values.plan) {
      const plan = await flip.plan(flipPhase, target);
      const lines = plan.steps.map((step, i) => {
        const waits = [step.settle ? `waits for ${step.settle.description}` : '', step.dwellSeconds ? `dwell ${step.dwellSeconds}s` : '']
          .filter(Boolean)
          .join(', ');
        const done = plan.skip.includes(step.name) ? ' [done by an earlier run]' : '';
        return `${i + 1}. ${step.name}${waits ? ` (${waits})` : ''}${step.bestEffort ? ' [best effort]' : ''}${done}`;
      });
      for (const note of plan.notes) lines.push(`note: ${note}`);
      lines.push(
        `AWS shows: ${plan.observed.live} live (blue: ${plan.observed.blue.evidence.join(', ') || '-'}; green: ${plan.observed.green.evidence.join(', ') || '-'})`,
      );
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    }
    try {
      const report = await flip.run(flipPhase, target, {
        ...(values['resume-from'] ? { from: values['resume-from'] } : {}),
        undoOnFailure: !values['no-undo'],
      });
      for (const w of report.warnings) io.stderr(`warning: ${w.step}: ${w.message}\n`);
      if (json) io.stdout(`${JSON.stringify({ type: 'report', ...report })}\n`);
      else
        io.stdout(
          `flip ${phase} → ${target} finished in ${(report.durationMs / 1000).toFixed(1)}s${recorder ? `; ${recorder.calls.length} mutating calls recorded, none sent` : ''}\n`,
        );
      return 0;
    } catch (error) {
      return reportError(error, 'flip', io);
    }
  },
};

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number of seconds >= 0, got '${value}'.`);
  return n;
}

import { type CliIo, type CommandGroup, envCredentials, envRegion, parseFlags, UsageError } from './args.js';

const HELP = `Usage: bluegreen flip --durable-status <execution-arn> [options]
       bluegreen durable status <execution-arn> [options]

Shows where a durable flip (bluegreen-toolkit/durable) is: the execution's status, every step, settle condition and
dwell that finished (from the execution history), and the current one — a step running, a condition being polled,
or a wait with the time it ends.

Options:
  --json               print the status as one JSON object
  --region <region>    AWS region (default: AWS_REGION / AWS_DEFAULT_REGION, else the region in the ARN)
  --endpoint <url>     Lambda endpoint (default: the AWS endpoint; also AWS_ENDPOINT_URL_LAMBDA)
  --help, -h           show this help

Exit codes: 0 succeeded or running, 1 failed, timed out or stopped (or an AWS call failed), 2 usage error.

IAM: lambda:GetDurableExecution, lambda:GetDurableExecutionHistory.
`;

/** `bluegreen durable status <arn>` (also reached as `bluegreen flip --durable-status <arn>`). */
export const command: CommandGroup = {
  name: 'durable',
  summary: 'show where a durable flip is: finished steps and waits, the current wait (status <execution-arn>)',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(HELP);
      return sub === undefined ? 2 : 0;
    }
    try {
      if (sub === 'status') return await status(rest, io);
      throw new UsageError(`unknown command '${sub}': use 'status <execution-arn>'.`);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`bluegreen durable: ${error.message}\nRun 'bluegreen durable --help' for usage.\n`);
      return 2;
    }
  },
};

/** Rewrites `flip --durable-status <arn> …` to `status <arn> …`, or undefined when the flag is absent. */
export function fromFlipArgs(args: string[]): string[] | undefined {
  const at = args.findIndex((a) => a === '--durable-status' || a.startsWith('--durable-status='));
  if (at < 0) return undefined;
  const flag = args[at] as string;
  const value = flag.includes('=') ? [flag.slice(flag.indexOf('=') + 1)] : args.slice(at + 1, at + 2);
  return ['status', ...value, ...args.slice(0, at), ...args.slice(at + (flag.includes('=') ? 1 : 2))];
}

async function status(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    json: { type: 'boolean' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`status needs exactly one <execution-arn>, got ${positionals.length}.`);
  const arn = positionals[0] as string;
  const fromArn = /^arn:[^:]+:lambda:([^:]+):/.exec(arn)?.[1];
  if (!fromArn)
    throw new UsageError(
      `'${arn}' is not a durable execution ARN (arn:aws:lambda:region:account:function:name:alias/durable-execution/…).`,
    );
  const region = envRegion(values.region, io.env) ?? fromArn;
  const endpoint = values.endpoint ?? io.env.AWS_ENDPOINT_URL_LAMBDA;
  const credentials = envCredentials(io.env);
  const { getDurableFlipStatus, renderDurableFlipStatus } = await import('../durable/status.js');
  const result = await getDurableFlipStatus(arn, {
    clientConfig: { region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) },
  });
  io.stdout(values.json ? `${JSON.stringify(result)}\n` : renderDurableFlipStatus(result));
  return result.status === 'SUCCEEDED' || result.status === 'RUNNING' ? 0 : 1;
}

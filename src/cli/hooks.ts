import { spawn } from 'node:child_process';
import type {
  HookReleaseError,
  ReleaseSummary,
  RunContext,
  RunResult,
  WaitForHooksOptions,
  WaitProgress,
} from '../external-hook/hook-runner.js';
import type { ReadyHook } from '../external-hook/transport.js';
import type { HookResult, ReleaseRequest } from '../external-hook/types.js';
import { type CliIo, type CommandGroup, envCredentials, envRegion, parseDuration, parseFlags, UsageError } from './args.js';

const COMMON_HELP = `Where the hooks are (one of):
  --api-url <url>        the hook API (stack output ApiUrl); env BLUEGREEN_HOOK_API_URL. Requests are SigV4-signed
                         with the default AWS credentials (AWS_ACCESS_KEY_ID/…, profile, SSO, role)
  --table <name>         direct mode: the DynamoDB hook table; env BLUEGREEN_HOOK_TABLE
  --region <region>      AWS region (default AWS_REGION, or the API host's region)

Which hooks:
  --app <name>           CodeDeploy application
  --stage <stage>        PRE_TRAFFIC, POST_TRAFFIC, or a lifecycle event (BeforeInstall, AfterInstall,
                         AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic)
  --group <name>         deployment group (repeat for several)
  --deployment-id <id>   only hooks of this deployment`;

const HELP = `Usage: bluegreen hooks <wait|release|run> [options]

Park-and-release CodeDeploy hooks from CI (see docs/external-hooks.md).

  bluegreen hooks wait    --app A --stage S --group G [--timeout 45m] [--json]
      waits until every group's hook is parked; prints progress; exit 0, or 1 on timeout
  bluegreen hooks release --app A --stage S --group G --result SUCCESS|FAILURE
      releases the current (InProgress) deployment's hooks; a hook released before with the same result counts as
      released; exit 1 when a group did not get the asked result (nothing parked, released with the other result,
      CodeDeploy refused)
  bluegreen hooks run     --app A --stage S --group G [--timeout 45m] -- <command> [args...]
      waits, runs the command (its output streamed), releases SUCCESS only when it exits 0 and FAILURE on a
      non-zero exit, timeout, SIGINT or SIGTERM; exit code = the command's (124 on timeout, 130/143 on signals)

${COMMON_HELP}

Options:
  --timeout <duration>   wait (and for run: wait + command) at most this long, e.g. 90s, 45m, 1h (default 1h)
  --help                 show this help
`;

const SUB_HELP: Record<'wait' | 'release' | 'run', string> = {
  wait: `Usage: bluegreen hooks wait --app A --stage S --group G [--group G2 …] [--timeout 45m] [--json]

Waits until every group's hook of the current (InProgress) deployment is parked, printing progress.
Exit code: 0 when every hook is parked, 1 on timeout or an unreachable hook API / AWS failure, 2 for usage errors.

${COMMON_HELP}

Options:
  --timeout <duration>   wait at most this long, e.g. 90s, 45m, 1h (default 1h)
  --json                 print progress and the result as JSON lines
  --help                 show this help
`,
  release: `Usage: bluegreen hooks release --app A --stage S --group G [--group G2 …] --result SUCCESS|FAILURE [--json]

Releases the current (InProgress) deployment's parked hooks with the result (one
PutLifecycleEventHookExecutionStatus per hook). A hook released before with the same result counts as released.
Exit code: 0 when every group got the asked result; 1 when a group did not (nothing parked, released with the other
result, CodeDeploy refused) or AWS failed; 2 for usage errors.

${COMMON_HELP}

Options:
  --result <result>      SUCCESS or FAILURE
  --json                 print the result as JSON
  --help                 show this help
`,
  run: `Usage: bluegreen hooks run --app A --stage S --group G [--group G2 …] [--timeout 45m] -- <command> [args...]

Waits for the hooks, runs the command (its output streamed), then releases SUCCESS only when it exits 0, and FAILURE on
a non-zero exit, timeout, SIGINT or SIGTERM. Each tested deployment is released by its id.
Exit code: the command's own (124 on timeout, 130/143 on SIGINT/SIGTERM); 1 when the release failed; 2 for usage
errors.

${COMMON_HELP}

Options:
  --timeout <duration>   wait + command at most this long, e.g. 90s, 45m, 1h (default 1h)
  --json                 print progress and the result as JSON lines
  --help                 show this help
`,
};

const FLAGS = {
  'api-url': { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  app: { type: 'string' },
  stage: { type: 'string' },
  group: { type: 'string', multiple: true },
  'deployment-id': { type: 'string' },
  timeout: { type: 'string' },
  result: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

/** `bluegreen hooks`: wait for, release, or wait-run-release parked CodeDeploy hooks. */
export const command: CommandGroup = {
  name: 'hooks',
  summary: 'wait for parked CodeDeploy hooks, run the deployment tests, release them (SUCCESS/FAILURE)',
  async run(args: string[], io: CliIo): Promise<number> {
    try {
      return await runHooks(args, io);
    } catch (error) {
      // Matched by name, not instanceof: under some loaders (a CJS test runner importing this ESM module lazily) the
      // error classes exist twice. Bad flags and bad values (an unknown stage, a malformed name) are usage errors.
      const name = (error as Error | null)?.name;
      if (name === 'UsageError' || name === 'ConfigError') {
        const sub = ['wait', 'release', 'run'].includes(args[0] as string) ? ` ${args[0]}` : '';
        io.stderr(`bluegreen hooks${sub}: ${(error as Error).message}\nRun 'bluegreen hooks${sub} --help' for usage.\n`);
        return 2;
      }
      throw error;
    }
  },
};

async function runHooks(args: string[], io: CliIo): Promise<number> {
  {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(HELP);
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'wait' && sub !== 'release' && sub !== 'run')
      throw new UsageError(`unknown subcommand '${sub}': use wait, release or run.`);
    const dash = rest.indexOf('--');
    const flagArgs = dash === -1 ? rest : rest.slice(0, dash);
    const commandLine = dash === -1 ? [] : rest.slice(dash + 1);
    const { values, positionals } = parseFlags(flagArgs, FLAGS);
    if (values.help) {
      io.stdout(SUB_HELP[sub]);
      return 0;
    }
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0]}'${sub === 'run' ? ": put the command after '--'" : ''}.`);
    const target = readTarget(values, io);
    if (sub === 'release') return release(values, target, io);
    const timeout = values.timeout === undefined ? 3600 : parseDuration(values.timeout, '--timeout') / 1000;
    if (sub === 'wait') return wait(values, target, timeout, io);
    if (commandLine.length === 0) throw new UsageError("hooks run needs a command after '--', e.g. -- npm run e2e");
    return runCommand(values, target, timeout, commandLine, io);
  }
}

interface Target {
  app: string;
  stage: string;
  groups: string[];
  deploymentId?: string;
}

function readTarget(values: Flags, io: CliIo): Target {
  if (!values.app) throw new UsageError('--app is required (the CodeDeploy application).');
  if (!values.stage) throw new UsageError('--stage is required (PRE_TRAFFIC, POST_TRAFFIC or a lifecycle event name).');
  if (!values.group || values.group.length === 0) throw new UsageError('--group is required (repeat it for several deployment groups).');
  const apiUrl = values['api-url'] ?? io.env.BLUEGREEN_HOOK_API_URL;
  const table = values.table ?? io.env.BLUEGREEN_HOOK_TABLE;
  if (apiUrl && table && values['api-url'] && values.table) throw new UsageError('pass --api-url or --table, not both.');
  if (!apiUrl && !table) throw new UsageError('say where the hooks are: --api-url <url> (or BLUEGREEN_HOOK_API_URL) or --table <name>.');
  const t: Target = { app: values.app, stage: values.stage, groups: values.group };
  if (values['deployment-id']) t.deploymentId = values['deployment-id'];
  return t;
}

/** What the subcommands use: the ExternalHookClient's wait / release / run. */
interface HooksClient {
  waitForHooks(options: WaitForHooksOptions): Promise<Record<string, ReadyHook>>;
  release(request: ReleaseRequest): Promise<ReleaseSummary>;
  run<T>(fn: (context: RunContext) => T | Promise<T>, options: WaitForHooksOptions): Promise<RunResult<T>>;
}

/**
 * Loads only what the mode needs: `--api-url` the signed HTTP transport and the wait/release logic (no AWS SDK
 * client: it runs where neither @aws-sdk/client-dynamodb nor client-codedeploy is installed), `--table` the store
 * with its DynamoDB and CodeDeploy clients.
 */
async function createClient(values: Flags, io: CliIo): Promise<HooksClient> {
  const region = envRegion(values.region, io.env);
  const apiUrl = values.table ? undefined : (values['api-url'] ?? io.env.BLUEGREEN_HOOK_API_URL);
  const credentials = envCredentials(io.env);
  if (apiUrl) {
    const [{ HttpHookTransport }, runner, { silentLogger }] = await Promise.all([
      import('../external-hook/http-transport.js'),
      import('../external-hook/hook-runner.js'),
      import('../core/logger.js'),
    ]);
    const transport = new HttpHookTransport({ apiUrl, ...(region ? { region } : {}), ...(credentials ? { credentials } : {}) });
    return {
      waitForHooks: (options) => runner.waitForHooksVia(transport, silentLogger, options),
      release: (request) => runner.releaseVia(transport, request),
      run: (fn, options) => runner.runVia(transport, silentLogger, fn, options),
    };
  }
  const { ExternalHookClient } = await import('../external-hook/client.js');
  const tableName = (values.table ?? io.env.BLUEGREEN_HOOK_TABLE) as string;
  const clientConfig: Record<string, unknown> = {};
  if (region) clientConfig.region = region;
  if (credentials) clientConfig.credentials = credentials;
  return new ExternalHookClient({ tableName, clientConfig });
}

function progressPrinter(io: CliIo, target: Target) {
  let last = '';
  return (p: WaitProgress) => {
    const line = `waiting for ${target.app} ${target.stage} hooks: ${p.ready.length}/${p.ready.length + p.waiting.length} parked (waiting: ${p.waiting.join(', ')}) after ${Math.round(p.elapsedMs / 1000)}s`;
    if (line !== last) io.stderr(`${line}\n`);
    last = line;
  };
}

async function wait(values: Flags, target: Target, timeout: number, io: CliIo): Promise<number> {
  const client = await createClient(values, io);
  try {
    const hooks = await client.waitForHooks({ ...target, timeout, onProgress: progressPrinter(io, target) });
    if (values.json) io.stdout(`${JSON.stringify({ hooks }, null, 2)}\n`);
    else for (const [group, hook] of Object.entries(hooks)) io.stdout(`${group}: parked by deployment ${hook.deploymentId}\n`);
    return 0;
  } catch (error) {
    if (isError(error, 'WaitTimeoutError')) {
      io.stderr(`bluegreen hooks wait: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function release(values: Flags, target: Target, io: CliIo): Promise<number> {
  const result = values.result;
  if (result !== 'SUCCESS' && result !== 'FAILURE') throw new UsageError('--result must be SUCCESS or FAILURE.');
  const client = await createClient(values, io);
  try {
    const summary = await client.release({ ...target, results: Object.fromEntries(target.groups.map((g) => [g, result as HookResult])) });
    printReleases(io, summary.groups);
    return 0;
  } catch (error) {
    if (isError(error, 'HookReleaseError')) {
      printReleases(io, (error as InstanceType<typeof HookReleaseError>).groups);
      io.stderr(`bluegreen hooks release: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function printReleases(
  io: CliIo,
  groups: Record<string, { status: string; result: string; actualResult?: string; message: string }>,
): void {
  for (const [group, r] of Object.entries(groups)) {
    const actual = r.actualResult && r.actualResult !== r.result ? ` (the hook carries ${r.actualResult})` : '';
    io.stdout(`${group}: ${r.status} ${r.result}${actual} (${r.message})\n`);
  }
}

/** Matches errors by name: under some loaders the classes exist twice, so instanceof is not reliable here. */
function isError(error: unknown, name: string): error is Error {
  return error instanceof Error && error.name === name;
}

class CommandFailed extends Error {
  constructor(readonly exitCode: number) {
    super(`the command exited with code ${exitCode}`);
  }
}

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGKILL: 137 };

async function runCommand(values: Flags, target: Target, timeout: number, commandLine: string[], io: CliIo): Promise<number> {
  const client = await createClient(values, io);
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) return;
    received = signal;
    io.stderr(`bluegreen hooks run: received ${signal}, stopping the command and releasing FAILURE\n`);
    controller.abort(new Error(signal));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const s of signals) process.on(s, onSignal);
  try {
    const { release: summary } = await client.run(
      async ({ hooks, signal }) => {
        const deployments = [...new Set(Object.values(hooks).map((h) => h.deploymentId))].join(', ');
        io.stderr(`hooks parked (deployment ${deployments}); running: ${commandLine.join(' ')}\n`);
        const code = await spawnStreaming(commandLine, io, signal, { BLUEGREEN_HOOK_DEPLOYMENT_IDS: deployments });
        if (code !== 0) throw new CommandFailed(code);
      },
      { ...target, timeout, signal: controller.signal, onProgress: progressPrinter(io, target) },
    );
    printReleases(io, summary.groups);
    return 0;
  } catch (error) {
    if (error instanceof CommandFailed) {
      io.stderr(`bluegreen hooks run: ${error.message}; released FAILURE\n`);
      return error.exitCode;
    }
    if (isError(error, 'WaitAbortedError') && received) return SIGNAL_CODES[received] ?? 1;
    if (isError(error, 'WaitTimeoutError')) {
      io.stderr(`bluegreen hooks run: ${error.message}; released FAILURE for every parked hook\n`);
      return 124;
    }
    if (isError(error, 'HookReleaseError')) {
      printReleases(io, (error as InstanceType<typeof HookReleaseError>).groups);
      io.stderr(`bluegreen hooks run: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
  }
}

function spawnStreaming(commandLine: string[], io: CliIo, signal: AbortSignal, extraEnv: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = commandLine as [string, ...string[]];
    const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'pipe'], env: { ...process.env, ...io.env, ...extraEnv } });
    child.stdout?.on('data', (chunk: Buffer) => io.stdout(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => io.stderr(chunk.toString()));
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        force.unref();
      }
    };
    signal.addEventListener('abort', stop, { once: true });
    child.once('error', (error) => {
      signal.removeEventListener('abort', stop);
      reject(new UsageError(`could not start '${file}': ${error.message}`));
    });
    child.once('close', (code, killedBy) => {
      signal.removeEventListener('abort', stop);
      resolve(code ?? (killedBy ? (SIGNAL_CODES[killedBy] ?? 1) : 1));
    });
  });
}

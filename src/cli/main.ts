import { VERSION } from '../core/version.js';
import { type CliIo, type CommandGroup, EXIT, reportError } from './args.js';

/**
 * The command groups of the `bluegreen` CLI, loaded lazily so `bluegreen --help` starts fast and a group only loads
 * the SDK clients it uses.
 */
const GROUPS: Record<string, { summary: string; load: () => Promise<CommandGroup> }> = {
  // Each group lives in its own module: name: { summary, load: () => import('./<group>.js').then((m) => m.command) }
  deployment: {
    summary: 'watch CodeDeploy deployments (exit code = outcome)',
    load: () => import('./deployment.js').then((m) => m.command),
  },
  hooks: {
    summary: 'wait for parked CodeDeploy hooks, run the deployment tests, release them (SUCCESS/FAILURE)',
    load: () => import('./hooks.js').then((m) => m.command),
  },
  status: { summary: 'show both stacks side by side (--json for machines)', load: () => import('./stack.js').then((m) => m.statusCommand) },
  flip: {
    summary: 'run the whole-stack flip with undo on failure (--dry-run to preview)',
    load: () => import('./stack.js').then((m) => m.flipCommand),
  },
  durable: {
    summary: 'where a durable flip is: finished steps and waits, the current wait (also: flip --durable-status <arn>)',
    load: () => import('./durable-status.js').then((m) => m.command),
  },
  lock: { summary: 'show or break the flip lease of the stack pair', load: () => import('./lock.js').then((m) => m.lockCommand) },
};

function topHelp(): string {
  const names = Object.keys(GROUPS).sort();
  const width = Math.max(10, ...names.map((n) => n.length));
  return [
    'Usage: bluegreen <command> [options]',
    '',
    'Whole-stack blue/green deployments on AWS.',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${GROUPS[n]?.summary}`),
    '',
    'Options:',
    '  --help, -h     show help (also: bluegreen help <command>, bluegreen <command> --help)',
    '  --version      print the version',
    '',
    'Exit codes (every command): 0 success, 1 failure (an AWS call failed; see each command for its own codes),',
    '2 usage or config error (nothing was called; the message says what to fix).',
    '',
  ].join('\n');
}

/** The SDK's documented switch for its Node.js end-of-support notice (aws/aws-sdk-js-v3#7983). */
const SDK_NODE_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves with the process exit code: 0 success,
 * 1 failure, 2 usage or config error (see {@link EXIT}). `bluegreen help <command> [sub]` is `<command> [sub] --help`.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // The SDK prints an 8-line notice on Node.js versions it will stop supporting, read from process.env when a client
  // is created ("AWS SDK for JavaScript aligns with Node.js release schedule"; aws/aws-sdk-js-v3#7983 documents
  // AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true). A CLI user cannot act on it; set it unless they chose.
  process.env[SDK_NODE_WARNING] ??= 'true';
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(`bluegreen: a command is required.\n\n${topHelp()}`);
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout(topHelp());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === 'flip' && rest.some((a) => a.startsWith('--durable-status'))) {
    const { fromFlipArgs } = await import('./durable-status.js');
    return main(['durable', ...(fromFlipArgs(rest) ?? [])], io);
  }
  const name = first === 'help' ? (rest[0] as string) : first;
  const args = first === 'help' ? [...rest.slice(1), '--help'] : rest;
  const group = GROUPS[name];
  if (!group) {
    io.stderr(
      `bluegreen: unknown command '${name}': use one of ${Object.keys(GROUPS).sort().join(', ')}. Run 'bluegreen --help' for the list.\n`,
    );
    return EXIT.usage;
  }
  try {
    const command = await group.load();
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, name, io);
  }
}

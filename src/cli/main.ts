import { VERSION } from '../core/version.js';
import { type CliIo, type CommandGroup, UsageError } from './args.js';

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
    '  --help, -h     show help (also: bluegreen <command> --help)',
    '  --version      print the version',
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves with the process exit code: 0 success,
 * 1 failure, 2 usage error.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(topHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (first === 'flip' && rest.some((a) => a.startsWith('--durable-status'))) {
    const { fromFlipArgs } = await import('./durable-status.js');
    return main(['durable', ...(fromFlipArgs(rest) ?? [])], io);
  }
  const group = GROUPS[first];
  if (!group) {
    io.stderr(`bluegreen: unknown command '${first}'. Run 'bluegreen --help' for the list.\n`);
    return 2;
  }
  try {
    const command = await group.load();
    return await command.run(rest, io);
  } catch (error) {
    // By name as well as class: a lazily loaded group may see another copy of args.ts (dual ESM/CJS loading).
    if (error instanceof UsageError || (error instanceof Error && error.name === 'UsageError')) {
      io.stderr(`bluegreen ${first}: ${error.message}\nRun 'bluegreen ${first} --help' for usage.\n`);
      return 2;
    }
    io.stderr(`bluegreen ${first}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return 1;
  }
}

import { type CliIo, type CommandGroup, parseFlags, UsageError } from './args.js';
import { loadConfig } from './stack.js';

const HELP = `Usage: bluegreen lock status --config <file> [--json]
       bluegreen lock break  --config <file> (--lease-id <id> | --force)

The flip lease of the stack pair (stack.json "lock": { "tableName", "lockId"? }).

  status   who holds it (holder, what it is doing, until when), the stack recorded as live, the last flip's progress
  break    remove the holder, for a flip that crashed and whose lease has not expired yet. Check first that the holder
           is really gone (bluegreen lock status): breaking the lease of a running flip lets a second flip run at the
           same time. --lease-id breaks only that holder's lease; --force breaks whoever holds it.

Options:
  --config <file>    the stack config
  --json             print the record as JSON
  --lease-id <id>    (break) the lease id shown by status
  --force            (break) break whoever holds it
  --region <r>, --endpoint <url>   client settings
  --help             show this help

Exit code: 0; 1 when break found nothing to break; 2 for usage errors (also when the config names no lock table).
`;

/** `bluegreen lock status|break`. */
export const lockCommand: CommandGroup = {
  name: 'lock',
  summary: 'show or break the flip lease of the stack pair',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlags(args, {
      config: { type: 'string' },
      json: { type: 'boolean' },
      'lease-id': { type: 'string' },
      force: { type: 'boolean' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help || positionals.length === 0) {
      io.stdout(HELP);
      return values.help ? 0 : 2;
    }
    const action = positionals[0];
    if (action !== 'status' && action !== 'break') throw new UsageError(`Unknown lock action '${action}': use status or break.`);
    if (action === 'break' && !values['lease-id'] && !values.force)
      throw new UsageError('lock break needs --lease-id <id> (from `bluegreen lock status`) or --force.');
    const { config, clientConfig } = await loadConfig(values, io);
    const { bluegreenFlip } = await import('../runbook/flip-from-config.js');
    const lease = bluegreenFlip(config, { clientConfig }).lease();
    if (!lease) throw new UsageError('The stack config names no lock table: add "lock": { "tableName": "…" } (see infra/lock-table.yaml).');
    if (action === 'status') {
      const record = await lease.read();
      if (values.json) {
        io.stdout(`${JSON.stringify(record ?? { lockId: lease.lockId, held: false }, null, 2)}\n`);
        return 0;
      }
      if (!record) {
        io.stdout(`lock ${lease.lockId} (table ${lease.tableName}): never taken\n`);
        return 0;
      }
      const lines = [`lock ${record.lockId} (table ${lease.tableName})`];
      if (record.leaseId) {
        const until = new Date(record.expiresAt ?? 0).toISOString();
        lines.push(
          record.held
            ? `  held by ${record.holder} (lease id ${record.leaseId}) until ${until}${record.intent ? `, flipping to ${record.intent.target} (${record.intent.phase})` : ''}`
            : `  expired: last held by ${record.holder} (lease id ${record.leaseId}) until ${until} — the next flip takes it`,
        );
      } else lines.push(`  free${record.lastHolder ? ` (last held by ${record.lastHolder})` : ''}`);
      lines.push(`  live stack (recorded): ${record.live ?? 'unknown'}`);
      if (record.progress)
        lines.push(
          `  last flip: to ${record.progress.target} (${record.progress.phase ?? '?'}), ${record.progress.status}, ${record.progress.completedSteps.length} steps done, ${record.progress.updatedAt}`,
        );
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    }
    const broken = await lease.breakLease(values['lease-id']);
    if (!broken) {
      io.stderr(`nothing to break: lock ${lease.lockId} is not held${values['lease-id'] ? ` by lease ${values['lease-id']}` : ''}\n`);
      return 1;
    }
    io.stdout(`broke lock ${lease.lockId}: it was held by ${broken.holder ?? 'unknown'} (lease id ${broken.leaseId ?? '?'})\n`);
    return 0;
  },
};

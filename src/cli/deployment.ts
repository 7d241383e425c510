import type { DeploymentProgress, DeploymentWaitResult, LifecycleEventName } from '../codedeploy/index.js';
import { CodeDeployTools, LIFECYCLE_EVENTS } from '../codedeploy/index.js';
import { WaitTimeoutError } from '../core/errors.js';
import {
  type CliIo,
  type CommandGroup,
  envCredentials,
  envRegion,
  isUsageError,
  parseDuration,
  parseFlags,
  reportError,
  UsageError,
} from './args.js';

/** Exit codes of `bluegreen deployment watch`. */
export const WATCH_EXIT = { success: 0, failed: 1, usage: 2, timeout: 3 } as const;

const GROUP_HELP = `Usage: bluegreen deployment <command> [options]

CodeDeploy deployments.

Commands:
  watch <deployment-id>   follow a deployment until it succeeds, fails or rolls back

Run 'bluegreen deployment <command> --help' for the options of a command.
`;

const WATCH_HELP = `Usage: bluegreen deployment watch <deployment-id> [options]

Follows a CodeDeploy deployment and prints one line per change of status or lifecycle event. When the deployment
fails or is stopped and CodeDeploy rolls it back, the rollback is followed until it finishes.

Options:
  --until <event>          stop watching (successfully) once this lifecycle event is in progress or later:
                           ${LIFECYCLE_EVENTS.join(', ')}
  --timeout <duration>     give up after this long (default 60m; e.g. 90s, 45m, 1h30m)
  --rollback-on-timeout    on timeout, stop the deployment with rollback instead of leaving it running
  --json                   print one JSON object per line (progress lines, then a result line)
  --interval <duration>    pause between two polls (default 5s; backs off up to 6x)
  --region <region>        AWS region (default: AWS_REGION / AWS_DEFAULT_REGION)
  --endpoint <url>         CodeDeploy endpoint (default: the AWS endpoint; also AWS_ENDPOINT_URL_CODEDEPLOY)
  --help, -h               show this help

Exit codes:
  0  the deployment succeeded (or reached --until)
  1  the deployment failed, was stopped or rolled back, or an AWS call failed
  2  usage error
  3  timeout (with --rollback-on-timeout the deployment was stopped and rolled back)

IAM: codedeploy:GetDeployment, codedeploy:ListDeploymentTargets, codedeploy:GetDeploymentTarget, and with
--rollback-on-timeout codedeploy:StopDeployment.
`;

/** The `bluegreen deployment` command group. */
export const command: CommandGroup = {
  name: 'deployment',
  summary: 'watch CodeDeploy deployments (exit code = outcome)',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout(GROUP_HELP);
      return WATCH_EXIT.success;
    }
    if (sub === undefined) {
      io.stderr(`bluegreen deployment: a command is required.\n\n${GROUP_HELP}`);
      return WATCH_EXIT.usage;
    }
    try {
      if (sub === 'watch') return await watch(rest, io);
      throw new UsageError(`unknown command '${sub}': use 'watch'.`);
    } catch (error) {
      // Reported here with the subcommand's name (the hint points at its --help); the exit codes are main()'s.
      return reportError(error, isUsageError(error) && sub !== 'watch' ? 'deployment' : `deployment ${sub}`, io);
    }
  },
};

async function watch(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    until: { type: 'string' },
    timeout: { type: 'string' },
    'rollback-on-timeout': { type: 'boolean' },
    json: { type: 'boolean' },
    interval: { type: 'string' },
    region: { type: 'string' },
    endpoint: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(WATCH_HELP);
    return WATCH_EXIT.success;
  }
  if (positionals.length !== 1) throw new UsageError(`watch needs exactly one <deployment-id>, got ${positionals.length}.`);
  const deploymentId = positionals[0] as string;
  if (!/^d-[A-Z0-9]{9}$/.test(deploymentId)) throw new UsageError(`'${deploymentId}' is not a CodeDeploy deployment id (d-XXXXXXXXX).`);
  const until = values.until;
  if (until !== undefined && !(LIFECYCLE_EVENTS as readonly string[]).includes(until)) {
    throw new UsageError(`--until '${until}' is not a lifecycle event: use one of ${LIFECYCLE_EVENTS.join(', ')}.`);
  }
  const timeoutMs = values.timeout === undefined ? 3_600_000 : parseDuration(values.timeout, '--timeout');
  const intervalMs = values.interval === undefined ? 5000 : parseDuration(values.interval, '--interval');
  const json = values.json === true;
  const region = envRegion(values.region, io.env);
  if (!region) throw new UsageError('no AWS region: pass --region or set AWS_REGION.');
  const endpoint = values.endpoint ?? io.env.AWS_ENDPOINT_URL_CODEDEPLOY;
  const credentials = envCredentials(io.env);
  const tools = new CodeDeployTools({
    clientConfig: { region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) },
  });
  const print = (line: Record<string, unknown>, text: string) => io.stdout(`${json ? JSON.stringify(line) : text}\n`);
  try {
    const result = await tools.waitForDeployment(deploymentId, {
      ...(until ? { until: until as LifecycleEventName } : {}),
      maxWaitTime: timeoutMs / 1000,
      minDelay: intervalMs / 1000,
      maxDelay: (intervalMs * 6) / 1000,
      onProgress: (p: DeploymentProgress) =>
        print({ type: 'progress', at: new Date().toISOString(), ...p }, `${new Date().toISOString()} ${p.message}`),
    });
    const exitCode = result.ok ? WATCH_EXIT.success : WATCH_EXIT.failed;
    print(resultLine(result, exitCode), describe(result));
    return exitCode;
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    let stopped = '';
    const line: Record<string, unknown> = { type: 'result', ok: false, outcome: 'timeout', deploymentId, exitCode: WATCH_EXIT.timeout };
    if (values['rollback-on-timeout']) {
      const stop = await tools.stopDeployment(deploymentId, { rollback: true });
      stopped = stop.outcome === 'already' ? `; ${stop.message}` : '; stopped it with rollback';
      line.stopped = stop.outcome === 'changed';
    }
    print(line, `timed out after ${Math.round(timeoutMs / 1000)}s waiting for deployment ${deploymentId}${stopped}`);
    return WATCH_EXIT.timeout;
  } finally {
    tools.client.destroy();
  }
}

function resultLine(r: DeploymentWaitResult, exitCode: number): Record<string, unknown> {
  return {
    type: 'result',
    ok: r.ok,
    outcome: r.outcome,
    deploymentId: r.deploymentId,
    status: r.status,
    ...(r.reachedEvent ? { reachedEvent: r.reachedEvent } : {}),
    ...(r.rollback ? { rollback: r.rollback } : {}),
    ...(r.deployment.errorInformation ? { error: r.deployment.errorInformation } : {}),
    exitCode,
  };
}

function describe(r: DeploymentWaitResult): string {
  if (r.outcome === 'reached') return `deployment ${r.deploymentId} reached ${r.reachedEvent}`;
  if (r.ok) return `deployment ${r.deploymentId} succeeded`;
  const why = r.deployment.errorInformation?.message ? `: ${r.deployment.errorInformation.message}` : '';
  const rollback = r.rollback ? `; rolled back by ${r.rollback.deploymentId} (${r.rollback.status})` : '';
  return `deployment ${r.deploymentId} ${r.outcome}${why}${rollback}`;
}

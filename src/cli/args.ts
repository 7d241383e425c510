import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';

/** Output streams and environment of one CLI run (injected so tests can capture them). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** One `bluegreen <group>` command group. */
export interface CommandGroup {
  /** The group name, for example `deployment`. */
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Runs the group with the arguments after its name; resolves with the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad command-line usage; the CLI prints the message and exits with code 2. */
export class UsageError extends ConfigError {}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `90s`, `45m`, `1h30m`, `500ms` or a plain number of seconds into milliseconds.
 */
export function parseDuration(input: string, flag = 'duration'): number {
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new UsageError(`Invalid ${flag} '${input}': use a number of seconds or units like 90s, 45m, 1h30m.`);
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] as number), 0));
}

/** `util.parseArgs` with strict checking, turning its errors into {@link UsageError}. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Static credentials from the CLI's environment, when both keys are set (otherwise the SDK's default chain applies). */
export function envCredentials(
  env: NodeJS.ProcessEnv,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** The region from `--region`, else AWS_REGION / AWS_DEFAULT_REGION of the CLI's environment. */
export function envRegion(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
}

/**
 * The exit codes every `bluegreen` command shares: 0 success, 1 a failure (an AWS call failed, a deployment failed, a
 * wait timed out unless the command documents its own code), 2 usage or config errors (nothing was called).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Error names (matched by name: lazily loaded modules may see a second copy of the classes) that exit 2. */
const USAGE_ERROR_NAMES = new Set(['UsageError', 'ConfigError', 'MalformedInputError']);

/** Whether an error is a usage or config error (exit 2), by name so that duplicated classes still match. */
export function isUsageError(error: unknown): error is Error {
  return error instanceof Error && USAGE_ERROR_NAMES.has(error.name);
}

/** `--help` or `-h` among the arguments (before a `--` separator). */
export function wantsHelp(args: string[]): boolean {
  const dash = args.indexOf('--');
  return (dash === -1 ? args : args.slice(0, dash)).some((a) => a === '--help' || a === '-h');
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

function chain(error: unknown): { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } }[] {
  const out = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(e as { name?: string; code?: string; message?: string });
    // AggregateError (Node's happy-eyeballs connect) carries the socket errors in `errors`.
    for (const inner of ((e as { errors?: unknown[] }).errors ?? []) as { code?: string }[]) out.push(inner);
  }
  return out;
}

/**
 * What to do about an error that is not a usage error (exit 1): a hint naming what to fix for the failures a CI run
 * meets (no credentials, AWS unreachable, a missing IAM permission, a resource that does not exist), or `undefined`.
 */
export function hintFor(error: unknown): string | undefined {
  const errors = chain(error);
  const names = errors.map((e) => e.name ?? '');
  const text = errors.map((e) => `${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`).join(' ');
  if (names.includes('CredentialsProviderError') || /Could not load credentials/i.test(text))
    return 'no AWS credentials: set AWS_PROFILE (or run `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  if (
    errors.some((e) => NETWORK_CODES.has(e.code ?? '')) ||
    names.includes('TimeoutError') ||
    /unreachable|socket hang up|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/i.test(text)
  )
    return 'AWS could not be reached: check --region and --endpoint (or AWS_ENDPOINT_URL_<SERVICE>), and the network or proxy.';
  if (names.some((n) => /^(UnrecognizedClient|InvalidClientTokenId|ExpiredToken|InvalidSignature|SignatureDoesNotMatch)/.test(n)))
    return 'AWS rejected the credentials: refresh them (expired session?) or check the profile and region.';
  if (names.some((n) => /AccessDenied|Unauthorized|AuthorizationError/.test(n)) || errors.some((e) => e.$metadata?.httpStatusCode === 403))
    return 'the caller lacks an IAM permission (the message names the action): grant it, see docs/iam.md.';
  if (names.some((n) => /NotFound/.test(n))) return 'check the resource names in the config and the region.';
  return undefined;
}

/**
 * Prints an error the shared way and returns the exit code: usage and config errors exit 2 with a pointer to
 * `--help`; anything else exits 1 with a hint when one is known.
 */
export function reportError(error: unknown, command: string, io: CliIo): number {
  if (isUsageError(error)) {
    io.stderr(`bluegreen ${command}: ${error.message}\nRun 'bluegreen ${command} --help' for usage.\n`);
    return EXIT.usage;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const hint = hintFor(error);
  io.stderr(`bluegreen ${command}: ${text}\n${hint ? `hint: ${hint}\n` : ''}`);
  return EXIT.failure;
}

/** Config sections and the key each tool's options are keyed by, to name the section of a nested config error. */
const SECTION_KEYS = ['clusters', 'tables', 'queues', 'subscriptions', 'consumers', 'functions', 'alarms', 'services'];

/**
 * Prefixes a tool's config error (`queues.green has an unknown key 'queueNam'`) with the config file and section
 * (`stack.json: sqs.queues.green has …`), so the message says where to fix it.
 */
export function inConfigFile(error: unknown, file: string, config: object): unknown {
  if (!isUsageError(error) || error.message.startsWith(file)) return error;
  const first = /^([A-Za-z]+)[.[ ]/.exec(error.message)?.[1];
  const section =
    first && SECTION_KEYS.includes(first)
      ? Object.entries(config).find(([, v]) => v !== null && typeof v === 'object' && first in (v as object))?.[0]
      : undefined;
  error.message = `${file}: ${section ? `${section}.` : ''}${error.message}`;
  return error;
}

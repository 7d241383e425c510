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

import { addDryRunMiddleware, type DryRunRecorder, type SdkClientLike } from './dry-run.js';
import { ConfigError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';
import { VERSION } from './version.js';

/**
 * Settings for a client the tool creates itself: region, endpoint, credentials and any other SDK client setting.
 *
 * @example
 * ```ts
 * import type { AwsClientConfig } from 'bluegreen-toolkit';
 *
 * const clientConfig: AwsClientConfig = { region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000' };
 * ```
 */
export interface AwsClientConfig {
  /** AWS region, for example `eu-west-1`. */
  region?: string | (() => Promise<string>);
  /** A custom endpoint (a local emulator, a VPC endpoint). */
  endpoint?: string;
  /** Credentials or a credential provider. */
  credentials?: unknown;
  /** Maximum attempts per call (the SDK's default is 3). */
  maxAttempts?: number;
  /** `standard` or `adaptive` (default here: `adaptive`). */
  retryMode?: string;
  /** Any other SDK client setting. */
  [setting: string]: unknown;
}

/**
 * Where a tool gets its SDK client: an existing client (`awsSdkV3Client`) **or** settings to create one
 * (`clientConfig`), never both.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { SqsTools } from 'bluegreen-toolkit/sqs';
 *
 * new SqsTools({ queues, awsSdkV3Client: new SQSClient({}) });
 * new SqsTools({ queues, clientConfig: { region: 'eu-west-1' } });
 * ```
 */
export type ClientSource<C, Config = AwsClientConfig> =
  | { /** An existing SDK client, reused as it is. */ awsSdkV3Client: C; clientConfig?: never }
  | { /** Settings for a client the tool creates once and reuses. */ clientConfig?: Config; awsSdkV3Client?: never };

/**
 * Options every tool accepts.
 *
 * @example
 * ```ts
 * import { DryRunRecorder } from 'bluegreen-toolkit';
 *
 * const common = { logger: console, dryRun: new DryRunRecorder() };
 * ```
 */
export interface CommonToolOptions {
  /** Where progress and decisions are logged (default: nothing is logged). */
  logger?: Logger;
  /**
   * Dry run: read-only calls are made, every mutating call is recorded (on the given recorder, or just logged with
   * `true`) and not sent. Waits are skipped. Only with `clientConfig`, never with an injected client (that client may
   * be shared with code that must not be silenced).
   */
  dryRun?: boolean | DryRunRecorder;
  /**
   * Client-side pacing of the requests of a client the tool creates, for tools whose service documents request-rate
   * quotas (LambdaTools, CloudWatchTools; see {@link RateLimiter}): `true` (default) gives the client its own limiter
   * with the service's documented quotas, a `RateLimiter` is shared (one per account and region), `false` sends
   * unpaced. Never installed on an injected client.
   */
  rateLimit?: boolean | RateLimiter;
}

/**
 * The user-agent pair appended to every client this package creates: `['bluegreen-toolkit', VERSION]`, sent as
 * `bluegreen-toolkit/<version>`.
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { USER_AGENT } from 'bluegreen-toolkit';
 *
 * // Tag a client you inject yourself (awsSdkV3Client) like the ones the package creates.
 * const client = new SQSClient({ region: 'eu-west-1', customUserAgent: [USER_AGENT] });
 * ```
 */
export const USER_AGENT: [string, string] = ['bluegreen-toolkit', VERSION];

/**
 * Resolves a tool's client: the injected one, or a new one built from `clientConfig` with `retryMode: 'adaptive'`
 * (unless set), the `bluegreen-toolkit/<version>` user-agent suffix and, in dry-run mode, the dry-run middleware.
 * Validates that `awsSdkV3Client` and `clientConfig` are not both given.
 *
 * @param Client - the SDK client class, for example `SQSClient`.
 * @param source - `{ awsSdkV3Client }` or `{ clientConfig }`.
 * @param common - logger and dry-run settings.
 * @param label - how the option is named in error messages (default `awsSdkV3Client`/`clientConfig`).
 * @param pacing - installs the service's request pacing on a created client (not on an injected one), given
 *   `common.rateLimit` — {@link lambdaPacing}, {@link cloudWatchPacing} (default: none).
 *
 * @example
 * ```ts
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { createAwsClient } from 'bluegreen-toolkit';
 *
 * const client = createAwsClient(SQSClient, { clientConfig: { region: 'eu-west-1' } }, { dryRun: true });
 * ```
 */
export function createAwsClient<C extends SdkClientLike>(
  Client: new (config: never) => C,
  source: { awsSdkV3Client?: C | undefined; clientConfig?: unknown },
  common: CommonToolOptions = {},
  label?: { client: string; config: string },
  pacing?: (client: C, rateLimit: boolean | RateLimiter | undefined) => void,
): C {
  const client = sdkClient(Client, source, label, common.dryRun);
  if (client === source.awsSdkV3Client) return client;
  pacing?.(client, common.rateLimit);
  if (common.dryRun) {
    // Duck-typed rather than instanceof, so a recorder from the ESM build works with a tool from the CJS build.
    // `dryRun: true` only logs: no recorder, so a hook that never records carries no DryRunRecorder.
    const recorder = typeof common.dryRun === 'object' && typeof common.dryRun.record === 'function' ? common.dryRun : undefined;
    addDryRunMiddleware(client, recorder, common.logger ?? silentLogger);
  }
  return client;
}

/**
 * {@link createAwsClient} without pacing or dry-run: the injected client as it is (checked to be a client), or a new
 * one from the settings, with the same checks, retry mode and user agent. For code that has no `dryRun` option (the
 * parking hook, the hook helper, the lease), so its bundle carries no dry-run code.
 *
 * @internal
 */
export function sdkClient<C>(
  Client: new (config: never) => C,
  source: { awsSdkV3Client?: C | undefined; clientConfig?: unknown },
  label: { client: string; config: string } = { client: 'awsSdkV3Client', config: 'clientConfig' },
  dryRun?: unknown,
): C {
  const injected = source.awsSdkV3Client;
  const config = source.clientConfig;
  if (injected !== undefined && config !== undefined) {
    throw new ConfigError(`Pass either ${label.client} or ${label.config}, not both.`);
  }
  if (injected !== undefined) {
    if (injected === null || typeof injected !== 'object' || typeof (injected as { send?: unknown }).send !== 'function') {
      throw new ConfigError(`${label.client} must be an AWS SDK v3 client (an object with send()).`);
    }
    if (dryRun) {
      throw new ConfigError(
        `dryRun cannot be combined with ${label.client}: pass ${label.config} so the tool owns a client it may silence.`,
      );
    }
    return injected;
  }
  if (config !== undefined && (config === null || typeof config !== 'object' || Array.isArray(config))) {
    throw new ConfigError(`${label.config} must be an object of SDK client settings ({ region, endpoint, ... }).`);
  }
  const settings = { ...(config as Record<string, unknown> | undefined) };
  settings.retryMode ??= 'adaptive';
  settings.customUserAgent = appendUserAgent(settings.customUserAgent);
  return new Client(settings as never);
}

function appendUserAgent(existing: unknown): unknown {
  if (existing === undefined) return [USER_AGENT];
  if (typeof existing === 'string') return `${existing} ${USER_AGENT[0]}/${USER_AGENT[1]}`;
  if (Array.isArray(existing)) return [...existing, USER_AGENT];
  return existing;
}

import { type CommonToolOptions, createAwsClient } from './client.js';
import type { SdkClientLike } from './dry-run.js';
import { ConfigError } from './errors.js';
import { type Logger, silentLogger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';
import { parseStackReference, type StackReference } from './stack.js';
import { type ResolvedWaitOptions, resolveWaitOptions, type WaitOptions, type WaitSetting } from './wait.js';

/**
 * The protected members of {@link BaseTool} that a subpath's standalone functions (`deleteDatabase`, `resetTable`,
 * `purgeQueues`, …) reach through their tool's internal `operations` view: reference parsing, the dry-run-aware wait
 * resolution and the logger. Each tool's view extends it with its own members.
 *
 * @internal
 */
export interface ToolInternals {
  parseRef(ref: unknown): StackReference;
  waitOptions(setting: WaitSetting | undefined, defaults: WaitOptions): ResolvedWaitOptions | undefined;
  logger: Logger;
}

/**
 * What every tool class shares: the logger, dry-run mode, client creation, stack-reference validation and the
 * `wait` option. Extend it to write a tool for a service this package does not cover.
 *
 * @example
 * ```ts
 * import { STSClient } from '@aws-sdk/client-sts';
 * import { BaseTool, type CommonToolOptions, type StackReference } from 'bluegreen-toolkit';
 *
 * class IdentityTools extends BaseTool {
 *   readonly client: STSClient;
 *   constructor(options: CommonToolOptions & { clientConfig?: { region?: string } }) {
 *     super(options, 'IdentityTools');
 *     this.client = this.createClient(STSClient, options, options);
 *   }
 *   target(ref: StackReference) { return this.parseRef(ref); }
 * }
 * ```
 */
export abstract class BaseTool {
  /** Where this tool logs. */
  protected readonly logger: Logger;
  /** Whether mutating calls are recorded instead of sent. */
  protected readonly dryRun: boolean;
  /** The tool's name, used in messages. */
  protected readonly toolName: string;

  /**
   * @param common - logger and dry-run settings.
   * @param toolName - the class name, for messages.
   */
  protected constructor(common: CommonToolOptions, toolName: string) {
    if (common === null || typeof common !== 'object' || Array.isArray(common)) {
      throw new ConfigError(`new ${toolName}(options) needs an options object.`);
    }
    this.logger = common.logger ?? silentLogger;
    this.dryRun = Boolean(common.dryRun);
    this.toolName = toolName;
  }

  /** Creates (or validates the injected) SDK client, paced by `pacing` when given; see {@link createAwsClient}. */
  protected createClient<C extends SdkClientLike>(
    Client: new (config: never) => C,
    source: { awsSdkV3Client?: C | undefined; clientConfig?: unknown },
    common: CommonToolOptions,
    label?: { client: string; config: string },
    pacing?: (client: C, rateLimit: boolean | RateLimiter | undefined) => void,
  ): C {
    return createAwsClient(Client, source, common, label, pacing);
  }

  /** Validates a stack reference argument (a {@link ConfigError} before any AWS call). */
  protected parseRef(ref: unknown): StackReference {
    return parseStackReference(ref, `stack reference passed to ${this.toolName}`);
  }

  /**
   * Resolves a `wait` option; `undefined` means "do not wait". In dry-run mode nothing changes, so waits are skipped
   * (and logged).
   */
  protected waitOptions(setting: WaitSetting | undefined, defaults: WaitOptions = {}): ResolvedWaitOptions | undefined {
    return toolWait(setting, defaults, this.dryRun, this.logger, this.toolName);
  }
}

/**
 * {@link BaseTool}'s `wait` resolution, for a tool that is not a BaseTool (EcsTaskSetDeployment's steps): the resolved
 * options, or `undefined` when the caller does not wait or in dry-run mode, where nothing changes (logged as
 * `<toolName>: dry-run, not waiting`).
 *
 * @internal
 */
export function toolWait(
  setting: WaitSetting | undefined,
  defaults: WaitOptions,
  dryRun: boolean,
  logger: Logger,
  toolName: string,
): ResolvedWaitOptions | undefined {
  const resolved = resolveWaitOptions(setting, defaults);
  if (resolved && dryRun) {
    logger.info(`${toolName}: dry-run, not waiting`);
    return undefined;
  }
  return resolved;
}

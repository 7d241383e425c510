import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { RDSClient } from '@aws-sdk/client-rds';
import {
  type AwsClientConfig,
  type CommonToolOptions,
  ConfigError,
  type Pair,
  type ResolvedWaitOptions,
  requireDisjointPair,
  requireInteger,
  requireObject,
  requirePair,
  resolveWaitOptions,
} from '../core/index.js';
import { requireClusterIdentifier } from './identifiers.js';
import type { AuroraClusterConfig, InstanceStateRetry } from './types.js';

/**
 * Options of `new AuroraTools(...)`. Everything except `clients`, `logger` and `dryRun` is plain JSON.
 *
 * @example
 * ```ts
 * import { AuroraTools, type AuroraToolsOptions } from 'bluegreen-toolkit/aurora';
 *
 * const options: AuroraToolsOptions = {
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green', minReaders: 1 } },
 *   clientConfig: { region: 'eu-west-1' },
 * };
 * const aurora = new AuroraTools(options);
 * ```
 */
export interface AuroraToolsOptions extends CommonToolOptions {
  /** The blue and green clusters. */
  clusters: Pair<AuroraClusterConfig>;
  /** An existing RDS client (left out: created with default settings). Not with `clientConfig`. */
  clients?: { rds?: RDSClient };
  /** Settings for the clients the tool creates. Not with `clients`. */
  clientConfig?: AwsClientConfig;
}

/**
 * Options of `new AuroraScalingTools(...)`: those of {@link AuroraToolsOptions}, with the Application Auto Scaling client
 * in `clients` too.
 *
 * @example
 * ```ts
 * import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
 * import { RDSClient } from '@aws-sdk/client-rds';
 * import { AuroraScalingTools, type AuroraScalingToolsOptions } from 'bluegreen-toolkit/aurora';
 *
 * const options: AuroraScalingToolsOptions = {
 *   clusters: { blue: { clusterIdentifier: 'orders-blue' }, green: { clusterIdentifier: 'orders-green', minReaders: 1 } },
 *   clients: { rds: new RDSClient({}), applicationAutoScaling: new ApplicationAutoScalingClient({}) },
 * };
 * const aurora = new AuroraScalingTools(options);
 * ```
 */
export interface AuroraScalingToolsOptions extends Omit<AuroraToolsOptions, 'clients'> {
  /** Existing SDK clients (either may be left out; it is then created with default settings). Not with `clientConfig`. */
  clients?: { rds?: RDSClient; applicationAutoScaling?: ApplicationAutoScalingClient };
}

/** The validated JSON part of {@link AuroraToolsOptions}. */
export interface ResolvedAuroraConfig {
  clusters: Pair<Required<AuroraClusterConfig>>;
}

/** {@link InstanceStateRetry} with every number filled in. */
export interface ResolvedRetry {
  attempts: number;
  minDelay: number;
  maxDelay: number;
  abortSignal?: AbortSignal;
}

/** Validates the blue/green cluster pair (shared by `AuroraTools` and `AuroraEventTools`). */
export function resolveClusters(value: unknown): Pair<Required<AuroraClusterConfig>> {
  const clusters = requirePair(value, 'clusters', (side, path) => {
    const config = requireObject(side, path, ['clusterIdentifier', 'minReaders']);
    const clusterIdentifier = requireClusterIdentifier(config.clusterIdentifier, `${path}.clusterIdentifier`);
    const minReaders = config.minReaders === undefined ? 0 : requireInteger(config.minReaders, `${path}.minReaders`, { min: 0, max: 15 });
    return { clusterIdentifier, minReaders };
  });
  // RDS stores DB cluster identifiers in lower case (RDS API Reference, CreateDBCluster: "This parameter is stored as
  // a lowercase string"), so 'Orders' and 'orders' are the same cluster.
  requireDisjointPair(
    { path: 'clusters.blue.clusterIdentifier', value: clusters.blue.clusterIdentifier },
    { path: 'clusters.green.clusterIdentifier', value: clusters.green.clusterIdentifier },
    { what: 'Aurora cluster', normalize: (v) => v.toLowerCase(), hint: 'each stack needs its own cluster' },
  );
  return clusters;
}

/** Validates the JSON part of the options (ConfigError naming the exact path). */
export function resolveAuroraConfig(options: AuroraToolsOptions): ResolvedAuroraConfig {
  const clusters = resolveClusters(options.clusters);
  for (const moved of ['readerTags', 'instanceStateRetry']) {
    if (moved in options) {
      throw new ConfigError(
        `${moved} is an option of AuroraEventTools (bluegreen-toolkit/aurora-events) now: new AuroraEventTools({ clusters, clientConfig, ${moved} }).`,
      );
    }
  }
  if ('concurrency' in options) {
    throw new ConfigError(
      'concurrency is an option of deleteDatabase now: deleteDatabase(aurora, ref, { expectedClusterIdentifier, concurrency }).',
    );
  }
  return { clusters };
}

/** Merges and validates a retry setting over `defaults`. */
export function resolveRetry(setting: unknown, defaults: ResolvedRetry, path: string): ResolvedRetry {
  if (setting === undefined) return defaults;
  const given = requireObject(setting, path) as InstanceStateRetry;
  // The delays follow the wait options' rules (numbers of seconds >= 0, minDelay <= maxDelay), named after `path`.
  const { minDelay, maxDelay, abortSignal } = resolveWaitOptions(given, defaults, path) as ResolvedWaitOptions;
  return {
    attempts: given.attempts === undefined ? defaults.attempts : requireInteger(given.attempts, `${path}.attempts`, { min: 1, max: 100 }),
    minDelay,
    maxDelay,
    ...(abortSignal ? { abortSignal } : {}),
  };
}

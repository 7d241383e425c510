import { BlueGreenFlip } from './flip.js';
import type { FlipOptions } from './flip-options.js';
import { FlipLease } from './lease.js';
import { type StackConfig, stackClientConfig } from './stack-config.js';
import { createStackTools } from './stack-tools.js';

// The config-file path of the flip (the CLI's, and chores'): it can build every service's tools from a stack config,
// so it loads them with import() — kept out of flip.ts, so a hook built from tool instances (bluegreen-toolkit/flip)
// has none of these import()s in its module graph (a bundler that sees one wraps the imported service modules, and
// the SDK clients they import, whole: every command of every client the hook uses).

/**
 * Creates the whole-stack flip for a stack config. Validates the config's shape at once; each tool validates its own
 * section when first used, before any AWS call.
 *
 * @param config - the {@link StackConfig}.
 * @param options - {@link FlipOptions}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip } from 'bluegreen-toolkit/runbook';
 * import config from './stack.json' with { type: 'json' };
 *
 * export const handler = codeDeployHook(async () => {
 *   await bluegreenFlip(config).prepare(StackReference.Green);
 * });
 * ```
 */
export function bluegreenFlip(config: StackConfig, options: FlipOptions = {}): BlueGreenFlip {
  return new BlueGreenFlip(config, options, {
    tools: createStackTools,
    lease: (o) => new FlipLease(o),
    // The destructive operations are functions of their subpaths, not tool methods: loaded when a step runs them.
    operations: {
      resetTable: async (dynamo, ref, o) => (await import('../dynamodb/index.js')).resetTable(dynamo, ref, o),
      purgeQueues: async (sqs, ref, o) => (await import('../sqs/index.js')).purgeQueues(sqs, ref, o),
      // Loaded only when a reset table's stream is rebound.
      rebindStreamMappings: async (lambda, ref, oldSourcePrefix, newSourceArn) =>
        (await import('../lambda/rebind.js')).rebindStreamMappings(lambda, ref, oldSourcePrefix, newSourceArn),
    },
    // Loaded only when a drain needs it and no cloudwatch tool is configured (the config path is the CLI's).
    queueMetrics: async (c, o) =>
      new (await import('../cloudwatch/queue-metrics.js')).QueueMetrics({
        clientConfig: stackClientConfig(c, o.clientConfig),
        ...(o.logger ? { logger: o.logger } : {}),
      }),
  });
}

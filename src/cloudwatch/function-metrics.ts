import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { BaseTool, type ClientSource, type CommonToolOptions, requireObject, type StackReference } from '../core/index.js';
import { requireLambdaTools } from '../lambda/config.js';
import type { LambdaTools } from '../lambda/lambda-tools.js';
import { type LambdaMetrics, type MetricsOptions, parseMetricsOptions, readLatestMetrics } from './lambda-metrics.js';

/**
 * Options of {@link FunctionMetrics}: the {@link bluegreen-toolkit/lambda!LambdaTools} whose functions are read, the CloudWatch
 * client (`awsSdkV3Client` **or** `clientConfig`) and `logger`.
 *
 * @example
 * ```ts
 * import type { FunctionMetricsOptions } from 'bluegreen-toolkit/cloudwatch';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * const options: FunctionMetricsOptions = { lambda, clientConfig: { region: 'eu-west-1' } };
 * ```
 */
export type FunctionMetricsOptions = Omit<CommonToolOptions, 'dryRun' | 'rateLimit'> &
  ClientSource<CloudWatchClient> & {
    /** The LambdaTools of the stack pair: its functions (name, alias) are the metrics' dimensions. */
    lambda: LambdaTools;
  };

/**
 * Reads the CloudWatch metrics a rollout gates on for the blue and the green Lambda function of a
 * {@link bluegreen-toolkit/lambda!LambdaTools}. Uses the CloudWatch client only (read-only, so no `dryRun`).
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { FunctionMetrics } from 'bluegreen-toolkit/cloudwatch';
 * import { LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({
 *   functions: { blue: { functionName: 'orders-blue', alias: 'live' }, green: { functionName: 'orders-green', alias: 'live' } },
 *   clientConfig: { region: 'eu-west-1' },
 * });
 * const metrics = new FunctionMetrics({ lambda, clientConfig: { region: 'eu-west-1' } });
 * const { errors } = await metrics.getLatestMetrics(StackReference.Green);
 * ```
 */
export class FunctionMetrics extends BaseTool {
  /** The CloudWatch client. */
  readonly cloudWatch: CloudWatchClient;
  readonly #lambda: LambdaTools;

  /**
   * @param options - {@link FunctionMetricsOptions}.
   * @throws {@link bluegreen-toolkit!ConfigError} when `lambda` is not a LambdaTools or the client source is malformed (nothing is called).
   */
  constructor(options: FunctionMetricsOptions) {
    super(options, 'FunctionMetrics');
    this.#lambda = requireLambdaTools(requireObject(options, 'options').lambda, 'are read');
    this.cloudWatch = this.createClient(CloudWatchClient, options, options);
  }

  /**
   * The newest datapoint of the six metrics a rollout gates on (IteratorAge, Errors, ConcurrentExecutions,
   * Invocations, Duration, Throttles) for the configured alias (dimensions `FunctionName` + `Resource` =
   * `function:alias`), or for the whole function when no alias is configured. One GetMetricData request (all pages)
   * with deterministic query ids equal to the result keys; a metric without data is `null`.
   *
   * @param ref - the stack.
   * @param options - `periodSeconds` (default 60, a multiple of 60) and `windowMinutes` (default 5).
   * @throws {@link bluegreen-toolkit!ConfigError} for bad arguments (nothing is called).
   *
   * @remarks IAM: `cloudwatch:GetMetricData`.
   *
   * @example
   * ```ts
   * import { StackReference } from 'bluegreen-toolkit';
   * import { FunctionMetrics } from 'bluegreen-toolkit/cloudwatch';
   * import { LambdaTools } from 'bluegreen-toolkit/lambda';
   *
   * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
   * const metrics = await new FunctionMetrics({ lambda }).getLatestMetrics(StackReference.Green, { windowMinutes: 10 });
   * if (metrics.errors !== null && metrics.errors > 0) throw new Error('green has errors');
   * ```
   */
  async getLatestMetrics(ref: StackReference, options: MetricsOptions = {}): Promise<LambdaMetrics> {
    const stack = this.parseRef(ref);
    const window = parseMetricsOptions(options);
    const fn = this.#lambda.operations.fns.fn(stack);
    return readLatestMetrics(this.cloudWatch, fn.name, fn.alias, window, new Date());
  }
}

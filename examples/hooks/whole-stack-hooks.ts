/**
 * Example: the two CodeDeploy hook Lambdas of a whole-stack blue/green release.
 *
 * - BeforeAllowTraffic (PRE_TRAFFIC): prepare the target stack — database started and scaled out, store reset,
 *   consumers, subscriptions, rules and alarms switched on. Any failure undoes what was done and reports Failed, so
 *   CodeDeploy rolls the web tier back at once instead of waiting an hour.
 * - AfterAllowTraffic (POST_TRAFFIC): switch the old stack off.
 *
 * Deploy each as its own function (`export const handler = …` in your code); the target stack comes from the
 * function's environment (TARGET_STACK=green), the stack config from a bundled JSON file.
 */
import type { CodeDeployClientConfig } from '@aws-sdk/client-codedeploy';
import { type AwsClientConfig, parseStackReference } from 'bluegreen-toolkit';
import { codeDeployHook } from 'bluegreen-toolkit/hooks';
import { bluegreenFlip, type FlipOptions, type StackConfig } from 'bluegreen-toolkit/runbook';

/** Options for the example handlers (clients are configured once, outside the handler). */
export interface WholeStackHookOptions {
  /** Client settings for the stack's services (default: the Lambda environment's region and credentials). */
  clientConfig?: AwsClientConfig;
  /** Client settings for CodeDeploy. */
  codeDeployClientConfig?: CodeDeployClientConfig;
  /** Which stack becomes live (default: process.env.TARGET_STACK). */
  target?: string;
  /**
   * Flip options (default: AWS-true). Mind the Lambda limit of 15 minutes: with SNS subscriptions the prepare phase
   * dwells 15 minutes after switching them on (SNS's propagation delay), so a hook Lambda either uses the durable
   * flip (bluegreen-toolkit/durable) or runs the flip from the pipeline (`bluegreen flip`).
   */
  flip?: Omit<FlipOptions, 'clientConfig'>;
}

/** The BeforeAllowTraffic hook: prepares the target stack. */
export function createPreTrafficHandler(stack: StackConfig, options: WholeStackHookOptions = {}) {
  const flip = bluegreenFlip(stack, { ...options.flip, clientConfig: options.clientConfig });
  return codeDeployHook(
    async (hook, { signal, logger }) => {
      const target = parseStackReference(options.target ?? process.env.TARGET_STACK, 'TARGET_STACK');
      logger.info(`preparing ${target} for ${hook.applicationName}/${hook.deploymentGroupName}`);
      const report = await flip.prepare(target, { signal });
      logger.info(`prepared ${target}`, { steps: report.steps.map((s) => `${s.status} ${s.name}`) });
    },
    { clientConfig: options.codeDeployClientConfig, lifecycleEvent: 'BeforeAllowTraffic' },
  );
}

/** The AfterAllowTraffic hook: switches the old stack off. */
export function createPostTrafficHandler(stack: StackConfig, options: WholeStackHookOptions = {}) {
  const flip = bluegreenFlip(stack, { ...options.flip, clientConfig: options.clientConfig });
  return codeDeployHook(
    async (_hook, { signal }) => {
      const target = parseStackReference(options.target ?? process.env.TARGET_STACK, 'TARGET_STACK');
      await flip.finish(target, { signal });
    },
    { clientConfig: options.codeDeployClientConfig, lifecycleEvent: 'AfterAllowTraffic' },
  );
}

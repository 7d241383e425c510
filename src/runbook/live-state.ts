import { StackReference } from '../core/index.js';
import type { StackTools } from './stack-tools.js';

/**
 * What AWS shows about one stack: whether it consumes (event source mappings enabled, SNS subscriptions delivering,
 * ECS tasks wanted), and the readings behind it.
 *
 * @example
 * ```ts
 * import type { StackActivity } from 'bluegreen-toolkit/runbook';
 *
 * const show = (a: StackActivity) => `${a.consuming ? 'consuming' : 'idle'}: ${a.evidence.join(', ')}`;
 * ```
 */
export interface StackActivity {
  /** True when anything of the stack takes work. */
  consuming: boolean;
  /** What was read, for messages ("2/2 mappings enabled", "1/1 subscriptions enabled", "ecs desired 2"). */
  evidence: string[];
}

/**
 * Which stack AWS shows as live: `blue` / `green` when exactly one consumes, `both` or `neither` otherwise, with each
 * side's {@link StackActivity}. Made of read-only calls.
 *
 * @example
 * ```ts
 * import { observeLiveStack, createStackTools, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const observed = await observeLiveStack(await createStackTools(await loadStackConfig('stack.json')));
 * console.log(observed.live, observed.blue.evidence, observed.green.evidence);
 * ```
 */
export interface ObservedLiveState {
  /** The live stack as AWS shows it. */
  live: StackReference | 'both' | 'neither';
  /** Blue's activity. */
  blue: StackActivity;
  /** Green's activity. */
  green: StackActivity;
}

/**
 * Reads which stack consumes: Lambda event source mappings (any `Enabled`/`Enabling`/`Updating`), SNS subscriptions
 * (any enabled) and the ECS service (desired count > 0). Sections that are not configured are not read.
 *
 * @param tools - the stack's tools.
 * @remarks IAM: `lambda:ListEventSourceMappings`, `lambda:GetFunctionConfiguration`, `sns:GetSubscriptionAttributes`,
 *   `ecs:DescribeServices`.
 *
 * @example
 * ```ts
 * import { createStackTools, observeLiveStack } from 'bluegreen-toolkit/runbook';
 *
 * const { live } = await observeLiveStack(await createStackTools(config));
 * if (live === 'both') console.warn('both stacks consume');
 * ```
 */
export async function observeLiveStack(tools: StackTools): Promise<ObservedLiveState> {
  const read = async (ref: StackReference): Promise<StackActivity> => {
    const evidence: string[] = [];
    let consuming = false;
    if (tools.lambda) {
      const mappings = await tools.lambda.listEventSourceMappings(ref);
      const on = mappings.filter((m) => ['Enabled', 'Enabling', 'Updating', 'Creating'].includes(m.state)).length;
      if (on > 0) consuming = true;
      evidence.push(`${on}/${mappings.length} mappings enabled`);
    }
    if (tools.sns) {
      const subscriptions = await tools.sns.getSubscriptionStates(ref);
      const on = subscriptions.filter((s) => s.enabled).length;
      if (on > 0) consuming = true;
      evidence.push(`${on}/${subscriptions.length} subscriptions enabled`);
    }
    if (tools.ecs) {
      const service = await tools.ecs.getServiceState(ref);
      if (service.desiredCount > 0) consuming = true;
      evidence.push(`ecs desired ${service.desiredCount}`);
    }
    return { consuming, evidence };
  };
  const blue = await read(StackReference.Blue);
  const green = await read(StackReference.Green);
  const live =
    blue.consuming && green.consuming ? 'both' : blue.consuming ? StackReference.Blue : green.consuming ? StackReference.Green : 'neither';
  return { live, blue, green };
}

/**
 * The messaging steps of the flip **as they were before issue 11** (src/runbook/flip.ts at 5c818a1), rebuilt from the
 * tools, for showing in the account-true world that this order loses messages:
 * prepare — enable the target's SNS subscriptions, enable its event source mappings;
 * finish — disable the live subscriptions, wait for the live queues to drain (one empty reading was enough), disable
 * the live mappings, purge the live queues (DLQ included).
 * No propagation dwell anywhere: each step follows the previous one at once.
 */
import type { StackReference, WaitOptions } from '../../../src/index.js';
import { opposite } from '../../../src/index.js';
import { Runbook, type RunbookStep, type StackTools } from '../../../src/runbook/index.js';
import { purgeQueues } from '../../../src/sqs/index.js';

/** The pre-issue-11 order of the flip's SNS/SQS/Lambda steps as one runbook (both phases back to back, like `flip()`). */
export function legacyMessagingFlip(tools: StackTools, target: StackReference, wait: WaitOptions, between?: () => void): Runbook {
  const { sns, sqs, lambda } = tools;
  if (!sns || !sqs || !lambda) throw new Error('legacyMessagingFlip needs the sns, sqs and lambda tools');
  const live = opposite(target);
  const steps: RunbookStep[] = [
    { name: `sns: enable ${target} subscriptions`, run: () => sns.enableSubscription(target), undo: () => sns.disableSubscription(target) },
    {
      name: `lambda: enable ${target} event source mappings`,
      run: () => lambda.enableEventMappings(target, { wait }),
      undo: () => lambda.disableEventMappings(target, { wait }),
    },
    // Where PRE_TRAFFIC ends and POST_TRAFFIC begins: CodeDeploy shifts the traffic here (the test's `between`).
    { name: 'traffic shift', run: async () => ({ outcome: 'already' as const, message: String(between?.()) }) },
    { name: `sns: disable ${live} subscriptions`, run: () => sns.disableSubscription(live), undo: () => sns.enableSubscription(live) },
    {
      name: `sqs: wait for ${live} queues to drain`,
      run: async () => {
        await sqs.waitForDrain(live, { ...wait, emptyChecks: 1 });
        return { outcome: 'already' as const, message: `${live} queues drained` };
      },
    },
    {
      name: `lambda: disable ${live} event source mappings`,
      run: () => lambda.disableEventMappings(live, { wait }),
      undo: () => lambda.enableEventMappings(live, { wait }),
    },
    { name: `sqs: purge ${live} queues`, run: () => purgeQueues(sqs, live, { includeDlq: true }) },
  ];
  return new Runbook({ name: `legacy flip → ${target}`, steps });
}

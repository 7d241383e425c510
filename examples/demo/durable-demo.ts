/**
 * The durable part of `npm run demo`: the same flip → green as a Lambda durable function (bluegreen-toolkit/durable),
 * run by AWS's local durable test runner with time skipping, so SNS's real 15-minute propagation dwells pass at
 * once. Prints the execution history the way `bluegreen flip --durable-status` does, and the active time against the
 * waited time.
 */
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { type DurableFlipReport, durableFlip, renderDurableFlipStatus, summarizeDurableHistory } from '../../src/durable/index.js';
import type { StackConfig } from '../../src/runbook/index.js';

export async function runDurableDemo(
  config: StackConfig,
  clientConfig: Record<string, unknown>,
  out: (line?: string) => void,
): Promise<void> {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  try {
    const handler = durableFlip(config, {
      clientConfig,
      wait: { maxWaitTime: 60, minDelay: 1, maxDelay: 5 },
      // SNS's dwell stays AWS's 15 minutes (a durable wait: suspended, skipped here); the emulator's queue depths are
      // exact, so the drain window is scaled down to seconds.
      drain: { maxWaitTime: 60, windowSeconds: 2, zeroReadings: 2 },
    });
    for (const phase of ['prepare', 'finish'] as const) {
      const runner = new LocalDurableTestRunner({ handlerFunction: withDurableExecution(handler) });
      const execution = await runner.run({ payload: { phase, target: 'green' } });
      const events = execution.getHistoryEvents();
      const summary = summarizeDurableHistory(events);
      const text = renderDurableFlipStatus({
        executionArn: `(local) flip ${phase} → green`,
        status: String(execution.getStatus()),
        completed: summary.completed,
      });
      out(`\n   durable ${phase} → green, execution history:`);
      for (const line of text.split('\n').slice(2)) if (line) out(`   ${line}`);
      const invocations = execution.getInvocations();
      const active = invocations.reduce(
        (sum, i) => sum + (new Date(i.endTimestamp ?? 0).getTime() - new Date(i.startTimestamp ?? 0).getTime()),
        0,
      );
      const report = String(execution.getStatus()) === 'SUCCEEDED' ? (execution.getResult() as DurableFlipReport) : undefined;
      out(
        `   durable ${phase}: ${execution.getStatus()} in ${invocations.length} invocations, ${(active / 1000).toFixed(1)}s active, ${report?.waitedSeconds ?? '?'}s of durable waits (suspended, not billed)`,
      );
      if (!report) throw new Error(`durable ${phase} failed: ${JSON.stringify(execution.getError())}`);
    }
  } finally {
    await LocalDurableTestRunner.teardownTestEnvironment();
  }
}

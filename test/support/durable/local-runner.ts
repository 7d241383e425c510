// Runs durable handlers with the official local runner (@aws/durable-execution-sdk-js-testing, time skipping on) and
// reads back what the execution history shows: operations by type, invocations, the waited (skipped) seconds.
import { type DurableContext, withDurableExecution } from '@aws/durable-execution-sdk-js';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';

export function useLocalDurableRunner(): void {
  before(async () => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  after(async () => LocalDurableTestRunner.teardownTestEnvironment());
}

export interface DurableRun {
  status: string;
  result: unknown;
  error: { errorMessage?: string; errorType?: string } | undefined;
  /** Operations in execution order: name, type (STEP / WAIT), subtype (Step / Wait / WaitForCondition), status. */
  operations: { name: string; type: string; subType: string | undefined; status: string }[];
  /** History event types with names, oldest first. */
  history: string[];
  invocations: number;
  /** Seconds the invocations ran (active) and the seconds between them (suspended: waits, retries), by the runner's clock. */
  activeSeconds: number;
  suspendedSeconds: number;
}

export async function runDurable<E>(handler: (event: E, context: DurableContext) => Promise<unknown>, payload: E): Promise<DurableRun> {
  const runner = new LocalDurableTestRunner({ handlerFunction: withDurableExecution(handler) });
  const execution = await runner.run({ payload });
  const status = String(execution.getStatus());
  const invocations = execution.getInvocations();
  let active = 0;
  let suspended = 0;
  let lastEnd: number | undefined;
  for (const inv of invocations) {
    const start = new Date(inv.startTimestamp ?? 0).getTime();
    const end = new Date(inv.endTimestamp ?? 0).getTime();
    active += Math.max(0, end - start);
    if (lastEnd !== undefined) suspended += Math.max(0, start - lastEnd);
    lastEnd = end;
  }
  return {
    status,
    result: status === 'SUCCEEDED' ? execution.getResult() : undefined,
    error: status === 'SUCCEEDED' ? undefined : (execution.getError() as DurableRun['error']),
    operations: execution.getOperations().map((op) => ({
      name: String(op.getName()),
      type: String(op.getType()),
      subType: op.getSubType() === undefined ? undefined : String(op.getSubType()),
      status: String(op.getStatus()),
    })),
    history: execution.getHistoryEvents().map((e) => `${e.EventType}${e.Name ? `:${e.Name}` : ''}`),
    invocations: invocations.length,
    activeSeconds: active / 1000,
    suspendedSeconds: suspended / 1000,
  };
}

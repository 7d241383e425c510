import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type AwsClientConfig, ConfigError, describeValue } from '../core/index.js';

/**
 * Where a durable flip is: the execution's status, the steps and waits that finished, and what it is doing now.
 *
 * @example
 * ```ts
 * import { getDurableFlipStatus, type DurableFlipStatus } from 'bluegreen-toolkit/durable';
 *
 * const status: DurableFlipStatus = await getDurableFlipStatus(executionArn, { clientConfig: { region: 'eu-west-1' } });
 * if (status.current) console.log(`${status.current.kind} ${status.current.name}`);
 * ```
 */
export interface DurableFlipStatus {
  /** The execution. */
  executionArn: string;
  /** `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `STOPPED`. */
  status: string;
  /** When it started and (once it ended) ended. */
  startedAt?: string;
  endedAt?: string;
  /** Every operation that finished, in order: steps (`step`), settle conditions (`condition`) and dwells (`wait`). */
  completed: { name: string; kind: 'step' | 'condition' | 'wait'; outcome: 'succeeded' | 'failed'; error?: string }[];
  /** The operation in progress: a step running, a condition being polled, or a wait with its scheduled end. */
  current?: { name: string; kind: 'step' | 'condition' | 'wait'; until?: string; attempt?: number };
  /** The execution's error, when it failed. */
  error?: string;
}

/**
 * The fields of a `GetDurableExecutionHistory` event that {@link summarizeDurableHistory} reads.
 *
 * @example
 * ```ts
 * import type { DurableHistoryEvent } from 'bluegreen-toolkit/durable';
 *
 * const event: DurableHistoryEvent = { EventType: 'WaitStarted', Id: '3', Name: 'sns: enable green subscriptions · dwell 900s' };
 * ```
 */
export type DurableHistoryEvent = {
  EventType?: string;
  SubType?: string;
  Id?: string;
  Name?: string;
  EventTimestamp?: Date;
  WaitStartedDetails?: { ScheduledEndTimestamp?: Date };
  StepFailedDetails?: { Error?: { Payload?: { ErrorMessage?: string } }; RetryDetails?: { CurrentAttempt?: number } };
};

const kindOf = (e: DurableHistoryEvent): 'step' | 'condition' | 'wait' =>
  e.EventType?.startsWith('Wait') ? 'wait' : e.SubType === 'WaitForCondition' ? 'condition' : 'step';

/**
 * Folds a durable execution's history events (as `GetDurableExecutionHistory` returns them, oldest first) into the
 * finished operations and the one in progress. A retried step (`StepFailed` with retry details) stays in progress.
 *
 * @example
 * ```ts
 * import { GetDurableExecutionHistoryCommand, LambdaClient } from '@aws-sdk/client-lambda';
 * import { type DurableHistoryEvent, summarizeDurableHistory } from 'bluegreen-toolkit/durable';
 *
 * const lambdaClient = new LambdaClient({ region: 'eu-west-1' });
 * const page = await lambdaClient.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: executionArn }));
 * const { completed, current } = summarizeDurableHistory((page.Events ?? []) as DurableHistoryEvent[]);
 * ```
 */
export function summarizeDurableHistory(events: readonly DurableHistoryEvent[]): Pick<DurableFlipStatus, 'completed' | 'current'> {
  const completed: (DurableFlipStatus['completed'][number] & { id: string; attempt?: number })[] = [];
  const open = new Map<string, NonNullable<DurableFlipStatus['current']>>();
  for (const e of events) {
    const id = e.Id ?? e.Name ?? '';
    const name = e.Name ?? id;
    const kind = kindOf(e);
    switch (e.EventType) {
      case 'StepStarted':
      case 'WaitStarted': {
        const until = e.WaitStartedDetails?.ScheduledEndTimestamp;
        const previous = open.get(id);
        open.set(id, { name, kind, ...(until ? { until: new Date(until).toISOString() } : {}), attempt: (previous?.attempt ?? 0) + 1 });
        break;
      }
      case 'StepSucceeded':
      case 'WaitSucceeded': {
        // Each check of a condition is a StepStarted/StepSucceeded pair with the same id: keep one entry per operation.
        const attempt = open.get(id)?.attempt;
        open.delete(id);
        const at = completed.findIndex((c) => c.id === id);
        if (at >= 0) completed.splice(at, 1);
        completed.push({ id, name, kind, outcome: 'succeeded', ...(attempt ? { attempt } : {}) });
        break;
      }
      case 'StepFailed': {
        const retrying = e.StepFailedDetails?.RetryDetails !== undefined && e.StepFailedDetails.RetryDetails.CurrentAttempt !== undefined;
        const error = e.StepFailedDetails?.Error?.Payload?.ErrorMessage;
        if (retrying && open.has(id)) break;
        open.delete(id);
        completed.push({ id, name, kind, outcome: 'failed', ...(error ? { error } : {}) });
        break;
      }
      case 'WaitCancelled':
        open.delete(id);
        break;
    }
  }
  // Between two checks of a condition nothing is open: the condition polled last is what the flip waits for.
  const last = completed.at(-1);
  const current =
    [...open.values()].at(-1) ??
    (last?.kind === 'condition' && last.outcome === 'succeeded'
      ? { name: last.name, kind: last.kind, ...(last.attempt ? { attempt: last.attempt } : {}) }
      : undefined);
  return { completed: completed.map(({ id: _id, attempt: _a, ...rest }) => rest), ...(current ? { current } : {}) };
}

/**
 * Reads where a durable flip is: `GetDurableExecution` for its status and `GetDurableExecutionHistory` (every page,
 * without step payloads) for the steps and waits that finished and the one in progress.
 * AWS Lambda API Reference, "GetDurableExecutionHistory": https://docs.aws.amazon.com/lambda/latest/dg/API_GetDurableExecutionHistory.html
 *
 * @param executionArn - the durable execution's ARN (`arn:aws:lambda:…:function:name:alias/durable-execution/…`).
 * @param options - `lambdaClient` or `clientConfig`.
 *
 * @remarks IAM: `lambda:GetDurableExecution`, `lambda:GetDurableExecutionHistory`.
 *
 * @example
 * ```ts
 * import { getDurableFlipStatus } from 'bluegreen-toolkit/durable';
 *
 * const status = await getDurableFlipStatus(process.argv[2] ?? '', { clientConfig: { region: 'eu-west-1' } });
 * console.log(status.status, status.completed.length, 'operations done');
 * ```
 */
export async function getDurableFlipStatus(
  executionArn: string,
  options: { lambdaClient?: LambdaClient; clientConfig?: AwsClientConfig } = {},
): Promise<DurableFlipStatus> {
  if (typeof executionArn !== 'string' || !/^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+:[^/]+\/durable-execution\/.+/.test(executionArn))
    throw new ConfigError(
      `${describeValue(executionArn)} is not a durable execution ARN (arn:aws:lambda:region:account:function:name:qualifier/durable-execution/…).`,
    );
  const { GetDurableExecutionCommand, LambdaClient, paginateGetDurableExecutionHistory } = await import('@aws-sdk/client-lambda');
  const { createAwsClient } = await import('../core/client.js');
  const client = createAwsClient(
    LambdaClient,
    { awsSdkV3Client: options.lambdaClient, clientConfig: options.clientConfig },
    {},
    { client: 'lambdaClient', config: 'clientConfig' },
  );
  const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: executionArn }));
  const events: DurableHistoryEvent[] = [];
  for await (const page of paginateGetDurableExecutionHistory(
    { client },
    { DurableExecutionArn: executionArn, IncludeExecutionData: false },
  ))
    events.push(...((page.Events ?? []) as DurableHistoryEvent[]));
  const summary = summarizeDurableHistory(events);
  const done = execution.Status !== 'RUNNING';
  return {
    executionArn,
    status: execution.Status ?? 'UNKNOWN',
    ...(execution.StartTimestamp ? { startedAt: new Date(execution.StartTimestamp).toISOString() } : {}),
    ...(execution.EndTimestamp ? { endedAt: new Date(execution.EndTimestamp).toISOString() } : {}),
    completed: summary.completed,
    ...(summary.current && !done ? { current: summary.current } : {}),
    ...(execution.Error?.ErrorMessage ? { error: execution.Error.ErrorMessage } : {}),
  };
}

/**
 * Renders a {@link DurableFlipStatus} for a terminal: the status, one line per finished operation, and the current
 * wait with what it waits for and until when.
 *
 * @example
 * ```ts
 * import { getDurableFlipStatus, renderDurableFlipStatus } from 'bluegreen-toolkit/durable';
 *
 * process.stdout.write(renderDurableFlipStatus(await getDurableFlipStatus(executionArn)));
 * ```
 */
export function renderDurableFlipStatus(status: DurableFlipStatus): string {
  const icon = { step: '■', condition: '◆', wait: '⏸' } as const;
  const lines = [
    `durable flip ${status.executionArn}`,
    `status: ${status.status}${status.startedAt ? ` (started ${status.startedAt}${status.endedAt ? `, ended ${status.endedAt}` : ''})` : ''}`,
  ];
  for (const op of status.completed)
    lines.push(`  ${op.outcome === 'succeeded' ? '✓' : '✗'} ${icon[op.kind]} ${op.name}${op.error ? ` — ${op.error}` : ''}`);
  if (status.current) {
    const c = status.current;
    const what =
      c.kind === 'wait'
        ? `waiting${c.until ? ` until ${c.until}` : ''}`
        : c.kind === 'condition'
          ? `polling (check ${c.attempt ?? 1})`
          : `running (attempt ${c.attempt ?? 1})`;
    lines.push(`  → ${icon[c.kind]} ${c.name}: ${what}`);
  }
  if (status.error) lines.push(`error: ${status.error}`);
  return `${lines.join('\n')}\n`;
}

import { strict as assert } from 'node:assert';
import { GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../src/cli/main.js';
import { getDurableFlipStatus, renderDurableFlipStatus, summarizeDurableHistory } from '../../../src/durable/index.js';
import { ConfigError } from '../../../src/index.js';

const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:shop-flip:live/durable-execution/hook-exec-1/0f1e2d3c';
const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s));
// Events as GetDurableExecutionHistory returns them (AWS Lambda API Reference, "GetDurableExecutionHistory": Event).
const EVENTS = [
  { EventType: 'ExecutionStarted', Id: 'e', EventTimestamp: at(0) },
  { EventType: 'StepStarted', SubType: 'Step', Id: '1', Name: 'flip: plan', EventTimestamp: at(1) },
  { EventType: 'StepSucceeded', SubType: 'Step', Id: '1', Name: 'flip: plan', EventTimestamp: at(1) },
  { EventType: 'StepStarted', SubType: 'Step', Id: '2', Name: 'aurora: start green database', EventTimestamp: at(2) },
  {
    EventType: 'StepFailed',
    SubType: 'Step',
    Id: '2',
    Name: 'aurora: start green database',
    StepFailedDetails: {
      Error: { Payload: { ErrorMessage: 'socket hang up' } },
      RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 },
    },
  },
  { EventType: 'InvocationCompleted', Id: 'i1' },
  { EventType: 'StepStarted', SubType: 'Step', Id: '2', Name: 'aurora: start green database', EventTimestamp: at(5) },
  { EventType: 'StepSucceeded', SubType: 'Step', Id: '2', Name: 'aurora: start green database', EventTimestamp: at(6) },
  { EventType: 'StepStarted', SubType: 'WaitForCondition', Id: '3', Name: 'aurora: start green database · wait: green cluster available' },
  {
    EventType: 'StepSucceeded',
    SubType: 'WaitForCondition',
    Id: '3',
    Name: 'aurora: start green database · wait: green cluster available',
  },
  { EventType: 'StepStarted', SubType: 'WaitForCondition', Id: '3', Name: 'aurora: start green database · wait: green cluster available' },
  {
    EventType: 'StepSucceeded',
    SubType: 'WaitForCondition',
    Id: '3',
    Name: 'aurora: start green database · wait: green cluster available',
  },
  { EventType: 'StepStarted', SubType: 'Step', Id: '4', Name: 'sns: enable green subscriptions' },
  { EventType: 'StepSucceeded', SubType: 'Step', Id: '4', Name: 'sns: enable green subscriptions' },
  {
    EventType: 'WaitStarted',
    SubType: 'Wait',
    Id: '5',
    Name: 'sns: enable green subscriptions · dwell 900s',
    WaitStartedDetails: { Duration: 900, ScheduledEndTimestamp: at(900) },
  },
];

describe('Function: summarizeDurableHistory', () => {
  it('one entry per finished operation (a retried step and a polled condition once each) and the wait in progress with its end', () => {
    const { completed, current } = summarizeDurableHistory(EVENTS);
    assert.deepEqual(
      completed.map((c) => `${c.kind} ${c.outcome} ${c.name}`),
      [
        'step succeeded flip: plan',
        'step succeeded aurora: start green database',
        'condition succeeded aurora: start green database · wait: green cluster available',
        'step succeeded sns: enable green subscriptions',
      ],
    );
    assert.deepEqual(current, {
      name: 'sns: enable green subscriptions · dwell 900s',
      kind: 'wait',
      until: at(900).toISOString(),
      attempt: 1,
    });
  });

  it('between two checks of a condition, the condition is what the flip waits for', () => {
    const { current } = summarizeDurableHistory(EVENTS.slice(0, 10));
    assert.equal(current?.kind, 'condition');
    assert.match(current?.name ?? '', /green cluster available/);
  });
});

describe('Function: getDurableFlipStatus and `bluegreen flip --durable-status`', () => {
  const lambda = mockClient(LambdaClient);
  after(() => lambda.restore());
  beforeEach(() => {
    lambda.reset();
    lambda.on(GetDurableExecutionCommand).resolves({ DurableExecutionArn: ARN, Status: 'RUNNING', StartTimestamp: at(0) } as never);
    // Two pages: the history is read to the end (Marker / NextMarker).
    lambda
      .on(GetDurableExecutionHistoryCommand)
      .resolvesOnce({ Events: EVENTS.slice(0, 8) as never, NextMarker: 'page-2' })
      .resolvesOnce({ Events: EVENTS.slice(8) as never });
  });

  it('reads the status and every history page (without step payloads)', async () => {
    const status = await getDurableFlipStatus(ARN, {
      clientConfig: { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
    });
    assert.equal(status.status, 'RUNNING');
    assert.equal(status.completed.length, 4);
    assert.equal(status.current?.kind, 'wait');
    const pages = lambda.commandCalls(GetDurableExecutionHistoryCommand).map((c) => c.args[0].input);
    assert.equal(pages.length, 2, 'both pages read');
    assert.equal(pages[1]?.Marker, 'page-2');
    assert.ok(pages.every((p) => p.IncludeExecutionData === false));
    const text = renderDurableFlipStatus(status);
    assert.match(text, /status: RUNNING/);
    assert.match(text, /✓ ■ aurora: start green database\n/);
    assert.match(text, /→ ⏸ sns: enable green subscriptions · dwell 900s: waiting until 2026-12-01T10:15:00.000Z/);
  });

  it('`bluegreen flip --durable-status <arn>` prints it and exits 0 while running', async () => {
    const out: string[] = [];
    const code = await main(['flip', '--durable-status', ARN], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' },
    });
    assert.equal(code, 0, out.join(''));
    assert.match(out.join(''), /→ ⏸ sns: enable green subscriptions · dwell 900s/);
  });

  it('`bluegreen durable status --json` exits 1 for a failed execution', async () => {
    lambda.on(GetDurableExecutionCommand).resolves({ Status: 'FAILED', Error: { ErrorMessage: 'flip prepare → green failed' } } as never);
    const out: string[] = [];
    const code = await main(['durable', 'status', ARN, '--json'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env: {} });
    assert.equal(code, 1);
    assert.equal(JSON.parse(out.join('')).error, 'flip prepare → green failed');
  });

  it('a value that is not a durable execution ARN: ConfigError / usage error (exit 2), no call', async () => {
    await assert.rejects(getDurableFlipStatus('arn:aws:lambda:eu-west-1:123456789012:function:shop-flip'), ConfigError);
    const err: string[] = [];
    assert.equal(await main(['flip', '--durable-status', 'nope'], { stdout: () => undefined, stderr: (t) => err.push(t), env: {} }), 2);
    assert.equal(lambda.calls().length, 0);
  });
});

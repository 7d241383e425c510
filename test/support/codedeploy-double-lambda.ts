/**
 * How the CodeDeploy double invokes hook functions: Lambda's asynchronous invocation model, with its retries of a
 * failed invocation and its occasional duplicate delivery ("How Lambda handles errors and retries with asynchronous
 * invocation", AWS Lambda Developer Guide, https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 */
import { randomUUID } from 'node:crypto';
import { TimerGroup } from './codedeploy-double-timers.js';
import type {
  CodeDeployDoubleOptions,
  CodeDeployHookEvent,
  FakeLambdaContext,
  HookFunction,
  HookInvocation,
} from './codedeploy-double-types.js';
import { seededRandom } from './seeded-random.js';

export class LambdaInvoker {
  readonly functions = new Map<string, HookFunction>();
  readonly invocations: HookInvocation[] = [];
  private readonly random: () => number;
  private stopped = false;
  private readonly timers = new TimerGroup(() => this.stopped);

  constructor(private readonly options: Pick<CodeDeployDoubleOptions, 'invoke' | 'lambda'> & { lambdaTimeoutMs: number }) {
    this.random = seededRandom(options.lambda?.seed ?? 2);
  }

  /** Delivers `event` to the function (registered, or the `invoke` option) on the next turn; one `invocations()` entry. */
  invoke(functionName: string, event: CodeDeployHookEvent, attempt = 1, duplicate = false): void {
    const record: HookInvocation = { functionName, event, outcome: 'pending', attempt, duplicate };
    this.invocations.push(record);
    const handler = this.functions.get(functionName);
    const started = Date.now();
    const { lambdaTimeoutMs, invoke } = this.options;
    const context: FakeLambdaContext = {
      functionName,
      awsRequestId: randomUUID(),
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
      getRemainingTimeInMillis: () => Math.max(0, lambdaTimeoutMs - (Date.now() - started)),
    };
    const call = handler ? async () => handler(event, context) : invoke ? async () => invoke(functionName, event) : undefined;
    if (!call) {
      record.outcome = 'missing';
      return;
    }
    const lambda = this.options.lambda ?? {};
    setImmediate(() => {
      call().then(
        (value) => {
          record.outcome = 'resolved';
          record.value = value;
          if (!duplicate && this.random() < (lambda.duplicateRate ?? 0)) {
            this.timers.after(lambda.duplicateDelayMs ?? 10, () => this.invoke(functionName, event, attempt, true));
          }
        },
        (error: unknown) => {
          record.outcome = 'threw';
          record.error = error;
          if (attempt <= (lambda.retryAttempts ?? 0)) {
            this.timers.after((lambda.retryDelayMs ?? 10) * attempt, () => this.invoke(functionName, event, attempt + 1, duplicate));
          }
        },
      );
    });
  }

  /** Resolves once every invocation started so far has returned or thrown. */
  async settled(timeoutMs: number): Promise<HookInvocation[]> {
    const until = Date.now() + timeoutMs;
    while (this.invocations.some((i) => i.outcome === 'pending')) {
      if (Date.now() > until) throw new Error(`hook invocations still running after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return [...this.invocations];
  }

  /** No retry or duplicate is delivered any more. */
  stop(): void {
    this.stopped = true;
    this.timers.clear();
  }
}

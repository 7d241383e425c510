/**
 * The hook wrapper under AWS's real invocation model, at scale: 200 hook executions (200 deployments with one
 * BeforeAllowTraffic hook each) against the CodeDeploy test double with 30 % seeded faults on every CodeDeploy call the
 * wrapper makes (throttling, 503, 500, and a report that lands but whose answer is lost to a connection reset), hostile
 * handler outcomes, and Lambda's asynchronous delivery (a failed invocation retried up to twice, events delivered twice
 * without an error: "How Lambda handles errors and retries with asynchronous invocation", AWS Lambda Developer Guide).
 *
 * A fake Lambda service sits between the double and the wrapper: a pool of execution environments, each running one
 * invocation at a time with its own warm wrapper instance (like Lambda), a fresh environment when none is idle. Some
 * first deliveries fail in the runtime before the handler (an init crash) and some after it returned (a runtime error
 * on the way out); an environment whose handler ignored its aborted signal is ended (the wrapper's `stuckHandler`,
 * `process.exit` in Lambda) and its invocation counts as failed. Each failure makes the double deliver the event again.
 *
 * Counted at the double: per hook execution exactly one accepted status and it is the right one, no report of the
 * other status, and the handler ran at most once (`recordSideEffect`; exactly once for every Succeeded).
 */
import { strict as assert } from 'node:assert';
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { type CodeDeployHookResult, codeDeployHook } from '../../../src/hooks/index.js';
import { type CodeDeployDouble, type CodeDeployHookEvent, seededRandom, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { appSpec, createLambdaApp } from '../../support/codedeploy-fixtures.js';

const EXECUTIONS = 200;
const WAVE = 40;
const SEED = 1913;

/** What a handler does, chosen per deployment (its description) from a seeded sequence. */
const OUTCOMES = ['succeed', 'throw', 'reject-undefined', 'reject-null', 'reject-null-prototype', 'message-getter-throws', 'hang'] as const;
type Planned = (typeof OUTCOMES)[number];

class RuntimeCrash extends Error {}

describe('Function: codeDeployHook — 200 seeded invocations, 30 % faults on every CodeDeploy call, hostile handlers, Lambda async retries and duplicates', function () {
  this.timeout(300_000);
  let cd: CodeDeployDouble;
  let admin: CodeDeployClient;
  const results: CodeDeployHookResult[] = [];
  const crashes = { init: 0, exit: 0, stuck: 0 };

  before(async () => {
    cd = await startCodeDeployDouble({
      hookTimeoutMs: 60_000, // the CodeDeploy hook deadline (AWS: 1 h): never reached here, every status is the wrapper's
      lambdaTimeoutMs: 20_000,
      stepDelayMs: 2,
      faults: {
        rate: 0.3,
        seed: SEED,
        operations: ['GetDeployment', 'ListDeploymentTargets', 'GetDeploymentTarget', 'PutLifecycleEventHookExecutionStatus'],
      },
      lambda: { retryAttempts: 2, retryDelayMs: 40, duplicateRate: 0.2, duplicateDelayMs: 20, seed: SEED },
    });
    // The test's own client (not faulted) retries like the SDK does by default: a keep-alive socket the server closes
    // while a request goes out is a "socket hang up" under load.
    admin = new CodeDeployClient({ ...cd.clientConfig(), maxAttempts: 3 });
    await createLambdaApp(admin, 'orders', 'orders-dg', { rollback: false });

    const random = seededRandom(SEED);
    type Environment = { busy: boolean; ended: boolean; run: ReturnType<typeof codeDeployHook> };
    const pool: Environment[] = [];
    const newEnvironment = (): Environment => {
      const env: Environment = {
        busy: false,
        ended: false,
        run: codeDeployHook(
          async (hook, { signal }) => {
            cd.recordSideEffect(hook.lifecycleEventHookExecutionId);
            const planned = hook.deployment.description as Planned;
            if (planned === 'succeed') return;
            if (planned === 'throw') throw new Error('green answered HTTP 503');
            if (planned === 'reject-undefined') return Promise.reject(undefined);
            if (planned === 'reject-null') return Promise.reject(null);
            if (planned === 'reject-null-prototype') return Promise.reject(Object.create(null));
            if (planned === 'message-getter-throws') {
              const error = new Error('x');
              Object.defineProperty(error, 'message', {
                get() {
                  throw new Error('no message for you');
                },
              });
              throw error;
            }
            void signal; // 'hang': ignores the signal and never settles
            return new Promise<never>(() => {});
          },
          {
            // The SDK's own retries off (maxAttempts 1: its throttling backoff alone would eat the scaled-down 20 s
            // Lambda time), so every retry here is the wrapper's: 10 attempts, 20-200 ms jittered backoff, bounded by
            // the deadlines. In Lambda the defaults are 6 wrapper attempts × 3 SDK attempts within a 30 s margin.
            clientConfig: cd.clientConfig(),
            lifecycleEvent: 'BeforeAllowTraffic',
            safetyMargin: 6,
            reportRetry: { maxAttempts: 10, minDelay: 0.02, maxDelay: 0.2 },
            stuckHandler: () => {
              env.ended = true; // in Lambda: process.exit after the report; the environment is gone
            },
          },
        ),
      };
      pool.push(env);
      return env;
    };
    const deliveries = new Map<string, number>();
    cd.registerFunction('pre-traffic', async (event: CodeDeployHookEvent, context) => {
      const n = (deliveries.get(event.LifecycleEventHookExecutionId) ?? 0) + 1;
      deliveries.set(event.LifecycleEventHookExecutionId, n);
      const env = pool.find((e) => !e.busy && !e.ended) ?? newEnvironment();
      env.busy = true;
      try {
        if (n === 1 && random() < 0.05) {
          crashes.init++;
          throw new RuntimeCrash('Runtime.ExitError before the handler (init crash)');
        }
        const result = await env.run(event, context);
        results.push(result);
        if (env.ended) {
          crashes.stuck++;
          throw new RuntimeCrash('Runtime.ExitError: the stuck handler ended the process');
        }
        if (n === 1 && random() < 0.05) {
          crashes.exit++;
          throw new RuntimeCrash('Runtime.ExitError after the handler returned');
        }
        return result;
      } finally {
        env.busy = false;
      }
    });
  });

  after(async () => {
    admin?.destroy();
    await cd?.stop();
  });

  it('every hook execution gets exactly one correct status, and its handler ran at most once', async () => {
    const pick = seededRandom(SEED + 1);
    const planned = new Map<string, Planned>();
    for (let wave = 0; wave < EXECUTIONS / WAVE; wave++) {
      const ids = await Promise.all(
        Array.from({ length: WAVE }, async () => {
          const outcome = OUTCOMES[Math.floor(pick() * OUTCOMES.length)] as Planned;
          const { deploymentId } = await admin.send(
            new CreateDeploymentCommand({
              applicationName: 'orders',
              deploymentGroupName: 'orders-dg',
              description: outcome,
              revision: appSpec({ BeforeAllowTraffic: 'pre-traffic' }),
            }),
          );
          planned.set(deploymentId as string, outcome);
          return deploymentId as string;
        }),
      );
      await Promise.all(ids.map((id) => cd.waitForDeployment(id, 60_000)));
    }
    // Let late deliveries (Lambda retries of failed invocations, duplicates) arrive and settle.
    await new Promise((resolve) => setTimeout(resolve, 800));
    await cd.settled(30_000);

    const invocations = cd.invocations();
    const executions = new Map<string, string>(); // execution id -> deployment id
    for (const i of invocations) executions.set(i.event.LifecycleEventHookExecutionId, i.event.DeploymentId);
    assert.equal(executions.size, EXECUTIONS);
    const problems: string[] = [];
    for (const [executionId, deploymentId] of executions) {
      const outcome = planned.get(deploymentId) as Planned;
      const expected = outcome === 'succeed' ? 'Succeeded' : 'Failed';
      const reports = cd.reports().filter((r) => r.lifecycleEventHookExecutionId === executionId);
      const accepted = reports.filter((r) => r.accepted);
      const wrong = reports.filter((r) => r.status !== expected);
      const runs = cd.sideEffects().get(executionId) ?? 0;
      // At most once; and a Succeeded status needs the handler to have run. (A Failed execution whose deployment could
      // not be read before the deadline — a loaded machine — rightly never ran its handler.)
      if (
        accepted.length !== 1 ||
        accepted[0]?.status !== expected ||
        wrong.length > 0 ||
        runs > 1 ||
        (expected === 'Succeeded' && runs !== 1)
      ) {
        problems.push(
          `${deploymentId} (${outcome}): accepted ${JSON.stringify(accepted.map((r) => r.status))}, all ${JSON.stringify(
            reports.map((r) => `${r.status}${r.errorCode ? `:${r.errorCode}` : ''}`),
          )}, handler runs ${runs}; results ${JSON.stringify(results.filter((r) => r.lifecycleEventHookExecutionId === executionId).map((r) => [r.status, r.reportOutcome, r.handlerRan, r.reason]))}`,
        );
      }
      const final = await cd.waitForDeployment(deploymentId);
      if (final.status !== (outcome === 'succeed' ? 'Succeeded' : 'Failed')) problems.push(`${deploymentId} ended ${final.status}`);
    }
    assert.deepEqual(problems, [], `${problems.length} hook executions went wrong:\n${problems.join('\n')}`);

    // The run exercised what it claims to: faults on every operation, retried and duplicated deliveries, skips.
    const faults = cd.faultCount();
    for (const op of ['GetDeployment', 'ListDeploymentTargets', 'GetDeploymentTarget', 'PutLifecycleEventHookExecutionStatus']) {
      assert.ok((faults[op] ?? 0) > 10, `faults injected on ${op}: ${faults[op]}`);
    }
    assert.ok(
      invocations.some((i) => i.duplicate),
      'some events were delivered twice',
    );
    assert.ok(
      invocations.some((i) => i.attempt > 1),
      'some failed invocations were retried by "Lambda"',
    );
    assert.ok(crashes.init > 0 && crashes.exit > 0 && crashes.stuck > 0, JSON.stringify(crashes));
    assert.ok(
      results.some((r) => r.status === 'Skipped' && !r.handlerRan),
      'repeated deliveries were skipped at entry',
    );
    assert.ok(
      results.some((r) => r.reportOutcome === 'already'),
      'a report whose answer was lost was recognised on retry',
    );
    for (const o of OUTCOMES) assert.ok([...planned.values()].includes(o), `outcome ${o} was planned`);
  });
});

import { strict as assert } from 'node:assert';
import { type DurableLease, type DurableStep, durableFlip, durableFlipOf, planDurableSteps } from '../../../src/durable/index.js';
import { ConfigError, MalformedInputError, StackReference } from '../../../src/index.js';
import { runDurable, useLocalDurableRunner } from '../../support/durable/local-runner.js';

const CONFIG = { sqs: { queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } } } };
const HOOK = { deploymentId: 'd-ABCDEF123', lifecycleEventHookExecutionId: 'exec-1' };

/** An in-memory "stack": each step flips one switch; counts every mutation, as a proxy would. */
function world(options: { failAt?: string; crashAt?: string; settleChecks?: number } = {}) {
  const state: Record<string, boolean> = {};
  const mutations: string[] = [];
  let crashed = false;
  const toggle = (name: string, on: boolean) => {
    mutations.push(`${on ? 'on' : 'off'} ${name}`);
    if (state[name] === on) return { outcome: 'already' as const, message: `${name} already ${on}` };
    state[name] = on;
    return { outcome: 'changed' as const, message: `${name} ${on}` };
  };
  const step = (name: string, extra: Partial<DurableStep> = {}): DurableStep => ({
    name,
    run: async () => {
      const result = toggle(name, true);
      // A crash after the change landed: the invocation dies before the step's checkpoint (a lost connection).
      if (options.crashAt === name && !crashed) {
        crashed = true;
        throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      }
      if (options.failAt === name) throw new Error(`${name} refused`);
      return result;
    },
    undo: async () => toggle(name, false),
    ...extra,
  });
  let checks = 0;
  const steps: DurableStep[] = [
    step('aurora: start green database', {
      settle: {
        description: 'green cluster available',
        maxWaitSeconds: 1800,
        minDelaySeconds: 15,
        check: async () => ({ done: ++checks >= (options.settleChecks ?? 3), state: { checks } }),
      },
    }),
    step('sns: enable green subscriptions', { dwellSeconds: 900 }),
    step('sns: disable blue subscriptions', { dwellSeconds: 900 }),
    step('lambda: disable blue event source mappings'),
  ];
  return { state, mutations, steps };
}

function fakeCodeDeploy() {
  const reports: { status: string; id: string }[] = [];
  const client = {
    send: async (command: { input: { status: string; lifecycleEventHookExecutionId: string } }) => {
      if (reports.length > 0) throw Object.assign(new Error('already completed'), { name: 'LifecycleEventAlreadyCompletedException' });
      reports.push({ status: command.input.status, id: command.input.lifecycleEventHookExecutionId });
      return {};
    },
  };
  return { reports, client: client as never };
}

describe('Function: durableFlip (LocalDurableTestRunner, time skipping)', () => {
  useLocalDurableRunner();

  it('runs each runbook step as one named durable step, the settle condition as waitForCondition and dwells as durable waits', async () => {
    const w = world();
    const cd = fakeCodeDeploy();
    const handler = durableFlip(CONFIG, { steps: async () => w.steps, codedeployClient: cd.client });
    const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt: new Date().toISOString() } });
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
    assert.deepEqual(
      run.operations.map((o) => `${o.subType} ${o.name}`),
      [
        'Step flip: plan',
        'Step aurora: start green database',
        'WaitForCondition aurora: start green database · wait: green cluster available',
        'Step sns: enable green subscriptions',
        'Wait sns: enable green subscriptions · dwell 900s',
        'Step sns: disable blue subscriptions',
        'Wait sns: disable blue subscriptions · dwell 900s',
        'Step lambda: disable blue event source mappings',
        'Step codedeploy: report Succeeded',
      ],
    );
    assert.deepEqual(w.state, {
      'aurora: start green database': true,
      'sns: enable green subscriptions': true,
      'sns: disable blue subscriptions': true,
      'lambda: disable blue event source mappings': true,
    });
    assert.equal(w.mutations.length, 4, 'one mutation per step');
    assert.deepEqual(cd.reports, [{ status: 'Succeeded', id: 'exec-1' }]);
    const report = run.result as { waitedSeconds: number; reported: string };
    // 1800 s of dwells plus the pauses between the three checks (15 s, then 30 s).
    assert.equal(report.waitedSeconds, 1800 + 15 + 30);
    assert.equal(report.reported, 'Succeeded');
    assert.ok(run.invocations >= 3, `the waits suspend the function: ${run.invocations} invocations`);
  });

  for (const crashAt of [
    'aurora: start green database',
    'sns: enable green subscriptions',
    'sns: disable blue subscriptions',
    'lambda: disable blue event source mappings',
  ]) {
    it(`a crash in the middle of '${crashAt}' (change applied, checkpoint lost) replays to the target; one more call of that step only; one status`, async () => {
      const w = world({ crashAt });
      const cd = fakeCodeDeploy();
      const handler = durableFlip(CONFIG, { steps: async () => w.steps, codedeployClient: cd.client });
      const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt: new Date().toISOString() } });
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
      assert.ok(Object.values(w.state).every(Boolean) && Object.keys(w.state).length === 4, JSON.stringify(w.state));
      // Every step's mutation once, and the interrupted one once more (its idempotent retry answers "already").
      assert.equal(w.mutations.length, 5);
      assert.deepEqual(w.mutations.filter((m) => m === `on ${crashAt}`).length, 2);
      assert.deepEqual(cd.reports, [{ status: 'Succeeded', id: 'exec-1' }]);
      assert.ok(
        run.history.some((h) => h === `StepFailed:${crashAt}`),
        'the interrupted attempt is in the history',
      );
    });
  }

  for (const failAt of ['aurora: start green database', 'sns: disable blue subscriptions', 'lambda: disable blue event source mappings']) {
    it(`a failure at '${failAt}' undoes it and the completed steps in reverse as durable steps, state as before, Failed reported once`, async () => {
      const w = world({ failAt });
      const cd = fakeCodeDeploy();
      const handler = durableFlip(CONFIG, { steps: async () => w.steps, codedeployClient: cd.client });
      const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt: new Date().toISOString() } });
      assert.equal(run.status, 'FAILED');
      assert.match(run.error?.errorMessage ?? '', new RegExp(`failed at '${failAt}'`));
      assert.ok(
        Object.values(w.state).every((on) => on === false),
        `everything off again: ${JSON.stringify(w.state)}`,
      );
      const names = w.steps.map((s) => s.name);
      const undos = run.operations.filter((o) => o.name.startsWith('undo: ') && o.subType === 'Step').map((o) => o.name.slice(6));
      assert.deepEqual(undos, names.slice(0, names.indexOf(failAt) + 1).reverse());
      assert.deepEqual(cd.reports, [{ status: 'Failed', id: 'exec-1' }]);
    });
  }

  describe('a best-effort step (the old-cluster stop)', () => {
    /** A best-effort last step whose run throws `errors` in turn, then succeeds; counts its attempts. */
    function bestEffort(errors: Error[]) {
      const w = world();
      let attempts = 0;
      const stop: DurableStep = {
        name: 'aurora: stop blue database',
        bestEffort: true,
        run: async () => {
          attempts++;
          w.mutations.push('stop blue');
          const error = errors[attempts - 1];
          if (error) throw error;
          return { outcome: 'changed', message: 'stopping' };
        },
      };
      return { w, steps: [...w.steps, stop], attempts: () => attempts };
    }
    const timeout = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });

    it('a transient error (a crash mid-call) is retried durably like any other step: the retry succeeds, no warning, one status', async () => {
      const b = bestEffort([timeout()]);
      const cd = fakeCodeDeploy();
      const handler = durableFlip(CONFIG, { steps: async () => b.steps, codedeployClient: cd.client });
      const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt: new Date().toISOString() } });
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
      assert.equal(b.attempts(), 2);
      assert.ok(run.history.includes('StepFailed:aurora: stop blue database'), 'the interrupted attempt is in the history');
      const report = run.result as { warnings: unknown[]; steps: { name: string; status: string }[] };
      assert.deepEqual(report.warnings, []);
      assert.equal(report.steps.at(-1)?.status, 'done');
      assert.deepEqual(cd.reports, [{ status: 'Succeeded', id: 'exec-1' }]);
    });

    it('a refusal (non-transient) is the warning at once: not retried, nothing undone, Succeeded', async () => {
      const refused = Object.assign(new Error('DB cluster is not in available state'), { name: 'InvalidDBClusterStateFault' });
      const b = bestEffort([refused]);
      const handler = durableFlip(CONFIG, { steps: async () => b.steps });
      const run = await runDurable(handler, { phase: 'finish', target: 'green' });
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
      assert.equal(b.attempts(), 1);
      assert.ok(!run.history.includes('StepFailed:aurora: stop blue database'));
      assert.deepEqual((run.result as { warnings: unknown[] }).warnings, [
        { step: 'aurora: stop blue database', message: 'DB cluster is not in available state' },
      ]);
      assert.ok(!run.operations.some((o) => o.name.startsWith('undo: ')));
    });

    it('a transient error on every attempt becomes the warning after the last durable retry (stepAttempts), nothing undone', async () => {
      const b = bestEffort([timeout(), timeout(), timeout(), timeout()]);
      const handler = durableFlip(CONFIG, { steps: async () => b.steps, stepAttempts: 3 });
      const run = await runDurable(handler, { phase: 'finish', target: 'green' });
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
      assert.equal(b.attempts(), 3);
      assert.deepEqual(
        (run.result as { warnings: { step: string }[] }).warnings.map((x) => x.step),
        ['aurora: stop blue database'],
      );
      assert.ok(!run.operations.some((o) => o.name.startsWith('undo: ')));
    });
  });

  it('a step that reported already is not reversed on failure (it changed nothing)', async () => {
    const w = world({ failAt: 'sns: disable blue subscriptions' });
    w.state['sns: enable green subscriptions'] = true;
    const handler = durableFlip(CONFIG, { steps: async () => w.steps });
    const run = await runDurable(handler, { phase: 'finish', target: 'green' });
    assert.equal(run.status, 'FAILED');
    assert.equal(w.state['sns: enable green subscriptions'], true);
    assert.ok(!run.operations.some((o) => o.name === 'undo: sns: enable green subscriptions'));
  });

  it('a settle condition that never holds gives up after maxWaitSeconds (durable polls), and the step is undone', async () => {
    const w = world({ settleChecks: 10_000 });
    const [first] = w.steps;
    const step = { ...(first as DurableStep), settle: { ...(first?.settle as NonNullable<DurableStep['settle']>), maxWaitSeconds: 300 } };
    const handler = durableFlip(CONFIG, { steps: async () => [step] });
    const run = await runDurable(handler, { phase: 'prepare', target: 'green' });
    assert.equal(run.status, 'FAILED');
    assert.match(run.error?.errorMessage ?? '', /green cluster available — gave up after 300s \(\d+ checks/);
    assert.equal(w.state['aurora: start green database'], false);
  });

  it("stops before the CodeDeploy hook's hour runs out: a step that no longer fits is not started, the rest is undone, Failed reported", async () => {
    const w = world();
    const cd = fakeCodeDeploy();
    const handler = durableFlip(CONFIG, { steps: async () => w.steps, codedeployClient: cd.client });
    // Invoked 50 minutes ago: 600 s left minus the 300 s margin cannot hold the 900 s dwell of the second step.
    const invokedAt = new Date(Date.now() - 50 * 60_000).toISOString();
    const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt } });
    assert.equal(run.status, 'FAILED');
    assert.match(run.error?.errorMessage ?? '', /hook deadline leaves \d+s; 'sns: enable green subscriptions' needs 1020s/);
    assert.equal(w.state['sns: enable green subscriptions'], undefined, 'never started');
    assert.equal(w.state['aurora: start green database'], false, 'undone');
    assert.deepEqual(cd.reports, [{ status: 'Failed', id: 'exec-1' }]);
  });

  it('a flip whose fixed waits exceed the hook deadline says so at plan time and changes nothing', async () => {
    const w = world();
    const steps = w.steps.map((s) => ({ ...s, dwellSeconds: 1200 }));
    const cd = fakeCodeDeploy();
    const handler = durableFlip(CONFIG, { steps: async () => steps, codedeployClient: cd.client });
    const plan = await handler.plan('finish', StackReference.Green, { hook: true });
    assert.equal(plan.fitsHookDeadline, false);
    assert.match(plan.message, /needs longer than a CodeDeploy hook allows/);
    const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt: new Date().toISOString() } });
    assert.equal(run.status, 'FAILED');
    assert.deepEqual(w.mutations, []);
    assert.deepEqual(cd.reports, [{ status: 'Failed', id: 'exec-1' }]);
  });

  it('takes the lease as a durable step with the execution ARN as lease id, renews it before each step, releases it', async () => {
    const w = world();
    const calls: string[] = [];
    const lease = (arn: string): DurableLease => ({
      acquire: async () => void calls.push(`acquire ${arn.length > 0}`),
      heartbeat: async () => void calls.push('heartbeat'),
      release: async (final) =>
        void calls.push(`release ${final?.live ?? '-'} ${final?.progress?.status} ${final?.progress?.completedSteps.length}`),
    });
    const run = await runDurable(durableFlip(CONFIG, { steps: async () => w.steps, leaseFor: lease }), {
      phase: 'finish',
      target: 'green',
    });
    assert.equal(run.status, 'SUCCEEDED');
    assert.deepEqual(calls, ['acquire true', 'heartbeat', 'heartbeat', 'heartbeat', 'heartbeat', 'release green succeeded 4']);
    assert.deepEqual(
      run.operations.filter((o) => o.name.startsWith('lease:')).map((o) => o.name),
      ['lease: acquire', 'lease: release'],
    );
  });

  it('a lease held by another flip: no step runs, Failed reported once', async () => {
    const w = world();
    const cd = fakeCodeDeploy();
    const lease = (): DurableLease => ({
      acquire: async () => {
        throw Object.assign(new Error('held by ci@runner:42'), { name: 'LeaseHeldError' });
      },
      heartbeat: async () => undefined,
      release: async () => undefined,
    });
    const handler = durableFlip(CONFIG, { steps: async () => w.steps, leaseFor: lease, codedeployClient: cd.client });
    const run = await runDurable(handler, { phase: 'finish', target: 'green', hook: { ...HOOK, invokedAt: new Date().toISOString() } });
    assert.equal(run.status, 'FAILED');
    assert.match(run.error?.errorMessage ?? '', /held by ci@runner:42/);
    assert.deepEqual(w.mutations, []);
    assert.deepEqual(cd.reports, [{ status: 'Failed', id: 'exec-1' }]);
  });

  it("refuses a flip whose lease has a fixed lease id (bluegreenFlipFromTools's options.lease): no call, no step, Failed reported once", async () => {
    const w = world();
    const cd = fakeCodeDeploy();
    const calls: string[] = [];
    const fixed = {
      leaseId: 'b0c1d2e3-fixed',
      acquire: async () => void calls.push('acquire'),
      heartbeat: async () => void calls.push('heartbeat'),
      release: async () => void calls.push('release'),
    };
    const flip = { config: {}, lease: () => fixed, plan: async () => ({ steps: w.steps, skip: [], notes: [] }) };
    const run = await runDurable(durableFlipOf(flip, { codedeployClient: cd.client }), {
      phase: 'finish',
      target: 'green',
      hook: { ...HOOK, invokedAt: new Date().toISOString() },
    });
    assert.equal(run.status, 'FAILED');
    assert.match(run.error?.errorMessage ?? '', /fixed lease id \(b0c1d2e3-fixed\).*leaseFor/);
    assert.deepEqual(calls, []);
    assert.deepEqual(w.mutations, []);
    assert.deepEqual(cd.reports, [{ status: 'Failed', id: 'exec-1' }]);
    // The same lease built per execution with the ARN as its id (leaseFor) is taken.
    const perExecution = (arn: string) => ({ ...fixed, leaseId: arn });
    const ok = await runDurable(durableFlipOf(flip, { leaseFor: perExecution }), { phase: 'finish', target: 'green' });
    assert.equal(ok.status, 'SUCCEEDED', JSON.stringify(ok.error));
    assert.equal(calls[0], 'acquire');
  });

  it('rejects a malformed input with MalformedInputError before any call', async () => {
    const w = world();
    const handler = durableFlip(CONFIG, { steps: async () => w.steps });
    for (const bad of [
      null,
      { phase: 'flip', target: 'green' },
      { phase: 'prepare', target: 'purple' },
      { phase: 'prepare', target: 'green', hook: { deploymentId: 'd' } },
    ]) {
      await assert.rejects(handler(bad as never, {} as never), MalformedInputError);
    }
    assert.deepEqual(w.mutations, []);
  });
});

describe('Function: planDurableSteps', () => {
  it('adds the fixed dwells (minimum) and the settle limits (worst case), and checks them against a hook budget', () => {
    const { steps } = world();
    const plan = planDurableSteps('flip finish → green', steps, 3300);
    assert.equal(plan.minimumSeconds, 1800);
    assert.equal(plan.worstCaseSeconds, 3600);
    assert.equal(plan.fitsHookDeadline, true);
    assert.equal(planDurableSteps('x', steps, 1900).fitsHookDeadline, false, '1800 s of dwells + 240 s undo reserve > 1900 s');
  });

  it('durableFlip refuses an invalid stack config at once (ConfigError)', () => {
    assert.throws(() => durableFlip({} as never), ConfigError);
  });
});

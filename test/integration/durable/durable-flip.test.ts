import { strict as assert } from 'node:assert';
import { CodeDeployClient, CreateDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { provisionDemo } from '../../../examples/demo/provision.js';
import { type DurableFlipHandler, type DurableFlipReport, type DurableStep, durableFlip } from '../../../src/durable/index.js';
import { StackReference } from '../../../src/index.js';
import { createStackTools, getStatusBoard, type StackConfig, type StackTools, type StatusBoard } from '../../../src/runbook/index.js';
import { type AccountTrueWorld, startAccountTrueWorld } from '../../support/account-true/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { appSpec, createLambdaApp } from '../../support/codedeploy-fixtures.js';
import { type DurableRun, runDurable, useLocalDurableRunner } from '../../support/durable/local-runner.js';
import { emulator } from '../../support/emulator.js';
import { useEmulator } from '../../support/use-emulator.js';

type Phase = 'prepare' | 'finish';
const FAST = { maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 };
const cells = (board: StatusBoard) => board.rows.map((r) => `${r.section}/${r.label}: ${r.blue} | ${r.green}`);
const cell = (board: StatusBoard, section: string, label: string) => board.rows.find((r) => r.section === section && r.label === label);

/** Wraps the flip's steps: counts the mutating calls each step's run made at the proxy, and injects a crash or a failure. */
function instrument(steps: DurableStep[], world: AccountTrueWorld, inject: { crashAt?: string; failAt?: string } = {}) {
  const perStep = new Map<string, number>();
  let crashed = false;
  const wrapped = steps.map((step) => ({
    ...step,
    run: async (ctx: Parameters<DurableStep['run']>[0]) => {
      const before = world.log.mutating().length;
      if (inject.failAt === step.name) throw new Error(`injected failure in '${step.name}'`);
      const result = await step.run(ctx);
      perStep.set(step.name, (perStep.get(step.name) ?? 0) + world.log.mutating().length - before);
      // The change landed, then the invocation died before the step's checkpoint (a lost connection / a timeout).
      if (inject.crashAt === step.name && !crashed) {
        crashed = true;
        throw Object.assign(new Error('socket hang up (simulated crash after the change was applied)'), { name: 'TimeoutError' });
      }
      return result;
    },
  }));
  return { wrapped, perStep };
}

describe('Function: durableFlip — the demo stack as a durable execution (LocalDurableTestRunner with time skipping, moto through the account-true proxy, CodeDeploy test double)', function () {
  // The crash and failure loops run ten or more executions each (a loaded 2-core machine: a few minutes per loop).
  this.timeout(600_000);
  const aws = useEmulator({ resetEach: true });
  useLocalDurableRunner();
  let world: AccountTrueWorld;
  let config: StackConfig;
  let raw: StackTools;
  let cd: CodeDeployDouble;

  /** A fresh demo pair (blue live) straight in moto, and tools reading moto directly (past every model). */
  async function provision(): Promise<void> {
    ({ config } = (await provisionDemo(world.motoConfig(), { prefix: 'dur' })) as { config: StackConfig });
    raw = await createStackTools(config, { clientConfig: world.motoConfig() });
    await convergeServices();
  }

  /**
   * The live ECS service as AWS keeps it: running = desired. moto's CreateService never starts tasks (runningCount
   * stays 0 unless MOTO_ECS_SERVICE_RUNNING is set) while its UpdateService sets runningCount to the new desired count at
   * once, so a freshly created live service reads 2/0 and the same service after disable + enable reads 2/2. In AWS
   * "the service scheduler launches another instance of your task definition … until your service reaches your
   * desired number of tasks" (Amazon ECS Developer Guide, "Amazon ECS services":
   * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html; CreateService: "Runs and maintains
   * your desired number of tasks"), so a steady live service has running = desired. Setting moto's desired count to
   * its own value gives the service the running count AWS would show before the flip starts.
   */
  async function convergeServices(): Promise<void> {
    const ecs = config.ecs as { services: Record<'blue' | 'green', { cluster: string; service: string }> } | undefined;
    if (!ecs) return;
    const client = new ECSClient(world.motoConfig());
    for (const { cluster, service } of Object.values(ecs.services)) {
      const found = (await client.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
      assert.ok(found, `${cluster}/${service} exists`);
      if ((found.desiredCount ?? 0) > 0 && found.runningCount !== found.desiredCount)
        await client.send(new UpdateServiceCommand({ cluster, service, desiredCount: found.desiredCount }));
    }
  }

  beforeEach(async () => {
    world = await startAccountTrueWorld(aws.endpoint(), { seed: 3, timeScale: 1 / 60 });
    await provision();
    // moto lacks CodeDeploy lifecycle hooks: the double speaks its wire protocol (its own hook timer far beyond the test).
    cd = await startCodeDeployDouble({ hookTimeoutMs: 3_600_000, lambdaTimeoutMs: 3_600_000 });
    await createLambdaApp(new CodeDeployClient(cd.clientConfig()), 'shop', 'shop-dg');
  });
  afterEach(async () => {
    await cd.stop();
    await world.close();
  });

  const handlerFor = (steps?: () => Promise<DurableStep[]>, clientConfig = world.clientConfig()) =>
    durableFlip(config, {
      clientConfig,
      wait: FAST,
      // The durable dwells keep AWS's 15-minute SNS propagation (time skipping makes them free); the drain's window is
      // polled by waitForCondition, whose pauses the local runner skips without moving the clock: scaled down.
      drain: { ...FAST, windowSeconds: 1, zeroReadings: 2, metricPeriodSeconds: 1 },
      codedeployClient: new CodeDeployClient(cd.clientConfig()),
      ...(steps ? { steps } : {}),
    });

  /** A deployment whose BeforeAllowTraffic hook starts the durable flip (as durableHookStarter does) and awaits it. */
  async function hooked(handler: DurableFlipHandler, phase: 'prepare' | 'finish'): Promise<DurableRun> {
    let run: Promise<DurableRun> | undefined;
    cd.registerFunction('hook', async (event) => {
      run = runDurable(handler, {
        phase,
        target: 'green',
        hook: {
          deploymentId: event.DeploymentId,
          lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
          invokedAt: new Date().toISOString(),
        },
      });
    });
    await new CodeDeployClient(cd.clientConfig()).send(
      new CreateDeploymentCommand({
        applicationName: 'shop',
        deploymentGroupName: 'shop-dg',
        revision: appSpec({ BeforeAllowTraffic: 'hook' }),
      }),
    );
    while (!run) await new Promise((r) => setTimeout(r, 20));
    return run;
  }

  it('prepare and finish of the demo stack: one durable step per runbook step, the waits as durable waits, every service on green (read back from moto), one hook status each', async () => {
    const handler = handlerFor();
    for (const phase of ['prepare', 'finish'] as const) {
      const steps = (await handler.flip.plan(phase, StackReference.Green)).steps;
      const run = await hooked(handler, phase);
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
      const durableSteps = run.operations.filter((o) => o.subType === 'Step').map((o) => o.name);
      // A switching step's pre-state is its own checkpointed step, just before it (exact undo).
      assert.deepEqual(durableSteps, [
        'flip: plan',
        ...steps.flatMap((s) => [...(s.snapshot ? [`snapshot: ${s.name}`] : []), s.name]),
        'codedeploy: report Succeeded',
      ]);
      assert.ok(
        durableSteps.some((n) => n.startsWith('snapshot: ')),
        'the switching steps take their pre-state as durable steps',
      );
      const waits = run.operations.filter((o) => o.subType === 'Wait' || o.subType === 'WaitForCondition').map((o) => o.name);
      const expected = steps.flatMap((s: DurableStep) => [
        ...(s.settle ? [`${s.name} · wait: ${s.settle.description}`] : []),
        ...(s.dwellSeconds ? [`${s.name} · dwell ${s.dwellSeconds}s`] : []),
      ]);
      assert.deepEqual(waits, expected, 'every settle condition and dwell of the runbook is a durable wait');
    }
    assert.deepEqual(
      cd.reports().map((r) => [r.status, r.accepted]),
      [
        ['Succeeded', true],
        ['Succeeded', true],
      ],
    );
    await world.settle(); // pending (propagating) changes applied, so moto itself is read
    const board = await getStatusBoard(raw);
    assert.equal(cell(board, 'aurora', 'cluster')?.green, 'available');
    assert.equal(cell(board, 'aurora', 'cluster')?.blue, 'stopped');
    assert.equal(cell(board, 'sns', 'subscriptions')?.green, '1/1 enabled');
    assert.equal(cell(board, 'sns', 'subscriptions')?.blue, '0/1 enabled');
    assert.equal(cell(board, 'lambda', 'event source mappings')?.green, '2/2 enabled');
    assert.equal(cell(board, 'lambda', 'event source mappings')?.blue, '0/2 enabled');
    assert.equal(cell(board, 'cloudwatch', 'alarm actions')?.blue, '0/2 enabled');
  });

  /**
   * A fresh demo pair (blue live) for a run of `phase`: for 'finish', first prepared to green by a clean durable
   * prepare straight against moto (no hook, so no status of its own). The proxy's log is cleared afterwards.
   */
  async function freshFor(phase: Phase, first: boolean): Promise<DurableStep[]> {
    if (!first) {
      await emulator().reset();
      await provision();
    }
    if (phase === 'finish') {
      // The fixture, not the flip under test: prepared straight against moto (past the models' modelled delays, which
      // only the finish under test needs), so each finish iteration costs a provision and a quick prepare.
      const prepared = await runDurable(handlerFor(undefined, world.motoConfig()), { phase: 'prepare', target: 'green' });
      assert.equal(prepared.status, 'SUCCEEDED', `prepare before finish: ${JSON.stringify(prepared.error)}`);
      await world.settle();
    }
    world.log.clear();
    return (await handlerFor().flip.plan(phase, StackReference.Green)).steps;
  }

  /** The named steps of `names` matching `patterns`, one each (fails when the plan no longer has one of them). */
  function pick(names: string[], patterns: RegExp[]): string[] {
    const chosen = patterns.map((re) => names.find((n) => re.test(n)));
    assert.ok(chosen.every(Boolean), `every picked step is in the plan: ${patterns.join(', ')} in ${names.join(' / ')}`);
    return chosen as string[];
  }

  /** Crash (change applied, checkpoint lost) at each of `chosen` (default: every step) in turn, against a clean reference run. */
  async function crashEach(phase: Phase, chosen?: (names: string[]) => string[]): Promise<void> {
    // Reference: a clean durable run on a fresh pair, its mutations per step and its final state.
    const refSteps = await freshFor(phase, true);
    const names = chosen ? chosen(refSteps.map((s) => s.name)) : refSteps.map((s) => s.name);
    const ref = instrument(refSteps, world);
    const refRun = await runDurable(
      handlerFor(async () => ref.wrapped),
      { phase, target: 'green' },
    );
    assert.equal(refRun.status, 'SUCCEEDED', JSON.stringify(refRun.error));
    const refWarnings = (refRun.result as DurableFlipReport).warnings;
    await world.settle();
    const target = cells(await getStatusBoard(raw));
    const refTotal = world.log.mutating().length;
    for (const [k, crashAt] of names.entries()) {
      const w = instrument(await freshFor(phase, false), world, { crashAt });
      const run = await hooked(
        handlerFor(async () => w.wrapped),
        phase,
      );
      assert.equal(run.status, 'SUCCEEDED', `${crashAt}: ${JSON.stringify(run.error)}`);
      assert.ok(run.history.includes(`StepFailed:${crashAt}`), `${crashAt}: the interrupted attempt is in the history (retried durably)`);
      assert.deepEqual((run.result as DurableFlipReport).warnings, refWarnings, `${crashAt}: the same warnings as the clean run`);
      await world.settle();
      assert.deepEqual(cells(await getStatusBoard(raw)), target, `${crashAt}: exactly the target`);
      const extra = world.log.mutating().length - refTotal;
      assert.ok(
        extra <= (ref.perStep.get(crashAt) ?? 0),
        `${crashAt}: ${extra} extra mutating calls, at most its own ${ref.perStep.get(crashAt)} again`,
      );
      const accepted = cd.reports().filter((r) => r.accepted);
      assert.equal(accepted.length, k + 1, `${crashAt}: one accepted hook status per run`);
      assert.equal(accepted.at(-1)?.status, 'Succeeded', crashAt);
    }
  }

  /**
   * A (non-transient) failure at each of `chosen` (default: every step that is not best-effort) in turn: durable undo →
   * the state exactly as before. One pair for the whole loop: each iteration asserts that its undo restored exactly
   * the state it started from, and that this is the state the loop started from, so the next iteration starts where a
   * fresh pair (prepared, for finish) would — without provisioning and preparing it again.
   */
  async function failEach(phase: Phase, chosen?: (names: string[]) => string[]): Promise<void> {
    const first = await freshFor(phase, true);
    const names = chosen ? chosen(first.map((s) => s.name)) : first.filter((s) => !s.bestEffort).map((s) => s.name);
    const start = cells(await getStatusBoard(raw));
    for (const [n, failAt] of names.entries()) {
      // A new execution plans again (from the restored state), as a new hook would.
      const steps = n === 0 ? first : (await handlerFor().flip.plan(phase, StackReference.Green)).steps;
      assert.deepEqual(
        steps.map((s) => s.name),
        first.map((s) => s.name),
        `${failAt}: the restored pair plans the same steps`,
      );
      const at = steps.findIndex((s) => s.name === failAt);
      assert.ok(!steps[at]?.bestEffort, `${failAt}: a best-effort step is never undone (tested on its own)`);
      const before = cells(await getStatusBoard(raw));
      assert.deepEqual(before, start, `${failAt}: starts from the loop's first state`);
      const w = instrument(steps, world, { failAt });
      const run = await hooked(
        handlerFor(async () => w.wrapped),
        phase,
      );
      assert.equal(run.status, 'FAILED', failAt);
      assert.match(run.error?.errorMessage ?? '', new RegExp(`failed at '${failAt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`));
      await world.settle();
      assert.deepEqual(cells(await getStatusBoard(raw)), before, `${failAt}: undone exactly`);
      const undos = run.operations.filter((o) => o.subType === 'Step' && o.name.startsWith('undo: ')).map((o) => o.name.slice(6));
      const undoable = steps
        .slice(0, at + 1)
        .filter((s) => s.undo)
        .map((s) => s.name);
      assert.deepEqual(undos, undoable.reverse(), `${failAt}: the failed step and the completed ones undone in reverse, as durable steps`);
      const reports = cd.reports().filter((r) => r.accepted);
      assert.equal(reports.at(-1)?.status, 'Failed', failAt);
      assert.equal(reports.length, n + 1, `${failAt}: one status per run`);
    }
  }

  it('a crash in the middle of each prepare step in turn (change applied, checkpoint lost) replays to exactly the target; mutations at the proxy at most one idempotent retry more; one hook status', async () => {
    await crashEach('prepare');
  });

  it('a failure at each prepare step in turn: durable undo → the state exactly as before (raw moto), Failed reported once', async () => {
    await failEach('prepare');
  });

  it('a crash in the middle of each finish step in turn, the best-effort old-cluster stop included (change applied, checkpoint lost) replays to exactly the target; mutations at the proxy at most one idempotent retry more; one hook status', async () => {
    await crashEach('finish');
  });

  it('a failure at each finish step in turn (all but the best-effort stop, tested below): durable undo → the state exactly as before (raw moto), Failed reported once', async () => {
    await failEach('finish');
  });

  it('a failure at the best-effort finish step (the old-cluster stop) is a warning, not an undo: finish succeeds, the rest of finish holds in moto, the old cluster stays up, Succeeded reported once', async () => {
    const steps = await freshFor('finish', true);
    const failAt = pick(
      steps.map((s) => s.name),
      [/^aurora: stop blue/],
    )[0] as string;
    assert.equal(steps.find((s) => s.name === failAt)?.bestEffort, true, `${failAt} is best-effort`);
    const w = instrument(steps, world, { failAt });
    const run = await hooked(
      handlerFor(async () => w.wrapped),
      'finish',
    );
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
    const report = run.result as DurableFlipReport;
    assert.deepEqual(
      report.warnings.map((x) => x.step),
      [failAt],
    );
    assert.match(report.warnings[0]?.message ?? '', /injected failure/);
    assert.deepEqual(
      run.operations.filter((o) => o.name.startsWith('undo: ')),
      [],
      'nothing undone',
    );
    assert.deepEqual(
      cd.reports().map((r) => [r.status, r.accepted]),
      [['Succeeded', true]],
    );
    await world.settle();
    const board = await getStatusBoard(raw);
    assert.equal(cell(board, 'aurora', 'cluster')?.blue, 'available', 'the old cluster was not stopped');
    assert.equal(cell(board, 'aurora', 'cluster')?.green, 'available');
    assert.equal(cell(board, 'sns', 'subscriptions')?.blue, '0/1 enabled');
    assert.equal(cell(board, 'sns', 'subscriptions')?.green, '1/1 enabled');
    assert.equal(cell(board, 'lambda', 'event source mappings')?.blue, '0/2 enabled');
    assert.equal(cell(board, 'lambda', 'event source mappings')?.green, '2/2 enabled');
    assert.equal(cell(board, 'cloudwatch', 'alarm actions')?.blue, '0/2 enabled');
  });
});

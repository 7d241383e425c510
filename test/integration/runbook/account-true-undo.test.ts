import { strict as assert } from 'node:assert';
import { StackReference } from '../../../src/index.js';
import {
  bluegreenFlip,
  createStackTools,
  type FlipOptions,
  getStatusBoard,
  RunbookError,
  type StatusBoard,
} from '../../../src/runbook/index.js';
import { type FlipWorld, startFlipWorld } from '../../support/account-true/flip-world.js';
import type { FaultKind } from '../../support/account-true/index.js';
import { differing, rawResources } from '../../support/account-true/raw-state.js';
import { useEmulator } from '../../support/use-emulator.js';

/** One AWS minute lasts 0.1 s. */
const SCALE = 1 / 600;
const FAST = { maxWaitTime: 60, minDelay: 0.02, maxDelay: 0.2 };
const ATTEMPTS = 3;

function flipOptions(stage: FlipWorld, maxAttempts: number, extra: Partial<FlipOptions> = {}): FlipOptions {
  return {
    clientConfig: stage.world.clientConfig({ maxAttempts }),
    lock: false,
    propagationDwellSeconds: 900 * SCALE,
    drain: { windowSeconds: 60 * SCALE, metricPeriodSeconds: 60 * SCALE, maxWaitTime: 60 },
    wait: FAST,
    undoRetryDelaySeconds: 0.05,
    ...extra,
  };
}

/** The board as read from moto once every modelled transition ended (rows only: no timestamp). */
async function board(stage: FlipWorld): Promise<StatusBoard['rows']> {
  await stage.world.settle();
  return (await getStatusBoard(await createStackTools(stage.config, { clientConfig: stage.world.motoConfig() }))).rows;
}

/** Every resource the flip switches, read raw from moto once every modelled transition ended. */
async function raw(stage: FlipWorld): Promise<Record<string, unknown>> {
  await stage.world.settle();
  return rawResources(stage.config, stage.world.motoConfig());
}

/** Which stacks consume: those whose event source mappings are all enabled. */
function consuming(rows: StatusBoard['rows']): string[] {
  const esm = rows.find((r) => r.section === 'lambda' && r.label === 'event source mappings');
  return (['blue', 'green'] as const).filter((s) => /^(\d+)\/\1 enabled/.test(String(esm?.[s])));
}

/** Per step of a clean flip: the first mutating call it made, and how many calls of that operation came before it. */
async function recordSteps(endpoint: string) {
  const stage = await startFlipWorld(endpoint, { seed: 99, timeScale: SCALE });
  try {
    const starts: { step: string; at: number }[] = [];
    const options = flipOptions(stage, ATTEMPTS, { onEvent: (e) => e.type === 'started' && starts.push({ step: e.step, at: Date.now() }) });
    assert.equal((await bluegreenFlip(stage.config, options).flip(StackReference.Green)).succeeded, true);
    const calls = stage.world.log.mutating();
    return starts.map(({ step, at }, i) => {
      const end = starts[i + 1]?.at ?? Number.POSITIVE_INFINITY;
      const first = calls.find((c) => c.at >= at && c.at < end);
      const before = first ? calls.filter((c) => c.at < at && c.service === first.service && c.operation === first.operation).length : 0;
      return { step, call: first && { service: first.service, operation: first.operation, before } };
    });
  } finally {
    await stage.close();
  }
}

describe('account-true: exact undo — a forced failure at every step leaves the stacks as they were', function () {
  this.timeout(1_800_000);
  const aws = useEmulator({ resetEach: true });
  let plan: Awaited<ReturnType<typeof recordSteps>> = [];
  before(async () => {
    plan = await recordSteps(aws.endpoint());
    await aws.reset();
  });

  it('every step that changes something is faulted in turn (every attempt while it runs), with a lost response (reset after forwarding) and with throttling', async () => {
    const faulted = plan.filter((p) => p.call);
    assert.ok(faulted.length >= 10, `the plan has steps that change something: ${plan.map((p) => p.step).join(', ')}`);
    const failures: string[] = [];
    for (const { step, call } of faulted) {
      await aws.reset();
      // Both kinds at once, each on its own pair (prefix) behind its own proxy and fault plan.
      await Promise.all(
        (['reset-after', 'throttle'] as FaultKind[]).map(async (kind, k) => {
          const stage = await startFlipWorld(aws.endpoint(), { seed: 7, timeScale: SCALE, prefix: `u${k}` });
          try {
            const rawBefore = await raw(stage);
            const { service, operation } = call as NonNullable<typeof call>;
            // Every attempt of the step's operation fails while the step runs; its undo runs without faults.
            let inStep = false;
            stage.world.faults.add({ kind, service, operation, when: () => inStep });
            const options = flipOptions(stage, ATTEMPTS, {
              onEvent: (e) => {
                if (e.step === step) inStep = e.type === 'started' || e.type === 'waiting';
              },
            });
            const outcome = await bluegreenFlip(stage.config, options)
              .flip(StackReference.Green)
              .catch((e: unknown) => e);
            const rows = await board(stage);
            const what = `${step} / ${kind} on ${service}.${operation}`;
            if (consuming(rows).length !== 1) failures.push(`${what}: consuming stacks after the run: [${consuming(rows).join(', ')}]`);
            if (outcome instanceof RunbookError) {
              if (outcome.failedStep !== step) failures.push(`${what}: failed at '${outcome.failedStep}' instead`);
              // Exactly as before, or the run names precisely the resources that are not: per resource, read raw.
              const changed = differing(rawBefore, await raw(stage));
              const reported = [
                ...new Set(outcome.leftToFix.flatMap((f) => f.resources ?? [`(step '${f.step}' names no resource)`])),
              ].sort();
              if (JSON.stringify(changed) !== JSON.stringify(reported))
                failures.push(`${what}: differing from before [${changed.join(', ')}] but leftToFix names [${reported.join(', ')}]`);
            } else if ((outcome as { warnings?: { step: string }[] }).warnings?.some((w) => w.step === step)) {
              // A best-effort step: its failure is a warning and the flip ends on the target.
              if (consuming(rows)[0] !== 'green') failures.push(`${what}: best-effort failure, but the flip did not end on green`);
            } else {
              failures.push(`${what}: the step did not fail (${String((outcome as Error).message ?? 'succeeded')})`);
            }
          } finally {
            await stage.close();
          }
        }),
      );
    }
    assert.deepEqual(failures, []);
  });
});

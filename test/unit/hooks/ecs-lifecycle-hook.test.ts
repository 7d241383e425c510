import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import {
  ECS_HOOK_STATE_KEY,
  type EcsHookInput,
  type EcsLifecycleHookEvent,
  ecsLifecycleHook,
  HookTimeoutError,
} from '../../../src/hooks/index.js';
import { ConfigError, MalformedInputError } from '../../../src/index.js';

const SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/prod/orders';
const BLUE = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/orders/111';
const GREEN = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/orders/222';

// The payload ECS sends to a Lambda lifecycle hook (Amazon ECS developer guide, "Lambda hooks for Amazon ECS service
// deployments"): executionId, lifecycleStage, resourceArn and executionDetails with the traffic weights by revision.
function event(stage: string, production: Record<string, number>, hookDetails?: Record<string, unknown>): EcsLifecycleHookEvent {
  return {
    executionId: 'exec-1',
    lifecycleStage: stage,
    resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/orders/abc',
    executionDetails: {
      serviceArn: SERVICE,
      targetServiceRevisionArn: GREEN,
      productionTrafficWeights: production,
      testTrafficWeights: { [GREEN]: 100 },
    },
    ...(hookDetails ? { hookDetails } : {}),
  };
}

const context = (ms = 60_000) => ({ getRemainingTimeInMillis: () => ms });

describe('Function: ecsLifecycleHook', () => {
  it('hands the handler the stage, revisions and weights, and maps succeeded to { hookStatus: SUCCEEDED }', async () => {
    let seen: EcsHookInput<unknown> | undefined;
    const handler = ecsLifecycleHook((input) => {
      seen = input;
      return 'succeeded';
    });
    assert.deepEqual(await handler(event('POST_TEST_TRAFFIC_SHIFT', { [BLUE]: 100, [GREEN]: 0 }, { env: 'prod' }), context()), {
      hookStatus: 'SUCCEEDED',
    });
    assert.equal(seen?.stage, 'POST_TEST_TRAFFIC_SHIFT');
    assert.equal(seen?.serviceArn, SERVICE);
    assert.equal(seen?.targetServiceRevisionArn, GREEN);
    assert.equal(seen?.greenWeight, 0);
    assert.equal(seen?.greenTestWeight, 100);
    assert.equal(seen?.invocation, 1);
    assert.equal(seen?.state, undefined);
    assert.equal(seen?.rollbackDetected, false);
    assert.deepEqual(seen?.hookDetails, { env: 'prod' });
  });

  it('treats a handler that returns nothing as succeeded and maps failed to FAILED', async () => {
    assert.deepEqual(await ecsLifecycleHook(async () => {})(event('PRE_SCALE_UP', {}), context()), { hookStatus: 'SUCCEEDED' });
    assert.deepEqual(await ecsLifecycleHook(() => 'failed')(event('PRE_SCALE_UP', {}), context()), { hookStatus: 'FAILED' });
    assert.deepEqual(await ecsLifecycleHook(() => ({ status: 'failed', reason: 'p99 too high' }))(event('PRE_SCALE_UP', {}), context()), {
      hookStatus: 'FAILED',
    });
  });

  it('answers IN_PROGRESS with callBackDelay and carries the state to the next invocation through hookDetails', async () => {
    const handler = ecsLifecycleHook<{ checks: number }>(({ state }) => {
      const checks = (state?.checks ?? 0) + 1;
      return checks < 3 ? { status: 'in-progress', state: { checks }, callBackDelay: 15 } : 'succeeded';
    });
    const first = await handler(event('PRODUCTION_TRAFFIC_SHIFT', { [BLUE]: 90, [GREEN]: 10 }, { env: 'prod' }), context());
    assert.equal(first.hookStatus, 'IN_PROGRESS');
    assert.equal(first.callBackDelay, 15);
    assert.equal(first.hookDetails?.env, 'prod', 'configured hookDetails are kept');
    assert.deepEqual((first.hookDetails![ECS_HOOK_STATE_KEY] as { state: unknown }).state, { checks: 1 });
    // ECS passes the returned hookDetails to the next invocation.
    const second = await handler(event('PRODUCTION_TRAFFIC_SHIFT', { [BLUE]: 50, [GREEN]: 50 }, first.hookDetails), context());
    assert.deepEqual((second.hookDetails![ECS_HOOK_STATE_KEY] as { state: unknown; invocation: number }).state, { checks: 2 });
    assert.equal((second.hookDetails![ECS_HOOK_STATE_KEY] as { invocation: number }).invocation, 2);
    assert.deepEqual(await handler(event('PRODUCTION_TRAFFIC_SHIFT', { [GREEN]: 100 }, second.hookDetails), context()), {
      hookStatus: 'SUCCEEDED',
    });
  });

  it('detects a rollback: green had production traffic in an earlier invocation and is back to 0', async () => {
    const flags: boolean[] = [];
    const handler = ecsLifecycleHook(({ rollbackDetected }) => {
      flags.push(rollbackDetected);
      return rollbackDetected ? 'failed' : 'in-progress';
    });
    const a = await handler(event('PRODUCTION_TRAFFIC_SHIFT', { [BLUE]: 100, [GREEN]: 0 }), context());
    const b = await handler(event('PRODUCTION_TRAFFIC_SHIFT', { [BLUE]: 80, [GREEN]: 20 }, a.hookDetails), context());
    const c = await handler(event('PRODUCTION_TRAFFIC_SHIFT', { [BLUE]: 100, [GREEN]: 0 }, b.hookDetails), context());
    assert.deepEqual(flags, [false, false, true]);
    assert.equal(c.hookStatus, 'FAILED');
    assert.equal(a.callBackDelay, undefined, 'no callBackDelay unless set: ECS uses its 30 s default');
  });

  it('answers FAILED when the handler throws, rejects or returns something that is not an answer', async () => {
    const throwing = ecsLifecycleHook(() => {
      throw new Error('boom');
    });
    assert.deepEqual(await throwing(event('POST_SCALE_UP', {}), context()), { hookStatus: 'FAILED' });
    assert.deepEqual(await ecsLifecycleHook(() => Promise.reject(new Error('x')))(event('POST_SCALE_UP', {}), context()), {
      hookStatus: 'FAILED',
    });
    assert.deepEqual(await ecsLifecycleHook(() => 'SUCCEEDED' as never)(event('POST_SCALE_UP', {}), context()), { hookStatus: 'FAILED' });
    assert.deepEqual(await ecsLifecycleHook(() => ({ status: 'in-progress', callBackDelay: 0.5 }))(event('POST_SCALE_UP', {}), context()), {
      hookStatus: 'FAILED',
    });
  });

  describe('deadline (fake timers)', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    });
    afterEach(() => clock.restore());

    it('answers FAILED at Lambda time left minus the safety margin, aborting the signal', async () => {
      let reason: unknown;
      const handler = ecsLifecycleHook(
        ({ signal }) => new Promise(() => signal.addEventListener('abort', () => (reason = signal.reason))),
        { safetyMargin: 5 },
      );
      const answer = handler(event('POST_SCALE_UP', {}), context(20_000));
      await clock.tickAsync(14_999);
      let settled = false;
      void answer.then(() => (settled = true));
      await clock.tickAsync(0);
      assert.equal(settled, false);
      await clock.tickAsync(1);
      assert.deepEqual(await answer, { hookStatus: 'FAILED' });
      assert.ok(reason instanceof HookTimeoutError);
    });

    it("with onDeadline: 'in-progress' answers IN_PROGRESS and keeps the previous state", async () => {
      const handler = ecsLifecycleHook(() => new Promise(() => {}), { safetyMargin: 1, onDeadline: 'in-progress', callBackDelay: 10 });
      const previous = { [ECS_HOOK_STATE_KEY]: { state: { step: 4 }, invocation: 2, maxGreenWeight: 0, firstInvokedAt: 999_000 } };
      const answer = handler(event('POST_SCALE_UP', {}, previous), context(3000));
      await clock.tickAsync(2000);
      const r = await answer;
      assert.equal(r.hookStatus, 'IN_PROGRESS');
      assert.equal(r.callBackDelay, 10);
      assert.deepEqual((r.hookDetails![ECS_HOOK_STATE_KEY] as { state: unknown }).state, { step: 4 });
    });

    it('gives up with FAILED after maxDuration across re-invocations', async () => {
      let calls = 0;
      const handler = ecsLifecycleHook(
        () => {
          calls++;
          return 'in-progress';
        },
        { maxDuration: 60 },
      );
      const first = await handler(event('POST_SCALE_UP', {}), context());
      await clock.tickAsync(61_000);
      assert.deepEqual(await handler(event('POST_SCALE_UP', {}, first.hookDetails), context()), { hookStatus: 'FAILED' });
      assert.equal(calls, 1);
    });
  });

  it('rejects a malformed event with MalformedInputError and does not run the handler', async () => {
    let ran = false;
    const handler = ecsLifecycleHook(() => {
      ran = true;
    });
    const bad: unknown[] = [
      null,
      { lifecycleStage: 'SOMETIME', executionDetails: { serviceArn: SERVICE, targetServiceRevisionArn: GREEN } },
      { lifecycleStage: 'PRE_SCALE_UP' },
      {
        lifecycleStage: 'PRE_SCALE_UP',
        executionDetails: { serviceArn: SERVICE, targetServiceRevisionArn: GREEN, productionTrafficWeights: { a: '50' } },
      },
      { ...event('PRE_SCALE_UP', {}), hookDetails: [] },
    ];
    for (const e of bad) await assert.rejects(handler(e, context()), MalformedInputError);
    assert.equal(ran, false);
  });

  it('validates its options when created', () => {
    assert.throws(() => ecsLifecycleHook('x' as never), ConfigError);
    assert.throws(() => ecsLifecycleHook(() => {}, { callBackDelay: 0 }), ConfigError);
    assert.throws(() => ecsLifecycleHook(() => {}, { onDeadline: 'later' as never }), ConfigError);
    assert.throws(() => ecsLifecycleHook(() => {}, { safetyMargin: -1 }), ConfigError);
  });
});

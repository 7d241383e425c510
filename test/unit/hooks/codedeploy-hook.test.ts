import { strict as assert } from 'node:assert';
import {
  CodeDeployClient,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { codeDeployHook, HookTimeoutError } from '../../../src/hooks/index.js';
import { ConfigError, MalformedInputError } from '../../../src/index.js';

const EVENT = { DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: 'exec-1' };
const deployment = {
  deploymentInfo: {
    deploymentId: EVENT.DeploymentId,
    applicationName: 'app',
    deploymentGroupName: 'dg',
    computePlatform: 'ECS',
    status: 'InProgress',
  },
} as never;
const ecsTarget = (events: [string, string][]) =>
  ({
    deploymentTarget: {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: { lifecycleEvents: events.map(([lifecycleEventName, status]) => ({ lifecycleEventName, status })) },
    },
  }) as never;

describe('Function: codeDeployHook (unit)', () => {
  const client = new CodeDeployClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(CodeDeployClient);
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    mock.reset();
    mock.on(GetDeploymentCommand).resolves(deployment);
    mock.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  const statuses = () => mock.commandCalls(PutLifecycleEventHookExecutionStatusCommand).map((c) => c.args[0].input.status);

  it('finds the in-progress ECS hook event via ListDeploymentTargets / GetDeploymentTarget', async () => {
    mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
    mock.on(GetDeploymentTargetCommand).resolves(
      ecsTarget([
        ['BeforeInstall', 'Succeeded'],
        ['Install', 'Succeeded'],
        ['AfterInstall', 'Succeeded'],
        ['AllowTestTraffic', 'Succeeded'],
        ['AfterAllowTestTraffic', 'InProgress'],
      ]),
    );
    let event: string | undefined;
    const result = await codeDeployHook(
      (hook) => {
        event = hook.lifecycleEvent;
      },
      { awsSdkV3Client: client },
    )(EVENT, { getRemainingTimeInMillis: () => 60_000 });
    assert.equal(event, 'AfterAllowTestTraffic');
    assert.equal(result.lifecycleEvent, 'AfterAllowTestTraffic');
    assert.deepEqual(statuses(), ['Succeeded']);
    assert.deepEqual(mock.commandCalls(GetDeploymentTargetCommand)[0]?.args[0].input, {
      deploymentId: EVENT.DeploymentId,
      targetId: 'prod:orders',
    });
  });

  it('skips (no handler, no report) when no hook event is in progress: the execution has completed (LifecycleEvent status, CodeDeploy API Reference)', async () => {
    mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
    mock.on(GetDeploymentTargetCommand).resolves(ecsTarget([['Install', 'InProgress']]));
    const handler = sinon.fake();
    const result = await codeDeployHook(handler, { awsSdkV3Client: client })(EVENT, { getRemainingTimeInMillis: () => 60_000 });
    assert.equal(handler.callCount, 0);
    assert.deepEqual(statuses(), []);
    assert.deepEqual([result.status, result.reportOutcome, result.handlerRan], ['Skipped', 'skipped', false]);
  });

  for (const status of ['Succeeded', 'Failed', 'Skipped', 'Pending', 'Unknown']) {
    it(`with a given lifecycleEvent whose status is ${status} (a retried or duplicated delivery) it runs nothing and reports nothing`, async () => {
      mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
      mock.on(GetDeploymentTargetCommand).resolves(ecsTarget([['BeforeAllowTraffic', status]]));
      const handler = sinon.fake();
      const result = await codeDeployHook(handler, { awsSdkV3Client: client, lifecycleEvent: 'BeforeAllowTraffic' })(EVENT, {
        getRemainingTimeInMillis: () => 60_000,
      });
      assert.equal(handler.callCount, 0);
      assert.deepEqual(statuses(), []);
      assert.equal(result.status, 'Skipped');
      assert.match(String(result.reason), new RegExp(status));
    });
  }

  it('reports Failed at the deadline (remaining time minus the safety margin), not before; a handler ignoring its signal counts as stuck', async () => {
    mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
    mock.on(GetDeploymentTargetCommand).resolves(ecsTarget([['BeforeAllowTraffic', 'InProgress']]));
    let reason: unknown;
    const stuck = sinon.fake();
    const wrapped = codeDeployHook(
      (_hook, { signal }) => new Promise(() => signal.addEventListener('abort', () => (reason = signal.reason))),
      {
        awsSdkV3Client: client,
        lifecycleEvent: 'BeforeAllowTraffic',
        safetyMargin: 30,
        stuckHandler: stuck,
      },
    );
    const pending = wrapped(EVENT, { getRemainingTimeInMillis: () => 90_000 });
    await clock.tickAsync(59_999);
    assert.deepEqual(statuses(), []);
    await clock.tickAsync(1);
    assert.deepEqual(statuses(), ['Failed'], 'reported at the deadline');
    await clock.tickAsync(1000);
    const result = await pending;
    assert.ok(reason instanceof HookTimeoutError);
    assert.equal(result.status, 'Failed');
    assert.equal(stuck.callCount, 1, 'the stuck handler is reported to stuckHandler after the Failed status');
  });

  it('reports Failed at once when Lambda time left is already within the safety margin', async () => {
    const handler = sinon.fake();
    await codeDeployHook(handler, { awsSdkV3Client: client, lifecycleEvent: 'BeforeAllowTraffic' })(EVENT, {
      getRemainingTimeInMillis: () => 10_000,
    });
    assert.equal(handler.callCount, 0);
    assert.deepEqual(statuses(), ['Failed']);
  });

  it('rejects a malformed event with MalformedInputError and makes no call', async () => {
    const wrapped = codeDeployHook(() => {}, { awsSdkV3Client: client });
    await assert.rejects(wrapped({ LifecycleEventHookExecutionId: 'x' }), MalformedInputError);
    await assert.rejects(wrapped({ DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: '  ' }), MalformedInputError);
    assert.equal(mock.calls().length, 0);
  });

  it('validates its options when created', () => {
    assert.throws(() => codeDeployHook(undefined as never), ConfigError);
    assert.throws(() => codeDeployHook(() => {}, { lifecycleEvent: 'Install' as never }), ConfigError);
    assert.throws(() => codeDeployHook(() => {}, { safetyMargin: -5 }), ConfigError);
    assert.throws(() => codeDeployHook(() => {}, { awsSdkV3Client: client, clientConfig: {} }), ConfigError);
  });

  describe('Catalogue: hostile handler outcomes are all reported Failed, and the wrapper never rejects', () => {
    const messageGetter = () => {
      const error = new Error('x');
      Object.defineProperty(error, 'message', {
        get() {
          throw new Error('no message');
        },
      });
      return error;
    };
    const proxy = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    const cases: [string, () => unknown][] = [
      [
        'throws an Error',
        () => {
          throw new Error('boom');
        },
      ],
      ['rejects with undefined', () => Promise.reject(undefined)],
      ['rejects with null', () => Promise.reject(null)],
      ['rejects with Object.create(null)', () => Promise.reject(Object.create(null))],
      [
        'throws an error whose message getter throws',
        () => {
          throw messageGetter();
        },
      ],
      ['rejects with a Symbol', () => Promise.reject(Symbol('s'))],
      ['rejects with a Proxy whose every trap throws', () => Promise.reject(proxy)],
    ];
    for (const [what, handler] of cases) {
      it(`${what}: Failed is reported once, with a printable reason`, async () => {
        mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
        mock.on(GetDeploymentTargetCommand).resolves(ecsTarget([['BeforeAllowTraffic', 'InProgress']]));
        const result = await codeDeployHook(handler, { awsSdkV3Client: client, lifecycleEvent: 'BeforeAllowTraffic' })(EVENT, {
          getRemainingTimeInMillis: () => 60_000,
        });
        assert.deepEqual(statuses(), ['Failed']);
        assert.equal(result.status, 'Failed');
        assert.equal(typeof result.reason, 'string');
      });
    }

    it('a denied report resolves with reportOutcome failed (a rejection would make Lambda run the handler again)', async () => {
      mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
      mock.on(GetDeploymentTargetCommand).resolves(ecsTarget([['BeforeAllowTraffic', 'InProgress']]));
      mock.on(PutLifecycleEventHookExecutionStatusCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
      const result = await codeDeployHook(() => {}, { awsSdkV3Client: client, lifecycleEvent: 'BeforeAllowTraffic' })(EVENT, {
        getRemainingTimeInMillis: () => 60_000,
      });
      assert.deepEqual([result.status, result.reportOutcome, result.handlerRan], ['Succeeded', 'failed', true]);
      assert.match(String(result.reportError), /grant codedeploy:PutLifecycleEventHookExecutionStatus/);
    });

    it('the same execution delivered again to this environment is skipped without any call', async () => {
      mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['prod:orders'] });
      mock.on(GetDeploymentTargetCommand).resolves(ecsTarget([['BeforeAllowTraffic', 'InProgress']]));
      const handler = sinon.fake();
      const wrapped = codeDeployHook(handler, { awsSdkV3Client: client, lifecycleEvent: 'BeforeAllowTraffic' });
      await wrapped(EVENT, { getRemainingTimeInMillis: () => 60_000 });
      const calls = mock.calls().length;
      const again = await wrapped(EVENT, { getRemainingTimeInMillis: () => 60_000 });
      assert.equal(again.status, 'Skipped');
      assert.equal(handler.callCount, 1);
      assert.equal(mock.calls().length, calls);
    });
  });
});

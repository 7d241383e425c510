import { strict as assert } from 'node:assert';
import {
  CodeDeployClient,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
} from '@aws-sdk/client-codedeploy';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { BlueGreenError, ConfigError, MalformedInputError, WaitAbortedError, WaitTimeoutError } from '../../../src/core/index.js';
import {
  ExternalHookClient,
  type GroupRelease,
  HookApiError,
  HookReleaseError,
  type HookTransport,
  type ReadyHook,
  type ReleaseRequest,
} from '../../../src/external-hook/index.js';

const hook = (d: string): ReadyHook => ({ id: `shop/x/BeforeAllowTraffic/${d}`, deploymentId: d, executionId: `e-${d}` });

function fakeTransport(listAnswers: Record<string, ReadyHook | undefined>[]) {
  const releases: ReleaseRequest[] = [];
  let i = 0;
  const transport: HookTransport & { releases: ReleaseRequest[]; lists: () => number; releaseStatus: GroupRelease['status'] } = {
    description: 'fake',
    releases,
    releaseStatus: 'RELEASED',
    lists: () => i,
    async list() {
      const answer = listAnswers[Math.min(i, listAnswers.length - 1)] ?? {};
      i++;
      return answer;
    },
    async release(request) {
      releases.push(request);
      return Object.fromEntries(
        Object.entries(request.results).map(([g, result]) => [
          g,
          { status: transport.releaseStatus, result, message: 'm' } as GroupRelease,
        ]),
      );
    },
  };
  return transport;
}

const query = { app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api', 'worker'] };

describe('Class: ExternalHookClient', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => clock?.restore());

  it('needs exactly one of apiUrl, tableName or transport', () => {
    assert.throws(() => new ExternalHookClient({} as never), /exactly one of apiUrl/);
    assert.throws(
      () => new ExternalHookClient({ apiUrl: 'https://x/prod', tableName: 'hooks', region: 'us-east-1' } as never),
      /got apiUrl, tableName/,
    );
    assert.throws(() => new ExternalHookClient({ transport: {} as never }), /list\(\) and release\(\)/);
  });

  describe('Method: waitForHooks', () => {
    it('polls at once, then with backoff, until every group is parked, reporting progress', async () => {
      clock = sinon.useFakeTimers();
      const transport = fakeTransport([{}, { api: hook('d-AAAAAAAAA') }, { api: hook('d-AAAAAAAAA'), worker: hook('d-BBBBBBBBB') }]);
      const client = new ExternalHookClient({ transport });
      const progress: string[][] = [];
      const done = client.waitForHooks({ ...query, timeout: 600, onProgress: (p) => progress.push(p.waiting) });
      await clock.tickAsync(0);
      assert.equal(transport.lists(), 1);
      await clock.tickAsync(60_000);
      const hooks = await done;
      assert.equal(hooks.worker?.deploymentId, 'd-BBBBBBBBB');
      assert.equal(transport.lists(), 3);
      assert.deepEqual(progress, [['api', 'worker'], ['worker']]);
    });

    it('times out with WaitTimeoutError listing ready and waiting groups', async () => {
      clock = sinon.useFakeTimers();
      const client = new ExternalHookClient({ transport: fakeTransport([{ api: hook('d-AAAAAAAAA') }]) });
      const done = client.waitForHooks({ ...query, timeout: 30 });
      const assertion = assert.rejects(done, (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.deepEqual((e.lastState as { waiting: string[] }).waiting, ['worker']);
        return true;
      });
      await clock.tickAsync(31_000);
      await assertion;
    });

    it('keeps polling through transient errors (API 503, a wrapped DynamoDB 500) but stops at a 403', async () => {
      clock = sinon.useFakeTimers();
      const transport = fakeTransport([{ api: hook('d-AAAAAAAAA'), worker: hook('d-BBBBBBBBB') }]);
      const list = transport.list.bind(transport);
      const failures: unknown[] = [
        new HookApiError('busy', { statusCode: 503 }),
        new BlueGreenError('query failed', {
          cause: Object.assign(new Error('x'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }),
        }),
      ];
      transport.list = async (q) => {
        const failure = failures.shift();
        if (failure) throw failure;
        return list(q);
      };
      const done = new ExternalHookClient({ transport }).waitForHooks({ ...query, timeout: 600 });
      await clock.tickAsync(60_000);
      assert.equal((await done).api?.deploymentId, 'd-AAAAAAAAA');
      transport.list = async () => {
        throw new HookApiError('denied', { statusCode: 403 });
      };
      await assert.rejects(new ExternalHookClient({ transport }).waitForHooks({ ...query, timeout: 600 }), /denied/);
    });

    it('bad input is a ConfigError before any call', async () => {
      const transport = fakeTransport([{}]);
      const client = new ExternalHookClient({ transport });
      await assert.rejects(client.waitForHooks({ ...query, groups: [] }), ConfigError);
      await assert.rejects(client.waitForHooks({ ...query, stage: 'LATER' }), ConfigError);
      await assert.rejects(client.waitForHooks({ ...query, timeout: -1 }), ConfigError);
      assert.equal(transport.lists(), 0);
    });
  });

  describe('Method: release', () => {
    it('is idempotent: ALREADY_RELEASED everywhere is outcome "already"', async () => {
      const transport = fakeTransport([{}]);
      transport.releaseStatus = 'ALREADY_RELEASED';
      const summary = await new ExternalHookClient({ transport }).release({
        app: 'shop',
        stage: 'PRE_TRAFFIC',
        results: { api: 'SUCCESS' },
      });
      assert.equal(summary.outcome, 'already');
    });

    it('NOT_FOUND or ERROR throws HookReleaseError with every group’s outcome', async () => {
      const transport = fakeTransport([{}]);
      transport.releaseStatus = 'NOT_FOUND';
      await assert.rejects(
        new ExternalHookClient({ transport }).release({ app: 'shop', stage: 'PRE_TRAFFIC', results: { api: 'SUCCESS' } }),
        (e) => {
          assert.ok(e instanceof HookReleaseError);
          assert.equal(e.groups.api?.status, 'NOT_FOUND');
          return true;
        },
      );
    });
  });

  describe('Method: run', () => {
    const ready = { api: hook('d-AAAAAAAAA'), worker: hook('d-BBBBBBBBB') };

    it('releases SUCCESS for every group when fn resolves', async () => {
      const transport = fakeTransport([ready]);
      const result = await new ExternalHookClient({ transport }).run(async ({ hooks }) => hooks.api?.deploymentId, {
        ...query,
        timeout: 60,
      });
      assert.equal(result.value, 'd-AAAAAAAAA');
      assert.deepEqual(
        transport.releases.map((r) => [r.deploymentId, { ...r.results }]),
        [
          ['d-AAAAAAAAA', { api: 'SUCCESS' }],
          ['d-BBBBBBBBB', { worker: 'SUCCESS' }],
        ],
        'one release per tested deployment, naming it',
      );
    });

    it('releases FAILURE and rethrows when fn throws', async () => {
      const transport = fakeTransport([ready]);
      await assert.rejects(
        new ExternalHookClient({ transport }).run(() => {
          throw new Error('3 tests failed');
        }, query),
        /3 tests failed/,
      );
      assert.deepEqual(
        transport.releases.map((r) => [r.deploymentId, { ...r.results }]),
        [
          ['d-AAAAAAAAA', { api: 'FAILURE' }],
          ['d-BBBBBBBBB', { worker: 'FAILURE' }],
        ],
        'one release per tested deployment, naming it',
      );
    });

    it('on timeout aborts fn’s signal, releases FAILURE and throws WaitTimeoutError', async () => {
      clock = sinon.useFakeTimers();
      const transport = fakeTransport([ready]);
      let aborted = false;
      const done = new ExternalHookClient({ transport }).run(
        ({ signal }) =>
          new Promise<never>(() => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
          }),
        { ...query, timeout: 10 },
      );
      const assertion = assert.rejects(done, WaitTimeoutError);
      await clock.tickAsync(11_000);
      await assertion;
      assert.equal(aborted, true);
      assert.deepEqual(
        transport.releases.map((r) => [r.deploymentId, { ...r.results }]),
        [
          ['d-AAAAAAAAA', { api: 'FAILURE' }],
          ['d-BBBBBBBBB', { worker: 'FAILURE' }],
        ],
        'one release per tested deployment, naming it',
      );
    });

    it('on abort releases FAILURE and throws WaitAbortedError', async () => {
      const transport = fakeTransport([ready]);
      const controller = new AbortController();
      const done = new ExternalHookClient({ transport }).run(
        () => {
          controller.abort();
          return new Promise<never>(() => {});
        },
        { ...query, signal: controller.signal },
      );
      await assert.rejects(done, WaitAbortedError);
      assert.deepEqual(
        transport.releases.map((r) => [r.deploymentId, { ...r.results }]),
        [
          ['d-AAAAAAAAA', { api: 'FAILURE' }],
          ['d-BBBBBBBBB', { worker: 'FAILURE' }],
        ],
        'one release per tested deployment, naming it',
      );
    });

    it('when the wait times out, releases FAILURE for the groups that did park and never runs fn', async () => {
      clock = sinon.useFakeTimers();
      const transport = fakeTransport([{ api: hook('d-AAAAAAAAA') }]);
      const fn = sinon.spy();
      const done = new ExternalHookClient({ transport }).run(fn, { ...query, timeout: 20 });
      const assertion = assert.rejects(done, WaitTimeoutError);
      await clock.tickAsync(25_000);
      await assertion;
      assert.equal(fn.callCount, 0);
      assert.deepEqual(
        transport.releases.map((r) => ({ ...r.results })),
        [{ api: 'FAILURE' }],
      );
    });
  });

  describe('Method: park (direct mode)', () => {
    const cd = mockClient(CodeDeployClient);
    const ddb = mockClient(DynamoDBClient);
    beforeEach(() => {
      cd.reset();
      ddb.reset();
    });
    const client = () =>
      new ExternalHookClient({ tableName: 'hooks', clients: { dynamodb: new DynamoDBClient({}), codedeploy: new CodeDeployClient({}) } });

    it('resolves application, group and the InProgress lifecycle event, then stores the hook', async () => {
      cd.on(GetDeploymentCommand).resolves({
        deploymentInfo: { applicationName: 'shop', deploymentGroupName: 'api', computePlatform: 'ECS' },
      });
      cd.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['cluster:svc'] });
      cd.on(GetDeploymentTargetCommand).resolves({
        deploymentTarget: {
          ecsTarget: {
            lifecycleEvents: [
              { lifecycleEventName: 'BeforeInstall', status: 'Succeeded' },
              { lifecycleEventName: 'AfterAllowTestTraffic', status: 'InProgress' },
            ],
          },
        },
      });
      ddb.on(PutItemCommand).resolves({});
      const result = await client().park({ DeploymentId: 'd-AAAAAAAAA', LifecycleEventHookExecutionId: 'exec-1' });
      assert.equal(result.outcome, 'changed');
      assert.equal(result.hook.lifecycleEvent, 'AfterAllowTestTraffic');
      const item = ddb.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
      assert.equal(item?.hookKey?.S, 'shop#api#AfterAllowTestTraffic');
      assert.equal(item?.executionId?.S, 'exec-1');
    });

    it('with { lifecycleEvent: "PRE_TRAFFIC" } makes only GetDeployment', async () => {
      cd.on(GetDeploymentCommand).resolves({ deploymentInfo: { applicationName: 'shop', deploymentGroupName: 'api' } });
      ddb.on(PutItemCommand).resolves({});
      const result = await client().park(
        { DeploymentId: 'd-AAAAAAAAA', LifecycleEventHookExecutionId: 'exec-1' },
        { lifecycleEvent: 'PRE_TRAFFIC' },
      );
      assert.equal(result.hook.lifecycleEvent, 'BeforeAllowTraffic');
      assert.equal(cd.calls().length, 1);
    });

    it('a malformed event is a MalformedInputError with zero AWS calls; HTTP mode cannot park', async () => {
      await assert.rejects(client().park({ DeploymentId: 'nope' } as never), MalformedInputError);
      assert.equal(cd.calls().length + ddb.calls().length, 0);
      const http = new ExternalHookClient({ apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod' });
      await assert.rejects(http.park({ DeploymentId: 'd-AAAAAAAAA', LifecycleEventHookExecutionId: 'e' }), /direct mode/);
    });
  });
});

import { strict as assert } from 'node:assert';
import {
  CodeDeployClient,
  ContinueDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  PutLifecycleEventHookExecutionStatusCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { CodeDeployTools, type DeploymentProgress, reportHook } from '../../../src/codedeploy/index.js';
import { ConfigError, HookReportError, InvalidStateError, ResourceNotFoundError, WaitTimeoutError } from '../../../src/index.js';

const ID = 'd-ABCDEF123';
const RB = 'd-RBRBRBRB1';

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status } });
}

function info(status: string, extra: Record<string, unknown> = {}) {
  return {
    deploymentInfo: { deploymentId: ID, applicationName: 'app', deploymentGroupName: 'dg', computePlatform: 'Lambda', status, ...extra },
  } as never;
}

function target(events: [string, string][]) {
  return {
    deploymentTarget: {
      deploymentTargetType: 'LambdaTarget',
      lambdaTarget: { lifecycleEvents: events.map(([lifecycleEventName, status]) => ({ lifecycleEventName, status })) },
    },
  } as never;
}

describe('Class: CodeDeployTools', () => {
  const client = new CodeDeployClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(CodeDeployClient);
  const tools = new CodeDeployTools({ awsSdkV3Client: client });
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    mock.reset();
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('refuses both awsSdkV3Client and clientConfig', () => {
    assert.throws(() => new CodeDeployTools({ awsSdkV3Client: client, clientConfig: {} } as never), ConfigError);
  });

  describe('Method: getDeployment', () => {
    it('returns the typed deployment', async () => {
      mock.on(GetDeploymentCommand).resolves(info('Failed', { rollbackInfo: { rollbackDeploymentId: RB } }));
      const d = await tools.getDeployment(ID);
      assert.equal(d.status, 'Failed');
      assert.equal(d.finished, true);
      assert.equal(d.rollbackInfo?.rollbackDeploymentId, RB);
      assert.deepEqual(mock.commandCalls(GetDeploymentCommand)[0]?.args[0].input, { deploymentId: ID });
    });
    it('maps DeploymentDoesNotExistException to ResourceNotFoundError', async () => {
      mock.on(GetDeploymentCommand).rejects(awsError('DeploymentDoesNotExistException'));
      await assert.rejects(tools.getDeployment(ID), ResourceNotFoundError);
    });
    it('rejects a malformed id before any call', async () => {
      for (const bad of ['', 'd-abc', 'ABCDEF123', 42]) await assert.rejects(tools.getDeployment(bad as string), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: reportHook', () => {
    it('reports once with the exact parameters', async () => {
      mock.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
      const r = await reportHook(tools, ID, 'exec-1', 'Succeeded');
      assert.deepEqual([r.outcome, r.attempts], ['changed', 1]);
      assert.deepEqual(mock.commandCalls(PutLifecycleEventHookExecutionStatusCommand)[0]?.args[0].input, {
        deploymentId: ID,
        lifecycleEventHookExecutionId: 'exec-1',
        status: 'Succeeded',
      });
    });
    it('retries throttling with backoff, then succeeds', async () => {
      mock
        .on(PutLifecycleEventHookExecutionStatusCommand)
        .rejectsOnce(awsError('ThrottlingException'))
        .rejectsOnce(awsError('InternalFailure', 500))
        .resolves({});
      const pending = reportHook(tools, ID, 'exec-1', 'Failed', { retry: { minDelay: 1, maxDelay: 2 } });
      await clock.tickAsync(5000);
      const r = await pending;
      assert.deepEqual([r.outcome, r.attempts], ['changed', 3]);
      assert.equal(mock.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 3);
    });
    it('gives up after maxAttempts with HookReportError', async () => {
      mock.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('ThrottlingException'));
      const pending = assert.rejects(
        reportHook(tools, ID, 'exec-1', 'Failed', { retry: { maxAttempts: 3, minDelay: 1, maxDelay: 1 } }),
        HookReportError,
      );
      await clock.tickAsync(5000);
      await pending;
      assert.equal(mock.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 3);
    });
    it('treats LifecycleEventAlreadyCompletedException as already', async () => {
      mock.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('LifecycleEventAlreadyCompletedException'));
      const r = await reportHook(tools, ID, 'exec-1', 'Succeeded');
      assert.equal(r.outcome, 'already');
    });
    it('names the missing permission on AccessDenied, without retrying', async () => {
      mock.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('AccessDeniedException'));
      await assert.rejects(reportHook(tools, ID, 'exec-1', 'Succeeded'), (e: unknown) => {
        return (
          e instanceof HookReportError && e.status === 'Succeeded' && /codedeploy:PutLifecycleEventHookExecutionStatus/.test(e.message)
        );
      });
      assert.equal(mock.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 1);
    });
    it('does not retry a non-transient error', async () => {
      mock.on(PutLifecycleEventHookExecutionStatusCommand).rejects(awsError('InvalidLifecycleEventHookExecutionIdException'));
      await assert.rejects(reportHook(tools, ID, 'nope', 'Succeeded'), /InvalidLifecycleEventHookExecutionIdException/);
      assert.equal(mock.commandCalls(PutLifecycleEventHookExecutionStatusCommand).length, 1);
    });
    it('rejects a bad status or execution id before any call', async () => {
      await assert.rejects(reportHook(tools, ID, 'exec-1', 'Skipped' as never), ConfigError);
      await assert.rejects(reportHook(tools, ID, '', 'Succeeded'), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: stopDeployment', () => {
    it('stops with rollback', async () => {
      mock.on(StopDeploymentCommand).resolves({ status: 'Pending' });
      const r = await tools.stopDeployment(ID, { rollback: true });
      assert.equal(r.outcome, 'changed');
      assert.deepEqual(mock.commandCalls(StopDeploymentCommand)[0]?.args[0].input, { deploymentId: ID, autoRollbackEnabled: true });
    });
    it('is already when the deployment finished', async () => {
      mock.on(StopDeploymentCommand).rejects(awsError('DeploymentAlreadyCompletedException'));
      mock.on(GetDeploymentCommand).resolves(info('Succeeded'));
      const r = await tools.stopDeployment(ID);
      assert.deepEqual([r.outcome, r.status], ['already', 'Succeeded']);
    });
    it('rejects a non-boolean rollback before any call', async () => {
      await assert.rejects(tools.stopDeployment(ID, { rollback: 'yes' as never }), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: continueDeployment', () => {
    it('continues with the wait type', async () => {
      mock.on(ContinueDeploymentCommand).resolves({});
      await tools.continueDeployment(ID, 'TERMINATION_WAIT');
      assert.deepEqual(mock.commandCalls(ContinueDeploymentCommand)[0]?.args[0].input, {
        deploymentId: ID,
        deploymentWaitType: 'TERMINATION_WAIT',
      });
    });
    it('maps DeploymentIsNotInReadyStateException to InvalidStateError', async () => {
      mock.on(ContinueDeploymentCommand).rejects(awsError('DeploymentIsNotInReadyStateException'));
      await assert.rejects(tools.continueDeployment(ID), InvalidStateError);
    });
    it('rejects a bad wait type before any call', async () => {
      await assert.rejects(tools.continueDeployment(ID, 'SOON' as never), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: waitForDeployment', () => {
    it('follows the rollback to its end: the result is the final truth', async () => {
      mock
        .on(GetDeploymentCommand, { deploymentId: ID })
        .resolvesOnce(info('InProgress'))
        .resolves(
          info('Failed', {
            rollbackInfo: { rollbackDeploymentId: RB },
            errorInformation: { code: 'HOOK_EXECUTION_FAILURE', message: 'hook failed' },
          }),
        );
      mock
        .on(GetDeploymentCommand, { deploymentId: RB })
        .resolvesOnce(info('InProgress', { deploymentId: RB }))
        .resolves(info('Succeeded', { deploymentId: RB }));
      const pending = tools.waitForDeployment(ID, { minDelay: 1, maxDelay: 1 });
      await clock.tickAsync(10_000);
      const r = await pending;
      assert.deepEqual([r.ok, r.outcome, r.status], [false, 'failed', 'Failed']);
      assert.deepEqual(r.rollback, { deploymentId: RB, status: 'Succeeded' });
      assert.equal(mock.commandCalls(GetDeploymentCommand).length, 4);
    });

    it('with until: done once the event is in progress, reporting each change once', async () => {
      mock.on(GetDeploymentCommand).resolves(info('InProgress'));
      mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['fn:live'] });
      mock
        .on(GetDeploymentTargetCommand)
        .resolvesOnce(target([['Start', 'InProgress']]))
        .resolvesOnce(target([['Start', 'InProgress']]))
        .resolves(
          target([
            ['Start', 'Succeeded'],
            ['BeforeAllowTraffic', 'InProgress'],
          ]),
        );
      const seen: DeploymentProgress[] = [];
      const pending = tools.waitForDeployment(ID, {
        until: 'BeforeAllowTraffic',
        minDelay: 1,
        maxDelay: 1,
        onProgress: (p) => seen.push(p),
      });
      await clock.tickAsync(10_000);
      const r = await pending;
      assert.deepEqual([r.ok, r.outcome, r.reachedEvent], [true, 'reached', 'BeforeAllowTraffic']);
      assert.deepEqual(
        seen.map((p) => p.message),
        [`${ID} InProgress Start InProgress`, `${ID} InProgress BeforeAllowTraffic InProgress`],
      );
    });

    it('with until: a failure before the event is a failure', async () => {
      mock.on(GetDeploymentCommand).resolves(info('Failed'));
      mock.on(ListDeploymentTargetsCommand).resolves({ targetIds: ['fn:live'] });
      mock.on(GetDeploymentTargetCommand).resolves(target([['BeforeAllowTraffic', 'Failed']]));
      const r = await tools.waitForDeployment(ID, { until: 'AfterAllowTraffic' });
      assert.deepEqual([r.ok, r.outcome, r.rollback], [false, 'failed', undefined]);
    });

    it('times out with WaitTimeoutError carrying the last state', async () => {
      mock.on(GetDeploymentCommand).resolves(info('InProgress'));
      const pending = assert.rejects(tools.waitForDeployment(ID, { maxWaitTime: 30, minDelay: 5, maxDelay: 5 }), (e: unknown) => {
        return e instanceof WaitTimeoutError && (e.lastState as { status: string }).status === 'InProgress';
      });
      await clock.tickAsync(40_000);
      await pending;
    });

    it('rejects a bad until before any call', async () => {
      await assert.rejects(tools.waitForDeployment(ID, { until: 'Later' as never }), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });
});

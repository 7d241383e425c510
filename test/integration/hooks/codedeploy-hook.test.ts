import { strict as assert } from 'node:assert';
import { CodeDeployClient, CreateDeploymentCommand, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import type { HookContext } from '../../../src/codedeploy/index.js';
import {
  type CodeDeployHookHandler,
  type CodeDeployHookOptions,
  type CodeDeployHookResult,
  codeDeployHook,
  HookTimeoutError,
} from '../../../src/hooks/index.js';
import { MalformedInputError } from '../../../src/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { appSpec, createLambdaApp } from '../../support/codedeploy-fixtures.js';

// The double's hook deadline (AWS: 1 hour) is far beyond the wrapper's own deadline (fake Lambda time 1.5 s minus a
// 1 s safety margin), so every Failed below comes from the wrapper, not from the double timing the hook out.
describe('Function: codeDeployHook (against the CodeDeploy test double: moto lacks PutLifecycleEventHookExecutionStatus)', () => {
  let cd: CodeDeployDouble;
  let client: CodeDeployClient;
  beforeEach(async () => {
    cd = await startCodeDeployDouble({ hookTimeoutMs: 3000, lambdaTimeoutMs: 1500 });
    client = new CodeDeployClient(cd.clientConfig());
    await createLambdaApp(client, 'orders', 'orders-dg');
  });
  afterEach(async () => {
    client.destroy();
    await cd.stop();
  });

  function wrap(handler: CodeDeployHookHandler, options: CodeDeployHookOptions = {}) {
    return codeDeployHook(handler, {
      clientConfig: cd.clientConfig(),
      safetyMargin: 1,
      reportRetry: { maxAttempts: 4, minDelay: 0.01, maxDelay: 0.05 },
      ...options,
    });
  }

  async function deployWith(handler: CodeDeployHookHandler, options: CodeDeployHookOptions = {}) {
    cd.registerFunction('pre-traffic', wrap(handler, options));
    const { deploymentId } = await client.send(
      new CreateDeploymentCommand({
        applicationName: 'orders',
        deploymentGroupName: 'orders-dg',
        revision: appSpec({ BeforeAllowTraffic: 'pre-traffic' }),
      }),
    );
    const final = await cd.waitForDeployment(deploymentId as string);
    const [invocation] = await cd.settled();
    return { deploymentId: deploymentId as string, final, invocation };
  }

  function singleReport(status: string) {
    const reports = cd.reports();
    assert.equal(reports.length, 1, `expected exactly one status report, got ${JSON.stringify(reports)}`);
    assert.equal(reports[0]?.status, status);
    assert.equal(reports[0]?.accepted, true, JSON.stringify(reports));
    assert.equal(reports[0]?.lifecycleEvent, 'BeforeAllowTraffic');
  }

  it('reports Succeeded once when the handler resolves, and hands it the resolved hook context', async () => {
    let seen: HookContext | undefined;
    const { final, invocation } = await deployWith(async (hook) => {
      seen = hook;
    });
    singleReport('Succeeded');
    assert.equal(final.status, 'Succeeded');
    assert.equal(seen?.applicationName, 'orders');
    assert.equal(seen?.deploymentGroupName, 'orders-dg');
    assert.equal(seen?.lifecycleEvent, 'BeforeAllowTraffic');
    assert.equal(seen?.computePlatform, 'Lambda');
    assert.equal((invocation!.value as CodeDeployHookResult).status, 'Succeeded');
  });

  it('reports Failed once when the handler throws synchronously, and the deployment rolls back', async () => {
    const { final, invocation } = await deployWith(() => {
      throw new Error('smoke test failed');
    });
    singleReport('Failed');
    assert.equal(final.status, 'Failed');
    assert.ok((final.rollbackInfo as { rollbackDeploymentId?: string }).rollbackDeploymentId);
    const result = invocation?.value as CodeDeployHookResult;
    assert.equal(invocation?.outcome, 'resolved', 'the wrapper does not throw when the handler failed (no Lambda retry)');
    assert.match(String(result.reason), /smoke test failed/);
  });

  it('reports Failed once when the handler rejects', async () => {
    const { final } = await deployWith(async () => Promise.reject(new TypeError('bad response')));
    singleReport('Failed');
    assert.equal(final.status, 'Failed');
  });

  it('reports Failed once when the handler hangs past the deadline, and aborts its signal with HookTimeoutError', async () => {
    let abortReason: unknown;
    const { final, invocation } = await deployWith(
      (_hook, { signal }) =>
        new Promise(() => {
          signal.addEventListener('abort', () => {
            abortReason = signal.reason;
          });
        }),
    );
    singleReport('Failed');
    assert.equal(final.status, 'Failed');
    assert.ok(abortReason instanceof HookTimeoutError);
    assert.match(String((invocation!.value as CodeDeployHookResult).reason), /did not finish within/);
    assert.doesNotMatch(
      String((final.errorInformation as { message: string }).message),
      /timed out/,
      'the wrapper reported, the double did not time out',
    );
  });

  it('reports Succeeded once when the handler returns a non-promise value', async () => {
    const { final } = await deployWith(() => 42);
    singleReport('Succeeded');
    assert.equal(final.status, 'Succeeded');
  });

  it('rejects a malformed event with MalformedInputError and calls nothing', async () => {
    const handler = wrap(async () => {
      throw new Error('must not run');
    });
    for (const bad of [undefined, 'x', { DeploymentId: 'd-ABCDEF123' }, { DeploymentId: 'deploy', LifecycleEventHookExecutionId: 'e' }]) {
      await assert.rejects(
        handler(bad),
        (error: unknown) => error instanceof MalformedInputError && /DeploymentId|LifecycleEventHookExecutionId|object/.test(error.message),
      );
    }
    assert.equal(cd.requests().filter((r) => !r.operation.startsWith('Create')).length, 0);
  });

  it('retries a throttled report and the single status reaches the double', async () => {
    cd.injectError('PutLifecycleEventHookExecutionStatus', { code: 'ThrottlingException', message: 'Rate exceeded', times: 2 });
    const { final, invocation } = await deployWith(async () => {});
    singleReport('Succeeded');
    assert.equal(final.status, 'Succeeded');
    assert.deepEqual(
      cd.requests('PutLifecycleEventHookExecutionStatus').map((r) => r.errorCode),
      ['ThrottlingException', 'ThrottlingException', undefined],
    );
    assert.equal((invocation!.value as CodeDeployHookResult).reportOutcome, 'changed');
  });

  it('never rejects after the report attempt: a denied report resolves with reportOutcome failed naming the permission (a rejection would make Lambda run the handler again)', async () => {
    cd.injectError('PutLifecycleEventHookExecutionStatus', {
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: codedeploy:PutLifecycleEventHookExecutionStatus',
      times: 100,
    });
    const { invocation } = await deployWith(async () => {});
    assert.equal(cd.reports().length, 0, 'no status reached the service');
    assert.equal(cd.requests('PutLifecycleEventHookExecutionStatus').length, 1, 'access denied is not retried');
    assert.equal(invocation?.outcome, 'resolved');
    const result = invocation?.value as CodeDeployHookResult;
    assert.equal(result.reportOutcome, 'failed');
    assert.equal(result.handlerRan, true);
    assert.match(String(result.reportError), /HookReportError: .*grant codedeploy:PutLifecycleEventHookExecutionStatus/);
  });

  it('treats "already completed" as success when the status was reported before', async () => {
    const { final, invocation } = await deployWith(async (hook) => {
      await client.send(
        new PutLifecycleEventHookExecutionStatusCommand({
          deploymentId: hook.deploymentId,
          lifecycleEventHookExecutionId: hook.lifecycleEventHookExecutionId,
          status: 'Succeeded',
        }),
      );
    });
    assert.equal(final.status, 'Succeeded');
    assert.deepEqual(
      cd.reports().map((r) => [r.accepted, r.errorCode]),
      [
        [true, undefined],
        [false, 'LifecycleEventAlreadyCompletedException'],
      ],
    );
    assert.equal((invocation!.value as CodeDeployHookResult).reportOutcome, 'already');
  });

  it('reports Failed when the deployment cannot be read (the hook never hangs for an hour)', async () => {
    cd.injectError('GetDeployment', {
      code: 'AccessDeniedException',
      message: 'not authorized to perform codedeploy:GetDeployment',
      times: 5,
    });
    let ran = false;
    const { final, invocation } = await deployWith(async () => {
      ran = true;
    });
    assert.equal(ran, false);
    assert.equal(cd.reports().length, 1);
    assert.equal(cd.reports()[0]?.status, 'Failed');
    assert.equal(final.status, 'Failed');
    assert.match(String((invocation!.value as CodeDeployHookResult).reason), /GetDeployment/);
  });
});

import { strict as assert } from 'node:assert';
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { EcsServiceDeploymentTools, type ServiceDeploymentProgress } from '../../../src/ecs-deployment/index.js';
import { ConfigError, InvalidStateError, ResourceNotFoundError, WaitTimeoutError } from '../../../src/index.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/orders/new';
const OLD = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/orders/old';

function awsError(name: string): Error {
  return Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: 400 } });
}
function deployment(status: string, lifecycleStage?: string, hooks: { hookId: string; status: string }[] = []) {
  return { serviceDeployments: [{ serviceDeploymentArn: ARN, status, lifecycleStage, lifecycleHookDetails: hooks }] } as never;
}

// moto 5.2.5 does not implement ECS service deployments (ListServiceDeployments, DescribeServiceDeployments,
// ContinueServiceDeployment, StopServiceDeployment), so this class is covered with aws-sdk-client-mock only.
describe('Class: EcsServiceDeploymentTools', () => {
  const client = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  // Class-level, like the other ECS suites: each suite re-stubs ECSClient.prototype.send in its own beforeEach (reset).
  const mock = mockClient(ECSClient);
  const tools = new EcsServiceDeploymentTools({ awsSdkV3Client: client });
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    mock.reset();
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  describe('Method: getServiceDeployment', () => {
    it("picks the service's in-flight deployment over newer finished ones, across pages", async () => {
      mock
        .on(ListServiceDeploymentsCommand)
        .resolvesOnce({
          serviceDeployments: [{ serviceDeploymentArn: OLD, status: 'SUCCESSFUL', createdAt: new Date(3000) }],
          nextToken: 't',
        })
        .resolves({ serviceDeployments: [{ serviceDeploymentArn: ARN, status: 'IN_PROGRESS', createdAt: new Date(2000) }] });
      mock.on(DescribeServiceDeploymentsCommand).resolves(deployment('IN_PROGRESS'));
      const d = await tools.getServiceDeployment({ cluster: 'prod', service: 'orders' });
      assert.equal(d.serviceDeploymentArn, ARN);
      assert.equal(mock.commandCalls(ListServiceDeploymentsCommand).length, 2);
      assert.deepEqual(mock.commandCalls(DescribeServiceDeploymentsCommand)[0]?.args[0].input, { serviceDeploymentArns: [ARN] });
    });
    it('stops listing when ListServiceDeployments hands back a token it already gave (a cycling service would page forever)', async () => {
      mock
        .on(ListServiceDeploymentsCommand)
        .resolvesOnce({ serviceDeployments: [{ serviceDeploymentArn: OLD, status: 'SUCCESSFUL' }], nextToken: 'a' })
        .resolvesOnce({ serviceDeployments: [{ serviceDeploymentArn: ARN, status: 'IN_PROGRESS' }], nextToken: 'b' })
        .resolves({ serviceDeployments: [], nextToken: 'a' });
      mock.on(DescribeServiceDeploymentsCommand).resolves(deployment('IN_PROGRESS'));
      const d = await tools.getServiceDeployment({ cluster: 'prod', service: 'orders' });
      assert.equal(d.serviceDeploymentArn, ARN);
      assert.deepEqual(
        mock.commandCalls(ListServiceDeploymentsCommand).map((c) => c.args[0].input.nextToken),
        [undefined, 'a', 'b'],
      );
    });
    it('throws ResourceNotFoundError when the service has no deployments', async () => {
      mock.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] });
      await assert.rejects(tools.getServiceDeployment({ cluster: 'prod', service: 'orders' }), ResourceNotFoundError);
    });
    it('rejects a bad target before any call', async () => {
      for (const bad of [null, {}, { cluster: 'prod' }, { serviceDeploymentArn: '' }]) {
        await assert.rejects(tools.getServiceDeployment(bad as never), ConfigError);
      }
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: waitForServiceDeployment', () => {
    it('waits until the stage is reached, reporting each change once', async () => {
      mock
        .on(DescribeServiceDeploymentsCommand)
        .resolvesOnce(deployment('PENDING'))
        .resolvesOnce(deployment('IN_PROGRESS', 'SCALE_UP'))
        .resolvesOnce(deployment('IN_PROGRESS', 'SCALE_UP'))
        .resolves(deployment('IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT'));
      const seen: ServiceDeploymentProgress[] = [];
      const pending = tools.waitForServiceDeployment(
        { serviceDeploymentArn: ARN },
        { until: 'TEST_TRAFFIC_SHIFT', minDelay: 1, maxDelay: 1, onProgress: (p) => seen.push(p) },
      );
      await clock.tickAsync(10_000);
      const r = await pending;
      assert.deepEqual([r.ok, r.outcome, r.lifecycleStage], [true, 'reached', 'POST_TEST_TRAFFIC_SHIFT']);
      assert.deepEqual(
        seen.map((p) => `${p.status} ${p.lifecycleStage}`),
        ['PENDING undefined', 'IN_PROGRESS SCALE_UP', 'IN_PROGRESS POST_TEST_TRAFFIC_SHIFT'],
      );
    });
    it('a rollback is a failure, returned not thrown', async () => {
      mock
        .on(DescribeServiceDeploymentsCommand)
        .resolvesOnce(deployment('ROLLBACK_IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT'))
        .resolves(deployment('ROLLBACK_SUCCESSFUL'));
      const pending = tools.waitForServiceDeployment({ serviceDeploymentArn: ARN }, { until: 'CLEAN_UP', minDelay: 1, maxDelay: 1 });
      await clock.tickAsync(5000);
      const r = await pending;
      assert.deepEqual([r.ok, r.outcome], [false, 'rolled-back']);
    });
    it('untilPaused: done when a pause hook awaits an action, with its hook id', async () => {
      mock
        .on(DescribeServiceDeploymentsCommand)
        .resolves(deployment('IN_PROGRESS', 'POST_TEST_TRAFFIC_SHIFT', [{ hookId: 'h-1', status: 'AWAITING_ACTION' }]));
      const r = await tools.waitForServiceDeployment({ serviceDeploymentArn: ARN }, { untilPaused: true });
      assert.deepEqual([r.ok, r.outcome, r.pausedHookIds], [true, 'paused', ['h-1']]);
    });
    it('times out with WaitTimeoutError', async () => {
      mock.on(DescribeServiceDeploymentsCommand).resolves(deployment('IN_PROGRESS', 'BAKE_TIME'));
      const pending = assert.rejects(
        tools.waitForServiceDeployment({ serviceDeploymentArn: ARN }, { maxWaitTime: 20, minDelay: 5, maxDelay: 5 }),
        WaitTimeoutError,
      );
      await clock.tickAsync(30_000);
      await pending;
    });
    it('rejects an unknown stage before any call', async () => {
      await assert.rejects(tools.waitForServiceDeployment({ serviceDeploymentArn: ARN }, { until: 'DONE' as never }), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: continueServiceDeployment', () => {
    it('sends the hook id and action', async () => {
      mock.on(ContinueServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARN });
      await tools.continueServiceDeployment({ serviceDeploymentArn: ARN, hookId: 'h-1' }, 'ROLLBACK');
      assert.deepEqual(mock.commandCalls(ContinueServiceDeploymentCommand)[0]?.args[0].input, {
        serviceDeploymentArn: ARN,
        hookId: 'h-1',
        action: 'ROLLBACK',
      });
    });
    it('maps errors to typed errors', async () => {
      mock
        .on(ContinueServiceDeploymentCommand)
        .rejectsOnce(awsError('ServiceDeploymentNotFoundException'))
        .rejects(awsError('InvalidParameterException'));
      await assert.rejects(
        tools.continueServiceDeployment({ serviceDeploymentArn: ARN, hookId: 'h-1' }, 'CONTINUE'),
        ResourceNotFoundError,
      );
      await assert.rejects(tools.continueServiceDeployment({ serviceDeploymentArn: ARN, hookId: 'h-1' }, 'CONTINUE'), InvalidStateError);
    });
    it('rejects a bad action before any call', async () => {
      await assert.rejects(tools.continueServiceDeployment({ serviceDeploymentArn: ARN, hookId: 'h-1' }, 'GO' as never), ConfigError);
      await assert.rejects(tools.continueServiceDeployment({ serviceDeploymentArn: ARN } as never, 'CONTINUE'), ConfigError);
      assert.equal(mock.calls().length, 0);
    });
  });

  describe('Method: rollbackServiceDeployment', () => {
    it('stops with stopType ROLLBACK', async () => {
      mock.on(DescribeServiceDeploymentsCommand).resolves(deployment('IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT'));
      mock.on(StopServiceDeploymentCommand).resolves({ serviceDeploymentArn: ARN });
      const r = await tools.rollbackServiceDeployment({ serviceDeploymentArn: ARN });
      assert.equal(r.outcome, 'changed');
      assert.deepEqual(mock.commandCalls(StopServiceDeploymentCommand)[0]?.args[0].input, {
        serviceDeploymentArn: ARN,
        stopType: 'ROLLBACK',
      });
    });
    it('is already when it is rolling back, and refuses a deployment that succeeded', async () => {
      mock.on(DescribeServiceDeploymentsCommand).resolvesOnce(deployment('ROLLBACK_IN_PROGRESS')).resolves(deployment('SUCCESSFUL'));
      assert.equal((await tools.rollbackServiceDeployment({ serviceDeploymentArn: ARN })).outcome, 'already');
      await assert.rejects(tools.rollbackServiceDeployment({ serviceDeploymentArn: ARN }), InvalidStateError);
      assert.equal(mock.commandCalls(StopServiceDeploymentCommand).length, 0);
    });
    it('a ConflictException because it started rolling back meanwhile is already', async () => {
      mock.on(DescribeServiceDeploymentsCommand).resolvesOnce(deployment('IN_PROGRESS')).resolves(deployment('ROLLBACK_REQUESTED'));
      mock.on(StopServiceDeploymentCommand).rejects(awsError('ConflictException'));
      assert.equal((await tools.rollbackServiceDeployment({ serviceDeploymentArn: ARN })).outcome, 'already');
    });
  });
});

import { strict as assert } from 'node:assert';
import { CreateTaskSetCommand, DescribeServicesCommand, DescribeTaskSetsCommand } from '@aws-sdk/client-ecs';
import {
  CreateTargetGroupCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyRuleCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  deployGreen,
  EcsTaskSetDeployment,
  type EcsTaskSetDeploymentOptions,
  isValidTargetGroupName,
  MANAGED_TAG,
  MANAGED_VALUE,
  TaskSetInFlightError,
  taskSetTargetGroupName,
} from '../../../src/ecs-task-sets/index.js';
import { ConfigError, InvalidStateError, ResourceNotFoundError } from '../../../src/index.js';
import { BLUE_TG, forward, GREEN_TG, GREEN_TS, PROD_RULE, REGION, TEST_RULE } from '../../support/task-set-unit-fixtures.js';
import { blue, closed, green, useTaskSetMocks } from '../../support/task-set-unit-mocks.js';

describe('Class: EcsTaskSetDeployment and deployGreen', () => {
  const { ecs, elbv2, tool, calls, state, deployedOnly, modifyCalls, weightsOf } = useTaskSetMocks();

  describe('Constructor', () => {
    const bad: [string, Partial<EcsTaskSetDeploymentOptions> | Record<string, unknown>, RegExp][] = [
      ['a missing cluster', { cluster: undefined }, /cluster must be a string/],
      [
        'a malformed production rule ARN',
        { productionRuleArn: 'my-rule' },
        /productionRuleArn 'my-rule' is not valid: use a listener rule ARN/,
      ],
      ['the same rule twice', { testRuleArn: PROD_RULE }, /two different rules/],
      ['clients and clientConfig', { clientConfig: { region: REGION } }, /either clients or clientConfig/],
      ['no options object', null as never, /EcsTaskSetDeployment options must be an object/],
      ['a malformed closed response status', { closedResponse: { statusCode: '302' } }, /closedResponse.statusCode '302' is not valid/],
    ];
    // alarmGate and alarmRef are checked by shiftTraffic, the step that uses them (task-set-steps.test.ts).
    for (const [what, extra, message] of bad) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, () => {
        assert.throws(
          () => (extra === null ? new EcsTaskSetDeployment(null as never) : tool(extra as Partial<EcsTaskSetDeploymentOptions>)),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(calls(), 0);
      });
    }
  });

  describe('Function: deployGreen, release options (checked by deployGreen, so the other steps do not carry the code)', () => {
    const bad: [string, Partial<EcsTaskSetDeploymentOptions>, RegExp][] = [
      ['a bad VPC id', { targetGroup: { vpcId: 'default', port: 80 } }, /targetGroup.vpcId/],
      ['a bad container port', { container: { name: 'app', port: 0 } }, /container.port must be >= 1/],
      [
        'launchType and a capacity provider strategy',
        { capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] },
        /launchType or capacityProviderStrategy/,
      ],
      [
        'an unknown target group protocol',
        { targetGroup: { vpcId: 'vpc-0abc', port: 80, protocol: 'FTP' as never } },
        /targetGroup.protocol/,
      ],
    ];
    for (const [what, extra, message] of bad) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, async () => {
        const d = tool(extra);
        await assert.rejects(
          deployGreen(d, 'web:8', { externalId: 'x' }),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(calls(), 0);
      });
    }
  });

  describe('Function: taskSetTargetGroupName', () => {
    it('is deterministic, at most 32 valid characters, and hash-truncates long names', () => {
      const long = taskSetTargetGroupName('prod', 'a-very-long-service-name-for-orders', 'build-2024-11-21-abcdef0123456789');
      assert.equal(long, taskSetTargetGroupName('prod', 'a-very-long-service-name-for-orders', 'build-2024-11-21-abcdef0123456789'));
      assert.ok(long.length <= 32, long);
      assert.ok(isValidTargetGroupName(long), long);
      assert.match(taskSetTargetGroupName('prod', 'web', 'build-42'), /^web-build-42-[0-9a-f]{6}$/);
    });
    it('cleans invalid characters and keeps names apart that clean to the same text or live in other clusters', () => {
      const dotted = taskSetTargetGroupName('prod', 'web', 'v1.2');
      const dashed = taskSetTargetGroupName('prod', 'web', 'v1-2');
      assert.ok(isValidTargetGroupName(dotted) && isValidTargetGroupName(dashed));
      assert.notEqual(dotted, dashed);
      assert.notEqual(taskSetTargetGroupName('prod', 'web', 'x'), taskSetTargetGroupName('staging', 'web', 'x'));
      assert.ok(isValidTargetGroupName(taskSetTargetGroupName('c', '--', '__')));
      assert.equal(
        taskSetTargetGroupName('arn:aws:ecs:us-east-1:1:cluster/prod', 'arn:aws:ecs:us-east-1:1:service/prod/web', 'x'),
        taskSetTargetGroupName('prod', 'web', 'x'),
      );
    });
  });

  describe('Function: deployGreen', () => {
    it('rejects a missing externalId and a non-string task definition before any AWS call', async () => {
      const d = tool();
      await assert.rejects(deployGreen(d, 'web:8', {} as never), /deployGreen options.externalId must be a string/);
      await assert.rejects(deployGreen(d, 42 as never, { externalId: 'x' }), /taskDefinition must be a string/);
      // 0.x waited here; the wait moved to openTestTraffic, so a wait option is refused rather than silently ignored.
      await assert.rejects(
        deployGreen(d, 'web:8', { externalId: 'x', wait: { maxWaitTime: 60 } } as never),
        (e: unknown) => e instanceof ConfigError && /no longer waits: pass wait to openTestTraffic/.test(e.message),
      );
      // 0.x took replace: true; now the rollback function itself, so a deploy hook that never replaces does not bundle it.
      await assert.rejects(
        deployGreen(d, 'web:8', { externalId: 'x', replace: true as never }),
        (e: unknown) =>
          e instanceof ConfigError && /replace must be the rollback function of bluegreen-toolkit\/ecs-task-sets/.test(e.message),
      );
      await assert.rejects(deployGreen({} as never, 'web:8', { externalId: 'x' }), /needs an EcsTaskSetDeployment/);
      assert.equal(calls(), 0);
    });

    it('refuses a second task set in flight with TaskSetInFlightError and changes nothing', async () => {
      state(
        [blue(), green()],
        forward(PROD_RULE, [
          [BLUE_TG, 100],
          [GREEN_TG, 0],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      await assert.rejects(deployGreen(tool(), 'web:8', { externalId: 'newer' }), (e: unknown) => {
        assert.ok(e instanceof TaskSetInFlightError);
        assert.ok(e instanceof InvalidStateError);
        assert.equal(e.inFlightTaskSetArn, GREEN_TS);
        assert.equal(e.inFlightExternalId, 'new');
        assert.deepEqual(Object.keys(e).sort(), ['inFlightExternalId', 'inFlightTaskSetArn', 'name', 'state'], 'no raw option copied');
        assert.match(e.message, /release 'new' in flight.*replace: rollback/);
        return true;
      });
      assert.equal(ecs.commandCalls(CreateTaskSetCommand).length, 0);
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
      assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 0);
    });

    it('creates the target group (tagged), attaches it at weight 0 and creates the task set; the test rule is left closed', async () => {
      state([blue()], forward(PROD_RULE, [[BLUE_TG, 100]]), closed(TEST_RULE));
      elbv2.on(DescribeTargetGroupsCommand).rejects(Object.assign(new Error('none'), { name: 'TargetGroupNotFoundException' }));
      elbv2.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN_TG }] });
      const log: string[] = [];
      elbv2.on(ModifyRuleCommand).callsFake((input) => {
        log.push(`ModifyRule ${input.RuleArn === PROD_RULE ? 'prod' : 'test'}`);
        return { Rules: [{ RuleArn: input.RuleArn, Actions: input.Actions }] };
      });
      ecs.on(CreateTaskSetCommand).callsFake(() => {
        log.push('CreateTaskSet');
        return { taskSet: green() };
      });
      const r = await deployGreen(tool(), 'web:7', { externalId: 'new' });
      assert.equal(r.outcome, 'changed');
      assert.deepEqual(r.steps, { targetGroup: 'changed', productionRule: 'changed', taskSet: 'changed' });
      assert.equal(r.taskSetArn, GREEN_TS);
      const created = elbv2.commandCalls(CreateTargetGroupCommand)[0]?.args[0].input;
      assert.equal(created?.Name, taskSetTargetGroupName('prod', 'web', 'new'));
      assert.ok(created?.Tags?.some((t) => t.Key === MANAGED_TAG && t.Value === MANAGED_VALUE));
      const ts = ecs.commandCalls(CreateTaskSetCommand)[0]?.args[0].input;
      assert.deepEqual(ts?.loadBalancers, [{ targetGroupArn: GREEN_TG, containerName: 'app', containerPort: 8080 }]);
      assert.deepEqual(ts?.scale, { value: 100, unit: 'PERCENT' });
      assert.equal(ts?.externalId, 'new');
      assert.ok((ts?.clientToken?.length ?? 0) <= 36);
      const prodCall = modifyCalls(PROD_RULE)[0];
      assert.ok(prodCall);
      assert.deepEqual(weightsOf(prodCall), [
        [BLUE_TG, 100],
        [GREEN_TG, 0],
      ]);
      assert.deepEqual(log, ['ModifyRule prod', 'CreateTaskSet'], 'attach, then create; the test rule opens in openTestTraffic');
      assert.equal(modifyCalls(TEST_RULE).length, 0);
      assert.equal(ecs.commandCalls(DescribeTaskSetsCommand).length, 0, 'no wait');
      assert.equal(elbv2.commandCalls(DescribeTargetHealthCommand).length, 0, 'no wait');
    });

    it('run again for the release in flight, finds everything and changes nothing; a new task definition needs a new externalId', async () => {
      deployedOnly();
      elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN_TG }] });
      const r = await deployGreen(tool(), 'web:7', { externalId: 'new' });
      assert.equal(r.outcome, 'already');
      assert.deepEqual(r.steps, { targetGroup: 'already', productionRule: 'already', taskSet: 'already' });
      await assert.rejects(
        deployGreen(tool(), 'web:8', { externalId: 'new' }),
        (e: unknown) => e instanceof InvalidStateError && /use a new externalId for a new task definition/.test(e.message),
      );
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
      assert.equal(ecs.commandCalls(CreateTaskSetCommand).length, 0);
      assert.equal(elbv2.commandCalls(CreateTargetGroupCommand).length, 0);
    });

    it('refuses when the previous release is swapped but not cleaned up, and when the service is not EXTERNAL or missing', async () => {
      state(
        [blue({ status: 'ACTIVE' }), green({ status: 'PRIMARY' })],
        forward(PROD_RULE, [
          [GREEN_TG, 100],
          [BLUE_TG, 0],
        ]),
        closed(TEST_RULE),
      );
      await assert.rejects(deployGreen(tool(), 'web:8', { externalId: 'next' }), /run cleanUp\(\)/);
      ecs
        .on(DescribeServicesCommand)
        .resolves({ services: [{ serviceName: 'web', status: 'ACTIVE', deploymentController: { type: 'ECS' } }] });
      await assert.rejects(
        deployGreen(tool(), 'web:8', { externalId: 'next' }),
        (e: unknown) => e instanceof InvalidStateError && /EXTERNAL/.test(e.message),
      );
      ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: 'MISSING' }] });
      await assert.rejects(
        deployGreen(tool(), 'web:8', { externalId: 'next' }),
        (e: unknown) => e instanceof ResourceNotFoundError && /MISSING/.test(e.message),
      );
      assert.equal(elbv2.commandCalls(ModifyRuleCommand).length, 0);
    });
  });
});

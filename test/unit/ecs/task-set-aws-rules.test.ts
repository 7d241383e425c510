import { strict as assert } from 'node:assert';
import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { DeleteTaskSetCommand } from '@aws-sdk/client-ecs';
import {
  DeleteTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { deployGreen, MANAGED_TAG, MANAGED_VALUE, rollback } from '../../../src/ecs-task-sets/index.js';
import { ConfigError } from '../../../src/index.js';

import { BLUE_TG, BLUE_TS, forward as forwardTo, GREEN_TG, GREEN_TS, PROD_RULE, TEST_RULE } from '../../support/task-set-unit-fixtures.js';
import { taskSet, useTaskSetMocks } from '../../support/task-set-unit-mocks.js';

// Rules as DescribeRules returns them: IsDefault is always present.
const forward = (arn: string, targets: [string, number][], extra: Partial<Rule> = {}): Rule =>
  forwardTo(arn, targets, { IsDefault: false, ...extra });

describe('Class: EcsTaskSetDeployment', () => {
  const { ecs, elbv2, aas, tool, state, fakeClock } = useTaskSetMocks();
  const reads = new Set(['DescribeServicesCommand', 'DescribeRulesCommand']);
  const writes = () => [...ecs.calls(), ...elbv2.calls(), ...aas.calls()].filter((c) => !reads.has(c.args[0].constructor.name));

  describe('Listener default rules (ELB API Reference, ModifyRule: "To modify the actions for the default rule, use ModifyListener")', () => {
    for (const [which, prodDefault, path] of [
      ['production', true, 'productionRuleArn'],
      ['test', false, 'testRuleArn'],
    ] as const) {
      it(`a ${which} rule that is the listener's default rule is a ConfigError naming ${path}, before any change`, async () => {
        const blue = taskSet(BLUE_TS, BLUE_TG, { status: 'PRIMARY', externalId: 'old', createdAt: new Date(1000) });
        state(
          [blue],
          forward(PROD_RULE, [[BLUE_TG, 100]], { IsDefault: prodDefault, Priority: prodDefault ? 'default' : '1' }),
          forward(TEST_RULE, [[BLUE_TG, 1]], { IsDefault: !prodDefault, Priority: prodDefault ? '2' : 'default' }),
        );
        await assert.rejects(deployGreen(tool(), 'web:8', { externalId: 'new' }), (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.match(e.message, new RegExp(`^${path} .* default rule, whose actions ModifyRule cannot change`));
          return true;
        });
        assert.deepEqual(writes(), []);
      });
    }
  });

  describe('Function: rollback', () => {
    const inFlight = () => {
      state(
        [
          taskSet(BLUE_TS, BLUE_TG, { status: 'PRIMARY', externalId: 'old', createdAt: new Date(1000) }),
          taskSet(GREEN_TS, GREEN_TG, { externalId: 'new', createdAt: new Date(2000) }),
        ],
        forward(PROD_RULE, [
          [BLUE_TG, 75],
          [GREEN_TG, 25],
        ]),
        forward(TEST_RULE, [[GREEN_TG, 1]]),
      );
      aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
      ecs.on(DeleteTaskSetCommand).resolves({});
      elbv2.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ Tags: [{ Key: MANAGED_TAG, Value: MANAGED_VALUE }] }] });
      elbv2.on(DeleteTargetGroupCommand).resolves({});
    };

    it("follows the ELB target group deregistration delay: waits green's deregistration_delay.timeout_seconds before deleting green", async () => {
      inFlight();
      elbv2
        .on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: GREEN_TG })
        .resolves({ Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '120' }] });
      const clock = fakeClock();
      const promise = rollback(tool());
      await clock.tickAsync(119_000);
      assert.equal(modifyCallsTo(PROD_RULE), 1, 'traffic is moved off green first');
      assert.equal(ecs.commandCalls(DeleteTaskSetCommand).length, 0, 'green is not deleted within the deregistration delay');
      await clock.tickAsync(1_000);
      const result = await promise;
      assert.equal(result.drainedSeconds, 120);
      assert.equal(ecs.commandCalls(DeleteTaskSetCommand).length, 1);
      assert.equal(elbv2.commandCalls(DeleteTargetGroupCommand)[0]?.args[0].input.TargetGroupArn, GREEN_TG);
    });

    it('drainSeconds: 0 deletes green at once (and a bad drainSeconds is a ConfigError with zero calls)', async () => {
      await assert.rejects(rollback(tool(), { drainSeconds: -1 }), ConfigError);
      assert.equal(ecs.calls().length + elbv2.calls().length, 0);
      inFlight();
      const result = await rollback(tool(), { drainSeconds: 0 });
      assert.equal(result.drainedSeconds, 0);
      assert.equal(elbv2.commandCalls(DescribeTargetGroupAttributesCommand).length, 0);
      assert.equal(ecs.commandCalls(DeleteTaskSetCommand).length, 1);
    });
  });

  const modifyCallsTo = (rule: string) => elbv2.commandCalls(ModifyRuleCommand).filter((c) => c.args[0].input.RuleArn === rule).length;
});

import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient, EnableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { LambdaClient, UpdateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, type FlipOptions, RunbookError, type StackConfig } from '../../../src/runbook/index.js';
import { type FlipWorld, startFlipWorld } from '../../support/account-true/flip-world.js';
import type { FaultKind } from '../../support/account-true/index.js';
import { createLockTable } from '../../support/account-true/lock-table.js';
import { differing, rawResources } from '../../support/account-true/raw-state.js';
import { useEmulator } from '../../support/use-emulator.js';

/** One AWS minute lasts 0.1 s. */
const SCALE = 1 / 600;
const FAST = { maxWaitTime: 60, minDelay: 0.02, maxDelay: 0.2 };

/**
 * The demo pair with part of green already switched on before the flip (by hand, say): green's SQS mapping enabled
 * (its Kinesis one not), a second green subscription enabled next to the blocked one, one of green's two alarms with
 * actions on.
 */
async function partlyOnGreen(endpoint: string): Promise<{ stage: FlipWorld; config: StackConfig }> {
  const stage = await startFlipWorld(endpoint, { seed: 11, timeScale: SCALE });
  const moto = stage.world.motoConfig();
  await new LambdaClient(moto).send(new UpdateEventSourceMappingCommand({ UUID: stage.queues.green.uuid, Enabled: true }));
  const sqs = new SQSClient(moto);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${stage.names.green.queue}-audit` }));
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  const audit = await new SNSClient(moto).send(
    new SubscribeCommand({
      TopicArn: stage.topicArn,
      Protocol: 'sqs',
      Endpoint: arn,
      ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: JSON.stringify({ type: ['audit'] }) },
    }),
  );
  await new CloudWatchClient(moto).send(new EnableAlarmActionsCommand({ AlarmNames: [`${stage.names.green.alarmPrefix}worker-errors`] }));
  const subs = (stage.config.sns as { subscriptions: { blue: unknown[]; green: unknown[] } }).subscriptions;
  const config = {
    ...stage.config,
    sns: { subscriptions: { blue: subs.blue, green: [...subs.green, { subscriptionArn: audit.SubscriptionArn as string }] } },
  } as StackConfig;
  return { stage, config };
}

function flipOptions(stage: FlipWorld, extra: Partial<FlipOptions> = {}): FlipOptions {
  return {
    clientConfig: stage.world.clientConfig({ maxAttempts: 3 }),
    lock: false,
    propagationDwellSeconds: 900 * SCALE,
    wait: FAST,
    undoRetryDelaySeconds: 0.05,
    ...extra,
  };
}

/** Faults every attempt of `operation` while `step` runs (its undo runs unfaulted). */
function faultDuring(stage: FlipWorld, step: string, kind: FaultKind, service: string, operation: string) {
  let inStep = false;
  stage.world.faults.add({ kind, service, operation, when: () => inStep });
  return (e: { type: string; step: string }) => {
    if (e.step === step) inStep = e.type === 'started' || e.type === 'waiting';
  };
}

async function raw(stage: FlipWorld, config: StackConfig) {
  await stage.world.settle();
  return rawResources(config, stage.world.motoConfig());
}

const CASES: { step: string; service: string; operation: string; kinds: FaultKind[] }[] = [
  {
    step: 'lambda: enable green event source mappings',
    service: 'lambda',
    operation: 'UpdateEventSourceMapping',
    kinds: ['reset-after', 'throttle'],
  },
  { step: 'sns: enable green subscriptions', service: 'sns', operation: 'SetSubscriptionAttributes', kinds: ['reset-after'] },
  { step: 'cloudwatch: enable green alarm actions', service: 'monitoring', operation: 'EnableAlarmActions', kinds: ['reset-after'] },
];

describe('account-true: exact undo when part of the target was already on before the flip', function () {
  this.timeout(900_000);
  const aws = useEmulator({ resetEach: true });

  for (const { step, service, operation, kinds } of CASES)
    for (const kind of kinds)
      it(`'${step}' fails (${kind} on ${operation}): after undo every resource is as before, the ones already on included`, async () => {
        const { stage, config } = await partlyOnGreen(aws.endpoint());
        try {
          const before = await raw(stage, config);
          assert.equal(before[`lambda mapping ${stage.queues.green.uuid}`], 'Enabled', 'green SQS mapping on before the flip');
          const onEvent = faultDuring(stage, step, kind, service, operation);
          const error = await bluegreenFlip(config, flipOptions(stage, { onEvent }))
            .prepare(StackReference.Green)
            .catch((e: unknown) => e);
          assert.ok(error instanceof RunbookError, String(error));
          assert.equal(error.failedStep, step);
          assert.deepEqual(differing(before, await raw(stage, config)), []);
          assert.deepEqual(error.leftToFix, []);
        } finally {
          await stage.close();
        }
      });

  it("'aurora: scale out green readers' fails after its RegisterScalableTarget landed (reset-after): the undo restores the MinCapacity set by hand before the flip, not the configured minReaders", async () => {
    const { stage, config } = await partlyOnGreen(aws.endpoint());
    try {
      const green = (config.aurora as { clusters: { green: { clusterIdentifier: string } } }).clusters.green.clusterIdentifier;
      // By hand: green keeps at least one reader (its configured minReaders is 0; blue has 2 available readers).
      await new ApplicationAutoScalingClient(stage.world.motoConfig()).send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: 'rds',
          ResourceId: `cluster:${green}`,
          ScalableDimension: 'rds:cluster:ReadReplicaCount',
          MinCapacity: 1,
          MaxCapacity: 4,
        }),
      );
      const before = await raw(stage, config);
      assert.deepEqual(before[`application-autoscaling cluster:${green}`], { min: 1, max: 4 });
      const step = 'aurora: scale out green readers to match blue';
      const onEvent = faultDuring(stage, step, 'reset-after', 'application-autoscaling', 'RegisterScalableTarget');
      const error = await bluegreenFlip(config, flipOptions(stage, { onEvent }))
        .prepare(StackReference.Green)
        .catch((e: unknown) => e);
      assert.ok(error instanceof RunbookError, String(error));
      assert.equal(error.failedStep, step);
      const landed = stage.world.log.calls.filter((c) => c.operation === 'RegisterScalableTarget' && c.forwarded);
      assert.ok(landed.length >= 2, 'the scale-out reached AWS (and was applied) and the undo registered the old capacities');
      assert.deepEqual(differing(before, await raw(stage, config)), []);
      assert.deepEqual(error.leftToFix, []);
    } finally {
      await stage.close();
    }
  });

  it('across --resume-from: a failed step left applied (undo off), resumed, then a later failure: the undo restores the state from before the first run', async () => {
    const { stage, config } = await partlyOnGreen(aws.endpoint());
    try {
      const tableName = await createLockTable(stage.world.motoConfig());
      const leased = { ...config, lock: { tableName } } as StackConfig;
      const before = await raw(stage, config);
      const sns = 'sns: enable green subscriptions';
      const first = await bluegreenFlip(
        leased,
        flipOptions(stage, { lock: undefined, onEvent: faultDuring(stage, sns, 'reset-after', 'sns', 'SetSubscriptionAttributes') }),
      )
        .prepare(StackReference.Green, { undoOnFailure: false })
        .catch((e: unknown) => e);
      assert.ok(first instanceof RunbookError);
      assert.equal(first.failedStep, sns);
      // The lost responses landed: the first run left green's blocked subscription switched on (not undone).
      assert.ok(differing(before, await raw(stage, config)).some((r) => r.startsWith('sns subscription')));
      stage.world.faults.clear();
      const alarms = 'cloudwatch: enable green alarm actions';
      const resumed = await bluegreenFlip(
        leased,
        flipOptions(stage, { lock: undefined, onEvent: faultDuring(stage, alarms, 'throttle', 'monitoring', 'EnableAlarmActions') }),
      )
        .prepare(StackReference.Green, { from: sns })
        .catch((e: unknown) => e);
      assert.ok(resumed instanceof RunbookError, String(resumed));
      assert.equal(resumed.failedStep, alarms);
      assert.deepEqual(resumed.leftToFix, []);
      assert.deepEqual(differing(before, await raw(stage, config)), []);
    } finally {
      await stage.close();
    }
  });
});

import { strict as assert } from 'node:assert';
import { GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { StackReference } from '../../../src/index.js';
import { bluegreenFlip, createStackTools, type FlipOptions } from '../../../src/runbook/index.js';
import { SnsTools } from '../../../src/sns/index.js';
import { type FlipWorld, startFlipWorld } from '../../support/account-true/flip-world.js';
import { SNS_FILTER_POLICY_PROPAGATION_SECONDS } from '../../support/account-true/index.js';
import { legacyMessagingFlip } from '../../support/account-true/legacy-flip.js';
import { queuedBodies, startProducer, type Tally, tally } from '../../support/account-true/traffic.js';
import { useEmulator } from '../../support/use-emulator.js';

/** One AWS minute lasts 0.1 s: SNS's "up to 15 minutes" is up to 1.5 s, SQS's one-minute lag 0.1 s. */
const SCALE = 1 / 600;
/** The scenario tests: one AWS minute lasts a second. */
const SCENARIO_SCALE = 1 / 60;
const FAST = { maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.1 };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `flip` while a producer sends a steady stream, then balances published against processed + queued. */
async function withTraffic(stage: FlipWorld, target: 'sns' | 'sqs', flip: (shift: () => void) => Promise<unknown>): Promise<Tally> {
  const producer = startProducer(stage.world, {
    target: target === 'sns' ? stage.topicArn : stage.queues.blue.queueUrl,
    intervalMs: 5,
    concurrency: 2,
  });
  await flip(() => {
    // The traffic shift between the phases (CodeDeploy's job): a producer writing straight to SQS moves to green.
    if (target === 'sqs') producer.target = stage.queues.green.queueUrl;
  });
  // Traffic does not stop when the flip ends: keep producing until every filter change has surely propagated.
  await sleep(stage.world.clock.ms(SNS_FILTER_POLICY_PROPAGATION_SECONDS) + 300);
  const published = await producer.stop();
  await sleep(300); // the live consumers catch up
  await stage.pollers.blue.stop();
  await stage.pollers.green.stop();
  const { blue, green } = stage.queues;
  const queued = await queuedBodies(stage.world, [blue.queueUrl, blue.dlqUrl, green.queueUrl, green.dlqUrl]);
  return tally(published, [...stage.pollers.blue.processed, ...stage.pollers.green.processed], queued);
}

/** The flip's AWS-true defaults, scaled like the world: the 15-minute dwell, the one-minute drain window and metric period. */
function scaledFlipOptions(stage: FlipWorld, scale = SCALE): FlipOptions {
  return {
    clientConfig: stage.world.clientConfig(),
    lock: false,
    propagationDwellSeconds: SNS_FILTER_POLICY_PROPAGATION_SECONDS * scale,
    drain: { windowSeconds: 60 * scale, metricPeriodSeconds: 60 * scale, maxWaitTime: 120 },
    wait: FAST,
  };
}

/** After the run: every change effective, then the raw state read from moto: green consumes and is subscribed, blue neither. */
async function assertOnGreen(stage: FlipWorld): Promise<void> {
  await stage.world.settle();
  const sns = new SnsTools({
    subscriptions: (stage.config.sns as { subscriptions: never }).subscriptions,
    clientConfig: stage.world.motoConfig(),
  });
  const enabled = async (ref: StackReference) => (await sns.getSubscriptionStates(ref)).map((s) => s.enabled);
  assert.deepEqual([await enabled(StackReference.Blue), await enabled(StackReference.Green)], [[false], [true]]);
  const lambda = new LambdaClient(stage.world.motoConfig());
  const state = async (uuid: string) => (await lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State;
  assert.deepEqual([await state(stage.queues.blue.uuid), await state(stage.queues.green.uuid)], ['Disabled', 'Enabled']);
}

describe('account-true: no message lost during a flip --to green (steady producer, scaled AWS delays)', function () {
  this.timeout(120_000);
  const aws = useEmulator({ resetEach: true });
  let stage: FlipWorld | undefined;
  afterEach(async () => {
    await stage?.close();
    stage = undefined;
  });

  describe('the flip (enable first, propagation dwell, drain over the window with NumberOfMessagesSent = 0) loses none', () => {
    for (const seed of SEEDS) {
      it(`through SNS, seed ${seed}: flip() → green, published = processed + queued, 0 lost`, async () => {
        stage = await startFlipWorld(aws.endpoint(), { seed, timeScale: SCALE, stack: 'messaging' });
        const flip = bluegreenFlip(stage.config, scaledFlipOptions(stage));
        const result = await withTraffic(stage, 'sns', async () => assert.equal((await flip.flip(StackReference.Green)).succeeded, true));
        assert.ok(result.published > 20, `a steady stream was published (${result.published})`);
        assert.deepEqual(result.lost, [], JSON.stringify({ ...result, duplicates: result.duplicates.length }));
        await assertOnGreen(stage);
      });
    }
    for (const seed of SEEDS) {
      it(`straight to SQS, seed ${seed}: prepare, traffic shift, finish → green, 0 lost`, async () => {
        stage = await startFlipWorld(aws.endpoint(), { seed, timeScale: SCALE, stack: 'messaging' });
        const flip = bluegreenFlip(stage.config, scaledFlipOptions(stage));
        const result = await withTraffic(stage, 'sqs', async (shift) => {
          assert.equal((await flip.prepare(StackReference.Green)).succeeded, true);
          shift();
          assert.equal((await flip.finish(StackReference.Green)).succeeded, true);
        });
        assert.ok(result.published > 20, `a steady stream was sent (${result.published})`);
        assert.deepEqual(result.lost, [], JSON.stringify({ ...result, duplicates: result.duplicates.length }));
        await assertOnGreen(stage);
      });
    }
  });

  /**
   * One AWS-true scenario, run against both orders, at one AWS minute per real second (so that the test machine's own
   * overhead, which is not scaled, stays small against the modelled delays): the target's enable takes the full 15 minutes to propagate, the
   * live disable 1 minute (each within SNS's "up to 15 minutes"). Between the two, both filters reject a message.
   */
  const slowEnable = (stage: () => FlipWorld) => ({
    propagation: ({ subscriptionArn }: { subscriptionArn: string }) =>
      (stage().config.sns as { subscriptions: { green: { subscriptionArn: string }[] } }).subscriptions.green.some(
        (s) => s.subscriptionArn === subscriptionArn,
      )
        ? SNS_FILTER_POLICY_PROPAGATION_SECONDS
        : 60,
  });

  describe('the same scenario: green’s enable propagates in 15 minutes, blue’s disable in 1 minute', () => {
    it('the order before issue 11 (no propagation dwell, one empty reading, purge) loses messages', async () => {
      stage = await startFlipWorld(aws.endpoint(), {
        seed: 1,
        timeScale: SCENARIO_SCALE,
        stack: 'messaging',
        sns: slowEnable(() => stage as FlipWorld),
      });
      const tools = await createStackTools(stage.config, { clientConfig: stage.world.clientConfig() });
      const result = await withTraffic(stage, 'sns', () => legacyMessagingFlip(tools, StackReference.Green, FAST).run());
      assert.ok(result.published > 20, `a steady stream was published (${result.published})`);
      assert.ok(result.lost.length > 0, `the old order lost messages: ${JSON.stringify({ ...result, lost: result.lost.length })}`);
      console.log(`      old order: ${result.lost.length} of ${result.published} lost`);
    });

    it('the flip loses none', async () => {
      stage = await startFlipWorld(aws.endpoint(), {
        seed: 1,
        timeScale: SCENARIO_SCALE,
        stack: 'messaging',
        sns: slowEnable(() => stage as FlipWorld),
      });
      const flip = bluegreenFlip(stage.config, scaledFlipOptions(stage, SCENARIO_SCALE));
      const result = await withTraffic(stage, 'sns', async () => assert.equal((await flip.flip(StackReference.Green)).succeeded, true));
      assert.ok(result.published > 20, `a steady stream was published (${result.published})`);
      assert.deepEqual(result.lost, [], JSON.stringify({ ...result, duplicates: result.duplicates.length }));
      await assertOnGreen(stage);
    });
  });
});

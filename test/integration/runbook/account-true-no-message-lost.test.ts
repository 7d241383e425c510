import { strict as assert } from 'node:assert';
import { StackReference } from '../../../src/index.js';
import { createStackTools } from '../../../src/runbook/index.js';
import { type FlipWorld, messagingOnly, startFlipWorld } from '../../support/account-true/flip-world.js';
import { SNS_FILTER_POLICY_PROPAGATION_SECONDS } from '../../support/account-true/index.js';
import { legacyMessagingFlip } from '../../support/account-true/legacy-flip.js';
import { queuedBodies, startProducer, type Tally, tally } from '../../support/account-true/traffic.js';
import { useEmulator } from '../../support/use-emulator.js';

/** One AWS minute lasts 0.1 s: SNS's "up to 15 minutes" is up to 1.5 s, SQS's one-minute lag 0.1 s. */
const SCALE = 1 / 600;
const FAST = { maxWaitTime: 30, minDelay: 0.02, maxDelay: 0.1 };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `flip` while a producer sends a steady stream, then balances published against processed + queued. */
async function withTraffic(stage: FlipWorld, target: 'sns' | 'sqs', flip: (shift: () => void) => Promise<unknown>): Promise<Tally> {
  const producer = startProducer(stage.world, { target: target === 'sns' ? stage.topicArn : stage.queues.blue.queueUrl, intervalMs: 5, concurrency: 2 });
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

describe('account-true: no message lost during a flip --to green (steady producer, scaled AWS delays)', function () {
  this.timeout(120_000);
  const aws = useEmulator({ resetEach: true });
  let stage: FlipWorld | undefined;
  afterEach(async () => {
    await stage?.close();
    stage = undefined;
  });

  describe('the order before issue 11 (no propagation dwell, one empty reading, purge) loses messages', () => {
    for (const seed of [1, 2, 3]) {
      it(`through SNS, seed ${seed}: published > processed + queued`, async () => {
        stage = await startFlipWorld(aws.endpoint(), { seed, timeScale: SCALE });
        const tools = await createStackTools(messagingOnly(stage.config), { clientConfig: stage.world.clientConfig() });
        const result = await withTraffic(stage, 'sns', () => legacyMessagingFlip(tools, StackReference.Green, FAST).run());
        assert.ok(result.published > 20, `a steady stream was published (${result.published})`);
        console.log(`      legacy seed ${seed}: ${JSON.stringify({ ...result, lost: result.lost.length })}`);
        assert.ok(result.lost.length > 0, `the old order lost messages: ${JSON.stringify({ ...result, lost: result.lost.length })}`);
      });
    }
  });
});

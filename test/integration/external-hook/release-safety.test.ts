/**
 * Release can only act on the current (InProgress) deployment's hook, and a release that did not deliver the asked
 * result exits non-zero — through the CLI in both modes: over the signed hook API (`--api-url`, API function behind
 * the local API Gateway stand-in) and directly on the store (`--table`, DynamoDB on moto + the CodeDeploy double; the
 * SDK clients the CLI creates find them through AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_CODEDEPLOY).
 */
import { strict as assert } from 'node:assert';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { CodeDeployDouble } from '../../support/codedeploy-double.js';
import type { HookApiAdapter } from '../../support/hook-api-adapter.js';
import { type ParkingWorld, runCli, startParkedDeployment, startParkingWorld } from '../../support/parking-world.js';
import { useEmulator } from '../../support/use-emulator.js';

const TABLE = 'bluegreen-hooks';
const PARKING = 'CodeDeployHook_park';

for (const mode of ['http', 'direct'] as const) {
  describe(`Release safety through \`bluegreen hooks release\` (${mode === 'http' ? '--api-url: signed HTTP API' : '--table: direct on the store'})`, () => {
    const aws = useEmulator({ resetEach: true });
    let world: ParkingWorld | undefined;
    let cd: CodeDeployDouble;
    let codedeploy: CodeDeployClient;
    let adapter: HookApiAdapter;
    const saved: Record<string, string | undefined> = {};

    beforeEach(async () => {
      const options = { hookTimeoutMs: 2000, hookTimeoutSeconds: 60, table: TABLE, parkingFunction: PARKING, app: 'shop', group: 'api' };
      world = await startParkingWorld(aws, { ...options, rollback: false });
      ({ cd, codedeploy, adapter } = world);
      for (const [k, v] of Object.entries({ AWS_ENDPOINT_URL_DYNAMODB: aws.endpoint(), AWS_ENDPOINT_URL_CODEDEPLOY: cd.endpoint })) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
    });
    afterEach(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await world?.stop();
      world = undefined;
    });

    function release(result: 'SUCCESS' | 'FAILURE') {
      const where = mode === 'http' ? ['--api-url', adapter.url] : ['--table', TABLE];
      return runCli(['hooks', 'release', ...where, '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--result', result]);
    }
    /** Starts a deployment of shop/api and resolves once its hook is parked. */
    const park = () => startParkedDeployment(cd, codedeploy, 'shop', 'api', PARKING);
    const accepted = (executionId: string) =>
      cd
        .reports()
        .filter((r) => r.lifecycleEventHookExecutionId === executionId && r.accepted)
        .map((r) => r.status);

    it("after the current deployment's hook timed out, FAILURE exits 1 (NOT_FOUND) and never answers for the earlier deployment", async () => {
      const earlier = await park();
      const first = await release('SUCCESS');
      assert.equal(first.code, 0, first.err);
      assert.equal((await cd.waitForDeployment(earlier.deploymentId)).status, 'Succeeded');
      const current = await park();
      const timedOut = await cd.waitForDeployment(current.deploymentId, 10_000);
      assert.equal(timedOut.status, 'Failed', 'the current hook ran into its (scaled-down) deadline');
      const late = await release('FAILURE');
      assert.equal(late.code, 1, `${late.out}${late.err}`);
      assert.match(late.out, /^api: NOT_FOUND FAILURE/m);
      assert.doesNotMatch(late.out + late.err, new RegExp(`ALREADY_RELEASED|${earlier.deploymentId}`));
      assert.deepEqual(
        accepted(earlier.executionId),
        ['Succeeded'],
        "the earlier deployment's hook was reported once, by the first release",
      );
      assert.deepEqual(accepted(current.executionId), [], 'nothing was reported for the timed-out hook');
    });

    it('when SUCCESS and FAILURE race, exactly one is delivered; the loser exits 1 naming the result the hook carries', async () => {
      const { executionId } = await park();
      const [success, failure] = await Promise.all([release('SUCCESS'), release('FAILURE')]);
      const statuses = accepted(executionId);
      assert.equal(statuses.length, 1, `one status reached CodeDeploy: ${JSON.stringify(cd.reports())}`);
      const [winner, loser, lost] = statuses[0] === 'Succeeded' ? [success, failure, 'FAILURE'] : [failure, success, 'SUCCESS'];
      assert.equal(winner.code, 0, winner.err);
      assert.match(winner.out, /^api: RELEASED /m);
      assert.equal(loser.code, 1, `the ${lost} release was not delivered: ${loser.out}${loser.err}`);
      assert.match(
        loser.out,
        new RegExp(`^api: (CONFLICT ${lost} \\(the hook carries ${lost === 'FAILURE' ? 'SUCCESS' : 'FAILURE'}\\)|CONFLICT ${lost})`, 'm'),
      );
    });
  });
}

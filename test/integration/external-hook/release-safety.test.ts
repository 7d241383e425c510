/**
 * Release can only act on the current (InProgress) deployment's hook, and a release that did not deliver the asked
 * result exits non-zero — through the CLI in both modes: over the signed hook API (`--api-url`, API function behind
 * the local API Gateway stand-in) and directly on the store (`--table`, DynamoDB on moto + the CodeDeploy double; the
 * SDK clients the CLI creates find them through AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_CODEDEPLOY).
 */
import { strict as assert } from 'node:assert';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { main } from '../../../src/cli/main.js';
import { createApiHandler, createParkingHook, HookStore } from '../../../src/external-hook/index.js';
import { type CodeDeployDouble, startCodeDeployDouble } from '../../support/codedeploy-double.js';
import { createLambdaApp } from '../../support/codedeploy-fixtures.js';
import { type HookApiAdapter, startHookApiAdapter, TEST_API_CREDENTIALS } from '../../support/hook-api-adapter.js';
import { createHookTable, serializeRequests, startHookedDeployment, until } from '../../support/hook-fixtures.js';
import { useEmulator } from '../../support/use-emulator.js';

const TABLE = 'bluegreen-hooks';
const PARKING = 'CodeDeployHook_park';

for (const mode of ['http', 'direct'] as const) {
  describe(`Release safety through \`bluegreen hooks release\` (${mode === 'http' ? '--api-url: signed HTTP API' : '--table: direct on the store'})`, () => {
    const aws = useEmulator({ resetEach: true });
    let cd: CodeDeployDouble;
    let codedeploy: CodeDeployClient;
    let dynamodb: DynamoDBClient;
    let adapter: HookApiAdapter;
    const saved: Record<string, string | undefined> = {};

    beforeEach(async () => {
      cd = await startCodeDeployDouble({ hookTimeoutMs: 2000, lambdaTimeoutMs: 30_000 });
      codedeploy = new CodeDeployClient(cd.clientConfig());
      dynamodb = serializeRequests(new DynamoDBClient(aws.clientConfig()));
      await createHookTable(dynamodb, TABLE);
      const store = new HookStore({ tableName: TABLE, clients: { dynamodb, codedeploy }, hookTimeoutSeconds: 60 });
      cd.registerFunction(PARKING, createParkingHook({ store }) as never);
      adapter = await startHookApiAdapter({ handler: createApiHandler({ store }) });
      await createLambdaApp(codedeploy, 'shop', 'api', { rollback: false });
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
      codedeploy?.destroy();
      dynamodb?.destroy();
      await adapter?.stop();
      await cd?.stop();
    });

    const env = {
      AWS_ACCESS_KEY_ID: TEST_API_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_API_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    };
    async function release(result: 'SUCCESS' | 'FAILURE') {
      const where = mode === 'http' ? ['--api-url', adapter.url] : ['--table', TABLE];
      const out: string[] = [];
      const err: string[] = [];
      const args = ['hooks', 'release', ...where, '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--result', result];
      const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env });
      return { code, out: out.join(''), err: err.join('') };
    }
    const parked = (deploymentId: string) =>
      until(() => cd.invocations().some((i) => i.event.DeploymentId === deploymentId && i.outcome === 'resolved'), 10_000, 'parking');
    const accepted = (executionId: string) =>
      cd
        .reports()
        .filter((r) => r.lifecycleEventHookExecutionId === executionId && r.accepted)
        .map((r) => r.status);

    it("after the current deployment's hook timed out, FAILURE exits 1 (NOT_FOUND) and never answers for the earlier deployment", async () => {
      const earlier = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING);
      await parked(earlier.deploymentId);
      const first = await release('SUCCESS');
      assert.equal(first.code, 0, first.err);
      assert.equal((await cd.waitForDeployment(earlier.deploymentId)).status, 'Succeeded');
      const current = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING);
      await parked(current.deploymentId);
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
      const { deploymentId, executionId } = await startHookedDeployment(cd, codedeploy, 'shop', 'api', PARKING);
      await parked(deploymentId);
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

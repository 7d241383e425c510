import { strict as assert } from 'node:assert';
import { sdkClientsInBundle } from '../../support/bundle-clients.js';

// Small cold starts: a hook Lambda bundling `bluegreen-toolkit/hooks` or `/codedeploy` must pull in the CodeDeploy
// client only (the ECS service deployment tools live in their own subpath for that reason).

describe('Subpaths: hooks, codedeploy and ecs-deployment bundle only their own SDK client', function () {
  this.timeout(60_000);
  it('bluegreen-toolkit/hooks pulls in @aws-sdk/client-codedeploy only', async () => {
    assert.deepEqual(await sdkClientsInBundle('src/hooks/index.ts'), ['@aws-sdk/client-codedeploy']);
  });
  it('bluegreen-toolkit/codedeploy pulls in @aws-sdk/client-codedeploy only', async () => {
    assert.deepEqual(await sdkClientsInBundle('src/codedeploy/index.ts'), ['@aws-sdk/client-codedeploy']);
  });
  it('bluegreen-toolkit/ecs-deployment pulls in @aws-sdk/client-ecs only', async () => {
    assert.deepEqual(await sdkClientsInBundle('src/ecs-deployment/index.ts'), ['@aws-sdk/client-ecs']);
  });
});

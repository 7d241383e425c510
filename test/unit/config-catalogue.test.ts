import { strict as assert } from 'node:assert';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../src/index.js';
import { ACCEPTED, CATALOGUE } from './config-catalogue-cases.js';

/**
 * The cross-tool catalogue of blue/green configurations that select one resource (or overlapping resources) on both
 * sides (config-catalogue-cases.ts). Each one must be refused at construction with a ConfigError naming both paths,
 * before any AWS call: every client class the tools use is stubbed and the calls are counted.
 */
const CLIENTS = [
  SQSClient,
  SNSClient,
  LambdaClient,
  EventBridgeClient,
  CloudWatchClient,
  DynamoDBClient,
  KinesisClient,
  RDSClient,
  ECSClient,
  ApplicationAutoScalingClient,
  ElasticLoadBalancingV2Client,
];

describe('Config catalogue: one resource on both stacks', () => {
  let stubs: ReturnType<typeof mockClient>[];
  beforeEach(() => {
    stubs = CLIENTS.map((client) => mockClient(client as never));
  });
  afterEach(() => {
    for (const stub of stubs) stub.restore();
  });
  const awsCalls = () => stubs.reduce((sum, stub) => sum + stub.calls().length, 0);

  it(`has at least 30 refused configurations across the tools (${CATALOGUE.length})`, () => {
    assert.ok(CATALOGUE.length >= 30, `only ${CATALOGUE.length} cases`);
  });

  for (const c of CATALOGUE) {
    it(`${c.tool}: ${c.name} → ConfigError naming ${c.paths.join(' and ')}, zero AWS calls`, () => {
      assert.throws(c.build, (error: unknown) => {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
        for (const path of c.paths) assert.ok(error.message.includes(path), `message does not name ${path}: ${error.message}`);
        return true;
      });
      assert.equal(awsCalls(), 0);
    });
  }

  for (const [i, c] of ACCEPTED.entries()) {
    it(`${c.tool}: disjoint configuration #${i + 1} is accepted, zero AWS calls`, () => {
      assert.doesNotThrow(c.build);
      assert.equal(awsCalls(), 0);
    });
  }
});

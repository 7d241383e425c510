import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { type DBCluster, RDSClient, RDSServiceException } from '@aws-sdk/client-rds';
import type { SNSEventRecord } from 'aws-lambda';
import { AuroraScalingTools, type AuroraScalingToolsOptions, AuroraTools, type AuroraToolsOptions } from '../../../src/aurora/index.js';
import { AuroraEventTools, type AuroraEventToolsOptions } from '../../../src/aurora-events/index.js';

export const BLUE = 'orders-blue';
export const GREEN = 'orders-green';
export const ACCOUNT = '123456789012';
export const CLUSTERS = { blue: { clusterIdentifier: BLUE }, green: { clusterIdentifier: GREEN, minReaders: 1 } };

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

/** An AuroraTools with an injected RDS client (aws-sdk-client-mock mocks it through the prototype). */
export function makeTools(extra: Partial<AuroraToolsOptions> = {}): AuroraTools {
  return new AuroraTools({
    clusters: CLUSTERS,
    clients: { rds: new RDSClient({ region: 'us-east-1', credentials }) },
    ...extra,
  } as AuroraToolsOptions);
}

/** An AuroraScalingTools (reader scaling) with injected RDS and Application Auto Scaling clients. */
export function makeScalingTools(extra: Partial<AuroraScalingToolsOptions> = {}): AuroraScalingTools {
  return new AuroraScalingTools({
    clusters: CLUSTERS,
    clients: {
      rds: new RDSClient({ region: 'us-east-1', credentials }),
      applicationAutoScaling: new ApplicationAutoScalingClient({ region: 'us-east-1', credentials }),
    },
    ...extra,
  } as AuroraScalingToolsOptions);
}

/** The RDS event handlers over {@link makeTools}' clients. */
export function makeEvents(extra: Partial<AuroraEventToolsOptions> = {}): AuroraEventTools {
  return new AuroraEventTools({
    clusters: CLUSTERS,
    awsSdkV3Client: new RDSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    ...extra,
  } as AuroraEventToolsOptions);
}

/** A DescribeDBClusters entry: a writer `<id>-w` plus `readers` readers `<id>-r<n>`. */
export function cluster(id: string, status: string, readers = 0, tags: { Key: string; Value: string }[] = []): DBCluster {
  return {
    DBClusterIdentifier: id,
    DBClusterArn: `arn:aws:rds:us-east-1:${ACCOUNT}:cluster:${id}`,
    Status: status,
    Engine: 'aurora-postgresql',
    DBClusterMembers: [
      { DBInstanceIdentifier: `${id}-w`, IsClusterWriter: true, PromotionTier: 1 },
      ...Array.from({ length: readers }, (_, i) => ({ DBInstanceIdentifier: `${id}-r${i + 1}`, IsClusterWriter: false, PromotionTier: 1 })),
    ],
    TagList: tags,
  };
}

/** An AWS error as the SDK deserializes it for the RDS query protocol (`name` and `Code`). */
export function awsError(name: string, message = name, Code = name): RDSServiceException {
  const error = new RDSServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  Object.assign(error, { Code });
  return error;
}

export const arnOf = (id: string, partition = 'aws') => `arn:${partition}:rds:us-east-1:${ACCOUNT}:db:${id}`;

/** An SNS record exactly as RDS event notifications arrive in a Lambda (the message is a JSON string). */
export function record(message: Record<string, unknown> | string): SNSEventRecord {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: `arn:aws:sns:us-east-1:${ACCOUNT}:rds-events:2b2a9f55`,
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: '2025-01-02T03:04:05.000Z',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'EXAMPLE',
      MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      MessageAttributes: {},
      Type: 'Notification',
      UnsubscribeUrl: 'EXAMPLE',
      TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:rds-events`,
      Subject: 'RDS Notification Message',
    },
  };
}

export function created(id: string, overrides: Record<string, unknown> = {}) {
  return record({
    'Event Source': 'db-instance',
    'Event Time': '2025-01-02 03:04:05.857',
    'Identifier Link': `https://console.aws.amazon.com/rds/home?region=us-east-1#dbinstance:id=${id}`,
    'Source ID': id,
    'Source ARN': arnOf(id),
    'Event ID': 'http://docs.amazonwebservices.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0005',
    'Event Message': 'DB instance created',
    ...overrides,
  });
}

/** The flip's lock table in moto (partition key `lockId`, string; as infra/ ships it), created straight in moto. */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';

/** Creates the lock table (an existing one is fine) and returns its name. */
export async function createLockTable(motoConfig: Record<string, unknown>, tableName = 'bluegreen-locks'): Promise<string> {
  try {
    await new DynamoDBClient(motoConfig).send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  return tableName;
}

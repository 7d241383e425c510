/**
 * Lambda fixtures for integration tests and benchmarks against moto: an IAM role (moto checks that the function's
 * role exists; there is no IAM SDK client in this repo, so the role is created with one signed-looking Query call) and
 * functions created from an empty zip — moto only needs Docker to *invoke* a function, never to create one.
 */
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { TEST_ACCOUNT, TEST_REGION } from './emulator.js';

/** The role every test function runs as. */
export const TEST_ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/bluegreen-test-lambda`;

// An empty zip archive (end-of-central-directory record only).
const EMPTY_ZIP = new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Creates {@link TEST_ROLE_ARN} in the emulator (IAM Query API CreateRole); an existing role is fine. */
export async function createLambdaRole(endpoint: string): Promise<void> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: 'bluegreen-test-lambda',
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20240101/${TEST_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  const text = await response.text();
  if (!response.ok && !text.includes('EntityAlreadyExists')) throw new Error(`CreateRole failed: HTTP ${response.status} ${text}`);
}

/** Creates a function (never invoked) and returns its unqualified ARN. */
export async function createTestFunction(lambda: LambdaClient, name: string): Promise<string> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: TEST_ROLE_ARN,
      Handler: 'index.handler',
      Code: { ZipFile: EMPTY_ZIP },
      Publish: false,
    }),
  );
  return created.FunctionArn as string;
}

/**
 * Creates an IAM role in the emulator over IAM's Query protocol (this project has no IAM SDK client): moto checks
 * that a Lambda function's execution role exists. moto routes by the credential scope of the Authorization header and
 * does not verify the signature.
 */
export async function createEmulatorRole(endpoint: string, roleName: string, service = 'lambda.amazonaws.com'): Promise<string> {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
  const body = new URLSearchParams({ Action: 'CreateRole', Version: '2010-05-08', RoleName: roleName, AssumeRolePolicyDocument: policy });
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body,
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!response.ok || !arn) {
    if (text.includes('EntityAlreadyExists')) return `arn:aws:iam::123456789012:role/${roleName}`;
    throw new Error(`CreateRole ${roleName} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
  }
  return arn;
}

// The hook API Lambda (API Gateway REST API, proxy integration, AWS_IAM authorization).
// HOOK_API_CALLERS (template parameter ApiCallers): {"<application>": ["<IAM role or user ARN>", ...]} to check the
// caller besides IAM; "{}" or unset leaves access to IAM (the client policies) alone.
import { createApiHandler, HookStore } from 'bluegreen-toolkit/external-hook';

const callers = JSON.parse(process.env.HOOK_API_CALLERS || '{}');

export const handler = createApiHandler({
  store: new HookStore({ tableName: process.env.HOOK_TABLE }),
  ...(Object.keys(callers).length > 0 ? { allowedCallers: callers } : {}),
});

// The hook API Lambda (API Gateway REST API, proxy integration, AWS_IAM authorization).
import { createApiHandler, HookStore } from 'bluegreen-toolkit/external-hook';

export const handler = createApiHandler({ store: new HookStore({ tableName: process.env.HOOK_TABLE }) });

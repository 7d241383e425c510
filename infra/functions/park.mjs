// The parking hook Lambda: stores the CodeDeploy lifecycle hook for CI, or reports Failed at once when it cannot.
import { createParkingHook } from 'bluegreen-toolkit/external-hook';

export const handler = createParkingHook({
  tableName: process.env.HOOK_TABLE,
  hookTimeoutSeconds: Number(process.env.HOOK_TIMEOUT_SECONDS || 3600),
  ...(process.env.LIFECYCLE_EVENT ? { lifecycleEvent: process.env.LIFECYCLE_EVENT } : {}),
});

import { emulator, emulatorClientConfig } from './emulator.js';

/**
 * Call inside a `describe`: resets the emulator before the suite and returns a getter for a fresh client config.
 *
 * @example
 * describe('Class: SqsTools', () => {
 *   const aws = useEmulator();
 *   it('...', async () => { const client = new SQSClient(aws.clientConfig()); });
 * });
 */
export function useEmulator(options: { resetEach?: boolean } = {}) {
  const reset = async () => emulator().reset();
  // Always once before the suite, so its own `before` hooks (registered after this call) start on a clean emulator
  // whatever the suite before it left; with resetEach also before every test.
  before(reset);
  if (options.resetEach) beforeEach(reset);
  return {
    clientConfig: () => emulatorClientConfig(),
    endpoint: () => emulator().endpoint,
    reset,
  };
}

import { useEmulator } from '../use-emulator.js';
import { type AccountTrueOptions, type AccountTrueWorld, startAccountTrueWorld } from './index.js';

/** timeScale 1/60: one AWS minute lasts one real second (the world suites' default pace). */
export const MINUTE_PER_SECOND = 1 / 60;

/** Resolves after `ms` real milliseconds (at {@link MINUTE_PER_SECOND}, 1000 ms is one AWS minute). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Mocha set-up for a suite whose tests each start their own account-true world in front of moto: moto is reset before
 * every test, and the world a test started is closed after it.
 *
 * @example
 * const worlds = useAccountTrueWorld();
 * it('…', async () => {
 *   const world = await worlds.start({ sns: { propagation: 60 } });
 *   const sns = new SNSClient(world.clientConfig());
 * });
 */
export function useAccountTrueWorld(): {
  aws: ReturnType<typeof useEmulator>;
  start(options?: AccountTrueOptions): Promise<AccountTrueWorld>;
} {
  const aws = useEmulator({ resetEach: true });
  let world: AccountTrueWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return {
    aws,
    async start(options = {}) {
      world = await startAccountTrueWorld(aws.endpoint(), { timeScale: MINUTE_PER_SECOND, ...options });
      return world;
    },
  };
}

/**
 * Mocha global fixtures for the integration run: one moto server for the whole run, stopped at the end even when
 * tests fail. Suites call useEmulator() to get a clean emulator (reset before the suite).
 */
import { emulator, startEmulator } from './emulator.js';

export async function mochaGlobalSetup(): Promise<void> {
  await startEmulator({ log: (line) => process.stderr.write(`  [emulator] ${line}\n`) });
}

export async function mochaGlobalTeardown(): Promise<void> {
  await emulator().stop();
}

/**
 * The local AWS emulator (moto server) for integration tests and the demo: started on a free loopback port, reset
 * between suites, stopped when the run ends. With BLUEGREEN_TEST_AWS_ENDPOINT set, that server is used instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A running emulator. */
export interface Emulator {
  endpoint: string;
  /** True when this process started it (and so stops it). */
  owned: boolean;
  pid?: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Region used against the emulator. */
export const TEST_REGION = 'us-east-1';
/** Account id moto uses by default. */
export const TEST_ACCOUNT = '123456789012';

// Kept on globalThis so that every copy of this module (ESM and CJS loaders can each load one) sees the same server.
const registry = globalThis as typeof globalThis & { __bluegreenEmulator?: Emulator };

/** Starts moto (or attaches to BLUEGREEN_TEST_AWS_ENDPOINT) and waits until it answers. */
export async function startEmulator(options: { log?: (line: string) => void } = {}): Promise<Emulator> {
  if (registry.__bluegreenEmulator) return registry.__bluegreenEmulator;
  const external = process.env.BLUEGREEN_TEST_AWS_ENDPOINT;
  if (external) {
    const endpoint = external.replace(/\/$/, '');
    await waitUntilAnswering(endpoint, 30_000);
    registry.__bluegreenEmulator = { endpoint, owned: false, reset: () => resetEmulator(endpoint), stop: async () => {} };
    return registry.__bluegreenEmulator;
  }
  const { ensureMoto, motoPython } = await import('../../scripts/ensure-moto.mjs');
  ensureMoto({ quiet: false });
  const child = spawn(motoPython(), [`${root}test/support/moto_launcher.py`], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const port = await readPort(child, options.log);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint, 30_000);
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  registry.__bluegreenEmulator = {
    endpoint,
    owned: true,
    pid: child.pid,
    reset: () => resetEmulator(endpoint),
    stop: async () => {
      process.removeListener('exit', onExit);
      registry.__bluegreenEmulator = undefined;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  return registry.__bluegreenEmulator;
}

/** The running emulator; throws when none was started (the integration fixtures start one). */
export function emulator(): Emulator {
  const current = registry.__bluegreenEmulator;
  if (!current) throw new Error('The emulator is not running: integration tests run through `npm run test:integration`.');
  return current;
}

/** Clears every resource in the emulator (POST /moto-api/reset). */
export async function resetEmulator(endpoint = emulator().endpoint): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}

/**
 * `clientConfig` for any SDK v3 client against the emulator: endpoint, region, dummy credentials and an HTTP/1.1
 * request handler (the Kinesis client defaults to HTTP/2, which moto does not speak).
 */
export function emulatorClientConfig(endpoint = emulator().endpoint) {
  return {
    endpoint,
    region: TEST_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 60_000 }),
    maxAttempts: 2,
  };
}

function readPort(child: ChildProcess, log?: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto server did not start within 60s: ${stderr}`));
    }, 60_000);
    child.stderr?.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-4000);
    });
    child.stdout?.on('data', (data: Buffer) => {
      buffer += data.toString();
      const match = /MOTO_READY (\d+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        log?.(`moto server on port ${match[1]}`);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto server exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`emulator at ${endpoint} did not answer within ${timeoutMs}ms: ${String(lastError)}`);
}

import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { main } from '../../../src/cli/main.js';
import { HttpHookTransport } from '../../../src/external-hook/index.js';

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env } };
}

describe('CLI: bluegreen hooks', () => {
  it('is listed in the top-level help', async () => {
    const c = io();
    await main(['--help'], c.io);
    assert.match(c.out.join(''), /hooks\s+wait for parked CodeDeploy hooks/);
  });

  it('--help documents wait, release and run', async () => {
    const c = io();
    assert.equal(await main(['hooks', '--help'], c.io), 0);
    const text = c.out.join('');
    for (const word of ['hooks wait', 'hooks release', 'hooks run', '--api-url', '--table', '--timeout', 'SIGTERM'])
      assert.ok(text.includes(word), word);
  });

  const usage: [string, string[], RegExp][] = [
    ['unknown subcommand', ['hooks', 'frob'], /unknown subcommand 'frob'/],
    ['missing --app', ['hooks', 'wait', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--table', 't'], /--app is required/],
    ['missing --stage', ['hooks', 'wait', '--app', 'shop', '--group', 'api', '--table', 't'], /--stage is required/],
    ['missing --group', ['hooks', 'wait', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--table', 't'], /--group is required/],
    ['no transport', ['hooks', 'wait', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api'], /--api-url <url>/],
    [
      'both transports',
      ['hooks', 'wait', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--table', 't', '--api-url', 'https://x/prod'],
      /not both/,
    ],
    [
      'bad --timeout',
      ['hooks', 'wait', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--table', 't', '--timeout', 'soon'],
      /Invalid --timeout/,
    ],
    [
      'bad --result',
      ['hooks', 'release', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--table', 't', '--result', 'OK'],
      /--result must be SUCCESS or FAILURE/,
    ],
    [
      'run without a command',
      ['hooks', 'run', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--table', 't'],
      /needs a command after '--'/,
    ],
    [
      'command without --',
      ['hooks', 'run', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--table', 't', 'npm'],
      /put the command after '--'/,
    ],
    ['unknown flag', ['hooks', 'wait', '--frob'], /Unknown option '--frob'/],
  ];
  for (const [name, args, message] of usage) {
    it(`usage error (exit 2): ${name}`, async () => {
      const c = io();
      assert.equal(await main(args, c.io), 2);
      assert.match(c.err.join(''), message);
    });
  }

  it('an invalid stage is reported before any AWS call (exit 2)', async () => {
    const c = io({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    const code = await main(
      ['hooks', 'wait', '--app', 'shop', '--stage', 'LATER', '--group', 'api', '--api-url', 'http://127.0.0.1:9/prod'],
      c.io,
    );
    assert.equal(code, 2);
    assert.match(c.err.join(''), /stage 'LATER' is not a known stage: use one of PRE_TRAFFIC, POST_TRAFFIC/);
  });

  it('an unreachable API reaches the user at once: hooks wait exits 1 with the connection error, not "0/1 parked" until the timeout', async () => {
    const port = await closedPort();
    const c = io({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    const args = ['hooks', 'wait', '--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api', '--timeout', '1h'];
    const code = await main([...args, '--api-url', `http://127.0.0.1:${port}/prod`], c.io);
    assert.equal(code, 1);
    assert.match(c.err.join(''), /hook API at http:\/\/127\.0\.0\.1:\d+\/prod\/ is unreachable: .*ECONNREFUSED/);
    assert.doesNotMatch(c.err.join(''), /parked/);
  });
});

describe('Class: HttpHookTransport — retries', () => {
  const query = { app: 'shop', stage: 'PRE_TRAFFIC', groups: ['api'] };
  const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

  it('never sleeps past the deadline: with no time left one attempt is made and its error reported', async () => {
    let calls = 0;
    const transport = new HttpHookTransport({
      apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod',
      credentials,
      maxAttempts: 5,
      fetch: (async () => {
        calls++;
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
      }) as typeof fetch,
    });
    await assert.rejects(transport.list(query, { deadline: Date.now() }), /unreachable: fetch failed \(ECONNRESET\)/);
    assert.equal(calls, 1);
  });

  it('retries throttling (429) up to maxAttempts with the core backoff, then answers with the last response', async () => {
    let calls = 0;
    const transport = new HttpHookTransport({
      apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod',
      credentials,
      maxAttempts: 3,
      fetch: (async () => {
        calls++;
        return new Response('{"message":"Too Many Requests"}', { status: 429 });
      }) as typeof fetch,
    });
    await assert.rejects(transport.list(query, { deadline: Date.now() + 60_000 }), /HTTP 429/);
    assert.equal(calls, 3);
  });
});

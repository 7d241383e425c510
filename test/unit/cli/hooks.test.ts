import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main.js';

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
});

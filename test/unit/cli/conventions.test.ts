// One CLI convention across every command (docs: `bluegreen --help`): usage and config errors exit 2 with a message
// naming what to fix and a pointer to the command's --help, before any AWS call; AWS failures exit 1 with a hint.
// The table: every command × (no args, bad flag, bad value, missing file, malformed file, AWS unreachable). Commands
// that read no file have no file rows. "AWS unreachable" is a closed port on the loopback interface.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';

type Case = [label: string, args: string[], exitCode: number, message: RegExp];

const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-west-1' };

// The "AWS unreachable" rows run the CLI as its own process (src/cli/bin.ts under tsx): in the unit suite other files
// install class-level SDK client mocks, and a real, unmocked client is what this row is about.
function runProcess(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../../src/cli/bin.ts', import.meta.url)), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env, AWS_MAX_ATTEMPTS: '1' },
      timeout: 60_000,
    },
  );
  return { code: result.status ?? -1, out: result.stdout, err: result.stderr };
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env });
  return { code, out: out.join(''), err: err.join('') };
}

describe('CLI: one convention for every command', function () {
  this.timeout(60_000);
  let dir: string;
  let closed: string;
  const files = { good: '', missing: '', notJson: '', badKey: '', unreachable: '' };
  const savedAttempts = process.env.AWS_MAX_ATTEMPTS;

  before(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    closed = `http://127.0.0.1:${port}`;
    // One attempt per call: the SDK's retries of a refused connection would only slow the table down.
    process.env.AWS_MAX_ATTEMPTS = '1';
    dir = mkdtempSync(join(tmpdir(), 'bluegreen-cli-table-'));
    const queues = { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } };
    files.missing = join(dir, 'absent.json');
    files.notJson = join(dir, 'broken.json');
    writeFileSync(files.notJson, '{ "sqs": { "queues": ');
    files.badKey = join(dir, 'typo.json');
    writeFileSync(files.badKey, JSON.stringify({ sqs: { queues: { ...queues, green: { queueNam: 'orders-green' } } } }));
    files.unreachable = join(dir, 'stack.json');
    writeFileSync(files.unreachable, JSON.stringify({ region: 'eu-west-1', endpoint: closed, sqs: { queues } }));
  });

  after(() => {
    if (savedAttempts === undefined) delete process.env.AWS_MAX_ATTEMPTS;
    else process.env.AWS_MAX_ATTEMPTS = savedAttempts;
    rmSync(dir, { recursive: true, force: true });
  });

  const hook = ['--app', 'shop', '--stage', 'PRE_TRAFFIC', '--group', 'api'];
  const table = (): Record<string, Case[]> => ({
    'deployment watch': [
      ['no args', ['deployment', 'watch'], 2, /watch needs exactly one <deployment-id>/],
      ['bad flag', ['deployment', 'watch', 'd-ABCDEF123', '--bogus'], 2, /Unknown option '--bogus'/],
      ['bad value', ['deployment', 'watch', 'd-ABCDEF123', '--timeout', 'soon'], 2, /Invalid --timeout 'soon'/],
      [
        'AWS unreachable',
        ['deployment', 'watch', 'd-ABCDEF123', '--endpoint', closed],
        1,
        /ECONNREFUSED[\s\S]*hint: AWS could not be reached/,
      ],
    ],
    'hooks wait': [
      ['no args', ['hooks', 'wait'], 2, /--app is required/],
      ['bad flag', ['hooks', 'wait', ...hook, '--table', 't1', '--bogus'], 2, /Unknown option '--bogus'/],
      ['bad value', ['hooks', 'wait', ...hook, '--table', 't1', '--timeout', 'soon'], 2, /Invalid --timeout 'soon'/],
    ],
    'hooks release': [
      ['no args', ['hooks', 'release'], 2, /--app is required/],
      ['bad flag', ['hooks', 'release', ...hook, '--table', 't1', '--bogus'], 2, /Unknown option '--bogus'/],
      ['bad value', ['hooks', 'release', ...hook, '--table', 't1', '--result', 'MAYBE'], 2, /--result must be SUCCESS or FAILURE/],
      [
        'AWS unreachable',
        ['hooks', 'release', ...hook, '--api-url', `${closed}/prod`, '--result', 'SUCCESS'],
        1,
        /unreachable[\s\S]*hint: AWS could not be reached/,
      ],
    ],
    'hooks run': [
      ['no args', ['hooks', 'run'], 2, /--app is required/],
      ['bad flag', ['hooks', 'run', ...hook, '--table', 't1', '--bogus', '--', 'true'], 2, /Unknown option '--bogus'/],
      ['bad value', ['hooks', 'run', ...hook, '--table', 't1', '--timeout', 'soon', '--', 'true'], 2, /Invalid --timeout 'soon'/],
    ],
    status: [
      ['no args', ['status'], 2, /--config <file> is required/],
      ['bad flag', ['status', '--config', files.unreachable, '--bogus'], 2, /Unknown option '--bogus'/],
      [
        'bad value',
        ['status', '--config', files.unreachable, '--endpoint', 'localhost'],
        2,
        /--endpoint 'localhost' is not an http\(s\) URL/,
      ],
      ['stray argument', ['status', 'green', '--config', files.unreachable], 2, /unexpected argument 'green'/],
      ['missing file', ['status', '--config', files.missing], 2, /Cannot read stack config .*absent\.json/],
      ['malformed file', ['status', '--config', files.notJson], 2, /broken\.json is not valid JSON/],
      ['malformed section', ['status', '--config', files.badKey], 2, /typo\.json: sqs\.queues\.green has an unknown key 'queueNam'/],
      ['AWS unreachable', ['status', '--config', files.unreachable], 1, /no value could be read[\s\S]*hint: AWS could not be reached/],
    ],
    flip: [
      ['no args', ['flip'], 2, /--to <blue\|green> is required/],
      ['bad flag', ['flip', '--config', files.unreachable, '--to', 'green', '--bogus'], 2, /Unknown option '--bogus'/],
      ['bad value', ['flip', '--config', files.unreachable, '--to', 'purple'], 2, /Invalid --to 'purple'/],
      ['bad wait bound', ['flip', '--config', files.unreachable, '--to', 'green', '--max-wait', 'long'], 2, /Invalid --max-wait 'long'/],
      ['missing file', ['flip', '--config', files.missing, '--to', 'green'], 2, /Cannot read stack config .*absent\.json/],
      ['malformed file', ['flip', '--config', files.notJson, '--to', 'green'], 2, /broken\.json is not valid JSON/],
      ['malformed section', ['flip', '--config', files.badKey, '--to', 'green'], 2, /typo\.json: sqs\.queues\.green has an unknown key/],
      [
        'AWS unreachable',
        ['flip', '--config', files.unreachable, '--to', 'green', '--drain-wait', '1s', '--max-wait', '1s'],
        1,
        /bluegreen flip: .*failed at step 'sqs: wait for blue queues to drain'/,
      ],
    ],
  });

  for (const command of ['deployment watch', 'hooks wait', 'hooks release', 'hooks run', 'status', 'flip']) {
    describe(`Command: ${command}`, () => {
      it('--help and `bluegreen help <command>` print its usage and exit 0', async () => {
        const words = command.split(' ');
        const direct = await run([...words, '--help']);
        assert.equal(direct.code, 0, direct.err);
        // A subcommand's own usage, not its group's (`hooks wait --help` does not print the whole hooks group).
        assert.match(direct.out, new RegExp(`^Usage: bluegreen ${words.join(' ')}\\b`));
        const viaHelp = await run(['help', ...words]);
        assert.equal(viaHelp.code, 0, viaHelp.err);
        assert.equal(viaHelp.out, direct.out);
      });

      // Cases are built once the fixture files exist (in before()).
      it('every row of the table: exit code and a message naming what to fix', async () => {
        const rows = table()[command] ?? [];
        assert.ok(rows.length >= 3, 'no args, bad flag and bad value at least');
        for (const [label, args, exitCode, message] of rows) {
          const result = label === 'AWS unreachable' ? runProcess(args) : await run(args);
          assert.equal(result.code, exitCode, `${command} / ${label}: ${result.err}`);
          assert.match(result.err, message, `${command} / ${label}: ${result.err}`);
          if (exitCode === 2)
            assert.match(result.err, /Run 'bluegreen [a-z ]+--help' for usage\./, `${command} / ${label}: a pointer to --help`);
        }
      });
    });
  }

  it('no command at all exits 2 and prints the commands; `help` alone exits 0', async () => {
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.err, /a command is required[\s\S]*Commands:/);
    assert.equal((await run(['help'])).code, 0);
    const unknown = await run(['help', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command 'frobnicate': use one of/);
  });

  it("sets the SDK's documented switch for its Node.js version notice, unless the user set it", async () => {
    const saved = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    try {
      await run(['--version']);
      assert.equal(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, 'true');
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'false';
      await run(['--version']);
      assert.equal(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, 'false');
    } finally {
      if (saved === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
      else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = saved;
    }
  });
});

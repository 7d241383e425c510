// The Logger type accepts a Powertools for AWS Lambda Logger and `console` as they are: this file is compiled by
// `npm run typecheck` (tsconfig.json, `strict: true`), so a Logger type that rejects either fails the build (TS2322),
// and the tests below check that what the tools log really reaches them.
import { strict as assert } from 'node:assert';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { type Logger, silentLogger } from '../../../src/index.js';
import { SqsTools } from '../../../src/sqs/index.js';

const queues = { blue: { queueName: 'orders-blue' }, green: { queueName: 'orders-green' } };

describe('Type: Logger', () => {
  it('a Powertools Logger is a Logger (compiled under --strict) and receives the message and attributes', () => {
    const lines: string[] = [];
    const powertools = new PowertoolsLogger({ serviceName: 'deploy-hooks', logLevel: 'DEBUG' });
    // Powertools writes through its own console instance; capture what it prints.
    const sink = (text: string) => lines.push(text);
    (powertools as unknown as { console: Console }).console = {
      ...console,
      debug: sink,
      info: sink,
      warn: sink,
      error: sink,
      log: sink,
    } as Console;
    const logger: Logger = powertools;
    logger.info('flip started', { target: 'green' });
    const line = JSON.parse(lines.at(-1) as string) as Record<string, unknown>;
    assert.equal(line.message, 'flip started');
    assert.equal(line.target, 'green');
    assert.equal(line.service, 'deploy-hooks');
    // And a tool takes it as its logger option.
    const sqs = new SqsTools({ queues, logger: powertools, clientConfig: { region: 'eu-west-1' } });
    assert.ok(sqs);
    sqs.client.destroy();
  });

  it('console is a Logger (compiled under --strict)', () => {
    const logger: Logger = console;
    assert.equal(typeof logger.warn, 'function');
  });

  it('silentLogger drops everything', () => {
    assert.doesNotThrow(() => silentLogger.error('nothing', { a: 1 }));
  });
});

import { strict as assert } from 'node:assert';
import {
  awsErrorName,
  BatchError,
  BlueGreenError,
  ConfigError,
  HookReportError,
  InvalidStateError,
  isAccessDenied,
  isAwsError,
  isRetryableAwsError,
  LiveStackError,
  ResourceNotFoundError,
  requireInteger,
  requirePair,
  requireString,
  WaitAbortedError,
  WaitTimeoutError,
} from '../../../src/index.js';

describe('Module: core/errors', () => {
  it('sets name to the subclass and keeps the cause', () => {
    const cause = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    const error = new WaitTimeoutError('timed out', { cause, lastState: 'x', waitedMs: 5, attempts: 2 });
    assert.equal(error.name, 'WaitTimeoutError');
    assert.equal(error.cause, cause);
    assert.ok(error instanceof BlueGreenError);
    assert.equal(new ConfigError('bad').name, 'ConfigError');
  });

  it('each error carries the fields it was given as its own properties, and a cause only when there is one', () => {
    const cause = new Error('boom');
    const timeout = new WaitTimeoutError('t', { lastState: { n: 1 }, waitedMs: 5, attempts: 2 });
    assert.deepEqual([timeout.lastState, timeout.waitedMs, timeout.attempts], [{ n: 1 }, 5, 2]);
    assert.equal(Object.hasOwn(timeout, 'cause'), false);
    assert.equal(new ResourceNotFoundError('r', { resource: 'orders', cause }).resource, 'orders');
    assert.equal(new InvalidStateError('s', { state: 'Deleted' }).state, 'Deleted');
    assert.equal(new LiveStackError('l', { liveStack: 'green' }).liveStack, 'green');
    assert.equal(new HookReportError('h', { status: 'Failed' }).status, 'Failed');
    assert.equal(new WaitAbortedError('a', { lastState: 'x', cause }).lastState, 'x');
    const failures = [{ item: 'a', index: 0, error: cause }];
    const batch = new BatchError('b', { failures, results: [undefined] });
    assert.deepEqual([batch.failures, batch.results, batch.cause], [failures, [undefined], cause]);
    assert.deepEqual(Object.keys(new ResourceNotFoundError('r', { resource: 'q', cause })).sort(), ['name', 'resource']);
  });

  it('an error whose fields are required cannot be built without them (checked by the type checker)', () => {
    const build = () => [
      // @ts-expect-error resource is required
      new ResourceNotFoundError('r'),
      // @ts-expect-error liveStack is required
      new LiveStackError('l', {}),
      new WaitAbortedError('a'),
      new ConfigError('c'),
    ];
    // `npm run typecheck` fails if an @ts-expect-error above stops being an error; run, the optional ones build.
    assert.deepEqual(
      build()
        .slice(2)
        .map((e) => e.name),
      ['WaitAbortedError', 'ConfigError'],
    );
  });

  it('reads AWS error codes from SDK errors and older shapes', () => {
    assert.equal(awsErrorName({ name: 'QueueDoesNotExist' }), 'QueueDoesNotExist');
    assert.equal(awsErrorName({ __type: 'com.amazonaws#ThrottlingException' }), 'ThrottlingException');
    assert.equal(awsErrorName('nope'), undefined);
    assert.ok(isAwsError({ name: 'ResourceNotFoundException' }, 'ResourceNotFoundException'));
    assert.ok(isRetryableAwsError({ name: 'ThrottlingException' }));
    assert.ok(isRetryableAwsError({ name: 'X', $metadata: { httpStatusCode: 503 } }));
    assert.ok(!isRetryableAwsError({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }));
    assert.ok(isAccessDenied({ name: 'AccessDeniedException' }));
  });
});

describe('Module: core/validate', () => {
  it('requireString names the path and the rule', () => {
    assert.throws(() => requireString(undefined, 'queues.blue.queueName'), /queues\.blue\.queueName must be a string, got undefined/);
    assert.throws(() => requireString('', 'x'), /x must not be empty/);
    assert.throws(() => requireString('a b', 'x', { pattern: /^\w+$/, patternHint: 'letters' }), /use letters/);
    assert.throws(() => requireString('abcd', 'x', { maxLength: 3 }), /at most 3/);
    assert.equal(requireString('ok', 'x'), 'ok');
  });
  it('requireInteger checks type and range', () => {
    assert.throws(() => requireInteger(1.5, 'percent'), ConfigError);
    assert.throws(() => requireInteger(101, 'percent', { max: 100 }), /<= 100/);
  });
  it('requirePair needs both sides and no other keys', () => {
    const item = (v: unknown, p: string) => requireString(v, p);
    assert.deepEqual(requirePair({ blue: 'a', green: 'b' }, 'q', item), { blue: 'a', green: 'b' });
    assert.throws(() => requirePair({ blue: 'a' }, 'q', item), /q\.green is missing/);
    assert.throws(() => requirePair({ blue: 'a', green: 'b', red: 'c' }, 'q', item), /unknown key 'red'/);
    assert.throws(() => requirePair({ blue: 'a', green: 1 }, 'q', item), /q\.green must be a string/);
    assert.throws(() => requirePair(null, 'q', item), /q must be an object/);
  });
});

import { strict as assert } from 'node:assert';
import { ConfigError, prefixesOverlap, requireDisjointPair } from '../../../src/index.js';

describe('Module: core/validate', () => {
  describe('Function: requireDisjointPair', () => {
    it('passes when no blue identifier selects a green one', () => {
      requireDisjointPair(
        [
          { path: 'queues.blue.queueName', value: 'orders-blue' },
          { path: 'queues.blue.dlqName', value: undefined },
        ],
        [{ path: 'queues.green.queueName', value: 'orders-green' }],
        { what: 'queue' },
      );
    });

    it('names both paths and the shared value when the two sides are equal', () => {
      assert.throws(
        () =>
          requireDisjointPair(
            [
              { path: 'queues.blue.queueName', value: 'orders-blue' },
              { path: 'queues.blue.dlqName', value: 'orders-dlq' },
            ],
            [
              { path: 'queues.green.queueName', value: 'orders-green' },
              { path: 'queues.green.dlqName', value: 'orders-dlq' },
            ],
            { what: 'queue' },
          ),
        (error: unknown) =>
          error instanceof ConfigError &&
          /^queues\.blue\.dlqName and queues\.green\.dlqName both select queue 'orders-dlq'/.test(error.message) &&
          /give each stack its own queue/.test(error.message),
      );
    });

    it('compares after normalize and reports an overlap (not only equality) with a custom comparator', () => {
      assert.throws(
        () =>
          requireDisjointPair(
            { path: 'alarms.blue.prefix', value: 'orders' },
            { path: 'alarms.green.prefix', value: 'orders-green-' },
            {
              what: 'alarm name prefix',
              overlaps: prefixesOverlap,
              hint: 'end each prefix with the stack name',
            },
          ),
        /alarms\.blue\.prefix and alarms\.green\.prefix overlap: 'orders' and 'orders-green-' select a common alarm name prefix.*end each prefix with the stack name/,
      );
      assert.throws(
        () =>
          requireDisjointPair(
            { path: 'a.blue', value: 'Orders' },
            { path: 'a.green', value: 'orders' },
            {
              what: 'cluster',
              normalize: (v) => v.toLowerCase(),
            },
          ),
        /a\.blue and a\.green both select cluster 'Orders'/,
      );
    });
  });

  describe('Function: prefixesOverlap', () => {
    it('is true when one prefix starts the other, in either order', () => {
      assert.equal(prefixesOverlap('orders', 'orders-green-'), true);
      assert.equal(prefixesOverlap('orders-green-', 'orders'), true);
      assert.equal(prefixesOverlap('orders-blue-', 'orders-green-'), false);
    });
  });
});

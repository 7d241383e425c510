import { strict as assert } from 'node:assert';
import { ConfigError, isStackReference, mapPair, opposite, parseStackReference, pick, StackReference } from '../../../src/index.js';

describe('Module: core/stack', () => {
  describe('Function: parseStackReference', () => {
    for (const [input, expected] of [
      ['blue', StackReference.Blue],
      ['green', StackReference.Green],
      ['BLUE', StackReference.Blue],
      ['Green', StackReference.Green],
      [StackReference.Green, StackReference.Green],
    ] as const) {
      it(`accepts ${JSON.stringify(input)}`, () => {
        assert.equal(parseStackReference(input), expected);
      });
    }

    const bad: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ["''", ''],
      ["'purple'", 'purple'],
      ['1', 1],
      ['{}', {}],
      ["'BLUE '", 'BLUE '],
      ["' green'", ' green'],
      ['true', true],
      ['[]', []],
      ["['blue']", ['blue']],
      ["'blu'", 'blu'],
      ["'bluegreen'", 'bluegreen'],
      ['a symbol', Symbol('blue')],
      ['a function', () => 'blue'],
      ['a String object', new String('blue')],
    ];
    for (const [label, input] of bad) {
      it(`rejects ${label} with a ConfigError naming the value and the accepted ones`, () => {
        assert.throws(
          () => parseStackReference(input),
          (error: unknown) => {
            assert.ok(error instanceof ConfigError, 'is a ConfigError');
            assert.equal(error.name, 'ConfigError');
            assert.match(error.message, /'blue' or 'green'/);
            if (typeof input === 'string') assert.ok(error.message.includes(`'${input}'`), error.message);
            return true;
          },
        );
      });
    }
  });

  describe('Function: opposite', () => {
    it('returns the other stack', () => {
      assert.equal(opposite(StackReference.Blue), StackReference.Green);
      assert.equal(opposite(StackReference.Green), StackReference.Blue);
    });
    it('throws a ConfigError for a value that is not a stack reference (never a silent "the other one")', () => {
      assert.throws(() => opposite('purple' as StackReference), ConfigError);
    });
  });

  describe('Function: pick', () => {
    const pair = { blue: 'a', green: 'b' };
    it('returns the value for the stack', () => {
      assert.equal(pick(pair, StackReference.Blue), 'a');
      assert.equal(pick(pair, StackReference.Green), 'b');
    });
    it('rejects an unknown stack reference', () => {
      assert.throws(() => pick(pair, 'red' as StackReference), ConfigError);
    });
    it('rejects a pair that lacks the side', () => {
      assert.throws(() => pick({ blue: 'a' } as never, StackReference.Green), /no 'green' value/);
    });
  });

  describe('Function: isStackReference / mapPair', () => {
    it('isStackReference is exact', () => {
      assert.equal(isStackReference('blue'), true);
      assert.equal(isStackReference('Blue'), false);
      assert.equal(isStackReference(undefined), false);
    });
    it('mapPair maps both sides with their reference', () => {
      assert.deepEqual(
        mapPair({ blue: 1, green: 2 }, (v, ref) => `${ref}:${v}`),
        { blue: 'blue:1', green: 'green:2' },
      );
    });
  });
});

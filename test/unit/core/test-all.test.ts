import { strict as assert } from 'node:assert';
import { countMocha } from '../../../scripts/test-all.mjs';

describe('Script: npm test (scripts/test-all.mjs)', () => {
  it("adds up mocha's passing and failing lines, colours and all, for the one overall summary", () => {
    const esc = String.fromCharCode(27);
    const output = `  Suite\n    ✔ works\n\n  ${esc}[92m 12 passing${esc}[0m (3s)\n  ${esc}[31m 2 failing${esc}[0m\n\n  1) Suite\n`;
    assert.deepEqual(countMocha(output), { passed: 12, failed: 2 });
    assert.deepEqual(countMocha(`${output}\n  30 passing (1m)\n`), { passed: 42, failed: 2 });
    assert.deepEqual(countMocha('no mocha here'), { passed: 0, failed: 0 });
  });
});

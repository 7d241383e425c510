import { strict as assert } from 'node:assert';
import { guardedPages, tokenPages } from '../../../src/core/pages.js';

describe('Module: core/pages', () => {
  describe('Function: tokenPages', () => {
    it('sends the token of each page with the next request and stops on the page without one', async () => {
      const sent: (string | undefined)[] = [];
      const pages = { undefined: { items: [1], NextToken: 'a' }, a: { items: [2], NextToken: 'b' }, b: { items: [3] } } as Record<
        string,
        { items: number[]; NextToken?: string }
      >;
      const items: number[] = [];
      for await (const page of tokenPages(async (token) => {
        sent.push(token);
        return pages[String(token)] as { items: number[]; NextToken?: string };
      }, 'test')) {
        items.push(...page.items);
      }
      assert.deepEqual(sent, [undefined, 'a', 'b']);
      assert.deepEqual(items, [1, 2, 3]);
    });

    it('stops when a service cycles between two tokens (a → b → a), which the SDK stopOnSameToken does not catch', async () => {
      const warnings: string[] = [];
      const logger = { warn: (m: string) => warnings.push(m), info: () => {}, debug: () => {}, error: () => {} };
      let calls = 0;
      const next = ['a', 'b', 'a', 'b'];
      for await (const _ of tokenPages(async () => ({ NextMarker: next[calls++] }), 'ListThings', logger)) {
        // consume
      }
      assert.equal(calls, 3, 'the third page hands back a token already seen');
      assert.match(warnings[0] as string, /ListThings repeated a pagination token it had already returned/);
    });
  });

  describe('Function: guardedPages', () => {
    it('passes every page of a finite paginator through unchanged', async () => {
      async function* pages() {
        yield { NextToken: 'x', n: 1 };
        yield { n: 2 };
      }
      const seen: number[] = [];
      for await (const page of guardedPages(pages(), 'test')) seen.push(page.n);
      assert.deepEqual(seen, [1, 2]);
    });
  });
});

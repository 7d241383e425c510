import type { Logger } from './logger.js';

/** The pagination token a page carries (`NextToken`, Lambda's `NextMarker`, or ECS's and CodeDeploy's `nextToken`). */
function tokenOf(page: object): string | undefined {
  const p = page as { NextToken?: unknown; NextMarker?: unknown; nextToken?: unknown };
  const token = p.NextToken ?? p.NextMarker ?? p.nextToken;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/**
 * Walks an SDK paginator (`paginate*`, pass it `stopOnSameToken: true`) and also stops when a page hands back a token
 * it has already handed back before: the SDK's `stopOnSameToken` only compares with the token just sent, so a service
 * that cycles between two markers would otherwise page forever. Internal (not exported from the package root).
 */
export async function* guardedPages<P extends object>(pages: AsyncIterable<P>, what: string, logger?: Logger): AsyncGenerator<P> {
  const seen = new Set<string>();
  for await (const page of pages) {
    yield page;
    const token = tokenOf(page);
    if (token === undefined) return;
    if (seen.has(token)) {
      logger?.warn(`${what} repeated a pagination token it had already returned; stopped listing`);
      return;
    }
    seen.add(token);
  }
}

/**
 * Pages through an operation the SDK ships no `paginate*` helper for (EventBridge ListRuleNamesByTarget and
 * ListTargetsByRule, DynamoDB ListTagsOfResource, ECS ListServiceDeployments): `fetch(token)` sends one request, the next token is read from
 * `NextToken`/`NextMarker`, and a token seen before ends the listing (see {@link guardedPages}).
 */
export async function* tokenPages<P extends object>(
  fetch: (token: string | undefined) => Promise<P>,
  what: string,
  logger?: Logger,
): AsyncGenerator<P> {
  async function* raw(): AsyncGenerator<P> {
    let token: string | undefined;
    do {
      const page = await fetch(token);
      yield page;
      token = tokenOf(page);
    } while (token !== undefined);
  }
  yield* guardedPages(raw(), what, logger);
}

import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import type { ValidationIssue } from './router.js';
import { findUnstorableText, unstorableTextReason } from './storable-text.js';

/** At most this many problems are listed in one answer. */
const MAX_ISSUES = 20;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function refuse(issues: ValidationIssue[]): never {
  const listed = issues.slice(0, MAX_ISSUES);
  const first = listed[0]!;
  throw new ApiError(400, 'invalid_request', `${first.path}: ${first.message}`, listed);
}

/** Decodes one percent-encoded URL component; undefined when it is not UTF-8. */
function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function checkComponent(raw: string, where: string): ValidationIssue | undefined {
  const decoded = decodeComponent(raw);
  if (decoded === undefined) return { path: where, message: 'is not valid percent-encoded UTF-8' };
  const reason = unstorableTextReason(decoded);
  return reason ? { path: where, message: reason } : undefined;
}

function urlIssues(url: URL): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const segment of url.pathname.split('/')) {
    const issue = checkComponent(segment, 'path');
    if (issue) issues.push(issue);
  }
  for (const pair of url.search.slice(1).split('&')) {
    if (!pair) continue;
    const [rawName = '', rawValue = ''] = pair.replaceAll('+', ' ').split(/=(.*)/s);
    const name = decodeComponent(rawName);
    const nameIssue = checkComponent(rawName, 'query');
    if (nameIssue) issues.push({ ...nameIssue, message: `parameter name ${nameIssue.message}` });
    const valueIssue = checkComponent(rawValue, `query.${name ?? '?'}`);
    if (valueIssue) issues.push(valueIssue);
  }
  return issues;
}

const isJson = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/([\w.-]+\+)?json\b/i.test(contentType.trim());

/**
 * Refuses, with 400 `invalid_request` before any route runs, text Postgres could not store as it
 * was sent: NUL characters and unpaired surrogates (`\u0000`, `\ud800` in JSON), raw bytes that
 * are not UTF-8 in a JSON body, and percent-encoding that does not decode to UTF-8 in the path
 * or the query. Without it such text either fails deep in a query (a 500) or is silently stored
 * with U+FFFD in its place. A body that is not JSON at all is left to the route's validator.
 *
 * @example
 * app.use('/api/*', inputGuard());
 */
export function inputGuard(): MiddlewareHandler {
  return async (c, next) => {
    const issues = urlIssues(new URL(c.req.url));
    if (issues.length) refuse(issues);
    if (isJson(c.req.header('content-type')) && c.req.raw.body) {
      // Read once here; the route's validator parses the same cached bytes.
      const bytes = await c.req.arrayBuffer();
      let text: string;
      try {
        text = strictUtf8.decode(bytes);
      } catch {
        refuse([{ path: 'body', message: 'is not valid UTF-8' }]);
      }
      // Valid UTF-8 holds no lone surrogate, and JSON refuses a raw NUL in a string: both can only
      // arrive as `\u` escapes, so a body without one needs no second parse here.
      if (!text.includes('\\u')) return next();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Malformed JSON: the validator answers it (400) as it always has.
        return next();
      }
      const found = findUnstorableText(parsed);
      if (found.length) {
        refuse(
          found.map((f) => ({ path: f.path ? `body.${f.path}` : 'body', message: f.message })),
        );
      }
    }
    await next();
  };
}

import type { MiddlewareHandler } from 'hono';

/**
 * The demo page's Content-Security-Policy: scripts, styles, data and connections from this
 * server only (no inline script); inline style attributes are allowed because the elements set
 * some (widths of progress bars and skeletons). Nothing may frame the page.
 */
export const DEMO_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers of everything under `/demo/`: the CSP above, no MIME sniffing, and no
 * referrer (the page's URL may carry a session token).
 *
 * @example
 * app.use('/demo/*', demoPageHeaders());
 */
export function demoPageHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', DEMO_CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  };
}

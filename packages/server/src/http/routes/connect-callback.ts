import { createHash } from 'node:crypto';

/** Why a sign-in window ended without a connection; the only error text the page can show. */
export const CALLBACK_ERROR_MESSAGES = {
  access_denied: 'You declined access to your calendar. Nothing was connected.',
  provider_error: 'The calendar provider reported an error. Nothing was connected; try again.',
  invalid_request: 'This page was opened without a sign-in result. Nothing was connected.',
  invalid_state:
    'This sign-in is unknown, expired or already used. Close this window and start again.',
  invalid_ticket:
    'This sign-in link is expired or was already used. Close this window and start again.',
  browser_mismatch:
    'This sign-in was started in another browser or window. Nothing was connected; start again from the page where you clicked Connect.',
  invalid_grant: 'The calendar provider refused the sign-in. Nothing was connected; try again.',
  provider_not_configured: 'This calendar provider is not available on this server.',
  server_error: 'Something went wrong on our side. Nothing was connected; try again later.',
} as const;

/** A known reason a sign-in failed. */
export type CallbackErrorCode = keyof typeof CALLBACK_ERROR_MESSAGES;

/** Whether `code` is one of the page's known error codes. */
export function isCallbackErrorCode(code: string): code is CallbackErrorCode {
  return Object.hasOwn(CALLBACK_ERROR_MESSAGES, code);
}

/** The result the callback (or start) page hands to the opener. */
export type CallbackResult =
  | {
      status: 'connected';
      provider: 'google' | 'outlook';
      state: string;
      integrationId: string;
    }
  | {
      status: 'error';
      provider: 'google' | 'outlook';
      state: string | null;
      error: CallbackErrorCode;
    };

/** A rendered page and the headers it must be sent with. */
export interface CallbackPage {
  html: string;
  headers: Record<string, string>;
}

const CONNECTED_TEXT = 'Your calendar is connected. You can close this window.';

const STYLE = 'body { font: 16px system-ui, sans-serif; margin: 3rem; }';

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** JSON safe inside a `<script>` element. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const cspHash = (source: string): string =>
  `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

/**
 * Headers of every page of the connect flow: a Content-Security-Policy that runs only the given
 * inline script and style (by hash) and nothing else, no framing, no referrer (the URL carries
 * the code and state), no sniffing, no caching.
 */
export function connectPageHeaders(
  inline: { script?: string; style?: string } = {},
): Record<string, string> {
  const csp = [
    "default-src 'none'",
    `script-src ${inline.script ? cspHash(inline.script) : "'none'"}`,
    `style-src ${inline.style ? cspHash(inline.style) : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
}

/**
 * The page the OAuth callback (and a failed start) answers with: it `postMessage`s
 * `{type: 'calsync:oauth', status, provider, state, integrationId? | error, message}` to each
 * allowed origin (only the opener's real origin receives it) and closes itself; without an opener
 * it shows the result. Its text is fixed per outcome: nothing from the request is displayed.
 *
 * @example
 * const { html, headers } = callbackPage(
 *   { status: 'error', provider: 'google', state: null, error: 'access_denied' },
 *   ['https://app.example.com'],
 * );
 */
export function callbackPage(
  result: CallbackResult,
  targetOrigins: readonly string[],
): CallbackPage {
  const text =
    result.status === 'connected' ? CONNECTED_TEXT : CALLBACK_ERROR_MESSAGES[result.error];
  const message =
    result.status === 'connected'
      ? { type: 'calsync:oauth', ...result }
      : { type: 'calsync:oauth', ...result, message: text };
  const script = `
  (function () {
    var message = ${scriptJson(message)};
    var origins = ${scriptJson(targetOrigins)};
    if (window.opener && !window.opener.closed) {
      for (var i = 0; i < origins.length; i++) {
        try { window.opener.postMessage(message, origins[i]); } catch (e) {}
      }
      window.close();
    }
  })();
`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calsync</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<p id="result">${escapeHtml(text)}</p>
<script>${script}</script>
</body></html>`;
  return { html, headers: connectPageHeaders({ script, style: STYLE }) };
}

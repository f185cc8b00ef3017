/** The page the OAuth callback answers with: it hands the result to the opener and closes. */
export interface CallbackResult {
  status: 'connected' | 'error';
  provider: 'google' | 'outlook';
  state: string | null;
  integrationId?: string;
  error?: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * HTML that `postMessage`s `{type: 'calsync:oauth', ...result}` to each allowed origin (only the
 * opener's real origin receives it) and closes itself; without an opener it shows the result.
 */
export function callbackPage(result: CallbackResult, targetOrigins: readonly string[]): string {
  const message = JSON.stringify({ type: 'calsync:oauth', ...result }).replace(/</g, '\\u003c');
  const origins = JSON.stringify(targetOrigins).replace(/</g, '\\u003c');
  const text =
    result.status === 'connected'
      ? 'Your calendar is connected. You can close this window.'
      : `The calendar could not be connected: ${escapeHtml(result.error ?? 'unknown error')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calsync</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font: 16px system-ui, sans-serif; margin: 3rem;">
<p id="result">${text}</p>
<script>
  (function () {
    var message = ${message};
    var origins = ${origins};
    if (window.opener && !window.opener.closed) {
      for (var i = 0; i < origins.length; i++) {
        try { window.opener.postMessage(message, origins[i]); } catch (e) {}
      }
      window.close();
    }
  })();
</script>
</body></html>`;
}

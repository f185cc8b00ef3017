import { itemsOf, type CalsyncClientLike, type Integration } from './client.js';

/** Opens the sign-in window; `window.open` unless a test or host supplies another. */
export type OpenWindow = (url: string, target: string, features: string) => Window | null;

/** How a sign-in window ended. */
export type OAuthOutcome =
  | { readonly kind: 'connected'; readonly integrationId: string | undefined }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** Why no outcome arrived. */
export class OAuthWindowError extends Error {
  override readonly name = 'OAuthWindowError';
  constructor(readonly code: 'popup_blocked' | 'popup_closed') {
    super(code);
  }
}

const POPUP_FEATURES = 'popup,width=520,height=680';
/** How often to check whether the user closed the window. */
const CLOSED_POLL_MS = 400;

/**
 * Reads the callback page's message, `{type: 'calsync:oauth', status, state, integrationId?,
 * error?, message?}`: `error` is a code (`access_denied`, `browser_mismatch`, `invalid_state`,
 * …) and `message` the page's fixed sentence for it. It must carry our `state`: anything else is
 * another window's business and is ignored.
 *
 * @example
 * parseOAuthMessage({ type: 'calsync:oauth', status: 'connected', state: 's1', integrationId: 'i1' }, 's1')
 * // { kind: 'connected', integrationId: 'i1' }
 */
export function parseOAuthMessage(data: unknown, expectedState: string): OAuthOutcome | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.type !== 'calsync:oauth' || message.state !== expectedState) return null;
  if (message.status !== 'connected') {
    const reason = typeof message.error === 'string' ? message.error : 'oauth_failed';
    const code = /^[a-z_]+$/.test(reason) ? reason : 'oauth_failed';
    const text = typeof message.message === 'string' && message.message ? message.message : reason;
    return { kind: 'failed', code, message: text };
  }
  const id = message.integrationId;
  return { kind: 'connected', integrationId: typeof id === 'string' ? id : undefined };
}

/** Origin pairs already explained on the console: each is said once per page. */
const explained = new Set<string>();

function explainWrongOrigin(actual: string, expected: string): void {
  const key = `${actual} ${expected}`;
  if (explained.has(key)) return;
  explained.add(key);
  console.warn(
    `Calsync: the sign-in window reported from ${actual}, but this element expects ${expected}; ` +
      `set the element's callback-origin attribute to "${actual}" (the origin of the Calsync ` +
      `server's CALSYNC_BASE_URL), or give it a client whose baseUrl is on that origin.`,
  );
}

/** What identifies a change of a connection a sign-in can make. */
const fingerprint = (i: Integration): string =>
  JSON.stringify([i.syncStatus, i.statusReason, i.accountEmail]);

/**
 * The connection of `provider` that is new in `after` or changed since `before` (e.g. from
 * `needs_reauth` to `active`): what a sign-in that finished without its message left behind.
 *
 * @example
 * connectionMadeSince(before, after, 'google') // 'int-7', or undefined
 */
export function connectionMadeSince(
  before: readonly Integration[],
  after: readonly Integration[],
  provider: string,
): string | undefined {
  const earlier = new Map(before.map((i) => [i.id, fingerprint(i)]));
  return after.find(
    (i) =>
      i.provider === provider &&
      i.syncStatus !== 'disconnected' &&
      earlier.get(i.id) !== fingerprint(i),
  )?.id;
}

/**
 * The OAuth popup flow: open a window at once (inside the click, so browsers allow it), ask the
 * server for the authorization URL — its start URL, which binds the sign-in to this browser
 * with a cookie and sends the window on to the provider — then wait for the server's callback
 * page to `postMessage` the result — accepted only from `expectedOrigin`, from that window, with
 * the state the server issued. A window closed without that message still counts as connected
 * when the integration list shows a connection of the provider that is new or changed since the
 * window opened (the callback page's message can be lost, e.g. to a wrong target origin).
 *
 * @example
 * const outcome = await runOAuthPopup({ client, provider: 'google', expectedOrigin: 'https://calsync.example.com' });
 */
export async function runOAuthPopup(options: {
  client: CalsyncClientLike;
  provider: 'google' | 'outlook';
  expectedOrigin: string;
  redirectUri?: string;
  openWindow?: OpenWindow;
}): Promise<OAuthOutcome> {
  const open: OpenWindow = options.openWindow ?? ((u, t, f) => window.open(u, t, f));
  const popup = open('about:blank', `calsync-${options.provider}`, POPUP_FEATURES);
  if (!popup) throw new OAuthWindowError('popup_blocked');
  // The connections before the sign-in, to recognise one it made if its message never arrives.
  const before = options.client.integrations.list().then(
    (list) => itemsOf(list),
    () => undefined,
  );
  let authorization: { authorizationUrl: string; state: string };
  try {
    authorization = await options.client.integrations.authorize(
      options.provider,
      options.redirectUri ? { redirectUri: options.redirectUri } : {},
    );
  } catch (error) {
    popup.close();
    throw error;
  }
  popup.location.href = authorization.authorizationUrl;
  return new Promise<OAuthOutcome>((resolve, reject) => {
    let closedSeen = false;
    const finish = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.source !== popup) return;
      if (event.origin !== options.expectedOrigin) {
        const data = event.data as { type?: unknown } | null;
        if (data?.type === 'calsync:oauth')
          explainWrongOrigin(event.origin, options.expectedOrigin);
        return;
      }
      const outcome = parseOAuthMessage(event.data, authorization.state);
      if (!outcome) return;
      finish();
      if (!popup.closed) popup.close();
      resolve(outcome);
    };
    // Closed without a message: connected all the same if the list shows the new connection.
    const closedWithoutMessage = async () => {
      const earlier = await before;
      const now = earlier && (await options.client.integrations.list().catch(() => undefined));
      const integrationId = now && connectionMadeSince(earlier, itemsOf(now), options.provider);
      if (integrationId) resolve({ kind: 'connected', integrationId });
      else reject(new OAuthWindowError('popup_closed'));
    };
    // A closed window may still have a message in flight: give it one more tick.
    const watch = setInterval(() => {
      if (!popup.closed) return;
      if (closedSeen) {
        finish();
        void closedWithoutMessage();
      }
      closedSeen = true;
    }, CLOSED_POLL_MS);
    window.addEventListener('message', onMessage);
  });
}

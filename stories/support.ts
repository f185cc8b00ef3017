import { createFakeClient, sampleData, type FakeCalsyncClient } from '@calsync/elements/testing';

/** Every story's "now": Wednesday 4 March 2026, 10:00 UTC, so stories look the same every day. */
export const STORY_NOW = new Date('2026-03-04T10:00:00Z');

/** The clock the elements use in stories. */
export const storyClock = (): Date => STORY_NOW;

/** How a story's fake account starts. */
export interface StoryClientOptions {
  /** Change the sample data before the client is made. */
  edit?: (data: ReturnType<typeof sampleData>) => void;
  /** Answers never arrive: the loading state. */
  loading?: boolean;
  /** Start with no connection at all. */
  empty?: boolean;
}

/**
 * A fake Calsync account for a story: the package's sample data, answers after a short delay,
 * and a "Sync now" that finishes after two seconds.
 */
export function storyClient(options: StoryClientOptions = {}): FakeCalsyncClient {
  const data = sampleData({ now: STORY_NOW, timeZone: 'UTC' });
  if (options.empty) {
    data.integrations = [];
    data.busy = [];
  }
  options.edit?.(data);
  const client = createFakeClient(data, {
    latencyMs: 150,
    syncDurationMs: 2000,
    now: storyClock,
  });
  if (options.loading) client.hold();
  return client;
}

/** Clicks the first element matching `selector` inside `host`'s shadow root, once it exists. */
export async function clickInShadow(host: Element | null, selector: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const target = host?.shadowRoot?.querySelector<HTMLElement>(selector);
    if (target && !(target as HTMLButtonElement).disabled) {
      target.click();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${selector} never appeared`);
}

/**
 * Stands in for the provider's sign-in window in stories: a hidden frame that, once the element
 * sends it to the authorization URL, "consents" — the fake account gains a connection — and posts
 * the callback page's message back, as Calsync's server would.
 */
export function simulatedSignIn(client: FakeCalsyncClient, email = 'ann@example.com') {
  return (): Window | null => {
    const frame = document.createElement('iframe');
    frame.hidden = true;
    document.body.append(frame);
    const popup = frame.contentWindow!;
    const waitForAuthorization = setInterval(() => {
      const state = /state-\d+$/.exec(popup.location.hash)?.[0];
      if (!state) return;
      clearInterval(waitForAuthorization);
      const provider = popup.location.hash.startsWith('#outlook') ? 'outlook' : 'google';
      const integrationId = `int-${provider}-story`;
      client.data.integrations.push({
        id: integrationId,
        provider,
        accountEmail: email,
        syncStatus: 'active',
        statusReason: null,
        lastSyncAt: null,
      });
      setTimeout(() => {
        window.dispatchEvent(
          new MessageEvent('message', {
            data: { type: 'calsync:oauth', status: 'connected', provider, state, integrationId },
            origin: location.origin,
            source: popup,
          }),
        );
        frame.remove();
      }, 900);
    }, 50);
    return popup;
  };
}

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

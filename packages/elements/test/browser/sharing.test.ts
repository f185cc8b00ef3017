/**
 * One client, one cached token and one live stream per page, against a real HTTP server. This
 * file registers the tags itself (not through helpers.ts) so that `<calsync-provider>` can be
 * defined after the elements inside it.
 */
import { createCalsyncClient } from '@calsync/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalsyncProvider } from '../../src/provider/provider.js';
import { configureCalsync, resetCalsyncConfiguration } from '../../src/core/page-client.js';
import { CalsyncSessionRouteError, sessionRouteToken } from '../../src/core/session-route.js';
import { calsyncElements } from '../../src/registry.js';
import { isLoading, resetStub, streamRequests, stubRequests, STUB_URL } from './stub.js';

for (const [tag, elementClass] of Object.entries(calsyncElements)) {
  if (tag !== 'calsync-provider' && !customElements.get(tag))
    customElements.define(tag, elementClass);
}

/** Seven elements: three connect buttons and one of each other tag. */
const SEVEN = [
  ['calsync-connect-button', { provider: 'google' }],
  ['calsync-connect-button', { provider: 'outlook' }],
  ['calsync-connect-button', { provider: 'icloud' }],
  ['calsync-sync-status', {}],
  ['calsync-conflict-resolver', {}],
  ['calsync-availability', {}],
  ['calsync-calendar-picker', {}],
] as const;

function seven(attributes: Record<string, string> = {}): HTMLElement[] {
  return SEVEN.map(([tag, own]) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries({ ...own, ...attributes })) {
      element.setAttribute(name, value);
    }
    return element;
  });
}

const placed: Element[] = [];
function place(...elements: Element[]): void {
  document.body.append(...elements);
  placed.push(...elements);
}

beforeEach(async () => {
  resetCalsyncConfiguration();
  await resetStub();
});

afterEach(() => {
  for (const element of placed.splice(0)) element.remove();
});

const READS = ['/api/v1/calendar-integrations', '/api/v1/availability'];

/** Each element's first read, as the stub received them. */
async function reads() {
  return (await stubRequests()).filter((r) => READS.includes(r.path));
}

/** Waits for each element's first read, then until none shows its loading state. */
async function allLoaded(elements: Element[]): Promise<void> {
  await expect.poll(async () => (await reads()).length).toBeGreaterThanOrEqual(elements.length);
  await expect.poll(() => elements.filter(isLoading).map((e) => e.localName)).toEqual([]);
}

/** Renders the elements, and tells whether those that show a loading state wait for a client. */
async function waiting(elements: HTMLElement[]): Promise<boolean> {
  await Promise.all(
    elements.map((e) => (e as HTMLElement & { updateComplete?: Promise<boolean> }).updateComplete),
  );
  const showsLoading = elements.filter((e) => e.localName !== 'calsync-availability');
  return showsLoading.every(isLoading) && (await stubRequests()).length === 0;
}

describe('one client per page', () => {
  it('gives the elements inside a provider its client, when the provider is defined after them', async () => {
    const provider = document.createElement('calsync-provider');
    provider.setAttribute('base-url', STUB_URL);
    provider.setAttribute('session-url', `${STUB_URL}/session`);
    const elements = seven();
    provider.append(...elements);
    place(provider);
    expect(customElements.get('calsync-provider')).toBeUndefined();
    expect(await waiting(elements)).toBe(true);

    customElements.define('calsync-provider', CalsyncProvider);
    await allLoaded(elements);
    const requests = await stubRequests();
    expect(requests.filter((r) => r.path === '/session')).toHaveLength(1);
    expect(await streamRequests()).toBe(1);
    const apiTokens = new Set(
      requests.filter((r) => r.path.startsWith('/api/')).map((r) => r.token),
    );
    expect([...apiTokens]).toEqual(['cst_session_1']);
  });

  it('shares one client and one stream among seven elements in attribute mode', async () => {
    const elements = seven({ 'base-url': STUB_URL, 'session-token': 'cst_attributes' });
    place(...elements);
    await allLoaded(elements);
    expect(await streamRequests()).toBe(1);
    const requests = await stubRequests();
    expect(requests.every((r) => r.token === 'cst_attributes')).toBe(true);
  });

  it('configures the page once: elements added before and after share one session and stream', async () => {
    const before = seven().slice(0, 4);
    place(...before);
    expect(await waiting(before)).toBe(true);
    const client = configureCalsync({ baseUrl: STUB_URL, sessionUrl: `${STUB_URL}/session` });
    expect(client.baseUrl).toBe(STUB_URL);
    const after = seven().slice(4);
    place(...after);
    await allLoaded([...before, ...after]);
    const requests = await stubRequests();
    expect(requests.filter((r) => r.path === '/session')).toHaveLength(1);
    expect(await streamRequests()).toBe(1);
  });

  it('keeps one stream for a mix of configure, provider and client property on one configuration', async () => {
    const client = configureCalsync({ baseUrl: STUB_URL, sessionUrl: `${STUB_URL}/session` });
    const [a, b, c, d, e, f, g] = seven();
    const provider = document.createElement('calsync-provider');
    provider.setAttribute('base-url', STUB_URL);
    provider.setAttribute('session-url', `${STUB_URL}/session`);
    provider.append(a!, b!);
    Object.assign(c!, { client });
    place(provider, c!, d!, e!, f!, g!);
    await allLoaded([a!, b!, c!, d!, e!, f!, g!]);
    expect(await streamRequests()).toBe(1);
    expect((await stubRequests()).filter((r) => r.path === '/session')).toHaveLength(1);
  });

  it("prefers the element's client, then its attributes, then the provider, then the page", async () => {
    configureCalsync({ baseUrl: STUB_URL, getToken: () => 'cst_page' });
    const provider = document.createElement('calsync-provider');
    provider.setAttribute('base-url', STUB_URL);
    provider.setAttribute('session-token', 'cst_provider');
    const [own, attributes, inside, outside] = seven().slice(3);
    Object.assign(own!, { client: createCalsyncClient({ baseUrl: STUB_URL, token: 'cst_own' }) });
    attributes!.setAttribute('base-url', STUB_URL);
    attributes!.setAttribute('session-token', 'cst_attributes');
    provider.append(own!, attributes!, inside!);
    place(provider, outside!);
    await allLoaded([own!, attributes!, inside!, outside!]);
    const listedBy = (await stubRequests())
      .filter(
        (r) => r.path === '/api/v1/calendar-integrations' || r.path === '/api/v1/availability',
      )
      .map((r) => r.token);
    expect(new Set(listedBy)).toEqual(
      new Set(['cst_own', 'cst_attributes', 'cst_provider', 'cst_page']),
    );
  });

  it("gives its children the provider's client property, and follows it when it changes", async () => {
    const provider = document.createElement('calsync-provider');
    provider.client = createCalsyncClient({ baseUrl: STUB_URL, token: 'cst_first' });
    const [button] = seven();
    provider.append(button!);
    place(provider);
    await expect.poll(async () => (await reads()).map((r) => r.token)).toEqual(['cst_first']);
    provider.client = createCalsyncClient({ baseUrl: STUB_URL, token: 'cst_second' });
    await expect
      .poll(async () => (await reads()).map((r) => r.token))
      .toEqual(['cst_first', 'cst_second']);
  });

  it("passes on the session route's JSON, and names a route that fails", async () => {
    await expect(
      sessionRouteToken(`${STUB_URL}/session`)({ expired: false }),
    ).resolves.toMatchObject({
      token: 'cst_session_1',
      expires_at: expect.any(String),
    });
    const failure = await Promise.resolve(
      sessionRouteToken(`${STUB_URL}/no-such-route`)({ expired: false }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CalsyncSessionRouteError);
    expect(failure).toMatchObject({ code: 'session_route_failed', status: 404 });
  });
});

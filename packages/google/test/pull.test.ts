import { afterEach, describe, expect, test } from 'vitest';
import { CursorExpiredError, type PullRequest, syncWindowRange } from '@calsync/core';
import { contractContent, pullAll } from '@calsync/core/testing';
import { type GoogleSandbox, googleSandbox, userBody } from './support.js';

let s: GoogleSandbox;
afterEach(async () => s?.close());

const window = syncWindowRange(new Date('2026-03-01T00:00:00Z'));
const request = (over: Partial<PullRequest> = {}): PullRequest => ({
  calendarId: 'primary',
  cursor: null,
  checkpoint: null,
  window,
  pageSize: 2,
  ...over,
});

async function seed(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await s.user.events.insert(
      { calendarId: 'primary', requestBody: userBody(contractContent({ title: `Item ${i}` })) },
      s.userCall,
    );
    ids.push(created.data.id!);
  }
  return ids;
}

const listRequests = () =>
  s.requests
    .filter((r) => r.method === 'GET' && new URL(r.url).pathname.endsWith('/events'))
    .map((r) => new URL(r.url).searchParams);

describe('pull', () => {
  test('a full round lists the window with deleted items and masters, then stores the sync token', async () => {
    s = await googleSandbox();
    await seed(3);
    const result = await pullAll(s.adapter, request());
    expect(result.pages).toBe(2);
    expect(result.changes).toHaveLength(3);
    const [first, second] = listRequests();
    expect(Object.fromEntries(first!)).toEqual({
      maxResults: '2',
      showDeleted: 'true',
      singleEvents: 'false',
      timeMin: window.startsAtUTC,
      timeMax: window.endsAtUTC,
    });
    // The next page repeats the query exactly, plus the page token.
    expect(second!.get('timeMin')).toBe(window.startsAtUTC);
    expect(second!.get('pageToken')).toBeTruthy();
  });

  test('an incremental round sends the sync token and no window; its checkpoint keeps the token', async () => {
    s = await googleSandbox();
    const { cursor } = await pullAll(s.adapter, request());
    await seed(3);
    s.requests.length = 0;
    const first = await s.adapter.pullChanges(request({ cursor }));
    expect(first.next.kind).toBe('more');
    if (first.next.kind !== 'more') return;
    expect(first.next.checkpoint).toMatchObject({ mode: 'incremental', pagesDone: 1 });
    // A new worker resumes from the checkpoint alone (no cursor in hand).
    const rest = await pullAll(s.adapter, request({ checkpoint: first.next.checkpoint }));
    expect(first.changes.length + rest.changes.length).toBe(3);
    for (const params of listRequests()) {
      expect(params.get('syncToken')).toBe(cursor);
      expect(params.has('timeMin')).toBe(false);
    }
  });

  test('an empty first page with a page token is not the end of the round', async () => {
    s = await googleSandbox({ google: { emptyFirstPage: true } });
    await seed(1);
    const page = await s.adapter.pullChanges(request());
    expect(page.changes).toEqual([]);
    expect(page.next.kind).toBe('more');
    const result = await pullAll(s.adapter, request());
    expect(result.changes).toHaveLength(1);
  });

  test('an expired sync token → CursorExpiredError (410 fullSyncRequired)', async () => {
    s = await googleSandbox();
    const { cursor } = await pullAll(s.adapter, request());
    await s.server.sandbox.control.expire({
      provider: 'google',
      email: s.email,
      what: 'sync_tokens',
    });
    const error = await s.adapter.pullChanges(request({ cursor })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CursorExpiredError);
    expect(error).toMatchObject({ status: 410, providerCode: 'fullSyncRequired' });
  });

  test('a 410 without a reason is still an expired cursor', async () => {
    s = await googleSandbox();
    const { cursor } = await pullAll(s.adapter, request());
    await s.server.sandbox.control.addFault({
      provider: 'google',
      method: 'GET',
      pathPattern: '/events$',
      status: 410,
      body: { error: { code: 410, message: 'Gone' } },
      count: 1,
    });
    await expect(s.adapter.pullChanges(request({ cursor }))).rejects.toBeInstanceOf(
      CursorExpiredError,
    );
  });

  test('a 410 reason "deleted" on a list is also an expired cursor, not a missing event', async () => {
    s = await googleSandbox();
    const { cursor } = await pullAll(s.adapter, request());
    await s.server.sandbox.control.addFault({
      provider: 'google',
      method: 'GET',
      pathPattern: '/events$',
      status: 410,
      count: 1,
    });
    await expect(s.adapter.pullChanges(request({ cursor }))).rejects.toBeInstanceOf(
      CursorExpiredError,
    );
  });

  test('user deletions arrive as removals on the next incremental round', async () => {
    s = await googleSandbox();
    const [doomed] = await seed(1);
    const { cursor } = await pullAll(s.adapter, request());
    await s.user.events.delete({ calendarId: 'primary', eventId: doomed! }, s.userCall);
    const next = await pullAll(s.adapter, request({ cursor }));
    expect(next.changes).toEqual([
      expect.objectContaining({ kind: 'removed', externalId: doomed, reason: 'deleted' }),
    ]);
  });
});

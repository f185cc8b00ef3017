import type { InstantRange, PullRequest, RemoteChange } from '@calsync/core';
import { CursorExpiredError } from '@calsync/core';
import { contractContent, pullAll } from '@calsync/core/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GraphEvent } from '../src/index.js';
import { contentToGraph } from '../src/index.js';
import type { TestSandbox } from './support/sandbox.js';
import { graphAsUser, startTestSandbox } from './support/sandbox.js';

const window: InstantRange = {
  startsAtUTC: '2026-02-01T00:00:00.000Z',
  endsAtUTC: '2026-06-01T00:00:00.000Z',
};

let env: TestSandbox;
beforeAll(async () => {
  env = await startTestSandbox();
});
afterAll(async () => {
  await env.close();
});

async function setup() {
  const account = await env.account();
  const requests: { url: string; prefer: string | null }[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers);
    requests.push({ url, prefer: headers.get('prefer') });
    return fetch(input, init);
  };
  const adapter = env.adapter(account.token, { fetch: recording });
  const events = `/me/calendars/${encodeURIComponent(account.calendarId)}/events`;
  const asUser = <T>(method: string, path: string, body?: unknown) =>
    graphAsUser<T>(env.microsoftBase, account.token, method, path, body);
  const request: PullRequest = {
    calendarId: account.calendarId,
    cursor: null,
    checkpoint: null,
    window,
    pageSize: 5,
  };
  return { account, adapter, events, asUser, request, requests };
}

const upserts = (changes: readonly RemoteChange[]) =>
  changes.flatMap((c) => (c.kind === 'upsert' ? [c.event] : []));
const removals = (changes: readonly RemoteChange[]) =>
  changes.flatMap((c) => (c.kind === 'removed' ? [c] : []));

describe('calendarView delta pull', () => {
  test('pages carry the nextLink as checkpoint and end on a deltaLink cursor; Prefer headers are sent', async () => {
    const { adapter, events, asUser, request, requests } = await setup();
    for (let i = 0; i < 7; i++)
      await asUser('POST', events, contentToGraph(contractContent({ title: `Item ${i}` })));
    const first = await adapter.pullChanges(request);
    expect(first.next.kind).toBe('more');
    if (first.next.kind !== 'more') return;
    expect(first.next.checkpoint).toMatchObject({ mode: 'full', pagesDone: 1, window });
    expect(JSON.parse(first.next.checkpoint.token).link).toContain('$skiptoken=');
    const rest = await pullAll(adapter, { ...request, checkpoint: first.next.checkpoint });
    expect(JSON.parse(rest.cursor).link).toContain('$deltatoken=');
    expect(upserts([...first.changes, ...rest.changes])).toHaveLength(7);
    const delta = requests.filter((r) => r.url.includes('/calendarView/delta'));
    expect(delta[0]!.prefer).toContain('odata.maxpagesize=5');
    expect(delta[0]!.prefer).toContain('outlook.timezone="UTC"');
    expect(delta[0]!.url).toContain('startDateTime=2026-02-01T00%3A00%3A00.000Z');
  });

  test('an expired delta token or skip token is CursorExpiredError', async () => {
    const { account, adapter, events, asUser, request } = await setup();
    for (let i = 0; i < 7; i++)
      await asUser('POST', events, contentToGraph(contractContent({ title: `Item ${i}` })));
    const first = await adapter.pullChanges(request);
    const { cursor } = await pullAll(adapter, request);
    await env.sandbox.control.expire({
      provider: 'microsoft',
      email: account.email,
      what: 'sync_tokens',
    });
    await expect(adapter.pullChanges({ ...request, cursor })).rejects.toBeInstanceOf(
      CursorExpiredError,
    );
    if (first.next.kind !== 'more') throw new Error('expected more pages');
    await expect(
      adapter.pullChanges({ ...request, checkpoint: first.next.checkpoint }),
    ).rejects.toBeInstanceOf(CursorExpiredError);
  });

  test('incremental: deletions, items leaving the window, cancelled instances and deleted series', async () => {
    const { adapter, events, asUser, request } = await setup();
    const doomed = await asUser<GraphEvent>(
      'POST',
      events,
      contentToGraph(contractContent({ title: 'Doomed' })),
    );
    const leaving = await asUser<GraphEvent>(
      'POST',
      events,
      contentToGraph(contractContent({ title: 'Leaving' })),
    );
    const series = await asUser<GraphEvent>('POST', events, {
      ...contentToGraph(contractContent({ title: 'Daily' })),
      recurrence: {
        pattern: { type: 'daily', interval: 1 },
        range: {
          type: 'numbered',
          startDate: '2026-03-10',
          numberOfOccurrences: 4,
          recurrenceTimeZone: 'America/New_York',
        },
      },
    });
    const initial = await pullAll(adapter, request);
    expect(
      upserts(initial.changes)
        .map((e) => e.content.title)
        .sort(),
    ).toEqual(['Daily', 'Doomed', 'Leaving']);

    await asUser('DELETE', `${events}/${doomed.id}`);
    await asUser('PATCH', `${events}/${leaving.id}`, {
      start: { dateTime: '2026-09-01T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-09-01T11:00:00', timeZone: 'UTC' },
    });
    const instances = await asUser<{ value: GraphEvent[] }>(
      'GET',
      `${events}/${series.id}/instances?startDateTime=2026-03-11T00:00:00Z&endDateTime=2026-03-12T00:00:00Z`,
    );
    await asUser('DELETE', `${events}/${instances.value[0]!.id}`);
    const second = await pullAll(adapter, { ...request, cursor: initial.cursor });
    expect(removals(second.changes)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ externalId: doomed.id, reason: 'deleted' }),
        expect.objectContaining({ externalId: leaving.id, reason: 'left_window' }),
      ]),
    );
    const cancelled = upserts(second.changes).filter(
      (e) => e.seriesExternalId === series.id && e.content.status === 'cancelled',
    );
    expect(cancelled.map((e) => e.originalStart)).toEqual([
      { kind: 'instant', atUTC: '2026-03-11T14:00:00.000Z' },
    ]);

    await asUser('DELETE', `${events}/${series.id}`);
    const third = await pullAll(adapter, { ...request, cursor: second.cursor });
    expect(removals(third.changes)).toEqual([
      expect.objectContaining({ externalId: series.id, reason: 'deleted' }),
    ]);
    expect(upserts(third.changes)).toHaveLength(0);
  });

  test('an edited series arrives as its master again; plain occurrences never become events', async () => {
    const { adapter, events, asUser, request } = await setup();
    const series = await asUser<GraphEvent>('POST', events, {
      ...contentToGraph(contractContent({ title: 'Weekly' })),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'numbered', startDate: '2026-03-10', numberOfOccurrences: 3 },
      },
    });
    const initial = await pullAll(adapter, request);
    expect(upserts(initial.changes).map((e) => e.externalId)).toEqual([series.id]);
    await asUser('PATCH', `${events}/${series.id}`, { subject: 'Weekly (renamed)' });
    const second = await pullAll(adapter, { ...request, cursor: initial.cursor });
    expect(upserts(second.changes).map((e) => [e.externalId, e.content.title])).toEqual([
      [series.id, 'Weekly (renamed)'],
    ]);
  });
});

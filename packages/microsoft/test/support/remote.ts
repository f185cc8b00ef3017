import type { EventContent, EventTime, OriginalStart } from '@calsync/core';
import { originalStartKey, recurrenceToGraph } from '@calsync/core';
import type { RemoteControl } from '@calsync/core/testing';
import type { GraphEvent } from '../../src/index.js';
import { contentToGraph, graphEventToRemote } from '../../src/index.js';
import { graphAsUser } from './sandbox.js';
import type { TestSandbox } from './sandbox.js';

interface Page {
  value: GraphEvent[];
}

/** The user's own hand on their Outlook calendar, through Graph directly (not the adapter). */
export function sandboxRemote(
  env: TestSandbox,
  account: { email: string; token: string; calendarId: string },
  malformed: { arm: () => string },
): RemoteControl {
  const base = env.microsoftBase;
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    graphAsUser<T>(base, account.token, method, path, body);
  const events = `/me/calendars/${encodeURIComponent(account.calendarId)}/events`;

  const findInstance = async (
    seriesId: string,
    originalStart: OriginalStart,
  ): Promise<GraphEvent> => {
    const at =
      originalStart.kind === 'instant'
        ? originalStart.atUTC
        : `${originalStart.kind === 'date' ? originalStart.date : originalStart.atLocal}`;
    const from = new Date(Date.parse(at) - 86_400_000).toISOString();
    const to = new Date(Date.parse(at) + 2 * 86_400_000).toISOString();
    const page = await call<Page>(
      'GET',
      `${events}/${encodeURIComponent(seriesId)}/instances?startDateTime=${from}&endDateTime=${to}`,
    );
    const wanted = originalStartKey(originalStart);
    const found = page.value.find((i) => {
      const mapped = graphEventToRemote(i, account.calendarId);
      return (
        mapped.kind === 'event' &&
        mapped.event.originalStart &&
        originalStartKey(mapped.event.originalStart) === wanted
      );
    });
    if (!found?.id) throw new Error(`no instance at ${wanted}`);
    return found;
  };

  const bodyFor = (content: EventContent): Record<string, unknown> => {
    const body = contentToGraph(content);
    if (content.recurrence) {
      const conversion = recurrenceToGraph(content.recurrence, content.time);
      if (conversion.kind !== 'pattern') throw new Error('test series not representable');
      body.recurrence = conversion.recurrence;
    }
    return body;
  };

  return {
    async createExternal(content) {
      const created = await call<GraphEvent>('POST', events, bodyFor(content));
      return created.id!;
    },
    async updateExternal(externalId, patch) {
      const current = await call<GraphEvent>('GET', `${events}/${encodeURIComponent(externalId)}`);
      const mapped = graphEventToRemote(current, account.calendarId);
      if (mapped.kind !== 'event') throw new Error('unreadable event');
      const body = bodyFor({ ...mapped.event.content, ...patch });
      if (!patch.recurrence) delete body.recurrence;
      await call('PATCH', `${events}/${encodeURIComponent(externalId)}`, body);
    },
    async deleteExternal(externalId) {
      await call('DELETE', `${events}/${encodeURIComponent(externalId)}`);
    },
    async moveInstance(seriesId, originalStart, time: EventTime) {
      const instance = await findInstance(seriesId, originalStart);
      const { start, end } = contentToGraph({ ...emptyContent(), time }) as Pick<
        GraphEvent,
        'start' | 'end'
      >;
      await call('PATCH', `${events}/${encodeURIComponent(instance.id!)}`, { start, end });
    },
    async cancelInstance(seriesId, originalStart) {
      const instance = await findInstance(seriesId, originalStart);
      await call('DELETE', `${events}/${encodeURIComponent(instance.id!)}`);
    },
    async expireCursors() {
      await env.sandbox.control.expire({
        provider: 'microsoft',
        email: account.email,
        what: 'sync_tokens',
      });
    },
    async injectMalformed() {
      return malformed.arm();
    },
  };
}

function emptyContent(): EventContent {
  return {
    title: '',
    description: null,
    location: null,
    time: { kind: 'all_day', startDate: '2026-01-01', endDate: '2026-01-02' },
    recurrence: null,
    attendees: [],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: true, overrides: [] },
    transparency: 'opaque',
  };
}

/**
 * A `fetch` for the adapter that, once armed, plants one unreadable item (an event whose
 * times cannot be read) into the next calendarView delta page: Graph itself never stores one.
 */
export function malformedInjectingFetch(): { fetch: typeof fetch; arm: () => string } {
  let armed: string | null = null;
  let counter = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!armed || !url.includes('/calendarView/delta') || !response.ok) return response;
    const body = (await response.json()) as { value?: unknown[] };
    body.value = [
      ...(body.value ?? []),
      {
        id: armed,
        type: 'singleInstance',
        subject: 'Broken',
        start: { dateTime: 'not a time', timeZone: 'UTC' },
        end: { dateTime: '', timeZone: 'UTC' },
      },
    ];
    armed = null;
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: response.headers,
    });
  };
  return {
    fetch: wrapped,
    arm: () => {
      counter++;
      armed = `AAMkMalformed${counter}`;
      return armed;
    },
  };
}

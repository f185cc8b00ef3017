import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthError,
  CursorExpiredError,
  PreconditionFailedError,
  expandSeries,
  originalStartKey,
} from '@calsync/core';
import { SyncHarness } from '@calsync/core/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/** Registers nothing: a scenario that does not apply to this server (its reason is in the title of the other). */
const noTest = (..._args: Parameters<typeof test>): void => undefined;
import { connectCalDAV, createCalDAVAdapter } from '../src/index.js';
import { MALFORMED_EVENT_ICS } from '../src/testing/index.js';
import {
  NOW,
  type ServerUnderTest,
  WINDOW,
  content,
  contentLines,
  fixture,
  key,
  pullRound,
  startServer,
  upserts,
} from './support.js';

/** The shared real-world corpus beside the checkout; its test is reported as skipped without it. */
const FIXTURES = join(process.cwd(), '..', '..', '..', 'shared', 'fixtures', 'ics');
const FIXTURES_PRESENT = existsSync(FIXTURES);
/** The project's own small corpus (core's test data), always present. */
const OWN_CORPUS = join(process.cwd(), '..', 'core', 'test', 'corpus');

/** The adapter suite, run once per server. */
export function describeCalDAVServer(kind: 'radicale' | 'xandikos'): void {
  describe(`CalDAV adapter against ${kind}`, () => {
    let sut: ServerUnderTest;
    beforeAll(async () => {
      sut = await startServer(kind);
    });
    afterAll(async () => {
      await sut?.server.stop();
    });

    test('connect discovers principal, home and event calendars', async () => {
      const { calendarId } = await fixture(sut);
      const result = await connectCalDAV({
        serverUrl: sut.server.serverUrl,
        username: sut.username,
        password: sut.password,
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.account.homeUrl.startsWith(sut.server.serverUrl)).toBe(true);
      const calendar = result.account.calendars.find((c) => c.calendarId === calendarId);
      expect(calendar).toMatchObject({ accessRole: 'owner', url: calendarId });
      expect(calendar?.components).toContain('VEVENT');
    });

    (kind === 'radicale' ? test : noTest)(
      'a wrong password is a typed auth failure, later an AuthError',
      async () => {
        const result = await connectCalDAV({
          serverUrl: sut.server.serverUrl,
          username: sut.username,
          password: 'wrong',
        });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe('caldav_auth_failed');
        expect(result.error.hint).toMatch(/password/);
        const { calendarId } = await fixture(sut);
        const context = { fetch, now: () => new Date(), getAccessToken: async () => '' };
        const adapter = createCalDAVAdapter(context, {
          flavour: 'generic',
          serverUrl: sut.server.serverUrl,
          username: sut.username,
          password: 'wrong',
        });
        await expect(
          adapter.pullChanges({ calendarId, cursor: null, checkpoint: null, window: WINDOW }),
        ).rejects.toBeInstanceOf(AuthError);
      },
    );

    test('create, update and delete round-trip every modelled field', async () => {
      const f = await fixture(sut);
      const rich = content({
        attendees: [
          {
            email: 'ann@example.com',
            name: 'Ann',
            responseStatus: 'accepted',
            optional: false,
            organizer: true,
            resource: false,
          },
          {
            email: 'bob@example.com',
            name: 'Bob, Jr.',
            responseStatus: 'tentative',
            optional: true,
            organizer: false,
            resource: false,
          },
        ],
        reminders: {
          useDefault: false,
          overrides: [
            { method: 'popup', minutesBefore: 10 },
            { method: 'email', minutesBefore: 60 },
          ],
        },
        meeting: { provider: 'zoom', joinUrl: 'https://zoom.us/j/123456789', conferenceId: null },
        transparency: 'transparent',
      });
      const created = await f.adapter.createEvent({
        calendarId: f.calendarId,
        idempotencyKey: key(),
        appointmentId: 'apt-1',
        iCalUID: `${key()}@calsync.test`,
        content: rich,
        series: null,
      });
      expect(created.reused).toBe(false);
      expect(created.event.calsyncAppointmentId).toBe('apt-1');
      expect(created.event.content).toEqual(rich);
      const first = await pullRound(f.adapter, f.calendarId, null);
      expect(
        upserts(first.changes).find((e) => e.externalId === created.event.externalId)?.content,
      ).toEqual(rich);

      const edited = {
        ...rich,
        title: 'Planning (moved)',
        location: null,
        time: { kind: 'all_day' as const, startDate: '2026-03-12', endDate: '2026-03-13' },
      };
      const updated = await f.adapter.updateEvent({
        calendarId: f.calendarId,
        externalId: created.event.externalId,
        etag: created.event.etag,
        content: edited,
      });
      expect(updated.event.content).toEqual(edited);
      expect(updated.event.etag).not.toBe(created.event.etag);
      await expect(
        f.adapter.updateEvent({
          calendarId: f.calendarId,
          externalId: created.event.externalId,
          etag: created.event.etag,
          content: rich,
        }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      const raw = await f.other.getRaw(created.event.externalId);
      expect(raw.text).toMatch(/SEQUENCE:1/);
      expect(raw.text).toMatch(/URL:https:\/\/zoom\.us\/j\/123456789/);
      expect(raw.text).toMatch(/LOCATION:https:\/\/zoom\.us\/j\/123456789/);
      const second = await pullRound(f.adapter, f.calendarId, first.cursor);
      expect(upserts(second.changes).map((e) => e.content.title)).toEqual(['Planning (moved)']);

      await f.adapter.deleteEvent({
        calendarId: f.calendarId,
        externalId: created.event.externalId,
        etag: updated.event.etag,
      });
      const third = await pullRound(f.adapter, f.calendarId, second.cursor);
      expect(third.changes).toEqual([
        expect.objectContaining({
          kind: 'removed',
          externalId: created.event.externalId,
          reason: 'deleted',
        }),
      ]);
      await f.adapter.deleteEvent({
        calendarId: f.calendarId,
        externalId: created.event.externalId,
        etag: updated.event.etag,
      });
    });

    test('a create repeated after a lost response finds the first one', async () => {
      const f = await fixture(sut);
      const request = {
        calendarId: f.calendarId,
        idempotencyKey: key(),
        appointmentId: 'apt-2',
        iCalUID: `${key()}@calsync.test`,
        content: content(),
        series: null,
      };
      const first = await f.adapter.createEvent(request);
      const again = await f.adapter.createEvent(request);
      expect(again).toMatchObject({
        reused: true,
        event: { externalId: first.event.externalId, etag: first.event.etag },
      });
      // Same UID under another key (a server that renamed the resource): still one event.
      const renamed = await f.adapter.createEvent({ ...request, idempotencyKey: key() });
      expect(renamed).toMatchObject({
        reused: true,
        event: { externalId: first.event.externalId },
      });
      expect(upserts((await pullRound(f.adapter, f.calendarId, null)).changes)).toHaveLength(1);
    });

    test('an invalid sync-token is CursorExpiredError, then a full resync without duplicates', async () => {
      const f = await fixture(sut);
      const harness = new SyncHarness(f.adapter, {
        calendarId: f.calendarId,
        window: WINDOW,
        now: () => NOW,
      });
      const kept = await f.other.createExternal(content({ title: 'Kept' }));
      await harness.sync();
      await f.other.updateExternal(kept, { title: 'Kept (edited)' });
      await f.other.createExternal(content({ title: 'New' }));
      f.expiry.expireAll();
      await expect(
        f.adapter.pullChanges({
          calendarId: f.calendarId,
          cursor: harness.cursor,
          checkpoint: null,
          window: WINDOW,
        }),
      ).rejects.toSatisfy(
        (e) =>
          e instanceof CursorExpiredError &&
          e.status === sut.server.kind.length * 0 + (kind === 'radicale' ? 403 : 500),
      );
      const report = await harness.sync();
      expect(report.fullResync).toBe(true);
      expect(
        harness
          .liveAppointments()
          .map((a) => a.title)
          .sort(),
      ).toEqual(['Kept (edited)', 'New']);
      // The new cursor works.
      expect((await harness.sync()).fullResync).toBe(false);
    });

    test('an edit by another client is picked up by the next pull', async () => {
      const f = await fixture(sut);
      const created = await f.adapter.createEvent({
        calendarId: f.calendarId,
        idempotencyKey: key(),
        appointmentId: 'apt-3',
        iCalUID: `${key()}@calsync.test`,
        content: content(),
        series: null,
      });
      const { cursor } = await pullRound(f.adapter, f.calendarId, null);
      await f.other.updateExternal(created.event.externalId, { title: 'Renamed on the phone' });
      const next = await pullRound(f.adapter, f.calendarId, cursor);
      const event = upserts(next.changes)[0];
      expect(event?.content.title).toBe('Renamed on the phone');
      expect(event?.etag).not.toBe(created.event.etag);
      const unchanged = await pullRound(f.adapter, f.calendarId, next.cursor);
      expect(unchanged.changes).toEqual([]);
    });

    test("another client's edit landing between our PUT and its read-back is not taken for ours", async () => {
      let interleave: (() => Promise<void>) | null = null;
      const f = await fixture(
        sut,
        {},
        {
          afterPut: async () => {
            const edit = interleave;
            interleave = null;
            await edit?.();
          },
        },
      );
      const created = await f.adapter.createEvent({
        calendarId: f.calendarId,
        idempotencyKey: key(),
        appointmentId: 'apt-race',
        iCalUID: `${key()}@calsync.test`,
        content: content(),
        series: null,
      });
      const { cursor } = await pullRound(f.adapter, f.calendarId, null);
      interleave = () => f.other.updateExternal(created.event.externalId, { title: 'Theirs' });

      const ours = await f.adapter.updateEvent({
        calendarId: f.calendarId,
        externalId: created.event.externalId,
        etag: created.event.etag,
        content: { ...content(), title: 'Ours' },
      });

      expect(ours.event.content.title).toBe('Ours');
      const next = await pullRound(f.adapter, f.calendarId, cursor);
      const theirs = upserts(next.changes)[0];
      expect(theirs?.content.title).toBe('Theirs');
      expect(theirs?.etag).not.toBe(ours.event.etag);
      // An update based on what we wrote is refused until their edit is reconciled.
      await expect(
        f.adapter.updateEvent({
          calendarId: f.calendarId,
          externalId: created.event.externalId,
          etag: ours.event.etag,
          content: { ...content(), title: 'Ours again' },
        }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    test('properties Calsync does not model survive an update byte for byte', async () => {
      const f = await fixture(sut);
      const extras = [
        'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC',
        'X-MOZ-GENERATION:3',
        'COLOR:turquoise',
        'CATEGORIES:Work,Planning',
        'ATTACH;FMTTYPE=application/pdf:https://files.example.com/agenda.pdf',
        'X-CUSTOM;X-PARAM="a;b":value with \\, escaped comma',
      ];
      const href = await f.other.createExternal(content({ title: 'Decorated' }), extras);
      const before = await f.other.getRaw(href);
      const pick = (text: string): string[] =>
        contentLines(text).filter((l) => /^(X-(?!CALSYNC)|COLOR|CATEGORIES|ATTACH)/.test(l));
      expect(pick(before.text)).toHaveLength(extras.length);
      const pulled = upserts((await pullRound(f.adapter, f.calendarId, null)).changes)[0]!;
      await f.adapter.updateEvent({
        calendarId: f.calendarId,
        externalId: pulled.externalId,
        etag: pulled.etag,
        content: { ...pulled.content, title: 'Decorated (edited)' },
      });
      const after = await f.other.getRaw(href);
      expect(pick(after.text)).toEqual(pick(before.text));
      expect(after.text).toMatch(/SUMMARY:Decorated \(edited\)/);
    });

    test('a series with a moved and a cancelled instance lives in one resource', async () => {
      const f = await fixture(sut);
      const weekly = content({
        title: 'Weekly',
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=5'] },
      });
      const series = await f.adapter.createEvent({
        calendarId: f.calendarId,
        idempotencyKey: key(),
        appointmentId: 'apt-4',
        iCalUID: `${key()}@calsync.test`,
        content: weekly,
        series: null,
      });
      const slots = expandSeries({
        time: weekly.time,
        recurrence: weekly.recurrence!,
        window: WINDOW,
      }).occurrences;
      const moved = slots[1]!.originalStart;
      const movedTo = {
        kind: 'zoned' as const,
        startsAtUTC: '2026-03-18T08:00:00.000Z',
        endsAtUTC: '2026-03-18T09:00:00.000Z',
        timeZone: 'Europe/Berlin',
      };
      const override = await f.adapter.createEvent({
        calendarId: f.calendarId,
        idempotencyKey: key(),
        appointmentId: 'apt-5',
        iCalUID: series.event.iCalUID!,
        content: { ...weekly, title: 'Weekly (moved)', time: movedTo },
        series: { externalId: series.event.externalId, originalStart: moved },
      });
      expect(override.event).toMatchObject({
        seriesExternalId: series.event.externalId,
        originalStart: moved,
      });
      await f.adapter.deleteEvent({
        calendarId: f.calendarId,
        externalId: `${series.event.externalId}#r=${encodeURIComponent(originalStartKey(slots[2]!.originalStart))}`,
        etag: null,
      });
      const raw = await f.other.getRaw(series.event.externalId);
      expect(raw.text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
      expect(raw.text).toMatch(/RECURRENCE-ID;TZID=Europe\/Berlin:20260317T150000/);
      expect(raw.text).toMatch(/EXDATE;TZID=Europe\/Berlin:20260324T150000/);
      const { changes } = await pullRound(f.adapter, f.calendarId, null);
      expect(
        upserts(changes)
          .map((e) => e.content.title)
          .sort(),
      ).toEqual(['Weekly', 'Weekly (moved)']);
      expect(changes).toContainEqual(
        expect.objectContaining({
          kind: 'removed',
          reason: 'cancelled',
          originalStart: slots[2]!.originalStart,
        }),
      );
      // The master's version tag did not change when the override was written after it.
      const master = upserts(changes).find((e) => e.externalId === series.event.externalId)!;
      await f.adapter.updateEvent({
        calendarId: f.calendarId,
        externalId: master.externalId,
        etag: master.etag,
        content: { ...master.content, title: 'Weekly (renamed)' },
      });
      const after = upserts((await pullRound(f.adapter, f.calendarId, null)).changes);
      expect(after.map((e) => e.content.title).sort()).toEqual([
        'Weekly (moved)',
        'Weekly (renamed)',
      ]);
    });

    (kind === 'radicale' ? test : noTest)(
      'Radicale refuses malformed objects and sanitizes sloppy ones',
      async () => {
        const f = await fixture(sut);
        await expect(f.other.putRaw('broken.ics', MALFORMED_EVENT_ICS)).rejects.toThrow(/400/);
        const sloppy = MALFORMED_EVENT_ICS.replace('RECURRENCE-ID:garbage\r\n', '').replace(
          'DTEND:20260310T110000Z\r\n',
          '',
        );
        await f.other.putRaw(
          'sloppy.ics',
          sloppy.replace('DTSTART:20260310T100000Z', 'DTSTART:20260310T1000Z'),
        );
        const result = await pullRound(f.adapter, f.calendarId, null);
        expect(upserts(result.changes).map((e) => e.content.time)).toEqual([
          { kind: 'all_day', startDate: '2026-03-10', endDate: '2026-03-11' },
        ]);
      },
    );

    (kind === 'xandikos' ? test : noTest)(
      'a malformed object is skipped and reported, the rest of the pull goes on',
      async () => {
        const f = await fixture(sut);
        await f.other.createExternal(content({ title: 'Good 1' }));
        const { cursor } = await pullRound(f.adapter, f.calendarId, null);
        const bad = await f.other.putRaw('broken.ics', MALFORMED_EVENT_ICS);
        await f.other.createExternal(content({ title: 'Good 2' }));
        // Incremental: sync-collection lists the broken object like any other.
        const next = await pullRound(f.adapter, f.calendarId, cursor);
        expect(upserts(next.changes).map((e) => e.content.title)).toEqual(['Good 2']);
        expect(next.issues).toEqual([
          expect.objectContaining({
            externalId: bad,
            reason: expect.stringMatching(/RECURRENCE-ID/),
          }),
        ]);
        // Full: Xandikos' calendar-query crashes (500) on the broken object; the adapter lists all members instead.
        const full = await pullRound(f.adapter, f.calendarId, null);
        expect(
          upserts(full.changes)
            .map((e) => e.content.title)
            .sort(),
        ).toEqual(['Good 1', 'Good 2']);
        expect(full.issues.map((i) => i.externalId)).toEqual([bad]);
      },
    );

    test.skipIf(!FIXTURES_PRESENT)(
      'real-world files from other clients (../shared/fixtures) are read, broken ones reported',
      async () => {
        const f = await fixture(sut, { fullSyncScope: 'all' });
        const names = [
          'ical.js/recur_instances.ics',
          'ical.js/daily_recur.ics',
          'ical.js/duration_instead_of_dtend.ics',
          'python-icalendar/alarm_google_acknowledged.ics',
          'python-icalendar/issue_722_missing_VTIMEZONE_custom.ics',
          'python-icalendar/america_new_york.ics',
        ].filter((name) =>
          readdirSync(join(FIXTURES, name.split('/')[0]!)).includes(name.split('/')[1]!),
        );
        let accepted = 0;
        for (const [index, name] of names.entries()) {
          try {
            await f.other.putRaw(
              `fixture-${index}.ics`,
              readFileSync(join(FIXTURES, name), 'utf8'),
            );
            accepted++;
          } catch {
            // The server itself refused the file; nothing to pull.
          }
        }
        expect(accepted).toBeGreaterThan(2);
        const wide = {
          startsAtUTC: '1990-01-01T00:00:00.000Z',
          endsAtUTC: '2040-01-01T00:00:00.000Z',
        };
        const all = await pullRound(f.adapter, f.calendarId, null, 100, wide);
        const result = await pullRound(f.adapter, f.calendarId, all.cursor);
        expect(result.changes).toEqual([]);
        // Not every accepted file is an event here (Xandikos even answered 201 for a file it then
        // stored under another name), so count loosely; the point is that the pull survives them.
        expect(upserts(all.changes).length).toBeGreaterThanOrEqual(3);
      },
    );

    test('the own corpus (packages/core/test/corpus) is read, broken events reported, good ones kept', async () => {
      const f = await fixture(sut, { fullSyncScope: 'all' });
      const names = readdirSync(OWN_CORPUS).filter((name) => name.endsWith('.ics'));
      for (const [index, name] of names.entries()) {
        try {
          await f.other.putRaw(`own-${index}.ics`, readFileSync(join(OWN_CORPUS, name), 'utf8'));
        } catch {
          // The server itself refused the file (a truncated one, say); nothing to pull.
        }
      }
      const wide = {
        startsAtUTC: '1990-01-01T00:00:00.000Z',
        endsAtUTC: '2040-01-01T00:00:00.000Z',
      };
      const all = await pullRound(f.adapter, f.calendarId, null, 100, wide);
      const titles = upserts(all.changes).map((e) => e.content.title);
      // Whatever the server accepted of the file with broken events, the good ones beside them arrive.
      expect(titles).toEqual(expect.arrayContaining(['Plain UTC event', 'Stand-up']));
      const again = await pullRound(f.adapter, f.calendarId, all.cursor);
      expect(again.changes).toEqual([]);
    });

    test('the ctag fallback finds updates and removals like sync-collection', async () => {
      const f = await fixture(sut, { syncMethod: 'ctag' });
      const a = await f.other.createExternal(content({ title: 'A' }));
      const b = await f.other.createExternal(content({ title: 'B' }));
      const first = await pullRound(f.adapter, f.calendarId, null);
      expect(first.cursor.startsWith('caldav1:ctag:')).toBe(true);
      const quiet = await pullRound(f.adapter, f.calendarId, first.cursor);
      expect(quiet.changes).toEqual([]);
      await f.other.updateExternal(a, { title: 'A2' });
      await f.other.deleteExternal(b);
      const next = await pullRound(f.adapter, f.calendarId, first.cursor);
      expect(upserts(next.changes).map((e) => e.content.title)).toEqual(['A2']);
      expect(next.changes).toContainEqual(
        expect.objectContaining({ kind: 'removed', externalId: b }),
      );
    });

    test('an interrupted full sync resumes from its checkpoint', async () => {
      const f = await fixture(sut);
      for (let i = 0; i < 5; i++) await f.other.createExternal(content({ title: `Item ${i}` }));
      const page = await f.adapter.pullChanges({
        calendarId: f.calendarId,
        cursor: null,
        checkpoint: null,
        window: WINDOW,
        pageSize: 2,
      });
      expect(page.next.kind).toBe('more');
      if (page.next.kind !== 'more') return;
      await f.other.createExternal(content({ title: 'Created meanwhile' }));
      let request = {
        calendarId: f.calendarId,
        cursor: null,
        checkpoint: page.next.checkpoint,
        window: WINDOW,
        pageSize: 2,
      };
      const titles = upserts(page.changes).map((e) => e.content.title);
      for (;;) {
        const next = await f.adapter.pullChanges(request);
        titles.push(...upserts(next.changes).map((e) => e.content.title));
        if (next.next.kind === 'done') {
          const later = await pullRound(f.adapter, f.calendarId, next.next.cursor);
          titles.push(...upserts(later.changes).map((e) => e.content.title));
          break;
        }
        request = { ...request, checkpoint: next.next.checkpoint };
      }
      expect(titles.sort()).toEqual([
        'Created meanwhile',
        'Item 0',
        'Item 1',
        'Item 2',
        'Item 3',
        'Item 4',
      ]);
    });

    test('free/busy expands series locally and skips free and cancelled time', async () => {
      const f = await fixture(sut);
      await f.other.createExternal(
        content({
          title: 'Daily',
          recurrence: {
            lines: ['RRULE:FREQ=DAILY;COUNT=3', 'EXDATE;TZID=Europe/Berlin:20260311T150000'],
          },
        }),
      );
      await f.other.createExternal(content({ title: 'Free', transparency: 'transparent' }));
      await f.other.createExternal(
        content({
          title: 'Maybe',
          status: 'tentative',
          time: {
            kind: 'zoned',
            startsAtUTC: '2026-03-13T09:00:00.000Z',
            endsAtUTC: '2026-03-13T09:30:00.000Z',
            timeZone: 'UTC',
          },
        }),
      );
      const busy = await f.adapter.freeBusy({
        calendarIds: [f.calendarId],
        range: { startsAtUTC: '2026-03-09T00:00:00.000Z', endsAtUTC: '2026-03-16T00:00:00.000Z' },
      });
      expect(busy.map((b) => [b.startsAtUTC, b.status])).toEqual([
        ['2026-03-10T14:00:00.000Z', 'busy'],
        ['2026-03-12T14:00:00.000Z', 'busy'],
        ['2026-03-13T09:00:00.000Z', 'tentative'],
      ]);
      expect(
        await f.adapter.watch({
          calendarId: f.calendarId,
          callbackUrl: 'https://x',
          verificationToken: 't',
          requestedTtlSeconds: 60,
        }),
      ).toBeNull();
    });
  });
}

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type {
  Appointment,
  Attendee,
  ContentField,
  EventContent,
  EventLink,
  PrivacyLevel,
  RemoteChange,
} from '../src/index.js';
import {
  CONTENT_FIELDS,
  applyPrivacy,
  contentEqual,
  normalizeContent,
  reconcile,
  valuesEqual,
} from '../src/index.js';
import { appointment, content, input, link, remote } from './fixtures.js';

const emails = ['ann@example.com', 'bob@example.com', 'cy@example.com'];
const attendeeArb: fc.Arbitrary<Attendee> = fc.record({
  email: fc.constantFrom(...emails),
  name: fc.constantFrom('A', 'B', null),
  responseStatus: fc.constantFrom('needs_action', 'accepted', 'declined', 'tentative'),
  optional: fc.boolean(),
  organizer: fc.constant(false),
  resource: fc.constant(false),
});
const startArb = fc.constantFrom(
  '2026-03-10T14:00:00.000Z',
  '2026-03-11T09:30:00.000Z',
  '2026-03-12T18:00:00.000Z',
);

/** One generator per field, so triples can differ field by field. */
const fieldArbs: { [F in ContentField]: fc.Arbitrary<EventContent[F]> } = {
  title: fc.constantFrom('Interview', 'Sync', 'Lunch', 'Review'),
  description: fc.constantFrom(null, 'Notes', 'Agenda'),
  location: fc.constantFrom(null, 'Room 1', 'Room 2'),
  time: startArb.map((startsAtUTC) => ({
    kind: 'zoned' as const,
    startsAtUTC,
    endsAtUTC: new Date(Date.parse(startsAtUTC) + 3_600_000).toISOString(),
    timeZone: 'Europe/Berlin',
  })),
  recurrence: fc.constantFrom(
    null,
    { lines: ['RRULE:FREQ=WEEKLY;COUNT=4'] },
    { lines: ['RRULE:FREQ=DAILY'] },
  ),
  attendees: fc.uniqueArray(attendeeArb, { selector: (a) => a.email, maxLength: 3 }),
  status: fc.constantFrom('confirmed', 'tentative'),
  meeting: fc.constantFrom(null, {
    provider: 'zoom' as const,
    joinUrl: 'https://zoom.us/j/1',
    conferenceId: '1',
  }),
  reminders: fc.constantFrom(
    { useDefault: true, overrides: [] },
    { useDefault: false, overrides: [{ method: 'popup' as const, minutesBefore: 10 }] },
  ),
  transparency: fc.constantFrom('opaque', 'transparent'),
};

const contentArb: fc.Arbitrary<EventContent> = fc
  .record(fieldArbs)
  .map((c) => normalizeContent(c as EventContent));

/** A copy of `source` where each field is, with some probability, replaced. */
function editOf(source: EventContent): fc.Arbitrary<EventContent> {
  const perField = CONTENT_FIELDS.map((field) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(source[field]) },
      { weight: 1, arbitrary: fieldArbs[field] },
    ),
  );
  return fc.tuple(...perField).map((values) => {
    const next: Record<string, unknown> = {};
    CONTENT_FIELDS.forEach((field, index) => (next[field] = values[index]));
    return normalizeContent(next as unknown as EventContent);
  });
}

const timeArb = fc.constantFrom(
  '2026-03-01T10:00:00.000Z',
  '2026-03-02T10:00:00.000Z',
  '2026-03-03T10:00:00.000Z',
);
const tripleArb: fc.Arbitrary<Triple> = contentArb.chain((base) =>
  fc.record({
    base: fc.constant(base),
    internal: editOf(base),
    external: editOf(base),
    internalAt: timeArb,
    externalAt: timeArb,
    privacy: fc.constantFrom<PrivacyLevel>('full', 'normal', 'minimal'),
  }),
);

interface Triple {
  base: EventContent;
  internal: EventContent;
  external: EventContent;
  internalAt: string;
  externalAt: string;
  privacy: PrivacyLevel;
}

function stepFor(t: Triple) {
  // The base is what the remote held, i.e. already privacy-projected.
  const base = normalizeContent(applyPrivacy(t.base, t.privacy));
  const external = t.privacy === 'full' ? t.external : mergeProjected(base, t.external, t.privacy);
  return input({
    change: { kind: 'upsert', event: remote(external, { updatedAt: t.externalAt }) },
    link: link(base, { remoteUpdatedAt: '2026-02-01T00:00:00.000Z' }),
    appointment: appointment(t.internal, { updatedAt: t.internalAt }),
    policy: {
      direction: 'bidirectional',
      removal: 'soft_delete',
      privacy: t.privacy,
      window: null,
    },
  });
}

/** A remote that only shows projected fields (it never saw the hidden ones) but may edit the visible ones. */
function mergeProjected(
  base: EventContent,
  edited: EventContent,
  privacy: PrivacyLevel,
): EventContent {
  const projected = normalizeContent(applyPrivacy(edited, privacy));
  return normalizeContent({
    ...projected,
    title: privacy === 'minimal' ? base.title : projected.title,
  });
}

describe('reconcile properties over random base/internal/external triples', () => {
  test('the two sides converge', () => {
    fc.assert(
      fc.property(tripleArb, (t) => {
        const step = stepFor(t);
        const result = reconcile(step);
        const externalAfter =
          result.push === 'update'
            ? result.pushContent!
            : (step.change as { event: { content: EventContent } }).event.content;
        const internalAfter = normalizeContent(applyPrivacy(result.appointment!, t.privacy));
        expect(contentEqual(internalAfter, externalAfter)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('no edit is lost without a conflict record', () => {
    fc.assert(
      fc.property(
        tripleArb.filter((t) => t.privacy === 'full'),
        (t) => {
          const result = reconcile(stepFor(t));
          const final = normalizeContent(result.appointment!);
          const conflicted = new Set(result.conflict?.fields ?? []);
          for (const field of CONTENT_FIELDS) {
            for (const side of [t.internal, t.external]) {
              if (field === 'attendees') {
                for (const email of emails) {
                  const mine = side.attendees.find((a) => a.email === email);
                  const was = t.base.attendees.find((a) => a.email === email);
                  if (!valuesEqual(mine, was) && !conflicted.has(field)) {
                    expect(final.attendees.find((a) => a.email === email)).toEqual(mine);
                  }
                }
              } else if (!valuesEqual(side[field], t.base[field]) && !conflicted.has(field)) {
                expect(final[field]).toEqual(side[field]);
              }
            }
          }
          if (result.conflict) {
            expect(result.conflict.internal).toEqual(t.internal);
            expect(result.conflict.external).toEqual(t.external);
            expect(result.conflict.base).toEqual(t.base);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('reconciling twice equals reconciling once', () => {
    fc.assert(
      fc.property(tripleArb, (t) => {
        const step = stepFor(t);
        const once = reconcile(step);
        const twice = reconcile({ ...step, link: once.link, appointment: once.appointment });
        expect(twice.appointment).toEqual(once.appointment);
        expect(twice.link).toEqual(once.link);
        expect(twice.push).toBe(once.push);
        expect(twice.pushContent).toEqual(once.pushContent);
        expect(twice.conflict).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

/** A tiny store that applies reconcile results, to check page-order independence. */
interface Store {
  appointments: Map<string, Appointment>;
  links: Map<string, EventLink>;
  conflicts: number;
}

function applyPage(store: Store, page: readonly RemoteChange[]): void {
  for (const change of page) {
    const externalId = change.kind === 'upsert' ? change.event.externalId : change.externalId;
    const current = store.links.get(externalId) ?? null;
    const result = reconcile(
      input({
        change,
        link: current,
        appointment: current ? (store.appointments.get(current.appointmentId) ?? null) : null,
        newAppointmentId: () => `apt-${externalId}`,
      }),
    );
    if (result.appointment) store.appointments.set(result.appointment.id, result.appointment);
    if (result.link) store.links.set(externalId, result.link);
    if (result.conflict) store.conflicts++;
  }
}

const itemArb = fc.record({
  kind: fc.constantFrom('new', 'linked', 'removed'),
  triple: tripleArb.filter((t) => t.privacy === 'full'),
});

describe('page order', () => {
  test('the outcome is independent of the order pages arrive in (with replays)', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.func(fc.integer()),
        (items, pageSize, shuffleKey) => {
          const seed = (): Store => {
            const store: Store = { appointments: new Map(), links: new Map(), conflicts: 0 };
            items.forEach((item, index) => {
              if (item.kind === 'new') return;
              const id = `ext-${index}`;
              store.appointments.set(
                `apt-${id}`,
                appointment(item.triple.internal, {
                  id: `apt-${id}`,
                  updatedAt: item.triple.internalAt,
                }),
              );
              store.links.set(
                id,
                link(item.triple.base, {
                  appointmentId: `apt-${id}`,
                  externalEventId: id,
                  remoteUpdatedAt: '2026-02-01T00:00:00.000Z',
                }),
              );
            });
            return store;
          };
          const changes: RemoteChange[] = items.map((item, index) => {
            const id = `ext-${index}`;
            if (item.kind === 'removed') {
              return {
                kind: 'removed',
                externalId: id,
                calendarId: 'cal-1',
                seriesExternalId: null,
                originalStart: null,
                reason: 'deleted',
                removedAt: '2026-03-02T12:00:00.000Z',
              };
            }
            return {
              kind: 'upsert',
              event: remote(item.triple.external, {
                externalId: id,
                iCalUID: id,
                updatedAt: item.triple.externalAt,
              }),
            };
          });
          const pages: RemoteChange[][] = [];
          for (let i = 0; i < changes.length; i += pageSize)
            pages.push(changes.slice(i, i + pageSize));
          // Delta feeds replay: the shuffled order also delivers a random page twice.
          const shuffled = [...pages, pages[0]!]
            .map((page, index) => ({ page, key: shuffleKey(index) }))
            .sort((a, b) => a.key - b.key)
            .map((entry) => entry.page);

          const inOrder = seed();
          pages.forEach((page) => applyPage(inOrder, page));
          const outOfOrder = seed();
          shuffled.forEach((page) => applyPage(outOfOrder, page));
          expect([...outOfOrder.appointments.entries()].sort()).toEqual(
            [...inOrder.appointments.entries()].sort(),
          );
          expect([...outOfOrder.links.entries()].sort()).toEqual(
            [...inOrder.links.entries()].sort(),
          );
          expect(outOfOrder.conflicts).toBe(inOrder.conflicts);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('fixtures module is usable standalone', () => {
    expect(content().title).toBe('Interview');
  });
});

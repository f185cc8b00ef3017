import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import type {
  Appointment,
  EventContent,
  EventLink,
  ReconcileInput,
  RemoteChange,
} from '@calsync/core';
import { normalizeContent, reconcile } from '@calsync/core';
import { recordFigure } from './support/report.js';

/** Prints figures only; nothing here asserts on time. */
const ITEMS = 10_000;

function content(i: number, title = `Meeting ${i}`): EventContent {
  const start = Date.parse('2026-03-02T14:00:00.000Z') + (i % 500) * 3_600_000;
  return normalizeContent({
    title,
    description: `Agenda for meeting ${i}`,
    location: `Room ${i % 17}`,
    time: {
      kind: 'zoned',
      startsAtUTC: new Date(start).toISOString(),
      endsAtUTC: new Date(start + 1_800_000).toISOString(),
      timeZone: 'Europe/Berlin',
    },
    recurrence: i % 10 === 0 ? { lines: ['RRULE:FREQ=WEEKLY;COUNT=10'] } : null,
    attendees: Array.from({ length: i % 6 }, (_, k) => ({
      email: `person${k}@example.com`,
      name: `Person ${k}`,
      responseStatus: 'accepted' as const,
      optional: k % 2 === 0,
      organizer: k === 0,
      resource: false,
    })),
    status: 'confirmed',
    meeting:
      i % 3 === 0
        ? { provider: 'zoom', joinUrl: `https://zoom.us/j/${i}`, conferenceId: String(i) }
        : null,
    reminders: {
      useDefault: i % 2 === 0,
      overrides: i % 2 === 0 ? [] : [{ method: 'popup', minutesBefore: 10 }],
    },
    transparency: 'opaque',
  });
}

/** A realistic mix: new items, echoes, remote edits, local edits, true conflicts, removals. */
function inputs(): ReconcileInput[] {
  const result: ReconcileInput[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const base = content(i);
    const scenario = i % 6;
    const internal = scenario === 3 || scenario === 4 ? { ...base, location: 'Moved room' } : base;
    const external =
      scenario === 2
        ? { ...base, title: 'Renamed remotely' }
        : scenario === 4
          ? { ...base, location: 'Other room' }
          : base;
    const appointment: Appointment = {
      ...internal,
      id: `apt-${i}`,
      uid: `uid-${i}`,
      hostRef: null,
      source: 'host',
      seriesAppointmentId: null,
      originalStart: null,
      version: 1,
      updatedAt: '2026-03-01T10:00:00.000Z',
      deletedAt: null,
      extraProperties: [],
    };
    const link: EventLink = {
      appointmentId: appointment.id,
      connectionId: 'conn',
      calendarId: 'cal',
      externalEventId: `ext-${i}`,
      iCalUID: `uid-${i}`,
      seriesExternalId: null,
      originalStart: null,
      etag: '"1"',
      base,
      remoteUpdatedAt: '2026-03-01T00:00:00.000Z',
      state: 'synced',
      idempotencyKey: null,
    };
    const change: RemoteChange =
      scenario === 5
        ? {
            kind: 'removed',
            externalId: `ext-${i}`,
            calendarId: 'cal',
            seriesExternalId: null,
            originalStart: null,
            reason: 'deleted',
            removedAt: null,
          }
        : {
            kind: 'upsert',
            event: {
              externalId: `ext-${i}`,
              calendarId: 'cal',
              etag: '"2"',
              iCalUID: `uid-${i}`,
              seriesExternalId: null,
              originalStart: null,
              updatedAt: '2026-03-02T00:00:00.000Z',
              calsyncAppointmentId: null,
              content: external,
              extraProperties: [],
            },
          };
    result.push({
      change,
      connectionId: 'conn',
      provider: 'google',
      link: scenario === 0 ? null : link,
      appointment: scenario === 0 ? null : appointment,
      seriesAppointment: null,
      policy: { direction: 'bidirectional', removal: 'soft_delete', privacy: 'full', window: null },
      now: '2026-03-03T00:00:00.000Z',
      newAppointmentId: () => `new-${i}`,
    });
  }
  return result;
}

const BENCH = 'Core reconcile';
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

test('core: reconcile throughput over 10,000 items', () => {
  const batch = inputs();
  for (const input of batch.slice(0, 500)) reconcile(input); // warm-up
  const runsMs: number[] = [];
  const decisions = new Map<string, number>();
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    for (const input of batch) {
      const result = reconcile(input);
      if (run === 1) decisions.set(result.decision, (decisions.get(result.decision) ?? 0) + 1);
    }
    runsMs.push(performance.now() - started);
  }
  const bestMs = Math.min(...runsMs);
  const mix = [...decisions.entries()]
    .sort()
    .map(([decision, n]) => `${decision} ${n}`)
    .join(', ');
  recordFigure({
    bench: BENCH,
    name: `reconcile of ${ITEMS.toLocaleString('en-US')} items`,
    value: Math.round(bestMs * 10) / 10,
    unit: 'ms',
    notes: `best of ${runsMs.length} runs (${runsMs.map((ms) => ms.toFixed(0)).join(', ')} ms); decisions: ${mix}`,
  });
  recordFigure({
    bench: BENCH,
    name: 'items reconciled per second',
    value: Math.round((ITEMS / bestMs) * 1000),
    unit: 'items/s',
    notes: `best of ${runsMs.length} runs`,
  });
  recordFigure({
    bench: BENCH,
    name: 'peak RSS of the test process',
    value: mb(process.resourceUsage().maxRSS * 1024),
    unit: 'MB',
    notes: `heap used ${mb(process.memoryUsage().heapUsed)} MB at the end`,
  });
  expect(decisions.size).toBeGreaterThan(4);
});

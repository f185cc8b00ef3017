import type { SQL } from '@calsync/server';

/** A selected calendar found due (its `next_poll_at` passed) just before a scheduler run. */
interface DuePoll {
  calendarId: string;
  dueMs: number;
  seenMs: number;
}

/**
 * Queue lag of polled calendars: before each scheduler run, `snapshot()` notes every selected
 * calendar whose `next_poll_at` has passed (unselected ones are never polled); `lagsMs()`
 * matches each with the first pull attempt of that calendar that started after it was noted, and
 * returns `started_at − next_poll_at`, sorted.
 */
export class PollLagTracker {
  private readonly due = new Map<string, DuePoll>();

  constructor(private readonly sql: SQL) {}

  async snapshot(): Promise<void> {
    const seenMs = Date.now();
    const rows = await this.sql<{ id: string; due_ms: number }[]>`
      select id, (extract(epoch from next_poll_at) * 1000)::float8 as due_ms
      from calendars where next_poll_at <= now() and selected`;
    for (const row of rows) {
      const key = `${row.id}@${row.due_ms}`;
      if (!this.due.has(key)) this.due.set(key, { calendarId: row.id, dueMs: row.due_ms, seenMs });
    }
  }

  /** Lags of the due polls whose pull started (sorted), and how many never started. */
  async lagsMs(): Promise<{ lags: number[]; notStarted: number }> {
    const pulls = await this.sql<{ calendar_id: string; started_ms: number }[]>`
      select calendar_id, (extract(epoch from started_at) * 1000)::float8 as started_ms
      from sync_attempts where operation = 'pull' and calendar_id is not null
      order by started_at`;
    const byCalendar = new Map<string, number[]>();
    for (const pull of pulls) {
      const list = byCalendar.get(pull.calendar_id) ?? [];
      list.push(pull.started_ms);
      byCalendar.set(pull.calendar_id, list);
    }
    const lags: number[] = [];
    let notStarted = 0;
    for (const poll of this.due.values()) {
      const started = byCalendar.get(poll.calendarId)?.find((ms) => ms >= poll.seenMs - 50);
      if (started === undefined) notStarted += 1;
      else lags.push(started - poll.dueMs);
    }
    return { lags: lags.sort((a, b) => a - b), notStarted };
  }
}

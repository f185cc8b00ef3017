import { isoSeconds, type Provider } from './external-calendars.js';
import { injectFault } from './faults.js';
import { checkInvariants } from './invariants.js';
import { observeUser } from './observe.js';
import { CANCELLED, instanceStart, ScenarioModel, timeValue } from './model.js';
import { describeOperation, type Operation, type Slot } from './operations.js';
import { ApiCallError, createScenarioUser, type ScenarioUser } from './scenario-user.js';
import type { ConvergenceStack } from './stack.js';

/** What one run of an operation list did and found. */
export interface ScenarioResult {
  tag: string;
  operations: number;
  faults: Record<string, number>;
  kills: number;
  conflicts: number;
  /** Invariant violations; empty when the scenario passed. */
  failures: string[];
  /** Operations that found nothing to act on (e.g. an event not on that calendar yet). */
  skipped: number;
  /** Sync attempts that failed and were retried (or gave up), by error class; `timed_out` too. */
  retries: Record<string, number>;
  ms: number;
}

interface Appointment {
  id: string;
  title: string;
  start: string;
  end: string;
  status: string;
  deleted_at: string | null;
  series_id: string | null;
  original_start: string | null;
  links: { integration_id: string; provider_event_id: string; state: string }[];
}

export interface Conflict {
  id: string;
  appointment_id: string;
  fields: string[];
  conflict_reason: string;
  auto_resolution: string | null;
  internal_version: unknown;
  external_version: unknown;
}

const QUIESCENCE_TIMEOUT_MS = 90_000;
const LINK_WAIT_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function instants(slot: Slot): { start: string; end: string } {
  const today = new Date();
  const start = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate() + slot.day,
    slot.hour,
  );
  return {
    start: isoSeconds(new Date(start).toISOString()),
    end: isoSeconds(new Date(start + slot.hours * 3_600_000).toISOString()),
  };
}

/** Runs `ops` for a fresh user on the stack, waits for quiescence and checks the invariants. */
export async function runScenario(
  stack: ConvergenceStack,
  tag: string,
  ops: readonly Operation[],
): Promise<ScenarioResult> {
  const started = Date.now();
  const result: ScenarioResult = {
    tag,
    operations: ops.length,
    faults: {},
    kills: 0,
    conflicts: 0,
    failures: [],
    skipped: 0,
    retries: {},
    ms: 0,
  };
  const control = stack.sandbox.sandbox.control;
  await control.clearFaults();
  await stack.ensureWorker();
  const user = await createScenarioUser(stack, tag);
  const model = new ScenarioModel(tag);
  const step = new Steps(user, model, () => stack.workerRunning());
  try {
    await quiesce(stack, user);
    for (const op of ops) {
      let acted = true;
      switch (op.op) {
        case 'fault':
          await injectFault(control, user.emails, op.provider, op.kind, op.count);
          if (op.kind === 'access_token_expired') await user.calendars[op.provider].signInAgain();
          result.faults[op.kind] = (result.faults[op.kind] ?? 0) + 1;
          break;
        case 'kill_worker':
          acted = stack.workerRunning();
          await stack.killWorker();
          if (acted) result.kills++;
          break;
        case 'restart_worker':
          acted = !stack.workerRunning();
          await stack.ensureWorker();
          break;
        case 'settle':
          await sleep(op.ms);
          break;
        default:
          acted = await step.run(op);
      }
      if (!acted) result.skipped++;
    }
    await control.clearFaults();
    await stack.ensureWorker();
    await quiesce(stack, user);
    const observed = await observeUser(user);
    result.conflicts = observed.conflicts.length;
    result.retries = await retriedAttempts(stack, user);
    result.failures = checkInvariants(model, observed);
    if (result.failures.length > 0) {
      const history = await syncHistory(stack, Object.values(user.integrations));
      if (history.length > 0) result.failures.push(`sync events:\n  ${history.join('\n  ')}`);
    }
  } catch (error) {
    result.failures.push(
      `scenario error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  result.ms = Date.now() - started;
  return result;
}

/** The scenario's operations on the host API and the user's calendars, recorded in the model. */
class Steps {
  constructor(
    private readonly user: ScenarioUser,
    private readonly model: ScenarioModel,
    private readonly workerRunning: () => boolean,
  ) {}

  private async appointment(key: string): Promise<Appointment | null> {
    const id = this.model.events.get(key)?.appointmentId;
    if (!id) return null;
    const appointment = await this.user.api<Appointment>('GET', `/appointments/${id}`);
    return appointment.deleted_at === null && appointment.status !== 'cancelled'
      ? appointment
      : null;
  }

  /** The id of `key`'s event on `provider`: its own id, or the host appointment's link. */
  private async externalId(key: string, provider: Provider): Promise<string | null> {
    const event = this.model.events.get(key);
    if (!event) return null;
    if (event.origin === provider) return event.externalId;
    if (event.origin !== 'host' || !event.appointmentId) return null;
    // A user edits what their calendar shows: give a running worker a moment to put it there.
    const deadline = Date.now() + (this.workerRunning() ? LINK_WAIT_MS : 0);
    for (;;) {
      const appointment = await this.user.api<Appointment>(
        'GET',
        `/appointments/${event.appointmentId}`,
      );
      const link = appointment.links.find(
        (l) => l.integration_id === this.user.integrations[provider] && l.state === 'synced',
      );
      if (link || Date.now() > deadline) return link?.provider_event_id ?? null;
      await sleep(200);
    }
  }

  private async hostPut(key: string, change: { title?: string; slot?: Slot }): Promise<boolean> {
    const current = await this.appointment(key);
    if (!current) return false;
    // Only the fields this edit changes: PUT keeps the others as stored, so an external edit
    // pulled between the read and the write is not overwritten with what was read.
    const times = change.slot ? instants(change.slot) : null;
    try {
      await this.user.api('PUT', `/appointments/${current.id}`, {
        ...(change.title === undefined ? {} : { title: change.title }),
        ...(times ? { start: times.start, end: times.end, time_zone: 'UTC' } : {}),
      });
    } catch (error) {
      // Cancelled meanwhile (a pull of a remote deletion): nothing was edited.
      if (error instanceof ApiCallError && error.status < 500) return false;
      throw error;
    }
    return true;
  }

  /** A host appointment (a series with `rule`) under a fresh title for `key`. */
  private async hostCreate(key: string, slot: Slot, rule: string | null) {
    const title = this.model.title(key);
    const { start, end } = instants(slot);
    const created = await this.user.api<Appointment>('POST', '/appointments', {
      host_ref: `${key}-${Date.now()}`,
      user_id: this.user.userId,
      title,
      start,
      end,
      time_zone: 'UTC',
      ...(rule === null ? {} : { recurrence: [rule] }),
    });
    return { title, start, end, created };
  }

  async run(op: Operation): Promise<boolean> {
    const { model, user } = this;
    switch (op.op) {
      case 'host_create': {
        const { title, start, end, created } = await this.hostCreate(op.key, op.slot, null);
        model.add(
          { key: op.key, origin: 'host', appointmentId: created.id, externalId: null },
          title,
          timeValue(start, end),
        );
        return true;
      }
      case 'host_create_series': {
        const rule = `RRULE:FREQ=DAILY;COUNT=${op.count}`;
        const { title, start, end, created } = await this.hostCreate(op.key, op.slot, rule);
        model.addSeries(
          { key: op.key, origin: 'host', appointmentId: created.id, externalId: null },
          title,
          { start, end, count: op.count },
        );
        return true;
      }
      case 'external_create_series': {
        const title = model.title(op.key);
        const { start, end } = instants(op.slot);
        const id = await user.calendars[op.provider].createSeries(title, start, end, op.count);
        model.addSeries(
          { key: op.key, origin: op.provider, appointmentId: null, externalId: id },
          title,
          { start, end, count: op.count },
        );
        return true;
      }
      case 'instance_move':
      case 'instance_cancel': {
        const series = model.events.get(op.key)?.series;
        const id = series ? await this.externalId(op.key, op.provider) : null;
        if (!series || !id) return false;
        const originalStart = instanceStart(series, op.index);
        let value: string = CANCELLED;
        if (op.op === 'instance_move') {
          const day = originalStart.slice(0, 10);
          const start = `${day}T${String(op.hour).padStart(2, '0')}:00:00Z`;
          const end = isoSeconds(
            new Date(
              Date.parse(start) + Date.parse(series.end) - Date.parse(series.start),
            ).toISOString(),
          );
          value = timeValue(start, end);
          if (!(await user.calendars[op.provider].editInstance(id, originalStart, { start, end })))
            return false;
        } else if (!(await user.calendars[op.provider].editInstance(id, originalStart, 'cancel'))) {
          return false;
        }
        model.recordInstance(op.key, { side: op.provider, index: op.index, value });
        return true;
      }
      case 'host_retitle': {
        const title = model.title(op.key);
        if (!(await this.hostPut(op.key, { title }))) return false;
        model.record(op.key, [{ side: 'host', field: 'title', value: title }]);
        return true;
      }
      case 'host_reschedule': {
        if (!(await this.hostPut(op.key, { slot: op.slot }))) return false;
        const { start, end } = instants(op.slot);
        model.record(op.key, [{ side: 'host', field: 'time', value: timeValue(start, end) }]);
        return true;
      }
      case 'host_cancel': {
        const current = await this.appointment(op.key);
        if (!current) return false;
        await user.api('DELETE', `/appointments/${current.id}`);
        model.record(op.key, [{ side: 'host', field: 'deleted', value: 'true' }]);
        return true;
      }
      case 'external_create': {
        const title = model.title(op.key);
        const { start, end } = instants(op.slot);
        const id = await user.calendars[op.provider].create(title, start, end);
        model.add(
          { key: op.key, origin: op.provider, appointmentId: null, externalId: id },
          title,
          timeValue(start, end),
        );
        return true;
      }
      case 'external_retitle': {
        const id = await this.externalId(op.key, op.provider);
        if (!id) return false;
        const title = model.title(op.key);
        if (!(await user.calendars[op.provider].update(id, { title }))) return false;
        model.record(op.key, [{ side: op.provider, field: 'title', value: title }]);
        return true;
      }
      case 'external_reschedule': {
        const id = await this.externalId(op.key, op.provider);
        if (!id) return false;
        const { start, end } = instants(op.slot);
        if (!(await user.calendars[op.provider].update(id, { start, end }))) return false;
        model.record(op.key, [{ side: op.provider, field: 'time', value: timeValue(start, end) }]);
        return true;
      }
      case 'external_delete': {
        const id = await this.externalId(op.key, op.provider);
        if (!id) return false;
        await user.calendars[op.provider].remove(id);
        model.record(op.key, [{ side: op.provider, field: 'deleted', value: 'true' }]);
        return true;
      }
      case 'concurrent_retitle': {
        const id = await this.externalId(op.key, op.provider);
        if (!id || !(await this.appointment(op.key))) return false;
        const hostTitle = model.title(op.key);
        const externalTitle = model.title(op.key);
        const [host, external] = await Promise.all([
          this.hostPut(op.key, { title: hostTitle }),
          user.calendars[op.provider].update(id, { title: externalTitle }),
        ]);
        const edits = [
          ...(host ? [{ side: 'host' as const, field: 'title' as const, value: hostTitle }] : []),
          ...(external
            ? [{ side: op.provider, field: 'title' as const, value: externalTitle }]
            : []),
        ];
        model.record(op.key, edits);
        return edits.length > 0;
      }
      default:
        throw new Error(`not a calendar operation: ${describeOperation(op)}`);
    }
  }
}

function providerOf(user: ScenarioUser, integrationId: string): string {
  return Object.entries(user.integrations).find(([, id]) => id === integrationId)?.[0] ?? '?';
}

/**
 * Every link of the appointments (and of their series) that still wait for a push, one line
 * each, then the scenario's sync events: what a reproduction needs to tell two links fighting
 * over one external event apart.
 */
async function describePendingLinks(stack: ConvergenceStack, ids: string[]): Promise<string[]> {
  const rows = await stack.db.sql<{ line: string }[]>`
    with stuck as (
      select distinct coalesce(a.series_id, a.id) as root from event_links l
      join appointments a on a.id = l.appointment_id
      where l.connection_id = any(${ids}::uuid[])
        and l.state in ('pending_create', 'pending_update', 'pending_delete'))
    select c.provider || ' ' || l.state || ' appointment ' || left(a.id::text, 8) ||
           coalesce(' of series ' || left(a.series_id::text, 8), '') ||
           coalesce(' slot ' || a.original_start::text, '') ||
           case when a.deleted_at is null then '' else ' (deleted)' end ||
           ' -> ' || coalesce(l.external_event_id, '(none)') ||
           coalesce(' in series ' || l.series_external_id, '') as line
    from stuck s
    join appointments a on a.id = s.root or a.series_id = s.root
    join event_links l on l.appointment_id = a.id
    join connections c on c.id = l.connection_id
    order by a.series_id nulls first, a.created_at, c.provider
    limit 40`;
  if (rows.length === 0) return [];
  const history = await syncHistory(stack, ids);
  return [...rows.map((r) => r.line), 'sync events:', ...history];
}

/** The sync events of a user's connections, in order: what a failure report needs. */
async function syncHistory(stack: ConvergenceStack, ids: string[]): Promise<string[]> {
  const rows = await stack.db.sql<{ line: string }[]>`
    select to_char(e.processed_at, 'HH24:MI:SS.MS') || ' ' || c.provider || ' ' ||
           e.direction || ' ' || e.event_type || ' ' || e.status || ' appointment ' ||
           left(a.id::text, 8) || coalesce(' slot ' || (a.original_start->>'atUTC'), '') ||
           ' ' || coalesce(right(e.external_event_id, 40), '') ||
           coalesce(' ' || left(e.error, 120), '') as line
    from sync_events e
    join appointments a on a.id = e.appointment_id
    join connections c on c.id = e.connection_id
    where e.connection_id = any(${ids}::uuid[])
    order by e.id
    limit 100`;
  return rows.map((r) => r.line);
}

/** Waits until no sync job is queued or running and no link of the user waits for a push. */
async function drain(stack: ConvergenceStack, user: ScenarioUser, deadline: number) {
  const ids = Object.values(user.integrations);
  for (;;) {
    const jobs = await stack.pendingJobs(ids);
    const [pending] = await stack.db.sql<{ n: number }[]>`
      select count(*)::int as n from event_links
      where connection_id = any(${ids}::uuid[])
        and state in ('pending_create', 'pending_update', 'pending_delete')`;
    if (jobs === 0 && (pending?.n ?? 0) === 0) return;
    if (Date.now() > deadline) {
      // What failed on the way, so a reproduction says why it never settled.
      const failed = await stack.db.sql<{ line: string }[]>`
        select distinct operation || ' ' || coalesce(error_class, '?') || ': ' ||
               coalesce(error_message, '') as line
        from sync_attempts
        where connection_id = any(${ids}::uuid[]) and status in ('fail', 'retrying')
        limit 10`;
      const waiting = await stack.describeJobs(ids);
      const stuck = await describePendingLinks(stack, ids);
      throw new Error(
        `no quiescence: ${jobs} sync jobs${waiting.length ? ` (${waiting.join('; ')})` : ''}, ` +
          `${pending?.n ?? 0} links pending a push` +
          (failed.length ? `; failed attempts: ${failed.map((f) => f.line).join(' | ')}` : '') +
          (stuck.length
            ? `\nlinks of the appointments still pending:\n  ${stuck.join('\n  ')}`
            : ''),
      );
    }
    await sleep(250);
  }
}

/**
 * Quiescence: drained, then a full pull round of every connection that started after the last
 * change, repeated until a round changes nothing (the change feed stays where it was).
 */
async function quiesce(stack: ConvergenceStack, user: ScenarioUser): Promise<void> {
  const deadline = Date.now() + QUIESCENCE_TIMEOUT_MS;
  const feedHead = async () => {
    const [row] = await stack.db.sql<{ n: number }[]>`
      select count(*)::int as n from appointments a
      join users u on u.id = a.user_id where u.external_id = ${user.userId}`;
    const [links] = await stack.db.sql<{ v: string | null }[]>`
      select max(updated_at)::text as v from event_links
      where connection_id = any(${Object.values(user.integrations)}::uuid[])`;
    const [appointments] = await stack.db.sql<{ v: string | null }[]>`
      select max(a.updated_at)::text as v from appointments a
      join users u on u.id = a.user_id where u.external_id = ${user.userId}`;
    return `${row?.n}|${links?.v}|${appointments?.v}`;
  };
  for (let round = 0; ; round++) {
    await drain(stack, user, deadline);
    const before = await feedHead();
    const requested = new Date();
    for (const id of Object.values(user.integrations)) {
      await user.api('POST', `/calendar-integrations/${id}/sync`, { mode: 'incremental' });
    }
    await drain(stack, user, deadline);
    for (const id of Object.values(user.integrations)) {
      for (;;) {
        const integration = await user.api<{ last_sync_at: string | null; sync_status: string }>(
          'GET',
          `/calendar-integrations/${id}`,
        );
        if (integration.sync_status !== 'active') {
          const failed = await user.api<{
            data: { operation: string; error_message: string | null }[];
          }>('GET', `/calendar-integrations/${id}/sync-attempts?status=fail`);
          const last = failed.data[0];
          throw new Error(
            `${providerOf(user, id)} connection is ${integration.sync_status} after the scenario` +
              (last ? ` (last failed ${last.operation}: ${last.error_message})` : ''),
          );
        }
        if (integration.last_sync_at && Date.parse(integration.last_sync_at) >= requested.getTime())
          break;
        if (Date.now() > deadline) throw new Error(`connection ${id} never finished a pull round`);
        await sleep(250);
        await drain(stack, user, deadline);
      }
    }
    if ((await feedHead()) === before) return;
    if (round >= 5) throw new Error('still changing after six pull rounds');
  }
}

/** The user's sync attempts that failed, by error class, and how many of them timed out. */
async function retriedAttempts(
  stack: ConvergenceStack,
  user: ScenarioUser,
): Promise<Record<string, number>> {
  const rows = await stack.db.sql<{ error_class: string; n: number; timed_out: number }[]>`
    select coalesce(error_class, '?') as error_class, count(*)::int as n,
           count(*) filter (where error_message ~* 'time ?out|aborted')::int as timed_out
    from sync_attempts
    where connection_id = any(${Object.values(user.integrations)}::uuid[])
      and status in ('retrying', 'fail')
    group by 1`;
  const retries: Record<string, number> = {};
  for (const row of rows) {
    retries[row.error_class] = row.n;
    if (row.timed_out > 0) retries.timed_out = (retries.timed_out ?? 0) + row.timed_out;
  }
  return retries;
}

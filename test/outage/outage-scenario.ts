import { isoSeconds, type Provider } from '../convergence/external-calendars.js';
import { checkInvariants } from '../convergence/invariants.js';
import { ScenarioModel, timeValue } from '../convergence/model.js';
import { createScenarioUser, type ScenarioUser } from '../convergence/scenario-user.js';
import type { ConvergenceStack } from '../convergence/stack.js';
import { endGoogleOutage, startGoogleOutage } from './google-outage.js';
import {
  announcedStatuses,
  connectionStatuses,
  observeUser,
  pendingWork,
} from './outage-observe.js';

/** What one outage run found. */
export interface OutageResult {
  /** Broken expectations; empty when the run passed. */
  failures: string[];
  /** How long Google answered 503 to Calsync. */
  outageMs: number;
  /** From the end of the outage until everything held (and nothing was left to do). */
  drainMs: number;
  /** Changes made while Google was down, on the host side and in the user's calendars. */
  changesDuringOutage: number;
  /** Whether Microsoft and CalDAV had applied theirs before the outage's planned end. */
  othersAppliedInTime: boolean;
  /** Appointments alive at the end, each on all three calendars exactly once. */
  liveAppointments: number;
}

export interface OutageOptions {
  outageSeconds: number;
  /** How long to wait for Microsoft and CalDAV during the outage, and for the drain after it. */
  waitMs: number;
  log?: (line: string) => void;
}

interface Appointment {
  id: string;
  title: string;
  links: { integration_id: string; provider_event_id: string; state: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Day `day` from today at `hour` UTC, one hour long. */
function slot(day: number, hour: number): { start: string; end: string } {
  const today = new Date();
  const start = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate() + day,
    hour,
  );
  return {
    start: isoSeconds(new Date(start).toISOString()),
    end: isoSeconds(new Date(start + 3_600_000).toISOString()),
  };
}

/** Waits until `check` holds; `missing` says what did not, for the timeout's message. */
async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  missing: () => string = () => '',
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${missing()}`);
    await sleep(500);
  }
}

/** The host's and the user's changes, recorded in the convergence model. */
class OutageActions {
  readonly model: ScenarioModel;
  changes = 0;
  constructor(
    readonly user: ScenarioUser,
    tag: string,
  ) {
    this.model = new ScenarioModel(tag);
  }

  async hostCreate(key: string, day: number, hour: number): Promise<string> {
    const title = this.model.title(key);
    const { start, end } = slot(day, hour);
    const created = await this.user.api<Appointment>('POST', '/appointments', {
      host_ref: `${key}-${Date.now()}`,
      user_id: this.user.userId,
      title,
      start,
      end,
      time_zone: 'UTC',
    });
    this.model.add(
      { key, origin: 'host', appointmentId: created.id, externalId: null },
      title,
      timeValue(start, end),
    );
    this.changes++;
    return created.id;
  }

  async hostRetitle(key: string): Promise<void> {
    const id = this.appointmentId(key);
    const current = await this.user.api<{ start: string; end: string }>(
      'GET',
      `/appointments/${id}`,
    );
    const title = this.model.title(key);
    await this.user.api('PUT', `/appointments/${id}`, {
      title,
      start: current.start,
      end: current.end,
      time_zone: 'UTC',
    });
    this.model.record(key, [{ side: 'host', field: 'title', value: title }]);
    this.changes++;
  }

  async hostCancel(key: string): Promise<void> {
    await this.user.api('DELETE', `/appointments/${this.appointmentId(key)}`);
    this.model.record(key, [{ side: 'host', field: 'deleted', value: 'true' }]);
    this.changes++;
  }

  async externalCreate(provider: Provider, key: string, day: number, hour: number): Promise<void> {
    const title = this.model.title(key);
    const { start, end } = slot(day, hour);
    const id = await this.user.calendars[provider].create(title, start, end);
    this.model.add(
      { key, origin: provider, appointmentId: null, externalId: id },
      title,
      timeValue(start, end),
    );
    this.changes++;
  }

  /** Renames `key`'s event on `provider` (a host appointment by its synced link). */
  async externalRetitle(provider: Provider, key: string): Promise<void> {
    const id = await this.externalId(provider, key);
    const title = this.model.title(key);
    if (!(await this.user.calendars[provider].update(id, { title }))) {
      throw new Error(`${key} is not on ${provider}`);
    }
    this.model.record(key, [{ side: provider, field: 'title', value: title }]);
    this.changes++;
  }

  appointmentId(key: string): string {
    const id = this.model.events.get(key)?.appointmentId;
    if (!id) throw new Error(`${key} is not a host appointment`);
    return id;
  }

  private async externalId(provider: Provider, key: string): Promise<string> {
    const event = this.model.events.get(key);
    if (event?.origin === provider && event.externalId) return event.externalId;
    const link = await this.syncedLink(provider, key);
    if (!link) throw new Error(`${key} has no synced ${provider} link`);
    return link;
  }

  async syncedLink(provider: Provider, key: string): Promise<string | null> {
    const appointment = await this.user.api<Appointment>(
      'GET',
      `/appointments/${this.appointmentId(key)}`,
    );
    const link = appointment.links.find(
      (l) => l.integration_id === this.user.integrations[provider] && l.state === 'synced',
    );
    return link?.provider_event_id ?? null;
  }

  /** Whether `key`'s last title is the title of its appointment (found by id or by its link). */
  async applied(provider: Provider, key: string): Promise<boolean> {
    const observed = await observeUser(this.user);
    const event = this.model.events.get(key)!;
    const expected = this.model.expected(event, 'title').values;
    return observed.appointments.some(
      (a) =>
        (a.id === event.appointmentId ||
          a.links.some(
            (l) =>
              l.integration_id === this.user.integrations[provider] &&
              l.provider_event_id === event.externalId,
          )) &&
        expected.has(a.title),
    );
  }
}

/**
 * Google answers 503 to every request of Calsync (OAuth token endpoint included) for
 * `outageSeconds` while the user's Microsoft and CalDAV connections keep working. Before it, the
 * user edits in Google right as it goes down; during it, the host creates, renames and cancels and
 * the user edits in all three calendars. Checks that Microsoft and CalDAV apply their changes during
 * the outage, that Google's backlog drains afterwards with nothing lost or duplicated (the
 * convergence invariants), and that no connection is ever `needs_reauth`.
 */
export async function runOutageScenario(
  stack: ConvergenceStack,
  tag: string,
  options: OutageOptions,
): Promise<OutageResult> {
  const log = options.log ?? (() => undefined);
  const control = stack.sandbox.sandbox.control;
  await control.clearFaults();
  const user = await createScenarioUser(stack, tag);
  const act = new OutageActions(user, tag);
  const failures: string[] = [];
  const seen = new Set<string>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [provider, status] of Object.entries(await connectionStatuses(user))) {
        seen.add(`${provider}:${status}`);
      }
      await sleep(1000);
    }
  })();

  try {
    await until(
      'the first pulls and the Google and Microsoft channels',
      async () => {
        const [row] = await stack.db.sql<{ pulled: number; channels: number }[]>`
          select
            (select count(*)::int from connections
              where id = any(${Object.values(user.integrations)}::uuid[])
                and last_sync_at is not null) as pulled,
            (select count(distinct connection_id)::int from watch_channels
              where connection_id = any(${[user.integrations.google, user.integrations.microsoft]}::uuid[])
                and status = 'active') as channels`;
        return row?.pulled === 3 && row.channels === 2;
      },
      options.waitMs,
    );
    // Before: three host appointments on every calendar, one Google event imported.
    for (const [i, key] of ['k1', 'k2', 'k3'].entries()) await act.hostCreate(key, 1 + i, 9);
    await act.externalCreate('google', 'k4', 4, 9);
    let notYet = '';
    await until(
      'the appointments before the outage to sync',
      async () => {
        for (const key of ['k1', 'k2', 'k3']) {
          for (const provider of ['google', 'microsoft', 'caldav'] as const) {
            notYet = `${key} on ${provider}`;
            if (!(await act.syncedLink(provider, key))) return false;
          }
        }
        notYet = 'k4 imported from Google';
        return act.applied('google', 'k4');
      },
      options.waitMs,
      () => notYet,
    );
    // Google edits right before it goes down: their pulls meet the outage.
    await act.externalRetitle('google', 'k1');
    await act.externalRetitle('google', 'k4');
    await act.externalCreate('google', 'k5', 5, 9);
    await startGoogleOutage(control);
    const outageStarted = Date.now();
    const changesBefore = act.changes;
    // The access token runs out during the outage, so Calsync must refresh against a 503.
    await control.expire({ provider: 'google', email: user.emails.google, what: 'access_token' });
    await user.calendars.google.signInAgain();
    log(`Google down at ${new Date(outageStarted).toISOString()}`);

    await act.hostCreate('k6', 6, 9);
    await act.hostCreate('k7', 7, 9);
    await act.hostRetitle('k2');
    await act.hostCancel('k3');
    await act.externalCreate('microsoft', 'k8', 8, 9);
    await act.externalCreate('caldav', 'k9', 9, 9);
    await act.externalCreate('google', 'k10', 10, 9);
    await act.externalRetitle('google', 'k4');
    await until(
      'k6 and k7 on Microsoft and CalDAV',
      async () => {
        for (const key of ['k6', 'k7']) {
          for (const provider of ['microsoft', 'caldav'] as const) {
            if (!(await act.syncedLink(provider, key))) return false;
          }
        }
        return true;
      },
      options.waitMs,
    );
    await act.externalRetitle('microsoft', 'k6');
    await act.externalRetitle('caldav', 'k7');
    // CalDAV has no notifications: the host asks for the pull the poll scheduler would run. So it
    // does for Microsoft: a notification Graph dropped on a loaded machine (its 3 s delivery
    // timeout) would otherwise wait for the safety-net poll, which says nothing about the outage.
    for (const provider of ['caldav', 'microsoft'] as const) {
      await user.api('POST', `/calendar-integrations/${user.integrations[provider]}/sync`, {
        mode: 'incremental',
      });
    }
    let othersMissing = '';
    await until(
      'Microsoft and CalDAV to apply their changes during the outage',
      async () => {
        const observed = await observeUser(user);
        const others = checkInvariants(act.model, observed).filter(
          (f) => !/google/i.test(f) && !/\bk(1|4|5|10)\b/i.test(f),
        );
        const applied = {
          'k8 from Microsoft': await act.applied('microsoft', 'k8'),
          'k9 from CalDAV': await act.applied('caldav', 'k9'),
          'k6 renamed in Microsoft': await act.applied('microsoft', 'k6'),
          'k7 renamed in CalDAV': await act.applied('caldav', 'k7'),
        };
        othersMissing = [
          ...others,
          ...Object.entries(applied)
            .filter(([, done]) => !done)
            .map(([what]) => `${what} not applied`),
        ].join('; ');
        return othersMissing === '';
      },
      options.waitMs,
      () => `(${othersMissing})`,
    );
    const othersAppliedInTime = Date.now() - outageStarted <= options.outageSeconds * 1000;
    const changesDuringOutage = act.changes - changesBefore;
    const googleDuring = await user.calendars.google.list();
    if (googleDuring.some((e) => e.link === act.appointmentId('k6'))) {
      failures.push('k6 reached Google during the outage: the outage was not in effect');
    }
    await sleep(Math.max(0, outageStarted + options.outageSeconds * 1000 - Date.now()));
    await endGoogleOutage(control);
    const outageEnded = Date.now();
    log(`Google back after ${((outageEnded - outageStarted) / 1000).toFixed(1)} s`);

    let remaining: string[] = [];
    await until(
      'the Google backlog to drain',
      async () => {
        const work = await pendingWork(stack, user);
        remaining = checkInvariants(act.model, await observeUser(user));
        return remaining.length === 0 && work.jobs === 0 && work.links === 0;
      },
      options.waitMs + options.outageSeconds * 1000,
    ).catch((error: unknown) => {
      failures.push(
        `${error instanceof Error ? error.message : String(error)}: ${remaining.join('; ')}`,
      );
    });
    const drainMs = Date.now() - outageEnded;
    log(`drained in ${(drainMs / 1000).toFixed(1)} s`);
    // Settled: a last look, after any straggling retry had its chance to duplicate something.
    await sleep(2000);
    const final = await observeUser(user);
    failures.push(...checkInvariants(act.model, final));

    sampling = false;
    await sampler;
    const announced = await announcedStatuses(user);
    for (const status of [...seen, ...announced].filter((s) => s.endsWith(':needs_reauth'))) {
      failures.push(`a connection was needs_reauth (${status})`);
    }
    for (const [provider, status] of Object.entries(await connectionStatuses(user))) {
      if (status !== 'active') failures.push(`${provider} connection ended ${status}`);
    }
    if (failures.length > 0) {
      const attempts = await stack.db.sql<{ line: string }[]>`
        select concat_ws(' ', to_char(started_at, 'HH24:MI:SS.MS'), operation, attempt, status,
          error_class, left(error_message, 160)) as line
        from sync_attempts where connection_id = ${user.integrations.google}
          and status <> 'success' order by started_at`;
      log(`Google attempts that did not succeed:\n${attempts.map((a) => a.line).join('\n')}`);
    }
    return {
      failures: [...new Set(failures)],
      outageMs: outageEnded - outageStarted,
      drainMs,
      changesDuringOutage,
      othersAppliedInTime,
      liveAppointments: final.appointments.filter(
        (a) => a.deleted_at === null && a.status !== 'cancelled',
      ).length,
    };
  } finally {
    sampling = false;
    await sampler;
    await control.clearFaults();
  }
}

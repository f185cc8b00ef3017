import {
  isoSeconds,
  PROVIDERS,
  type ExternalEvent,
  type ExternalOccurrence,
  type Provider,
} from './external-calendars.js';
import {
  CANCELLED,
  instanceStart,
  ScenarioModel,
  timeValue,
  type ModelEvent,
  type TrackedField,
} from './model.js';

/** What the system holds after quiescence. */
export interface Observed {
  appointments: {
    id: string;
    title: string;
    start: string;
    end: string;
    status: string;
    deleted_at: string | null;
    /** Set on an override (one changed instance of a series) and on an expanded instance. */
    series_id?: string | null;
    original_start?: string | null;
    links: { integration_id: string; provider_event_id: string; state: string }[];
  }[];
  /** The same appointments with series expanded into their instances (`expand=true`). */
  instances: Observed['appointments'];
  conflicts: {
    appointment_id: string;
    fields: string[];
    conflict_reason: string;
    auto_resolution: string | null;
    internal_version: unknown;
    external_version: unknown;
  }[];
  external: Record<Provider, ExternalEvent[]>;
  /** What each calendar shows, series expanded. */
  occurrences: Record<Provider, ExternalOccurrence[]>;
  integrations: Record<Provider, string>;
}

type ObservedAppointment = Observed['appointments'][number];

/** Auto-resolutions the default policy (most recent wins) may record. */
const MOST_RECENT_WINS = new Set(['kept_internal', 'kept_external']);

function isLive(a: ObservedAppointment): boolean {
  return a.deleted_at === null && a.status !== 'cancelled';
}

function valueOf(a: ObservedAppointment, field: TrackedField): string {
  if (field === 'title') return a.title;
  if (field === 'time') return timeValue(isoSeconds(a.start), isoSeconds(a.end));
  return String(!isLive(a));
}

/** The field value of a conflict's internal or external version (core's event content). */
function versionValue(version: unknown, field: TrackedField): string | undefined {
  if (typeof version !== 'object' || version === null) return undefined;
  const v = version as { title?: string; time?: { startsAtUTC?: string; endsAtUTC?: string } };
  if (field === 'title') return v.title;
  if (field === 'time' && v.time?.startsAtUTC && v.time.endsAtUTC) {
    return timeValue(isoSeconds(v.time.startsAtUTC), isoSeconds(v.time.endsAtUTC));
  }
  return undefined;
}

function findAppointment(event: ModelEvent, observed: Observed): ObservedAppointment | undefined {
  if (event.appointmentId) return observed.appointments.find((a) => a.id === event.appointmentId);
  if (event.origin === 'host' || !event.externalId) return undefined;
  const integration = observed.integrations[event.origin];
  return observed.appointments.find((a) =>
    a.links.some(
      (l) => l.integration_id === integration && l.provider_event_id === event.externalId,
    ),
  );
}

/**
 * The three invariants, as readable failure lines (empty: all hold):
 * 1. convergence — every live appointment is on each calendar it belongs on exactly once with its
 *    title and times, every external create became an appointment, cancelled ones are gone;
 * 2. no duplicate external events (by the link back to the appointment, and by title);
 * 3. no edit lost without a conflict record whose resolution matches the policy.
 */
export function checkInvariants(model: ScenarioModel, observed: Observed): string[] {
  const failures: string[] = [];
  const conflictFields = (appointmentId: string, field: TrackedField) =>
    observed.conflicts.filter(
      (c) =>
        c.appointment_id === appointmentId &&
        (field === 'deleted' ? /delete/.test(c.conflict_reason) : c.fields.includes(field)),
    );

  for (const event of model.events.values()) {
    const appointment = findAppointment(event, observed);
    const expectDeleted = model.expectsDeleted(event);
    if (!appointment) {
      if (!expectDeleted) {
        failures.push(`${event.key} (${event.origin}): no appointment, but it was never deleted`);
      }
      continue;
    }
    // 3. No lost edit without a conflict record.
    const live = isLive(appointment);
    // A series' times are its instances', checked one by one below.
    const fields: TrackedField[] = !live
      ? ['deleted']
      : event.series
        ? ['deleted', 'title']
        : ['deleted', 'title', 'time'];
    for (const field of fields) {
      const actual = valueOf(appointment, field);
      const { values, all, by } = model.expected(event, field);
      if (values.has(actual)) continue;
      const conflicts = conflictFields(appointment.id, field);
      const wanted = [...values].join(' | ');
      // An edit lost to a deletion is recorded by that conflict, which holds the edited version.
      const lostToDeletion =
        field !== 'deleted' &&
        observed.conflicts.some(
          (c) =>
            c.appointment_id === appointment.id &&
            /delete/.test(c.conflict_reason) &&
            [c.internal_version, c.external_version].some((v) =>
              values.has(versionValue(v, field) ?? ''),
            ),
        );
      if (conflicts.length === 0 && lostToDeletion && all.has(actual)) continue;
      // Edited, then deleted, in the same calendar; that deletion lost a recorded conflict.
      const deletionLost = observed.conflicts.some(
        (c) => c.appointment_id === appointment.id && /delete/.test(c.conflict_reason),
      );
      if (
        conflicts.length === 0 &&
        deletionLost &&
        model.supersededByOwnDeletion(event, field) &&
        all.has(actual)
      ) {
        continue;
      }
      if (conflicts.length === 0) {
        const others = observed.conflicts
          .filter((c) => c.appointment_id === appointment.id)
          .map((c) => `${c.conflict_reason} [${c.fields.join(',')}] ${c.auto_resolution}`);
        failures.push(
          `${event.key}: ${field} is "${actual}", the last edit (${by}) made it "${wanted}", and no conflict was recorded` +
            (others.length ? ` (conflicts on other fields: ${others.join('; ')})` : ''),
        );
        continue;
      }
      if (!all.has(actual)) {
        failures.push(`${event.key}: ${field} is "${actual}", which no edit of the scenario wrote`);
      }
      const bad = conflicts.find((c) => !MOST_RECENT_WINS.has(c.auto_resolution ?? ''));
      if (bad) {
        failures.push(
          `${event.key}: a conflict on ${field} was resolved "${bad.auto_resolution}", not by most-recent-wins`,
        );
      }
      // Most recent wins: the surviving value is the side one of those conflicts kept.
      const kept = conflicts
        .map((c) =>
          versionValue(
            c.auto_resolution === 'kept_external' ? c.external_version : c.internal_version,
            field,
          ),
        )
        .filter((v): v is string => v !== undefined);
      if (field !== 'deleted' && kept.length > 0 && !kept.includes(actual)) {
        failures.push(
          `${event.key}: ${field} is "${actual}" but its conflicts kept ${kept.map((v) => `"${v}"`).join(', ')}`,
        );
      }
    }

    const belongsOn: readonly Provider[] = event.origin === 'host' ? PROVIDERS : [event.origin];
    if (event.series) {
      failures.push(...checkSeries(model, event, appointment, belongsOn, observed));
      continue;
    }
    // 1. Convergence, and 2. by title.
    for (const provider of PROVIDERS) {
      const copies = observed.external[provider].filter(
        (e) => ScenarioModel.keyOf(e.title) === event.key,
      );
      if (!live || !belongsOn.includes(provider)) {
        if (copies.length > 0) {
          const why = live ? 'it does not belong there' : 'the appointment is cancelled';
          failures.push(
            `${event.key}: ${copies.length} event(s) on ${provider} (${copies.map((c) => c.title).join(', ')}) but ${why}`,
          );
        }
        continue;
      }
      if (copies.length !== 1) {
        failures.push(
          `${event.key}: ${copies.length} events on ${provider} (${copies.map((c) => `"${c.title}"`).join(', ') || 'none'}), expected exactly one`,
        );
        continue;
      }
      const copy = copies[0]!;
      const want = `"${appointment.title}" ${valueOf(appointment, 'time')}`;
      const got = `"${copy.title}" ${timeValue(copy.start, copy.end)}`;
      if (want !== got) {
        failures.push(`${event.key}: ${provider} holds ${got}, the appointment ${want}`);
      }
    }
  }

  // 2. Duplicates by the link back to the appointment; events the scenario never wrote.
  for (const provider of PROVIDERS) {
    const byLink = new Map<string, number>();
    for (const e of observed.external[provider]) {
      if (e.link) byLink.set(e.link, (byLink.get(e.link) ?? 0) + 1);
      if (ScenarioModel.keyOf(e.title) === null) {
        failures.push(`${provider}: an event "${e.title}" the scenario never wrote`);
      }
    }
    for (const [link, count] of byLink) {
      if (count > 1) failures.push(`${provider}: ${count} events share the link ${link}`);
    }
  }
  return failures;
}

const times = (occurrences: readonly { start: string; end: string }[]) =>
  occurrences.map((o) => timeValue(isoSeconds(o.start), isoSeconds(o.end))).sort();

/**
 * The invariants for a series: every instance is where its last edit (moved, cancelled, or as the
 * rule made it) left it, or a conflict of the series was recorded and most recent won; no instance
 * twice or from nowhere; every calendar it belongs on holds it once (one master) and shows the
 * same instances as the appointment; no other calendar shows it.
 */
function checkSeries(
  model: ScenarioModel,
  event: ModelEvent,
  appointment: ObservedAppointment,
  belongsOn: readonly Provider[],
  observed: Observed,
): string[] {
  const failures: string[] = [];
  const series = event.series!;
  const live = isLive(appointment);
  const instances = observed.instances.filter(
    (a) => a.series_id === appointment.id && a.original_start && isLive(a),
  );
  if (live) {
    const family = new Set([
      appointment.id,
      ...observed.appointments.filter((a) => a.series_id === appointment.id).map((a) => a.id),
    ]);
    const conflicts = observed.conflicts.filter((c) => family.has(c.appointment_id));
    const indexOf = new Map<number, number>();
    for (let index = 0; index < series.count; index++) {
      indexOf.set(Date.parse(instanceStart(series, index)), index);
    }
    for (const instance of instances) {
      if (!indexOf.has(Date.parse(instance.original_start!))) {
        failures.push(`${event.key}: an instance at ${instance.original_start} no rule made`);
      }
    }
    for (const [at, index] of indexOf) {
      const found = instances.filter((a) => Date.parse(a.original_start!) === at);
      if (found.length > 1)
        failures.push(`${event.key}: instance ${index} is there ${found.length} times`);
      const actual = found[0] ? times(found)[0]! : CANCELLED;
      const { values, all } = model.expectedInstance(event, index);
      if (values.has(actual)) continue;
      const wanted = [...values].join(' | ');
      if (conflicts.length === 0) {
        failures.push(
          `${event.key}: instance ${index} is "${actual}", the last edit made it "${wanted}", and no conflict was recorded`,
        );
      } else if (!all.has(actual)) {
        failures.push(
          `${event.key}: instance ${index} is "${actual}", which no edit of the scenario wrote`,
        );
      }
      const bad = conflicts.find((c) => !MOST_RECENT_WINS.has(c.auto_resolution ?? ''));
      if (bad) {
        failures.push(
          `${event.key}: a conflict of the series was resolved "${bad.auto_resolution}", not by most-recent-wins`,
        );
      }
    }
  }
  const internal = live ? times(instances) : [];
  for (const provider of PROVIDERS) {
    const masters = observed.external[provider].filter(
      (e) => ScenarioModel.keyOf(e.title) === event.key,
    );
    const shown = times(
      observed.occurrences[provider].filter((o) => ScenarioModel.keyOf(o.title) === event.key),
    );
    if (!live || !belongsOn.includes(provider)) {
      if (masters.length > 0 || shown.length > 0) {
        const why = live ? 'it does not belong there' : 'the appointment is cancelled';
        failures.push(
          `${event.key}: series on ${provider} (${masters.length} events, ${shown.length} instances) but ${why}`,
        );
      }
      continue;
    }
    if (masters.length !== 1) {
      failures.push(`${event.key}: ${masters.length} series on ${provider}, expected exactly one`);
    }
    if (shown.join(', ') !== internal.join(', ')) {
      failures.push(
        `${event.key}: ${provider} shows instances [${shown.join(', ')}], the appointment [${internal.join(', ')}]`,
      );
    }
  }
  return failures;
}

import { describe, expect, it } from 'vitest';
import { checkInvariants, type Observed } from './invariants.js';
import { ScenarioModel, timeValue } from './model.js';

const START = '2030-01-02T10:00:00Z';
const END = '2030-01-02T11:00:00Z';
const INTEGRATIONS = { google: 'ig', microsoft: 'im', caldav: 'ic' };

function scenario() {
  const model = new ScenarioModel('t');
  const created = model.title('k1');
  model.add(
    { key: 'k1', origin: 'host', appointmentId: 'a1', externalId: null },
    created,
    timeValue(START, END),
  );
  const renamed = model.title('k1');
  model.record('k1', [{ side: 'google', field: 'title', value: renamed }]);
  return { model, created, renamed };
}

function observed(
  title: string,
  copies: Partial<Record<'google' | 'microsoft' | 'caldav', string[]>>,
): Observed {
  const events = (provider: 'google' | 'microsoft' | 'caldav') =>
    (copies[provider] ?? [title]).map((t, i) => ({
      id: `${provider}${i}`,
      title: t,
      start: START,
      end: END,
      link: `${provider}${i}`,
    }));
  const appointments = [
    { id: 'a1', title, start: START, end: END, status: 'confirmed', deleted_at: null, links: [] },
  ];
  return {
    appointments,
    instances: appointments,
    conflicts: [],
    external: {
      google: events('google'),
      microsoft: events('microsoft'),
      caldav: events('caldav'),
    },
    occurrences: {
      google: events('google'),
      microsoft: events('microsoft'),
      caldav: events('caldav'),
    },
    integrations: INTEGRATIONS,
  };
}

const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** A host series of three daily instances; a Google user moved instance 1 to 14:00. */
function seriesScenario() {
  const model = new ScenarioModel('t');
  const title = model.title('k1');
  model.addSeries({ key: 'k1', origin: 'host', appointmentId: 's1', externalId: null }, title, {
    start: START,
    end: END,
    count: 3,
  });
  const moved = { start: at(Date.parse(START) + DAY + 4 * 3_600_000), end: '' };
  moved.end = at(Date.parse(moved.start) + 3_600_000);
  model.recordInstance('k1', {
    side: 'google',
    index: 1,
    value: timeValue(moved.start, moved.end),
  });
  return { model, title, moved };
}

/** What the system holds for the series: `instances` as (original start, times) pairs. */
function seriesObserved(
  title: string,
  instances: { original: number; start: string; end: string }[],
  shown: Partial<Record<'google' | 'microsoft' | 'caldav', { start: string; end: string }[]>> = {},
): Observed {
  const series = {
    id: 's1',
    title,
    start: START,
    end: END,
    status: 'confirmed',
    deleted_at: null,
    series_id: null,
    original_start: null,
    links: [],
  };
  const expanded = instances.map((i) => ({
    ...series,
    start: i.start,
    end: i.end,
    series_id: 's1',
    original_start: new Date(Date.parse(START) + i.original * DAY).toISOString(),
  }));
  const master = (provider: string) => [
    { id: `${provider}-s1`, title, start: START, end: END, link: 's1' },
  ];
  const occurrences = (provider: 'google' | 'microsoft' | 'caldav') =>
    (shown[provider] ?? instances).map((i) => ({ title, start: i.start, end: i.end }));
  return {
    appointments: [series],
    instances: expanded,
    conflicts: [],
    external: { google: master('g'), microsoft: master('m'), caldav: master('c') },
    occurrences: {
      google: occurrences('google'),
      microsoft: occurrences('microsoft'),
      caldav: occurrences('caldav'),
    },
    integrations: INTEGRATIONS,
  };
}

const ruleMade = (original: number) => ({
  original,
  start: at(Date.parse(START) + original * DAY),
  end: at(Date.parse(END) + original * DAY),
});

describe('checkInvariants', () => {
  it('passes a converged state that holds the last edit', () => {
    const { model, renamed } = scenario();
    expect(checkInvariants(model, observed(renamed, {}))).toEqual([]);
  });

  it('reports a lost edit without a conflict record', () => {
    const { model, created } = scenario();
    expect(checkInvariants(model, observed(created, {})).join('\n')).toContain(
      'no conflict was recorded',
    );
  });

  it('accepts the lost edit when a most-recent-wins conflict kept the surviving value', () => {
    const { model, created, renamed } = scenario();
    const state = observed(created, {});
    state.conflicts.push({
      appointment_id: 'a1',
      fields: ['title'],
      conflict_reason: '',
      auto_resolution: 'kept_internal',
      internal_version: { title: created },
      external_version: { title: renamed },
    });
    expect(checkInvariants(model, state)).toEqual([]);
    state.conflicts[0]!.auto_resolution = 'kept_external';
    expect(checkInvariants(model, state).join('\n')).toContain('its conflicts kept');
  });

  it('accepts an edit lost to a deletion when that conflict holds the edited version', () => {
    const { model, created, renamed } = scenario();
    const state = observed(created, {});
    state.conflicts.push({
      appointment_id: 'a1',
      fields: [],
      conflict_reason: 'delete_vs_remote_edit',
      auto_resolution: 'kept_internal',
      internal_version: null,
      external_version: { title: renamed },
    });
    expect(checkInvariants(model, state)).toEqual([]);
    state.conflicts[0]!.external_version = { title: 'something else' };
    expect(checkInvariants(model, state).join('\n')).toContain('no conflict was recorded');
  });

  it('accepts an edit its own calendar deleted afterwards, when that deletion lost a conflict', () => {
    const { model, created } = scenario();
    // Renamed in Google, then deleted there: Google may report the tombstone only.
    model.record('k1', [{ side: 'google', field: 'deleted', value: 'true' }]);
    const state = observed(created, {});
    expect(checkInvariants(model, state).join('\n')).toContain('no conflict was recorded');
    state.conflicts.push({
      appointment_id: 'a1',
      fields: [],
      conflict_reason: 'edit_vs_remote_delete',
      auto_resolution: 'kept_internal',
      internal_version: { title: created },
      external_version: null,
    });
    expect(checkInvariants(model, state)).toEqual([]);
  });

  it('reports duplicates, missing copies and diverged copies', () => {
    const { model, renamed, created } = scenario();
    const failures = checkInvariants(
      model,
      observed(renamed, { google: [renamed, renamed], microsoft: [], caldav: [created] }),
    ).join('\n');
    expect(failures).toContain('2 events on google');
    expect(failures).toContain('0 events on microsoft');
    expect(failures).toContain('caldav holds');
  });

  describe('a recurring series', () => {
    it('passes when every calendar shows the moved instance and the rest as the rule made them', () => {
      const { model, title, moved } = seriesScenario();
      const state = seriesObserved(title, [ruleMade(0), { original: 1, ...moved }, ruleMade(2)]);
      expect(checkInvariants(model, state)).toEqual([]);
    });

    it('reports a lost instance move without a conflict record, and a cancelled instance', () => {
      const { model, title } = seriesScenario();
      const failures = checkInvariants(
        model,
        seriesObserved(title, [ruleMade(0), ruleMade(1)]),
      ).join('\n');
      expect(failures).toContain('instance 1 is');
      expect(failures).toContain('no conflict was recorded');
      expect(failures).toContain('instance 2 is "cancelled"');
    });

    it('reports a calendar whose instances differ from the appointment, and a second series', () => {
      const { model, title, moved } = seriesScenario();
      const instances = [ruleMade(0), { original: 1, ...moved }, ruleMade(2)];
      const state = seriesObserved(title, instances, {
        caldav: [ruleMade(0), ruleMade(1), ruleMade(2)],
      });
      state.external.google.push({ id: 'g2', title, start: START, end: END, link: 's1' });
      const failures = checkInvariants(model, state).join('\n');
      expect(failures).toContain('caldav shows instances');
      expect(failures).toContain('2 series on google');
      expect(failures).not.toContain('microsoft');
    });

    it('reports an instance shown twice', () => {
      const { model, title, moved } = seriesScenario();
      const state = seriesObserved(title, [
        ruleMade(0),
        { original: 1, ...moved },
        ruleMade(2),
        ruleMade(2),
      ]);
      expect(checkInvariants(model, state).join('\n')).toContain('instance 2 is there 2 times');
    });
  });
});

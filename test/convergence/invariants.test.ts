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
  return {
    appointments: [
      { id: 'a1', title, start: START, end: END, status: 'confirmed', deleted_at: null, links: [] },
    ],
    conflicts: [],
    external: {
      google: events('google'),
      microsoft: events('microsoft'),
      caldav: events('caldav'),
    },
    integrations: INTEGRATIONS,
  };
}

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
});

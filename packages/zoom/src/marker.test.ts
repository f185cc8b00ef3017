import { describe, expect, it } from 'vitest';
import { agendaWithMarker, appointmentMarker, hasAppointmentMarker } from './marker.js';

describe('appointment marker', () => {
  it('puts the marker after the description on its own line', () => {
    expect(agendaWithMarker('  Intro call ', 'apt_42', 2000)).toBe(
      'Intro call\n\n[calsync:apt_42]',
    );
    expect(agendaWithMarker(null, 'apt_42', 2000)).toBe('[calsync:apt_42]');
  });

  it('cuts a long description so that the marker always fits', () => {
    const agenda = agendaWithMarker('x'.repeat(5000), 'apt_42', 2000);
    expect(agenda).toHaveLength(2000);
    expect(agenda.endsWith('…\n\n[calsync:apt_42]')).toBe(true);
    expect(hasAppointmentMarker(agenda, 'apt_42')).toBe(true);
  });

  it('matches whole ids only', () => {
    const agenda = agendaWithMarker('Notes', 'apt_12', 2000);
    expect(hasAppointmentMarker(agenda, 'apt_12')).toBe(true);
    expect(hasAppointmentMarker(agenda, 'apt_1')).toBe(false);
    expect(hasAppointmentMarker(undefined, 'apt_1')).toBe(false);
  });

  it('accepts UUIDs and refuses ids that could break the marker', () => {
    expect(appointmentMarker('0b9c1f9e-6a3e-4c1b-9a7d-2f9e8c7b6a5d')).toBe(
      '[calsync:0b9c1f9e-6a3e-4c1b-9a7d-2f9e8c7b6a5d]',
    );
    for (const bad of ['', 'a]b', 'a b', 'x'.repeat(101)]) {
      expect(() => appointmentMarker(bad)).toThrow(RangeError);
    }
  });
});

/**
 * The appointment marker. Zoom has no idempotency key (PROTOCOLS.md §5), so the agenda of every
 * meeting Calsync creates ends with `[calsync:<appointment id>]`. Before creating, the provider
 * lists the host's scheduled meetings and reuses one carrying the marker: a create whose answer
 * was lost (the meeting exists, the caller never learned its id) is then not repeated.
 */

const APPOINTMENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The marker for an appointment; throws on an id the marker cannot carry (a caller bug).
 *
 * @example
 * appointmentMarker('apt_42') // '[calsync:apt_42]'
 */
export function appointmentMarker(appointmentId: string): string {
  if (!APPOINTMENT_ID_PATTERN.test(appointmentId)) {
    throw new RangeError(
      `appointmentId must be 1-100 of [A-Za-z0-9._:-], got ${JSON.stringify(appointmentId)}`,
    );
  }
  return `[calsync:${appointmentId}]`;
}

/**
 * True when a meeting's agenda carries the appointment's marker. The closing bracket keeps
 * `apt_1` from matching `apt_12`.
 *
 * @example
 * hasAppointmentMarker('Intro call\n\n[calsync:apt_42]', 'apt_42') // true
 */
export function hasAppointmentMarker(agenda: string | undefined, appointmentId: string): boolean {
  return agenda !== undefined && agenda.includes(appointmentMarker(appointmentId));
}

/**
 * The agenda sent to Zoom: the description, cut to leave room, then the marker on its own line.
 *
 * @example
 * agendaWithMarker('Intro call', 'apt_42', 2000) // 'Intro call\n\n[calsync:apt_42]'
 */
export function agendaWithMarker(
  description: string | null | undefined,
  appointmentId: string,
  maxChars: number,
): string {
  const marker = appointmentMarker(appointmentId);
  const text = (description ?? '').trim();
  if (text === '') return marker;
  const separator = '\n\n';
  const room = maxChars - marker.length - separator.length;
  const cut = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
  return `${cut}${separator}${marker}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a remote event's stamp (`calsyncAppointmentId`: the appointment id our writes carry)
 * can name one of our appointments; anything else was written by someone else.
 */
export function isAppointmentStamp(stamp: string | null): stamp is string {
  return stamp !== null && UUID.test(stamp);
}

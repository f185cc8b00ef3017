import type { AppointmentOutput } from '../../../src/http/schemas/appointment.js';
import type { HttpClient } from './http-client.js';

/**
 * How the suites read a user's appointments through the API: all of them in a window (deleted
 * ones included), one by id, and the live ones with a title.
 */
export function appointmentReader(
  api: HttpClient,
  userId: string,
  window: { from: string; to: string },
) {
  const range = `from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`;
  const appointments = async () =>
    (
      await api.get<{ data: AppointmentOutput[] }>(
        `/appointments?user_id=${userId}&${range}&include_deleted=true&limit=1000`,
      )
    ).body.data;
  return {
    appointments,
    appointment: async (id: string) =>
      (await api.get<AppointmentOutput>(`/appointments/${id}`)).body,
    liveTitled: async (title: string) =>
      (await appointments()).filter((a) => a.title === title && a.deleted_at === null),
  };
}

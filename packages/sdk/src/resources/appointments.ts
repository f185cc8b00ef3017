import type { PageList } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';
import type {
  Appointment as WireAppointment,
  AppointmentInput,
  AppointmentPatch,
  AppointmentUpdate,
  Paths,
} from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import type { QueryOf } from '../wire/query.js';
import { listOf, mergePatch, segment, type RequestOptions } from './common.js';

/** An appointment: the canonical event, host-owned or imported from a calendar. */
export type Appointment = CamelCase<WireAppointment>;

/** What `appointments.create` takes; with a known `hostRef` it updates instead. */
export type AppointmentCreateParams = CamelCase<AppointmentInput>;

/** What `appointments.replace` takes: every writable field (a full replacement). */
export type AppointmentReplaceParams = CamelCase<AppointmentUpdate>;

/**
 * What `appointments.update` takes: only the fields to change; a field left out keeps its
 * value, `null` clears a field that can be empty.
 */
export type AppointmentUpdateParams = CamelCase<AppointmentPatch>;

/**
 * Filters of `appointments.list`: a user, a window, deleted ones, series expansion, search; and
 * the page (`limit`, `cursor`).
 */
export type AppointmentListParams = CamelCase<QueryOf<Paths['/appointments']['get']['query']>>;

/** The answer of `appointments.resync`. */
export type AppointmentResyncResult = CamelCase<
  Paths['/appointments/{id}/resync']['post']['responses'][202]
>;

/** `calsync.appointments`: the host's side of the sync. */
export interface AppointmentsAPI {
  /**
   * Creates an appointment and pushes it to every connected calendar of the user; when
   * `hostRef` names one that exists, updates it instead (so retrying is safe).
   *
   * @example
   * const appointment = await calsync.appointments.create({
   *   hostRef: 'booking_42',
   *   userId: 'u1',
   *   title: 'Intro call',
   *   start: '2026-03-08T09:00:00-05:00',
   *   end: '2026-03-08T09:30:00-05:00',
   *   timeZone: 'America/New_York',
   * });
   */
  create(params: AppointmentCreateParams, options?: RequestOptions): Promise<Appointment>;
  /**
   * The same call as {@link AppointmentsAPI.create}, named for what it does with a known `hostRef`.
   *
   * @example
   * await calsync.appointments.upsert({ hostRef: 'booking_42', title, start, end });
   */
  upsert(params: AppointmentCreateParams, options?: RequestOptions): Promise<Appointment>;
  /**
   * Lists a user's appointments; `await` for the first page or `for await` over all of them.
   *
   * @example
   * for await (const a of calsync.appointments.list({ userId: 'u1', from, to, expand: true })) {
   *   render(a);
   * }
   */
  list(params?: AppointmentListParams, options?: RequestOptions): PageList<Appointment>;
  /**
   * One appointment.
   *
   * @example
   * const appointment = await calsync.appointments.get(id);
   */
  get(id: string, options?: RequestOptions): Promise<Appointment>;
  /**
   * Changes the given fields only (a JSON merge patch) and pushes the change to every linked
   * calendar; every field left out keeps its value.
   *
   * @example
   * await calsync.appointments.update(id, { title: 'Moved call', location: null });
   */
  update(
    id: string,
    params: AppointmentUpdateParams,
    options?: RequestOptions,
  ): Promise<Appointment>;
  /**
   * Replaces every writable field (`PUT`): what `get` returned, changed, is a valid body.
   *
   * @example
   * const appointment = await calsync.appointments.get(id);
   * await calsync.appointments.replace(id, { ...appointment, title: 'Moved call' });
   */
  replace(
    id: string,
    params: AppointmentReplaceParams,
    options?: RequestOptions,
  ): Promise<Appointment>;
  /**
   * Cancels: status `cancelled`, removed from external calendars, video meeting cancelled.
   *
   * @example
   * const cancelled = await calsync.appointments.cancel(id);
   */
  cancel(id: string, options?: RequestOptions): Promise<Appointment>;
  /**
   * Pushes the appointment to every connected calendar again (secret key only, audited).
   *
   * @example
   * await calsync.appointments.resync(id);
   */
  resync(id: string, options?: RequestOptions): Promise<AppointmentResyncResult>;
}

/**
 * Binds the appointments namespace to a transport.
 *
 * @example
 * const appointments = appointmentsAPI(createTransport(options));
 */
export function appointmentsAPI(transport: Transport): AppointmentsAPI {
  const path = (id: string): string => `/appointments/${segment(id)}`;
  const create: AppointmentsAPI['create'] = (body, options) =>
    transport.json({ method: 'POST', path: '/appointments', body, ...options });
  return {
    create,
    upsert: create,
    list: (query, options) => listOf(transport, '/appointments', query, options),
    get: (id, options) => transport.json({ method: 'GET', path: path(id), ...options }),
    update: (id, body, options) => transport.json(mergePatch(path(id), body, options)),
    replace: (id, body, options) =>
      transport.json({ method: 'PUT', path: path(id), body, ...options }),
    cancel: (id, options) => transport.json({ method: 'DELETE', path: path(id), ...options }),
    resync: (id, options) =>
      transport.json({ method: 'POST', path: `${path(id)}/resync`, ...options }),
  };
}

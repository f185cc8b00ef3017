import { describe, expectTypeOf, it } from 'vitest';
import {
  createCalsyncClient,
  type Appointment,
  type AppointmentCreateParams,
  type AppointmentListParams,
  type AppointmentUpdateParams,
  type CalsyncClient,
  type CalsyncErrorCode,
  type ChangeEvent,
  type ChangeListParams,
  type Conflict,
  type Integration,
  type IntegrationStatus,
  type IntegrationUpdateParams,
  type Page,
  type PageList,
  type RevokedSession,
  type Session,
  type SessionCreateParams,
  type UserErasure,
  type WebhookEndpoint,
  type WebhookEndpointCreateParams,
} from '../src/index.js';

const calsync = createCalsyncClient({ baseUrl: 'https://calsync.example.com', token: 'sk_test' });
const slot = { title: 'Intro call', start: '2026-03-08T09:00:00Z', end: '2026-03-08T09:30:00Z' };

type IsAny<T> = 0 extends 1 & T ? true : false;
type IsNever<T> = [T] extends [never] ? true : false;
/** The client's namespaces (not its plain properties such as `baseUrl`). */
type Namespace = {
  [K in keyof CalsyncClient & string]: CalsyncClient[K] extends object ? K : never;
}[keyof CalsyncClient & string];
/** `namespace.method` of every client method whose result or a parameter is `any` or `never`. */
type Untyped = {
  [N in Namespace]: {
    [M in keyof CalsyncClient[N] & string]: CalsyncClient[N][M] extends (
      ...args: infer Args
    ) => infer Result
      ? true extends
          | IsAny<Awaited<Result>>
          | IsNever<Awaited<Result>>
          | IsAny<Args[number]>
          | IsNever<Args[number]>
        ? `${N}.${M}`
        : never
      : `${N}.${M}`;
  }[keyof CalsyncClient[N] & string];
}[Namespace];

// Type-level checks (run by `tsc --noEmit`): the public types are the OpenAPI document's,
// camelCased; the `@ts-expect-error` lines fail the type check if they ever compile.
describe('public types', () => {
  it("are the OpenAPI document's", () => {
    expectTypeOf<Untyped>().toEqualTypeOf<never>();
    expectTypeOf(calsync.sessions.create).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf<Session>().toEqualTypeOf<{ id: string; token: string; expiresAt: string }>();
    expectTypeOf<RevokedSession>().toEqualTypeOf<{ id: string; revoked: true }>();
    expectTypeOf<SessionCreateParams>().toEqualTypeOf<{ userId: string; ttlSeconds?: number }>();
    expectTypeOf<WebhookEndpoint>().not.toBeAny();
    expectTypeOf<WebhookEndpoint['eventTypes']>().toEqualTypeOf<string[]>();
    expectTypeOf<WebhookEndpointCreateParams['eventTypes']>().toEqualTypeOf<
      ChangeEvent['type'][] | undefined
    >();
    expectTypeOf<UserErasure['connectionsQueued']>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<Conflict['internalVersion']>['title']>().toEqualTypeOf<string>();
  });

  it('refuse unknown fields and wrong enum values', () => {
    // Compiled, never called (no request is sent).
    const refused = () => [
      // @ts-expect-error `colour` is not a field of an appointment.
      calsync.appointments.create({ ...slot, colour: 'red' }),
      // @ts-expect-error `rescheduled` is not an appointment status.
      calsync.appointments.create({ ...slot, status: 'rescheduled' }),
      // @ts-expect-error `sometimes` is not a sync direction.
      calsync.integrations.update('i1', { syncDirection: 'sometimes' }),
      // @ts-expect-error an appointment needs a start.
      calsync.appointments.create({ title: 'No time', end: slot.end }),
      // @ts-expect-error `done` is not an approval decision.
      calsync.approvals.decide('a1', { action: 'done' }),
    ];
    expectTypeOf(refused).toBeFunction();
  });

  it('take a partial for update', () => {
    expectTypeOf(calsync.appointments.update).toBeCallableWith('a1', { title: 'Moved call' });
    expectTypeOf(calsync.appointments.update).toBeCallableWith('a1', {});
    expectTypeOf(calsync.integrations.update).toBeCallableWith('i1', { syncEnabled: false });
    expectTypeOf<{ timeZone: string }>().toExtend<AppointmentUpdateParams>();
    expectTypeOf<{ location: null }>().toExtend<AppointmentUpdateParams>();
    expectTypeOf<{ privacyLevel: 'minimal' }>().toExtend<IntegrationUpdateParams>();
  });

  it('camelCase requests and queries, with flags as booleans and counts as numbers', () => {
    expectTypeOf<AppointmentCreateParams['hostRef']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AppointmentCreateParams['attendees']>().toEqualTypeOf<
      | {
          email: string;
          name?: string | null;
          responseStatus?: 'needs_action' | 'accepted' | 'declined' | 'tentative';
          optional?: boolean;
          readonly organizer?: boolean;
        }[]
      | undefined
    >();
    expectTypeOf<AppointmentListParams['includeDeleted']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<AppointmentListParams['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AppointmentListParams['cursor']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ChangeListParams['after']>().toEqualTypeOf<number | null | undefined>();
  });

  it('camelCase responses', () => {
    expectTypeOf<Appointment>().not.toBeAny();
    expectTypeOf<Appointment['hostRef']>().toEqualTypeOf<string | null>();
    expectTypeOf<Appointment['links'][number]['integrationId']>().toEqualTypeOf<string>();
    expectTypeOf<IntegrationStatus>().toEqualTypeOf<
      'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected'
    >();
    expectTypeOf<Integration['lastSyncAt']>().toEqualTypeOf<string | null>();
    type StatusChange = Extract<ChangeEvent, { type: 'integration.updated' }>;
    expectTypeOf<StatusChange['data']['syncStatus']>().toEqualTypeOf<IntegrationStatus>();
    expectTypeOf<
      Extract<ChangeEvent, { type: 'conflict.created' }>['data']['appointmentId']
    >().toEqualTypeOf<string>();
  });

  it('lists take a page and are awaitable pages and async iterables', () => {
    type List = ReturnType<CalsyncClient['appointments']['list']>;
    expectTypeOf<List>().toEqualTypeOf<PageList<Appointment>>();
    expectTypeOf<Awaited<List>>().toEqualTypeOf<Page<Appointment>>();
    expectTypeOf<List>().toExtend<AsyncIterable<Appointment>>();
    expectTypeOf<ReturnType<CalsyncClient['integrations']['conflicts']>>().toEqualTypeOf<
      PageList<Conflict>
    >();
    expectTypeOf(calsync.integrations.list).toBeCallableWith({ limit: 10, cursor: 'c1' });
    expectTypeOf(calsync.integrations.calendars).toBeCallableWith('i1', { limit: 10 });
    expectTypeOf(calsync.approvals.list).toBeCallableWith({ status: 'pending', cursor: 'c1' });
    expectTypeOf(calsync.audit.list).toBeCallableWith({ limit: 10, cursor: 'c1' });
  });

  it('error codes autocomplete but stay open', () => {
    expectTypeOf<'not_found'>().toExtend<CalsyncErrorCode>();
    expectTypeOf<'some_future_code'>().toExtend<CalsyncErrorCode>();
  });
});

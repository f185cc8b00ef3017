import { describe, expectTypeOf, it } from 'vitest';
import type {
  Appointment,
  AppointmentCreateParams,
  AppointmentListParams,
  CalsyncClient,
  CalsyncErrorCode,
  ChangeEvent,
  ChangeListParams,
  Integration,
  IntegrationStatus,
  Page,
  PageList,
  Session,
  SessionCreateParams,
  RevokedSession,
  UserErasure,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
} from '../src/index.js';

// Type-level checks (run by `tsc --noEmit`): the public types are the server's, camelCased.
describe('public types', () => {
  it('are read off the server routes', () => {
    expectTypeOf<Session>().toEqualTypeOf<{ id: string; token: string; expiresAt: string }>();
    expectTypeOf<RevokedSession>().toEqualTypeOf<{ id: string; revoked: true }>();
    expectTypeOf<SessionCreateParams>().toEqualTypeOf<{
      userId: string;
      ttlSeconds?: number | undefined;
    }>();
    expectTypeOf<WebhookEndpoint>().not.toBeAny();
    expectTypeOf<WebhookEndpoint['eventTypes']>().toEqualTypeOf<string[]>();
    expectTypeOf<WebhookEndpointCreateParams['eventTypes']>().toEqualTypeOf<
      ChangeEvent['type'][] | undefined
    >();
    expectTypeOf<UserErasure['connectionsQueued']>().toEqualTypeOf<number>();
  });

  it('camelCase requests and queries, with flags as booleans and counts as numbers', () => {
    expectTypeOf<AppointmentCreateParams['hostRef']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AppointmentCreateParams['attendees']>().toEqualTypeOf<
      | {
          email: string;
          name?: string | null | undefined;
          responseStatus?: 'needs_action' | 'accepted' | 'declined' | 'tentative' | undefined;
          optional?: boolean | undefined;
          organizer?: boolean | undefined;
        }[]
      | undefined
    >();
    expectTypeOf<AppointmentListParams['includeDeleted']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<AppointmentListParams['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ChangeListParams['after']>().toEqualTypeOf<number | undefined>();
  });

  it('camelCase responses', () => {
    expectTypeOf<Appointment>().not.toBeAny();
    expectTypeOf<Appointment['hostRef']>().toEqualTypeOf<string | null>();
    expectTypeOf<Appointment['links'][number]['integrationId']>().toEqualTypeOf<string>();
    expectTypeOf<IntegrationStatus>().toEqualTypeOf<
      'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected'
    >();
    expectTypeOf<Integration['lastSyncAt']>().toEqualTypeOf<string | null>();
  });

  it('lists are awaitable pages and async iterables', () => {
    type List = ReturnType<CalsyncClient['appointments']['list']>;
    expectTypeOf<List>().toEqualTypeOf<PageList<Appointment>>();
    expectTypeOf<Awaited<List>>().toEqualTypeOf<Page<Appointment>>();
    expectTypeOf<List>().toExtend<AsyncIterable<Appointment>>();
  });

  it('error codes autocomplete but stay open', () => {
    expectTypeOf<'not_found'>().toExtend<CalsyncErrorCode>();
    expectTypeOf<'some_future_code'>().toExtend<CalsyncErrorCode>();
  });
});

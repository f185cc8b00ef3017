import { createTransport, type TransportOptions } from './http/transport.js';
import { appointmentsAPI, type AppointmentsAPI } from './resources/appointments.js';
import { approvalsAPI, type ApprovalsAPI } from './resources/approvals.js';
import { auditAPI, type AuditAPI } from './resources/audit.js';
import { availabilityAPI, type AvailabilityAPI } from './resources/availability.js';
import { changesAPI, type ChangesAPI } from './resources/changes.js';
import { integrationsAPI, type IntegrationsAPI } from './resources/integrations.js';
import { sessionsAPI, type SessionsAPI } from './resources/sessions.js';
import { usersAPI, type UsersAPI } from './resources/users.js';
import { videoMeetingsAPI, type VideoMeetingsAPI } from './resources/video-meetings.js';
import { webhookEndpointsAPI, type WebhookEndpointsAPI } from './resources/webhook-endpoints.js';
import { streamAPI, type StreamAPI } from './stream/subscribe.js';

/** How to reach the API and authenticate: `baseUrl` plus `token` or `getToken`. */
export type CalsyncClientOptions = TransportOptions;

/** The client: one namespace per resource of the API. */
export interface CalsyncClient {
  /** The server's URL as given (without a trailing `/`), e.g. to derive its origin. */
  readonly baseUrl: string;
  sessions: SessionsAPI;
  integrations: IntegrationsAPI;
  appointments: AppointmentsAPI;
  availability: AvailabilityAPI;
  approvals: ApprovalsAPI;
  videoMeetings: VideoMeetingsAPI;
  changes: ChangesAPI;
  stream: StreamAPI;
  webhookEndpoints: WebhookEndpointsAPI;
  users: UsersAPI;
  audit: AuditAPI;
}

/**
 * Creates a Calsync client. Every call speaks camelCase and rejects with a `CalsyncError`. With
 * `getToken`, the token is cached: asked for on the first call, again shortly before it expires,
 * and once more after a 401 — never per request.
 *
 * @example
 * // In the browser, with the session JSON your backend's route relays from POST /api/v1/sessions:
 * const calsync = createCalsyncClient({
 *   baseUrl: 'https://calsync.example.com',
 *   getToken: () => fetch('/calsync-session', { method: 'POST' }).then((r) => r.json()),
 * });
 * const { data } = await calsync.integrations.list();
 *
 * @example
 * // On your server, with the secret key:
 * const calsync = createCalsyncClient({ baseUrl, token: process.env.CALSYNC_SECRET_KEY });
 * const { token } = await calsync.sessions.create({ userId: 'u1' });
 */
export function createCalsyncClient(options: CalsyncClientOptions): CalsyncClient {
  const transport = createTransport(options);
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    sessions: sessionsAPI(transport),
    integrations: integrationsAPI(transport),
    appointments: appointmentsAPI(transport),
    availability: availabilityAPI(transport),
    approvals: approvalsAPI(transport),
    videoMeetings: videoMeetingsAPI(transport),
    changes: changesAPI(transport),
    stream: streamAPI(transport),
    webhookEndpoints: webhookEndpointsAPI(transport),
    users: usersAPI(transport),
    audit: auditAPI(transport),
  };
}

/** Public API of @calsync/sdk: the client factory, its error, and the types it speaks. */
export { createCalsyncClient } from './client.js';
export type { CalsyncClient, CalsyncClientOptions } from './client.js';
export { CalsyncError } from './http/errors.js';
export type { CalsyncErrorCode, CalsyncErrorInit } from './http/errors.js';
export type {
  ExpiringToken,
  GetToken,
  SessionTokenJSON,
  TokenAnswer,
  TokenRequest,
} from './http/transport.js';
export type { Page, PageList } from './http/paginate.js';
export type { CamelCase } from './wire/case.js';
export type { PageParams, RequestOptions } from './resources/common.js';
export type {
  SessionsAPI,
  Session,
  SessionCreateParams,
  RevokedSession,
} from './resources/sessions.js';
export type {
  IntegrationsAPI,
  Integration,
  IntegrationStatus,
  IntegrationProvider,
  IntegrationUpdateParams,
  IntegrationReplaceParams,
  IntegrationListParams,
  IntegrationConnectParams,
  Calendar,
  CalendarUpdateParams,
  Conflict,
  ConflictListParams,
  ConflictResolveParams,
  SyncAttempt,
  SyncAttemptListParams,
  SyncStatus,
  SyncParams,
  SyncStarted,
  Authorization,
  AuthorizeParams,
  ConfiguredProvider,
  Disconnected,
} from './resources/integrations.js';
export type {
  AppointmentsAPI,
  Appointment,
  AppointmentCreateParams,
  AppointmentUpdateParams,
  AppointmentReplaceParams,
  AppointmentListParams,
  AppointmentResyncResult,
} from './resources/appointments.js';
export type {
  AvailabilityAPI,
  Availability,
  AvailabilityParams,
  AvailabilityCheck,
  AvailabilityCheckParams,
} from './resources/availability.js';
export type {
  ApprovalsAPI,
  Approval,
  ApprovalListParams,
  ApprovalDecideParams,
} from './resources/approvals.js';
export type {
  VideoMeetingsAPI,
  VideoMeeting,
  VideoMeetingSettings,
  VideoMeetingCreateParams,
  VideoMeetingUpdateParams,
} from './resources/video-meetings.js';
export type {
  ChangesAPI,
  ChangeEvent,
  ChangeType,
  ChangePage,
  ChangeListParams,
} from './resources/changes.js';
export type { StreamAPI, SubscribeOptions, Unsubscribe } from './stream/subscribe.js';
export type {
  WebhookEndpointsAPI,
  WebhookEndpoint,
  CreatedWebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookDelivery,
  WebhookDeliveryListParams,
} from './resources/webhook-endpoints.js';
export type { UsersAPI, UserExport, UserErasure, UserEraseParams } from './resources/users.js';
export type { AuditAPI, AuditEntry } from './resources/audit.js';

import type { SQL } from '../db/connect.js';
import type { SyncFixture } from '../sync/test-fixture.js';

/** Ids of one row of each kind a user owns through an appointment, for route-by-route tests. */
export interface OwnedRows {
  readonly conflictId: string;
  readonly approvalId: string;
  readonly attemptId: string;
  readonly meetingId: string;
}

/**
 * Inserts an open conflict, a pending approval, a failed sync attempt and an active Zoom meeting
 * for the fixture's connection and the given appointment.
 *
 * @example
 * const rows = await insertOwnedRows(db.sql, f, (await f.hostAppointment(eventContent('A'))).id);
 */
export async function insertOwnedRows(
  sql: SQL,
  f: Pick<SyncFixture, 'tenantId' | 'connectionId'>,
  appointmentId: string,
): Promise<OwnedRows> {
  const [conflict] = await sql<{ id: string }[]>`
    insert into conflicts (tenant_id, connection_id, appointment_id, internal_version, external_version,
      fields, conflict_reason, auto_resolution)
    values (${f.tenantId}, ${f.connectionId}, ${appointmentId}, '{}', '{}', '{title}', 'fields', 'kept_internal')
    returning id`;
  const [approval] = await sql<{ id: string }[]>`
    insert into approvals (tenant_id, connection_id, appointment_id, action, snapshot, expires_at)
    values (${f.tenantId}, ${f.connectionId}, ${appointmentId}, 'create', '{}', '2026-07-01T00:00:00Z') returning id`;
  const [attempt] = await sql<{ id: string }[]>`
    insert into sync_attempts (tenant_id, connection_id, operation, status, correlation_id)
    values (${f.tenantId}, ${f.connectionId}, 'pull', 'fail', gen_random_uuid()) returning id`;
  const [meeting] = await sql<{ id: string }[]>`
    insert into video_meetings (tenant_id, appointment_id, platform, provider_meeting_id, join_url, status)
    values (${f.tenantId}, ${appointmentId}, 'zoom', '123', 'https://zoom.example/j/123', 'active')
    returning id`;
  return {
    conflictId: conflict!.id,
    approvalId: approval!.id,
    attemptId: attempt!.id,
    meetingId: meeting!.id,
  };
}

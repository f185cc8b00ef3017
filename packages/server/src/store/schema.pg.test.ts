import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';

/** The constraints the product relies on, proven against the real schema. */
describe('schema constraints', () => {
  let db: TestDatabase;
  let tenantId: string;
  let userId: string;
  let connectionId: string;
  let calendarId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sql = db.sql;
    [{ id: tenantId }] = (await sql`insert into tenants (name) values ('t') returning id`) as [
      { id: string },
    ];
    [{ id: userId }] = (await sql`
      insert into users (tenant_id, external_id) values (${tenantId}, 'u1') returning id`) as [
      { id: string },
    ];
    [{ id: connectionId }] = (await sql`
      insert into connections (tenant_id, user_id, provider, account_email)
      values (${tenantId}, ${userId}, 'google', 'a@example.com') returning id`) as [{ id: string }];
    [{ id: calendarId }] = (await sql`
      insert into calendars (tenant_id, connection_id, provider_calendar_id, access_role)
      values (${tenantId}, ${connectionId}, 'primary', 'owner') returning id`) as [{ id: string }];
  });
  afterAll(() => db.drop());

  const appointment = (hostRef: string | null) => db.sql`
    insert into appointments (tenant_id, user_id, uid, host_ref, title, time_kind, starts_at, ends_at, time_zone)
    values (${tenantId}, ${userId}, gen_random_uuid()::text, ${hostRef}, 'x', 'instant', '2026-01-01T10:00Z', '2026-01-01T11:00Z', 'UTC')
    returning id`;

  it('keeps host_ref unique per tenant', async () => {
    await appointment('booking-1');
    await expect(appointment('booking-1')).rejects.toThrow(/appointments_tenant_id_host_ref_key/);
    await appointment(null);
    await appointment(null);
  });

  it('keeps (connection, calendar, external event) unique', async () => {
    const [a] = await appointment('booking-2');
    const link = () => db.sql`
      insert into event_links (tenant_id, appointment_id, connection_id, calendar_id, external_event_id, state)
      values (${tenantId}, ${a!.id}, ${connectionId}, ${calendarId}, 'evt1', 'pending_create')`;
    await link();
    await expect(link()).rejects.toThrow(
      /event_links_connection_id_calendar_id_external_event_id_key/,
    );
  });

  it('rejects values outside every enum', async () => {
    await expect(
      db.sql`update connections set status = 'sleeping' where id = ${connectionId}`,
    ).rejects.toThrow(/check constraint/);
    await expect(
      db.sql`update connections set sync_direction = 'sideways' where id = ${connectionId}`,
    ).rejects.toThrow(/check constraint/);
    await expect(
      db.sql`update calendars set role = 'attic' where id = ${calendarId}`,
    ).rejects.toThrow(/check constraint/);
  });

  it('rejects an appointment that ends before it starts', async () => {
    await expect(db.sql`
      insert into appointments (tenant_id, user_id, uid, title, time_kind, starts_at, ends_at)
      values (${tenantId}, ${userId}, 'u-x', 'x', 'instant', '2026-01-01T11:00Z', '2026-01-01T10:00Z')`).rejects.toThrow(
      /check constraint/,
    );
  });

  it('allows one destination calendar per connection', async () => {
    await db.sql`update calendars set destination = true where id = ${calendarId}`;
    await expect(db.sql`
      insert into calendars (tenant_id, connection_id, provider_calendar_id, access_role, destination)
      values (${tenantId}, ${connectionId}, 'other', 'writer', true)`).rejects.toThrow(
      /calendars_one_destination/,
    );
  });

  it('refuses credentials on a disconnected connection', async () => {
    await expect(db.sql`
      update connections set status = 'disconnected', credentials = 'v1.k.x.y.z'
      where id = ${connectionId}`).rejects.toThrow(/check constraint/);
  });

  it('finds appointments by full-text search over attendees too', async () => {
    await db.sql`
      insert into appointments (tenant_id, user_id, uid, title, time_kind, starts_at, ends_at, attendees)
      values (${tenantId}, ${userId}, 'u-q', 'Quarterly review', 'instant', '2026-02-01T10:00Z',
              '2026-02-01T11:00Z', ${db.sql.json([{ email: 'grace@example.com' }])})`;
    const rows = await db.sql`
      select title from appointments where search @@ plainto_tsquery('simple', 'grace')`;
    expect(rows.map((r) => r.title)).toEqual(['Quarterly review']);
  });
});

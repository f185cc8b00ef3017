import type { Db } from '../db/connect.js';

/** A host's end user, named by the host's own id. */
export interface UserRow {
  id: string;
  tenant_id: string;
  external_id: string;
  email: string | null;
  time_zone: string | null;
  created_at: Date;
}

/** Finds a user by the host's id; undefined when the tenant never named it. */
export async function findUserByExternalId(
  sql: Db,
  tenantId: string,
  externalId: string,
): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`
    select * from users where tenant_id = ${tenantId} and external_id = ${externalId}`;
  return row;
}

/** Returns the user with that host id, creating it on first mention. */
export async function upsertUser(sql: Db, tenantId: string, externalId: string): Promise<UserRow> {
  const [row] = await sql<UserRow[]>`
    insert into users (tenant_id, external_id) values (${tenantId}, ${externalId})
    on conflict (tenant_id, external_id) do update set external_id = excluded.external_id
    returning *`;
  return row!;
}

/** Finds a user by internal id within a tenant. */
export async function findUserById(
  sql: Db,
  tenantId: string,
  userId: string,
): Promise<UserRow | undefined> {
  const [row] = await sql<UserRow[]>`
    select * from users where tenant_id = ${tenantId} and id = ${userId}`;
  return row;
}

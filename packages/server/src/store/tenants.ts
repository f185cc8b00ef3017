import type { SQL } from '../db/connect.js';

/** A host product. */
export interface TenantRow {
  id: string;
  name: string;
  created_at: Date;
}

/** Creates a tenant. */
export async function createTenant(sql: SQL, name: string): Promise<TenantRow> {
  const [row] = await sql<TenantRow[]>`
    insert into tenants (name) values (${name}) returning id, name, created_at`;
  return row!;
}

/** Finds a tenant by id; undefined when it does not exist. */
export async function findTenant(sql: SQL, id: string): Promise<TenantRow | undefined> {
  const [row] = await sql<TenantRow[]>`
    select id, name, created_at from tenants where id = ${id}`;
  return row;
}

/** Lists every tenant, oldest first. */
export async function listTenants(sql: SQL): Promise<TenantRow[]> {
  return sql<TenantRow[]>`select id, name, created_at from tenants order by created_at, id`;
}

import type { SQL } from '../db/connect.js';

/**
 * A plain-text description of the public schema: tables, columns, constraints and indexes, sorted.
 * The drift test compares it with the committed snapshot, so a schema change is always a reviewed
 * migration plus a reviewed snapshot diff.
 */
export async function describeSchema(sql: SQL): Promise<string> {
  const columns = await sql<{ line: string }[]>`
    select format('column %s.%s %s%s%s', table_name, column_name, data_type,
      case when is_nullable = 'NO' then ' not null' else '' end,
      case when column_default is not null then ' default ' || column_default else '' end) as line
    from information_schema.columns
    where table_schema = 'public' and table_name <> 'schema_migrations'`;
  const constraints = await sql<{ line: string }[]>`
    select format('constraint %s.%s %s', rel.relname, con.conname, pg_get_constraintdef(con.oid)) as line
    from pg_constraint con
    join pg_class rel on rel.oid = con.conrelid
    join pg_namespace ns on ns.oid = rel.relnamespace
    where ns.nspname = 'public' and rel.relname <> 'schema_migrations'`;
  const indexes = await sql<{ line: string }[]>`
    select format('index %s', indexdef) as line from pg_indexes
    where schemaname = 'public' and tablename <> 'schema_migrations'`;
  return [...columns, ...constraints, ...indexes]
    .map((r) => r.line)
    .sort()
    .join('\n')
    .concat('\n');
}

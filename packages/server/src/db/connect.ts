import postgres from 'postgres';

/** The `postgres` client type used across the store. */
export type SQL = postgres.Sql;

/** A transaction handle from `sql.begin`. */
export type Tx = postgres.TransactionSql;

/** What store functions take: the pool or a transaction. */
export type Db = SQL | Tx;

/** Options for {@link connectDatabase}. */
export interface ConnectOptions {
  /** Pool size; default 10. */
  max?: number;
  /** Application name reported to Postgres (shows in pg_stat_activity). */
  applicationName?: string;
}

/**
 * Opens a pooled connection to Postgres. Notices are dropped (migrations print many); bigints come
 * back as JS numbers only where they fit, else as strings (the `postgres` default).
 *
 * @example
 * const sql = connectDatabase(process.env.DATABASE_URL!);
 * await sql`select 1`;
 */
export function connectDatabase(url: string, options: ConnectOptions = {}): SQL {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    connection: { application_name: options.applicationName ?? 'calsync' },
  });
}

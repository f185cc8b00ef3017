import {
  connectDatabase,
  findRunningEmbeddedPostgres,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '@calsync/server';

/** The database a process uses, and how to let go of it. */
export interface ResolvedDatabase {
  url: string;
  /** True when this process started an embedded Postgres (and stops it on `release`). */
  embedded: boolean;
  release(): Promise<void>;
}

const DATABASE_NAME = 'calsync';

/**
 * `DATABASE_URL` when given. Otherwise embedded Postgres under the data dir: the one a running
 * server already owns when `shareRunning` (CLI commands next to `npm start`), else a new one.
 */
export async function resolveDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  shareRunning?: boolean;
  onLog?: (line: string) => void;
}): Promise<ResolvedDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, release: async () => undefined };
  }
  const running = options.shareRunning
    ? await findRunningEmbeddedPostgres(options.dataDir)
    : undefined;
  if (running) {
    const url = new URL(running);
    url.pathname = '/' + DATABASE_NAME;
    return { url: url.toString(), embedded: false, release: async () => undefined };
  }
  const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  try {
    const admin = connectDatabase(pg.url, { max: 1 });
    try {
      const [exists] = await admin`select 1 from pg_database where datname = ${DATABASE_NAME}`;
      if (!exists) await admin.unsafe(`create database ${DATABASE_NAME}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await pg.stop();
    throw error;
  }
  return { url: pg.databaseUrl(DATABASE_NAME), embedded: true, release: () => pg.stop() };
}

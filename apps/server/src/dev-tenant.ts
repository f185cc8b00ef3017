import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiKey, createTenant, findApiKeyBySecret, type SQL } from '@calsync/server';

/** The file `npm start` writes in sandbox mode: `{"tenant_id","secret_key"}`. */
export interface DevTenantFile {
  tenant_id: string;
  secret_key: string;
}

/** Path of the dev tenant file in a data dir. */
export function devTenantPath(dataDir: string): string {
  return join(dataDir, 'dev-tenant.json');
}

/**
 * Returns the dev tenant, creating it (and its secret key) on first start. A file whose key no
 * longer works (a database switched under it, the key revoked) is replaced. The data dir is created
 * when missing (with `DATABASE_URL` nothing else needs it, so a fresh deployment has none).
 *
 * @example
 * const { tenant_id, secret_key } = await ensureDevTenant(sql, '/var/lib/calsync');
 */
export async function ensureDevTenant(
  sql: SQL,
  dataDir: string,
): Promise<DevTenantFile & { created: boolean }> {
  const file = devTenantPath(dataDir);
  if (existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Partial<DevTenantFile>;
    if (typeof saved.secret_key === 'string' && typeof saved.tenant_id === 'string') {
      const key = await findApiKeyBySecret(sql, saved.secret_key);
      if (key?.tenant_id === saved.tenant_id) {
        return { tenant_id: saved.tenant_id, secret_key: saved.secret_key, created: false };
      }
    }
  }
  const tenant = await createTenant(sql, 'Development');
  const key = await createApiKey(sql, tenant.id, 'dev');
  const record: DevTenantFile = { tenant_id: tenant.id, secret_key: key.secret_key };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  return { ...record, created: true };
}

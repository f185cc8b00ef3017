import type { Keyring } from './crypto/keyring.js';
import type { SQL } from './db/connect.js';
import type { JobSender } from './jobs/sender.js';
import type { Logger } from './logging.js';
import type { SyncHooks } from './services/sync-hooks.js';

/**
 * What every route, job and service of the server shares. Built once per process by
 * `apps/server`; tests build their own with a test database and a fake clock.
 */
export interface ServerContext {
  readonly sql: SQL;
  readonly keyring: Keyring;
  readonly logger: Logger;
  /** The clock; never `new Date()` in server code. */
  readonly now: () => Date;
  /** Enqueues jobs, inside the caller's transaction when given one. */
  readonly jobs: JobSender;
  /** Public URL of this server (OAuth redirects, webhook callbacks). */
  readonly baseUrl: string;
  /** Browser origins allowed to call the API (the elements run on host pages). */
  readonly corsOrigins: readonly string[];
  /**
   * Redirect URIs other than the server's own callback page that an OAuth authorisation may
   * name (host pages that complete the code themselves); none when absent.
   */
  readonly oauthRedirectUris?: readonly string[];
  /** How host-side changes are handed to the sync engine. */
  readonly sync: SyncHooks;
}

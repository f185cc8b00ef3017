import { listConnectionsExpiringBefore } from '../store/connections.js';
import { refreshConnectionTokens } from '../providers/session.js';
import type { SyncRuntime } from '../sync/runtime.js';

/** What one refresh run did. */
export interface TokenRefreshReport {
  refreshed: number;
  failed: number;
}

/**
 * Refreshes the access tokens of syncing connections that expire within the lead time (5
 * minutes by default), one connection at a time so one provider's failure never holds up
 * another. A refused refresh marks that connection `needs_reauth` (inside the refresh).
 *
 * @example
 * await runTokenRefresh(rt); // every minute from the cron schedule
 */
export async function runTokenRefresh(rt: SyncRuntime): Promise<TokenRefreshReport> {
  const { ctx } = rt;
  const before = new Date(ctx.now().getTime() + rt.options.tokenRefreshLeadMs);
  const due = await listConnectionsExpiringBefore(ctx.sql, before, 200);
  const report: TokenRefreshReport = { refreshed: 0, failed: 0 };
  for (const connection of due) {
    if (!rt.registry.has(connection.provider) || !rt.registry.get(connection.provider).refresh)
      continue;
    try {
      await refreshConnectionTokens(rt, connection.id, { force: false });
      report.refreshed++;
    } catch (error) {
      report.failed++;
      ctx.logger.warn({ connectionId: connection.id, err: error }, 'token refresh failed');
    }
  }
  return report;
}

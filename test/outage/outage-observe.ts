import type { ScenarioUser } from '../convergence/scenario-user.js';
import type { ConvergenceStack } from '../convergence/stack.js';

interface FeedPage {
  changes: { seq: number; type: string; data: { id?: string; sync_status?: string } }[];
  next: number | null;
}

export { observeUser } from '../convergence/observe.js';

/** Every `sync_status` the change feed announced for the user's connections (`integration.updated`). */
export async function announcedStatuses(user: ScenarioUser): Promise<string[]> {
  const statuses: string[] = [];
  const ids = new Set(Object.values(user.integrations));
  let after = 0;
  for (;;) {
    const page = await user.api<FeedPage>('GET', `/changes?after=${after}&limit=500`);
    for (const change of page.changes) {
      after = Math.max(after, change.seq);
      if (change.type !== 'integration.updated' || !ids.has(change.data.id ?? '')) continue;
      statuses.push(`${change.data.id}:${change.data.sync_status}`);
    }
    if (page.changes.length === 0 || page.next === null) return statuses;
  }
}

/** The current `sync_status` of each connection. */
export async function connectionStatuses(user: ScenarioUser): Promise<Record<string, string>> {
  const statuses: Record<string, string> = {};
  for (const [provider, id] of Object.entries(user.integrations)) {
    const row = await user.api<{ sync_status: string }>('GET', `/calendar-integrations/${id}`);
    statuses[provider] = row.sync_status;
  }
  return statuses;
}

/** Pull and push jobs queued, backing off or running, and links of the user waiting for a push. */
export async function pendingWork(
  stack: ConvergenceStack,
  user: ScenarioUser,
): Promise<{ jobs: number; links: number }> {
  const [links] = await stack.db.sql<{ n: number }[]>`
    select count(*)::int as n from event_links
    where connection_id = any(${Object.values(user.integrations)}::uuid[])
      and state in ('pending_create', 'pending_update', 'pending_delete')`;
  return { jobs: await stack.pendingJobs(), links: links?.n ?? 0 };
}

import type { Context } from 'hono';
import type { GraphDeps, GraphEnv } from './deps.js';
import { GraphError } from './errors.js';

/** Per-mailbox request accounting for throttling. */
interface MailboxBudget {
  /** Request instants (ms, injected clock) within the rolling window, oldest first. */
  requestTimesMs: number[];
  inFlight: number;
}

function tooManyRequests(retryAfterSeconds: number): GraphError {
  const error = new GraphError(429, 'TooManyRequests', 'Please retry again later.', {
    'Retry-After': String(retryAfterSeconds),
  });
  return error;
}

/**
 * Outlook's throttling: a request budget per mailbox over a rolling window and a cap on concurrent
 * requests, both answered with 429 and `Retry-After`. Limits come from the settings at each request.
 */
export function createThrottle(deps: GraphDeps): {
  middleware: (c: Context<GraphEnv>, next: () => Promise<void>) => Promise<void>;
  reset: () => void;
} {
  const budgets = new Map<string, MailboxBudget>();
  const middleware = async (c: Context<GraphEnv>, next: () => Promise<void>): Promise<void> => {
    const { settings } = deps;
    const userId = c.get('target').id;
    let budget = budgets.get(userId);
    if (!budget) {
      budget = { requestTimesMs: [], inFlight: 0 };
      budgets.set(userId, budget);
    }
    const nowMs = deps.ctx.now().getTime();
    const windowMs = settings.throttleWindowSeconds * 1000;
    while (
      budget.requestTimesMs.length > 0 &&
      (budget.requestTimesMs[0] ?? 0) <= nowMs - windowMs
    ) {
      budget.requestTimesMs.shift();
    }
    if (budget.requestTimesMs.length >= settings.throttleRequestsPerWindow) {
      const oldestMs = budget.requestTimesMs[0] ?? nowMs;
      throw tooManyRequests(Math.max(1, Math.ceil((oldestMs + windowMs - nowMs) / 1000)));
    }
    if (budget.inFlight >= settings.throttleMaxConcurrentRequests) throw tooManyRequests(1);
    budget.requestTimesMs.push(nowMs);
    budget.inFlight += 1;
    try {
      await next();
    } finally {
      budget.inFlight -= 1;
    }
  };
  return { middleware, reset: () => budgets.clear() };
}

import type { Operation } from './operations.js';

/**
 * Delta debugging (ddmin, bounded in time): removes chunks of operations while `stillFails`
 * answers true for the rest, halving the chunk size down to single operations. Every probe is a
 * replay on a fresh tenant, so a flaky failure may shrink less; the result always failed once.
 */
export async function shrinkOperations(
  ops: readonly Operation[],
  stillFails: (candidate: readonly Operation[]) => Promise<boolean>,
  budgetMs: number,
): Promise<{ ops: Operation[]; probes: number }> {
  const deadline = Date.now() + budgetMs;
  let current = [...ops];
  let probes = 0;
  let chunk = Math.max(1, Math.floor(current.length / 2));
  while (chunk >= 1 && Date.now() < deadline) {
    let removed = false;
    for (let start = 0; start < current.length && Date.now() < deadline;) {
      // The first operation creates what the rest act on: keep it.
      const from = Math.max(start, 1);
      const candidate = [...current.slice(0, from), ...current.slice(from + chunk)];
      if (candidate.length === current.length) break;
      probes++;
      if (await stillFails(candidate)) {
        current = candidate;
        removed = true;
      } else {
        start = from + chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return { ops: current, probes };
}

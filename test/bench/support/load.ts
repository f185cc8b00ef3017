import { performance } from 'node:perf_hooks';

/** Figures of one load run. */
export interface LoadReport {
  requests: number;
  failures: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))] ?? 0;
}

/**
 * Runs `send` from `concurrency` loops for `durationMs` (bounded in time and count, loopback
 * only) and reports throughput and latency percentiles. `send` resolves to whether it succeeded.
 */
export async function runLoad(
  send: (n: number) => Promise<boolean>,
  options: { durationMs: number; concurrency: number; maxRequests?: number },
): Promise<LoadReport> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let n = 0;
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const startedMs = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() - startedMs < options.durationMs && n < max) {
      const sentMs = performance.now();
      const ok = await send(n++);
      if (!ok) failures += 1;
      latenciesMs.push(performance.now() - sentMs);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedS = (performance.now() - startedMs) / 1000;
  latenciesMs.sort((a, b) => a - b);
  return {
    requests: latenciesMs.length,
    failures,
    requestsPerSecond: latenciesMs.length / elapsedS,
    p50Ms: percentile(latenciesMs, 0.5),
    p99Ms: percentile(latenciesMs, 0.99),
  };
}

/** One line of figures. */
export function formatLoad(name: string, report: LoadReport, note = ''): string {
  return (
    `${name}: ${report.requestsPerSecond.toFixed(0)} req/s over ${report.requests} requests, ` +
    `p50 ${report.p50Ms.toFixed(1)} ms, p99 ${report.p99Ms.toFixed(1)} ms, failures ${report.failures}` +
    (note ? ` (${note})` : '')
  );
}

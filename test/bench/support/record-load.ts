import type { LoadReport } from './load.js';
import { recordFigure } from './report.js';

/** Where a load run happened, for its figures. */
export interface LoadContext {
  /** The benchmark's name in the results table. */
  readonly bench: string;
  /** The sandbox's simulated latency (absent when the load hit no sandbox). */
  readonly sandboxLatencyMs?: number;
  /** Extra context, e.g. the concurrency. */
  readonly notes?: string;
}

/** Records a load run's throughput, p50 and p99 (requests and failures go into the notes). */
export function recordLoad(name: string, report: LoadReport, context: LoadContext): void {
  const notes = [
    `${report.requests.toLocaleString('en-US')} requests, failures ${report.failures}`,
    ...(context.notes ? [context.notes] : []),
  ].join('; ');
  const base = {
    bench: context.bench,
    notes,
    ...(context.sandboxLatencyMs === undefined
      ? {}
      : { sandboxLatencyMs: context.sandboxLatencyMs }),
  };
  const round = (ms: number) => Math.round(ms * 100) / 100;
  recordFigure({
    ...base,
    name: `${name}: throughput`,
    value: Math.round(report.requestsPerSecond),
    unit: 'req/s',
  });
  recordFigure({ ...base, name: `${name}: p50 latency`, value: round(report.p50Ms), unit: 'ms' });
  recordFigure({ ...base, name: `${name}: p99 latency`, value: round(report.p99Ms), unit: 'ms' });
}

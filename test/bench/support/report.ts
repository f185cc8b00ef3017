import { appendFileSync } from 'node:fs';

/** One measured figure, as it goes into `test/bench/RESULTS.md`. */
export interface Figure {
  /** Which benchmark measured it, e.g. `Google sync through the server`. */
  readonly bench: string;
  /** What was measured, e.g. `initial import of 10,000 events`. */
  readonly name: string;
  readonly value: number;
  /** `s`, `ms`, `req/s`, `items/s`, `MB`, … */
  readonly unit: string;
  /** The target as the issue states it, e.g. `< 10 s`; absent when there is none. */
  readonly target?: string;
  /** Whether the value meets the target (absent without a target). */
  readonly met?: boolean;
  /** The sandbox's simulated provider latency during the measurement, in ms (absent: no sandbox). */
  readonly sandboxLatencyMs?: number;
  /** Anything a reader needs to read the figure right (counts, concurrency, failures). */
  readonly notes?: string;
}

/** Where `npm run bench` collects figures (one JSON object per line). */
export const RESULTS_FILE_ENV = 'CALSYNC_BENCH_RESULTS';

function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 1 });
}

/**
 * Prints a figure and, under `npm run bench`, records it for the results table. Benchmarks only
 * report; nothing here fails a run on a missed target.
 *
 * @example
 * recordFigure({ bench: 'Google', name: 'initial import of 10,000 events', value: 4.4, unit: 's',
 *   target: '< 10 s', met: 4.4 < 10, sandboxLatencyMs: 0 });
 */
export function recordFigure(figure: Figure): void {
  const target = figure.target
    ? `; target ${figure.target} (${figure.met ? 'met' : 'NOT met'})`
    : '';
  const latency =
    figure.sandboxLatencyMs === undefined ? '' : `; sandbox latency ${figure.sandboxLatencyMs} ms`;
  const notes = figure.notes ? ` (${figure.notes})` : '';
  console.log(
    `[bench] ${figure.bench}: ${figure.name} = ${formatValue(figure.value)} ${figure.unit}${notes}${target}${latency}`,
  );
  const file = process.env[RESULTS_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

import { describeOperation, type Operation } from './operations.js';
import type { ScenarioResult } from './scenario.js';

/** A failing seed as a readable script: what to run again and what went wrong. */
export function reproduction(seed: number, ops: readonly Operation[], failures: string[]): string {
  return [
    `seed ${seed} fails (replay: CALSYNC_SOAK_SEED=${seed} CALSYNC_SOAK_SCENARIOS=1 npm run soak -w test)`,
    'operations:',
    ...ops.map((op, i) => `  ${String(i + 1).padStart(2)}. ${describeOperation(op)}`),
    'failures:',
    ...failures.map((f) => `  - ${f}`),
    'as data:',
    `  ${JSON.stringify(ops)}`,
  ].join('\n');
}

/** The soak's summary table. */
export function summaryTable(
  results: readonly (ScenarioResult & { seed: number })[],
  wallMs: number,
): string {
  const faults: Record<string, number> = {};
  for (const r of results) {
    for (const [kind, n] of Object.entries(r.faults)) faults[kind] = (faults[kind] ?? 0) + n;
  }
  const retries: Record<string, number> = {};
  for (const r of results) {
    for (const [kind, n] of Object.entries(r.retries)) retries[kind] = (retries[kind] ?? 0) + n;
  }
  const failed = results.filter((r) => r.failures.length > 0);
  const sum = (pick: (r: ScenarioResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const rows: [string, string][] = [
    ['scenarios', String(results.length)],
    ['operations', String(sum((r) => r.operations))],
    ['operations with nothing to act on', String(sum((r) => r.skipped))],
    ...Object.entries(faults)
      .sort()
      .map(([kind, n]): [string, string] => [`faults: ${kind}`, String(n)]),
    ...Object.entries(retries)
      .sort()
      .map(([kind, n]): [string, string] => [`failed attempts: ${kind}`, String(n)]),
    ['worker kills (SIGKILL)', String(sum((r) => r.kills))],
    ['conflicts recorded', String(sum((r) => r.conflicts))],
    ['failures', String(failed.length)],
    ['failing seeds', failed.map((r) => r.seed).join(', ') || '-'],
    ['wall time', `${(wallMs / 1000).toFixed(1)} s`],
    ['per scenario', `${results.length ? (wallMs / results.length / 1000).toFixed(1) : '-'} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** How one `calsync doctor` check came out: FAIL makes the command exit 1, WARN does not. */
export type CheckStatus = 'PASS' | 'WARN' | 'FAIL';

/** One line of the doctor's report. */
export interface CheckResult {
  status: CheckStatus;
  /** Short and stable, e.g. `database`, `migrations`, `keys`. */
  check: string;
  /** What was found, and for WARN and FAIL what to do about it. Never a secret. */
  detail: string;
}

/** `PASS  database     reachable` — the status, the check's name padded, the detail. */
export function formatResult(result: CheckResult): string {
  return `${result.status.padEnd(4)}  ${result.check.padEnd(14)} ${result.detail}`;
}

/** 1 when any check failed, else 0. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === 'FAIL') ? 1 : 0;
}

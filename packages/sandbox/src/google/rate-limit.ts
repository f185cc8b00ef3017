import { GoogleApiError } from './errors.js';
import type { GoogleRateLimitOptions } from './runtime.js';

const WINDOW_MS = 60_000;

/** Sliding-window counters per user and for the whole project, as Google's quotas work. */
export class GoogleRateLimiter {
  private readonly perUser = new Map<string, number[]>();
  private readonly project: number[] = [];

  constructor(private readonly limits: GoogleRateLimitOptions) {}

  /** Counts one request; throws Google's quota error when a bucket is full. */
  check(email: string, nowMs: number): void {
    const userLimit = this.limits.perUserPerMinute;
    const projectLimit = this.limits.perProjectPerMinute;
    if (projectLimit !== undefined && this.count(this.project, nowMs) >= projectLimit) {
      throw new GoogleApiError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', {
        domain: 'usageLimits',
      });
    }
    let stamps = this.perUser.get(email);
    if (stamps === undefined) {
      stamps = [];
      this.perUser.set(email, stamps);
    }
    if (userLimit !== undefined && this.count(stamps, nowMs) >= userLimit) {
      if (this.limits.userLimitStatus === 429) {
        throw new GoogleApiError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', {
          domain: 'usageLimits',
        });
      }
      throw new GoogleApiError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded', {
        domain: 'usageLimits',
      });
    }
    stamps.push(nowMs);
    this.project.push(nowMs);
  }

  private count(stamps: number[], nowMs: number): number {
    while (stamps.length > 0 && (stamps[0] ?? 0) <= nowMs - WINDOW_MS) stamps.shift();
    return stamps.length;
  }

  reset(): void {
    this.perUser.clear();
    this.project.length = 0;
  }
}

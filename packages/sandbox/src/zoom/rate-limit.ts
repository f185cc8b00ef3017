import { ZoomApiError } from './errors.js';

/** Zoom's rate-limit categories the emulator applies. */
export type ZoomRateCategory = 'Light' | 'Medium';

/** Zoom limits; per-second figures are a Pro account's. */
export interface ZoomRateLimitOptions {
  /** Meeting create/update requests per user per UTC day (Zoom: 100). */
  dailyMeetingWritesPerUser?: number;
  /** Requests per second, per category, for the account. */
  perSecond?: Partial<Record<ZoomRateCategory, number>>;
  /** Send `X-RateLimit-*` headers (forum threads show them missing at times). Default true. */
  headers?: boolean;
}

const DAY_MS = 86_400_000;

/** Daily per-user and per-second per-account counters, by the injected clock. */
export class ZoomRateLimiter {
  private readonly daily = new Map<string, number>();
  private secondKey = -1;
  private readonly perSecond = new Map<ZoomRateCategory, number>();

  constructor(private readonly options: ZoomRateLimitOptions) {}

  /** Counts one request of a category; throws Zoom's 429 when over. Returns headers to send. */
  check(category: ZoomRateCategory, nowMs: number): Record<string, string> {
    const limit = this.options.perSecond?.[category] ?? (category === 'Light' ? 80 : 20);
    const second = Math.floor(nowMs / 1000);
    if (second !== this.secondKey) {
      this.secondKey = second;
      this.perSecond.clear();
    }
    const used = this.perSecond.get(category) ?? 0;
    const headers = this.headers({
      category,
      type: 'QPS',
      limit,
      remaining: Math.max(0, limit - used - 1),
    });
    if (used >= limit) {
      throw new ZoomApiError(
        429,
        429,
        'You have reached the maximum per-second rate limit for this API. Try again later.',
        [],
        { ...headers, 'Retry-After': '1' },
      );
    }
    this.perSecond.set(category, used + 1);
    return headers;
  }

  /** Counts one meeting create/update for the user; throws the exact daily-limit 429. */
  checkDailyWrite(email: string, nowMs: number): void {
    const limit = this.options.dailyMeetingWritesPerUser ?? 100;
    const day = Math.floor(nowMs / DAY_MS);
    const key = `${email}|${day}`;
    const used = this.daily.get(key) ?? 0;
    if (used >= limit) {
      throw new ZoomApiError(
        429,
        429,
        `You have exceeded the daily rate limit (${limit}) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.`,
        [],
        {
          ...this.headers({ category: 'Medium', type: 'Daily-limit', limit, remaining: 0 }),
          'Retry-After': new Date((day + 1) * DAY_MS).toISOString().replace('.000', ''),
        },
      );
    }
    this.daily.set(key, used + 1);
  }

  reset(): void {
    this.daily.clear();
    this.perSecond.clear();
  }

  private headers(info: {
    category: string;
    type: string;
    limit: number;
    remaining: number;
  }): Record<string, string> {
    if (this.options.headers === false) return {};
    return {
      'X-RateLimit-Category': info.category,
      'X-RateLimit-Type': info.type,
      'X-RateLimit-Limit': String(info.limit),
      'X-RateLimit-Remaining': String(info.remaining),
    };
  }
}

import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './relative-time.js';

const now = new Date('2026-03-02T10:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('formatRelativeTime', () => {
  it('says "now" for under 45 seconds', () => {
    expect(formatRelativeTime(ago(10), now, 'en')).toBe('now');
  });
  it('rounds to the largest unit', () => {
    expect(formatRelativeTime(ago(50), now, 'en')).toBe('1 minute ago');
    expect(formatRelativeTime(ago(3 * 60), now, 'en')).toBe('3 minutes ago');
    expect(formatRelativeTime(ago(2 * 3600 + 5), now, 'en')).toBe('2 hours ago');
    expect(formatRelativeTime(ago(26 * 3600), now, 'en')).toBe('yesterday');
  });
  it('speaks of the future too', () => {
    expect(formatRelativeTime(new Date(now.getTime() + 3600_000), now, 'en')).toBe('in 1 hour');
  });
  it('follows the locale', () => {
    expect(formatRelativeTime(ago(3 * 60), now, 'de')).toBe('vor 3 Minuten');
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import { toCamelCase, toSnakeCase } from '../src/http/case.js';
import type { CamelCase } from '../src/wire/case.js';

describe('case conversion', () => {
  it('camelCases keys deeply, in arrays too, and keeps values', () => {
    expect(
      toCamelCase({
        sync_status: 'needs_reauth',
        recent_events: [{ event_type: 'pull', processed_at: '2026-06-01T09:00:00Z' }],
        progress: null,
        cursor: [],
      }),
    ).toEqual({
      syncStatus: 'needs_reauth',
      recentEvents: [{ eventType: 'pull', processedAt: '2026-06-01T09:00:00Z' }],
      progress: null,
      cursor: [],
    });
  });

  it('snake_cases keys, drops undefined fields and leaves non-plain objects alone', () => {
    const at = new Date('2026-06-01T09:00:00Z');
    expect(
      toSnakeCase({
        hostRef: 'b1',
        meetingUrl: undefined,
        attendees: [{ responseStatus: 'x' }],
        at,
      }),
    ).toEqual({ host_ref: 'b1', attendees: [{ response_status: 'x' }], at });
  });

  it('round-trips every wire key shape the API uses', () => {
    const wire = { a: 1, ttl_seconds: 2, provider_calendar_id: 3, video_meeting: { join_url: 4 } };
    expect(toSnakeCase(toCamelCase(wire))).toEqual(wire);
  });

  it('maps the types the same way', () => {
    expectTypeOf<
      CamelCase<{ sync_status: 'active'; links: { integration_id: string }[]; n?: number | null }>
    >().toEqualTypeOf<{
      syncStatus: 'active';
      links: { integrationId: string }[];
      n?: number | null;
    }>();
  });
});

import { describe, expect, test } from 'vitest';
import { parseGoogleNotification } from '../src/index.js';

const HEADERS = {
  'x-goog-channel-id': 'chan-1',
  'x-goog-channel-token': 'secret-token',
  'x-goog-channel-expiration': 'Tue, 10 Mar 2026 14:00:00 GMT',
  'x-goog-message-number': '7',
  'x-goog-resource-id': 'res-1',
  'x-goog-resource-state': 'exists',
  'x-goog-resource-uri': 'https://www.googleapis.com/calendar/v3/calendars/primary/events?alt=json',
};

describe('parseGoogleNotification', () => {
  test('reads every header (Node record form)', () => {
    expect(parseGoogleNotification(HEADERS, 'secret-token')).toEqual({
      ok: true,
      notification: {
        channelId: 'chan-1',
        resourceId: 'res-1',
        state: 'exists',
        messageNumber: 7,
        resourceUri: HEADERS['x-goog-resource-uri'],
        channelExpiresAt: '2026-03-10T14:00:00.000Z',
      },
    });
  });

  test('Fetch Headers, mixed case, the sync message', () => {
    const headers = new Headers({
      'X-Goog-Channel-ID': 'chan-1',
      'X-Goog-Channel-Token': 'secret-token',
      'X-Goog-Message-Number': '1',
      'X-Goog-Resource-ID': 'res-1',
      'X-Goog-Resource-State': 'sync',
    });
    expect(parseGoogleNotification(headers, 'secret-token')).toMatchObject({
      ok: true,
      notification: { state: 'sync', messageNumber: 1, resourceUri: null, channelExpiresAt: null },
    });
  });

  test('not_exists is a valid state', () => {
    const result = parseGoogleNotification(
      { ...HEADERS, 'x-goog-resource-state': 'not_exists' },
      'secret-token',
    );
    expect(result.ok && result.notification.state).toBe('not_exists');
  });

  const rejections: [string, Record<string, string | undefined>, string, unknown][] = [
    ['wrong token', HEADERS, 'other-token', { reason: 'bad_token' }],
    ['token prefix only', HEADERS, 'secret-token-longer', { reason: 'bad_token' }],
    [
      'missing token',
      { ...HEADERS, 'x-goog-channel-token': undefined },
      'secret-token',
      { reason: 'bad_token' },
    ],
    [
      'missing channel id',
      { ...HEADERS, 'x-goog-channel-id': undefined },
      'secret-token',
      { reason: 'missing_header', header: 'X-Goog-Channel-ID' },
    ],
    [
      'missing resource id',
      { ...HEADERS, 'x-goog-resource-id': '' },
      'secret-token',
      { reason: 'missing_header', header: 'X-Goog-Resource-ID' },
    ],
    [
      'unknown state',
      { ...HEADERS, 'x-goog-resource-state': 'deleted' },
      'secret-token',
      { reason: 'unknown_state', state: 'deleted' },
    ],
    [
      'bad message number',
      { ...HEADERS, 'x-goog-message-number': '1e3' },
      'secret-token',
      { reason: 'bad_message_number', value: '1e3' },
    ],
  ];
  test.each(rejections)('%s → typed rejection', (_name, headers, token, rejection) => {
    expect(parseGoogleNotification(headers, token)).toEqual({ ok: false, rejection });
  });

  test('array header values (Node) take the first', () => {
    const result = parseGoogleNotification(
      { ...HEADERS, 'x-goog-channel-token': ['secret-token', 'x'] },
      'secret-token',
    );
    expect(result.ok).toBe(true);
  });
});

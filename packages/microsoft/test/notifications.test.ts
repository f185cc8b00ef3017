import { describe, expect, test } from 'vitest';
import { answerValidation, clientStateMatches, parseGraphNotifications } from '../src/index.js';

const change = (overrides: Record<string, unknown> = {}) => ({
  id: 'n1',
  subscriptionId: 'sub-1',
  subscriptionExpirationDateTime: '2026-03-04T00:00:00.000Z',
  changeType: 'updated',
  resource: 'Users/u1/Events/e1',
  resourceData: {
    '@odata.type': '#Microsoft.Graph.Event',
    '@odata.id': 'Users/u1/Events/e1',
    '@odata.etag': 'W/"ck"',
    id: 'e1',
  },
  clientState: 'secret-1',
  tenantId: 't1',
  ...overrides,
});

describe('validation handshake', () => {
  test('echoes the URL-decoded token as text/plain', () => {
    const token =
      'Validation: Testing client application reachability for subscription Request-Id: 1+2 &x';
    const answer = answerValidation(
      `https://calsync.test/api/v1/webhooks/microsoft?validationToken=${encodeURIComponent(token)}`,
    );
    expect(answer).toEqual({
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: token,
    });
    expect(answerValidation('/api/v1/webhooks/microsoft')).toBeNull();
    expect(answerValidation(new URL('https://x.test/?validationToken=abc'))?.body).toBe('abc');
  });
});

describe('parseGraphNotifications', () => {
  test('batched change notifications of several subscriptions, each checked against its own secret', () => {
    const secrets: Record<string, string> = { 'sub-1': 'secret-1', 'sub-2': 'secret-2' };
    const parsed = parseGraphNotifications(
      {
        value: [
          change(),
          change({ subscriptionId: 'sub-2', clientState: 'secret-2', changeType: 'deleted' }),
          change({ subscriptionId: 'sub-3' }),
        ],
      },
      (id) => secrets[id] ?? null,
    );
    expect(parsed.changes).toEqual([
      {
        kind: 'change',
        subscriptionId: 'sub-1',
        changeType: 'updated',
        resource: 'Users/u1/Events/e1',
        eventId: 'e1',
        etag: 'W/"ck"',
        tenantId: 't1',
        subscriptionExpiresAt: '2026-03-04T00:00:00.000Z',
      },
      expect.objectContaining({ subscriptionId: 'sub-2', changeType: 'deleted' }),
    ]);
    expect(parsed.rejected).toEqual([{ subscriptionId: 'sub-3', reason: 'client_state_mismatch' }]);
  });

  test('lifecycle events with their actions', () => {
    const parsed = parseGraphNotifications(
      {
        value: ['reauthorizationRequired', 'missed', 'subscriptionRemoved', 'somethingNew'].map(
          (lifecycleEvent) => ({
            subscriptionId: 'sub-1',
            subscriptionExpirationDateTime: '2026-03-04T00:00:00.000Z',
            tenantId: 't1',
            clientState: 'secret-1',
            lifecycleEvent,
          }),
        ),
      },
      'secret-1',
    );
    expect(parsed.lifecycle.map((l) => [l.lifecycleEvent, l.action])).toEqual([
      ['reauthorizationRequired', 'renew'],
      ['missed', 'resync'],
      ['subscriptionRemoved', 'rewatch_and_resync'],
    ]);
    expect(parsed.rejected).toEqual([
      { subscriptionId: 'sub-1', reason: 'unknown_lifecycle_event' },
    ]);
  });

  test('missing or wrong clientState and malformed items are rejected, never acted on', () => {
    const parsed = parseGraphNotifications(
      {
        value: [
          change({ clientState: undefined }),
          change({ clientState: 'secret-10' }),
          change({ changeType: 'moved' }),
          change({ subscriptionId: undefined }),
          'junk',
        ],
      },
      'secret-1',
    );
    expect(parsed.changes).toEqual([]);
    expect(parsed.rejected.map((r) => r.reason)).toEqual([
      'client_state_mismatch',
      'client_state_mismatch',
      'malformed',
      'malformed',
      'malformed',
    ]);
    expect(parseGraphNotifications(null, 'x').rejected).toEqual([
      { subscriptionId: null, reason: 'malformed' },
    ]);
    expect(parseGraphNotifications({ value: 3 }, 'x').rejected).toHaveLength(1);
  });

  test('clientState comparison', () => {
    expect(clientStateMatches('abc', 'abc')).toBe(true);
    expect(clientStateMatches('abc', 'abd')).toBe(false);
    expect(clientStateMatches('', 'abc')).toBe(false);
  });
});

import { NotFoundError, NonRetryableProviderError } from '@calsync/core';
import { contractContent } from '@calsync/core/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  SUBSCRIPTION_MAX_MINUTES,
  parseGraphNotifications,
  subscriptionExpiry,
} from '../src/index.js';
import type { ReceivedHook, TestSandbox } from './support/sandbox.js';
import { startTestSandbox } from './support/sandbox.js';

let env: TestSandbox;
beforeAll(async () => {
  env = await startTestSandbox();
});
afterAll(async () => {
  await env.close();
});

async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !predicate(); i++) {
    await env.sandbox.idle();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(predicate()).toBe(true);
}

const notificationsTo = (name: string): ReceivedHook[] =>
  env.hooks.filter((h) => h.name === name && h.validationToken === null);

describe('subscriptions (watch) with a real local receiver', () => {
  test('watch validates the endpoint, notifications carry clientState, renew and unwatch', async () => {
    const account = await env.account();
    const adapter = env.adapter(account.token);
    const channel = await adapter.watch({
      calendarId: account.calendarId,
      callbackUrl: env.hookUrl('changes-1'),
      verificationToken: 'secret-state-1',
      requestedTtlSeconds: 3600,
    });
    expect(channel).toMatchObject({
      calendarId: account.calendarId,
      channelId: channel.resourceId,
    });
    // The handshake reached our receiver for both the notification and the lifecycle URL.
    const validations = env.hooks.filter(
      (h) => h.name === 'changes-1' && h.validationToken !== null,
    );
    expect(validations).toHaveLength(2);
    expect(validations[0]!.validationToken).toMatch(
      /^Validation: Testing client application reachability/,
    );

    await adapter.createEvent({
      calendarId: account.calendarId,
      idempotencyKey: 'watch-1',
      appointmentId: 'apt-watch-1',
      iCalUID: 'watch-1@calsync.test',
      content: contractContent({ title: 'Notify me' }),
      series: null,
    });
    await waitFor(() => notificationsTo('changes-1').length > 0);
    const parsed = parseGraphNotifications(
      JSON.parse(notificationsTo('changes-1')[0]!.body),
      'secret-state-1',
    );
    expect(parsed.rejected).toEqual([]);
    expect(parsed.changes[0]).toMatchObject({
      kind: 'change',
      subscriptionId: channel.resourceId,
      changeType: 'created',
    });
    expect(
      parseGraphNotifications(JSON.parse(notificationsTo('changes-1')[0]!.body), 'forged').rejected,
    ).toEqual([{ subscriptionId: channel.resourceId, reason: 'client_state_mismatch' }]);

    const renewed = await adapter.renewWatch(channel, 7200);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(channel.expiresAt));
    await adapter.unwatch(channel);
    await adapter.unwatch(channel); // already gone: done
    await expect(adapter.renewWatch(channel, 60)).rejects.toBeInstanceOf(NotFoundError);
  });

  test('lifecycle events arrive at the lifecycle URL and parse as typed values', async () => {
    const account = await env.account();
    const adapter = env.adapter(account.token, {
      lifecycleNotificationUrl: () => env.hookUrl('lifecycle-2'),
    });
    const channel = await adapter.watch({
      calendarId: account.calendarId,
      callbackUrl: env.hookUrl('changes-2'),
      verificationToken: 'secret-state-2',
      requestedTtlSeconds: 3600,
    });
    for (const lifecycleEvent of ['reauthorizationRequired', 'missed', 'subscriptionRemoved']) {
      const response = await fetch(
        `${env.microsoftBase}/_control/subscriptions/${channel.resourceId}/lifecycle`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lifecycleEvent }),
        },
      );
      expect(response.status).toBe(202);
    }
    await waitFor(() => notificationsTo('lifecycle-2').length >= 3);
    const lifecycle = notificationsTo('lifecycle-2').flatMap(
      (hook) =>
        parseGraphNotifications(JSON.parse(hook.body), (id) =>
          id === channel.resourceId ? 'secret-state-2' : null,
        ).lifecycle,
    );
    expect(lifecycle.map((l) => [l.lifecycleEvent, l.action])).toEqual([
      ['reauthorizationRequired', 'renew'],
      ['missed', 'resync'],
      ['subscriptionRemoved', 'rewatch_and_resync'],
    ]);
  });

  test('a receiver that does not echo the token fails the create; expiry stays within Graph maximum', async () => {
    const account = await env.account();
    const adapter = env.adapter(account.token);
    await expect(
      adapter.watch({
        calendarId: account.calendarId,
        callbackUrl: `${env.origin}/nowhere`,
        verificationToken: 's',
        requestedTtlSeconds: 60,
      }),
    ).rejects.toBeInstanceOf(NonRetryableProviderError);
    await expect(
      adapter.watch({
        calendarId: account.calendarId,
        callbackUrl: env.hookUrl('x'),
        verificationToken: 'x'.repeat(129),
        requestedTtlSeconds: 60,
      }),
    ).rejects.toBeInstanceOf(NonRetryableProviderError);
    const now = new Date('2026-03-01T00:00:00.000Z');
    const longest = subscriptionExpiry(now, 30 * 86_400);
    expect(longest.getTime() - now.getTime()).toBeLessThan(SUBSCRIPTION_MAX_MINUTES * 60_000);
    const channel = await adapter.watch({
      calendarId: account.calendarId,
      callbackUrl: env.hookUrl('y'),
      verificationToken: 'y',
      requestedTtlSeconds: 30 * 86_400,
    });
    expect(Date.parse(channel.expiresAt)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });
});

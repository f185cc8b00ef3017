import { afterEach, describe, expect, test } from 'vitest';
import { contractContent } from '@calsync/core/testing';
import { parseGoogleNotification } from '../src/index.js';
import { type GoogleSandbox, googleSandbox, receiver, userBody } from './support.js';

let s: GoogleSandbox;
let hook: Awaited<ReturnType<typeof receiver>> | undefined;
afterEach(async () => {
  await s?.close();
  await hook?.close();
  hook = undefined;
});

describe('watch channels against the sandbox', () => {
  test('watch delivers a real sync notification, then exists on change; unwatch stops it', async () => {
    s = await googleSandbox({}, { newChannelId: () => 'chan-0001' });
    hook = await receiver();
    const channel = (await s.adapter.watch({
      calendarId: 'primary',
      callbackUrl: hook.url,
      verificationToken: 'verify-me-123',
      requestedTtlSeconds: 3600,
    }))!;
    expect(channel.channelId).toBe('chan-0001');
    expect(channel.calendarId).toBe('primary');
    const ttlMs = Date.parse(channel.expiresAt) - Date.now();
    expect(ttlMs).toBeGreaterThan(3500_000);
    expect(ttlMs).toBeLessThanOrEqual(3600_000);
    const watchRequest = s.requests.find((r) => r.url.includes('/events/watch'))!;
    expect(watchRequest.method).toBe('POST');

    const sync = parseGoogleNotification((await hook.next()).headers, 'verify-me-123');
    expect(sync).toEqual({
      ok: true,
      notification: expect.objectContaining({
        channelId: 'chan-0001',
        resourceId: channel.resourceId,
        state: 'sync',
        messageNumber: 1,
      }),
    });

    await s.user.events.insert(
      { calendarId: 'primary', requestBody: userBody(contractContent()) },
      s.userCall,
    );
    const exists = parseGoogleNotification((await hook.next()).headers, 'verify-me-123');
    expect(exists.ok && exists.notification.state).toBe('exists');
    expect(exists.ok && exists.notification.messageNumber).toBeGreaterThan(1);
    // A forged request without the token is refused.
    expect(parseGoogleNotification(hook.requests[1]!.headers, 'other')).toEqual({
      ok: false,
      rejection: { reason: 'bad_token' },
    });

    await s.adapter.unwatch(channel);
    await s.user.events.insert(
      { calendarId: 'primary', requestBody: userBody(contractContent({ title: 'After stop' })) },
      s.userCall,
    );
    await s.server.sandbox.idle();
    expect(hook.requests).toHaveLength(2);
    // Stopping twice is fine: the channel is already gone.
    await s.adapter.unwatch(channel);
  });

  test('a calendar that takes no push channel answers no channel, not an error', async () => {
    s = await googleSandbox({}, { newChannelId: () => 'chan-0002' });
    await s.server.sandbox.control.addFault({
      provider: 'google',
      pathPattern: /\/events\/watch$/,
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Push notifications are not supported by this resource.',
          errors: [
            {
              domain: 'global',
              reason: 'pushNotSupportedForRequestedResource',
              message: 'Push notifications are not supported by this resource.',
            },
          ],
        },
      },
    });
    const request = {
      calendarId: 'primary',
      callbackUrl: 'http://127.0.0.1:9/hook',
      verificationToken: 'verify-me-456',
      requestedTtlSeconds: 3600,
    };
    expect(await s.adapter.watch(request)).toBeNull();
    // Any other refusal is still an error.
    await s.server.sandbox.control.clearFaults();
    await s.server.sandbox.control.addFault({
      provider: 'google',
      pathPattern: /\/events\/watch$/,
      status: 400,
    });
    await expect(s.adapter.watch(request)).rejects.toThrow();
  });
});

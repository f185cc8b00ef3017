import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultMicrosoftSettings } from './settings.js';
import type { GraphHarness, ReceivedHook } from './test-support.js';
import { graphError, eventually, startGraphHarness } from './test-support.js';

let h: GraphHarness;
let counter = 0;
beforeAll(async () => {
  h = await startGraphHarness();
});
beforeEach(() => {
  Object.assign(h.emulator.settings, defaultMicrosoftSettings());
  h.hookBehaviour.clear();
});
afterAll(() => h.close());

function newUser() {
  counter += 1;
  const account = h.emulator.createAccount(`subs${counter}@contoso.example`);
  return { account, client: h.client(account.access_token) };
}

function inMinutes(minutes: number): string {
  return new Date(h.clock.nowMs + minutes * 60_000).toISOString();
}

function subscriptionBody(hook: string, extra: Record<string, unknown> = {}) {
  return {
    changeType: 'created,updated,deleted',
    notificationUrl: `${h.base}/hooks/${hook}?tenant=42`,
    resource: 'me/events',
    expirationDateTime: inMinutes(60),
    clientState: `secret-${hook}`,
    ...extra,
  };
}

const meeting = {
  subject: 'Notify me',
  start: { dateTime: '2026-03-10T09:00:00', timeZone: 'UTC' },
  end: { dateTime: '2026-03-10T10:00:00', timeZone: 'UTC' },
};

interface NotificationBody {
  value: Record<string, unknown>[];
}

function notificationsTo(hook: string): NotificationBody[] {
  return h.hooks
    .filter((r: ReceivedHook) => r.name === hook && r.query.validationToken === undefined)
    .map((r) => JSON.parse(r.body) as NotificationBody);
}

describe('Graph emulator checklist (PROTOCOLS.md §2.11)', () => {
  describe('Subscriptions', () => {
    it('validation handshake (text/plain echo within the timeout) before creating', async () => {
      const { client } = newUser();
      const created = await client.api('/subscriptions').post(subscriptionBody('valid'));
      const handshake = h.hooks.find((r) => r.name === 'valid');
      expect(handshake?.contentType).toContain('text/plain');
      expect(handshake?.query.tenant).toBe('42');
      expect(handshake?.query.validationToken).toBeTruthy();
      expect(created).toMatchObject({
        resource: 'me/events',
        clientState: 'secret-valid',
        changeType: 'created,updated,deleted',
      });

      h.hookBehaviour.set(
        'wrong-body',
        () => new Response('nope', { headers: { 'content-type': 'text/plain' } }),
      );
      expect(
        (await graphError(client.api('/subscriptions').post(subscriptionBody('wrong-body'))))
          .statusCode,
      ).toBe(400);
      h.hookBehaviour.set('wrong-type', (hook) => Response.json(hook.query.validationToken));
      expect(
        (await graphError(client.api('/subscriptions').post(subscriptionBody('wrong-type'))))
          .statusCode,
      ).toBe(400);

      let release = (): void => undefined;
      const held = new Promise<undefined>((resolve) => {
        release = () => resolve(undefined);
      });
      h.emulator.settings.validationTimeoutMs = 50;
      h.hookBehaviour.set('silent', () => held);
      const slow = await graphError(client.api('/subscriptions').post(subscriptionBody('silent')));
      release();
      expect(slow.code).toBe('ValidationError');
      expect((await client.api('/subscriptions').get()).value).toHaveLength(1);
    });

    it('notifications on create/update/delete echo clientState and name the resource', async () => {
      const { client } = newUser();
      const subscription = await client.api('/subscriptions').post(subscriptionBody('changes'));
      const event = await client.api('/me/events').post(meeting);
      await client.api(`/me/events/${event.id}`).patch({ subject: 'Changed' });
      await client.api(`/me/events/${event.id}`).delete();
      await eventually(() => notificationsTo('changes').flatMap((b) => b.value).length === 3);
      const items = notificationsTo('changes').flatMap((b) => b.value);
      expect(items.map((n) => n.changeType)).toEqual(['created', 'updated', 'deleted']);
      const me = await client.api('/me').get();
      expect(items[0]).toMatchObject({
        subscriptionId: subscription.id,
        clientState: 'secret-changes',
        resource: `Users/${me.id}/Events/${event.id}`,
        resourceData: { '@odata.type': '#Microsoft.Graph.Event', id: event.id },
      });
      expect(items[0]?.tenantId).toBe(h.emulator.settings.tenantId);
      expect(items[0]?.subscriptionExpirationDateTime).toBeTruthy();
    });

    it('notification batching: notifications of several subscriptions to one endpoint arrive in one POST', async () => {
      const organizer = newUser();
      const attendee = newUser();
      await organizer.client.api('/subscriptions').post(subscriptionBody('shared'));
      await attendee.client.api('/subscriptions').post(subscriptionBody('shared'));
      await organizer.client
        .api('/me/events')
        .post({ ...meeting, attendees: [{ emailAddress: { address: attendee.account.email } }] });
      await eventually(() => notificationsTo('shared').length > 0);
      const [batch] = notificationsTo('shared');
      expect(batch?.value.map((n) => n.subscriptionId)).toHaveLength(2);
    });

    it('3 s timeout + retries: failed deliveries are retried with the configured delays, then dropped', async () => {
      const { client } = newUser();
      await client.api('/subscriptions').post(subscriptionBody('flaky'));
      // The timeout leaves a busy machine ample time to answer the quick attempts; the slow one
      // answers far past it.
      Object.assign(h.emulator.settings, {
        notificationTimeoutMs: 1_000,
        notificationRetryDelaysMs: [0, 0, 0],
      });
      let calls = 0;
      h.hookBehaviour.set('flaky', () => {
        calls += 1;
        if (calls === 1) return new Response('', { status: 500 });
        if (calls === 2)
          return new Promise<Response>((resolve) =>
            setTimeout(() => resolve(new Response('', { status: 202 })), 5_000),
          );
        return undefined;
      });
      await client.api('/me/events').post(meeting);
      await eventually(
        () =>
          h.emulator.deliveries.some(
            (d) => d.url.includes('/hooks/flaky') && d.status === 202 && d.attempt === 2,
          ),
        1_000,
      );
      const attempts = h.emulator.deliveries
        .filter((d) => d.url.includes('/hooks/flaky'))
        .map((d) => d.status);
      expect(attempts).toEqual([500, 'timeout', 202]);
    });

    it('max expiration (configurable 4230/10080) and PATCH renew', async () => {
      const { client } = newUser();
      expect(
        (
          await graphError(
            client
              .api('/subscriptions')
              .post(subscriptionBody('max', { expirationDateTime: inMinutes(10_081) })),
          )
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await graphError(
            client
              .api('/subscriptions')
              .post(subscriptionBody('max', { expirationDateTime: inMinutes(-1) })),
          )
        ).statusCode,
      ).toBe(400);
      const created = await client
        .api('/subscriptions')
        .post(subscriptionBody('max', { expirationDateTime: inMinutes(10_080) }));
      h.emulator.settings.subscriptionMaxMinutes = 4230;
      expect(
        (
          await graphError(
            client
              .api(`/subscriptions/${created.id}`)
              .patch({ expirationDateTime: inMinutes(4231) }),
          )
        ).statusCode,
      ).toBe(400);
      const renewed = await client
        .api(`/subscriptions/${created.id}`)
        .patch({ expirationDateTime: inMinutes(4230) });
      expect(Date.parse(renewed.expirationDateTime)).toBe(Date.parse(inMinutes(4230)));
      h.clock.nowMs += 4231 * 60_000;
      expect((await graphError(client.api(`/subscriptions/${created.id}`).get())).statusCode).toBe(
        404,
      );
    });

    it('lifecycle events on demand (reauthorizationRequired, subscriptionRemoved, missed)', async () => {
      const { account, client } = newUser();
      const created = await client.api('/subscriptions').post(
        subscriptionBody('changes2', {
          lifecycleNotificationUrl: `${h.base}/hooks/lifecycle${counter}`,
        }),
      );
      const lifecycleHook = `lifecycle${counter}`;
      h.emulator.sendLifecycleEvent(created.id, 'missed');
      const viaControl = await fetch(
        `${h.providerBase}/_control/subscriptions/${created.id}/lifecycle`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lifecycleEvent: 'reauthorizationRequired' }),
        },
      );
      expect(viaControl.status).toBe(202);
      await eventually(() => notificationsTo(lifecycleHook).flatMap((b) => b.value).length === 2);
      expect(notificationsTo(lifecycleHook).flatMap((b) => b.value)).toEqual([
        expect.objectContaining({
          lifecycleEvent: 'missed',
          subscriptionId: created.id,
          clientState: 'secret-changes2',
        }),
        expect.objectContaining({
          lifecycleEvent: 'reauthorizationRequired',
          subscriptionId: created.id,
        }),
      ]);
      await client.api(`/subscriptions/${created.id}/reauthorize`).post({});
      h.emulator.sendLifecycleEvent(created.id, 'subscriptionRemoved');
      await eventually(() => notificationsTo(lifecycleHook).flatMap((b) => b.value).length === 3);
      expect((await graphError(client.api(`/subscriptions/${created.id}`).get())).statusCode).toBe(
        404,
      );
      // Expiring the user's access tokens asks the app to reauthorize its subscriptions.
      const second = await client.api('/subscriptions').post(
        subscriptionBody('changes3', {
          lifecycleNotificationUrl: `${h.base}/hooks/${lifecycleHook}`,
        }),
      );
      h.emulator.expire(account.email, 'access_token');
      await eventually(() =>
        notificationsTo(lifecycleHook)
          .flatMap((b) => b.value)
          .some((n) => n.subscriptionId === second.id),
      );
    });

    it('1000 per mailbox (configurable); DELETE stops notifications', async () => {
      const { client } = newUser();
      h.emulator.settings.maxSubscriptionsPerMailbox = 2;
      const first = await client.api('/subscriptions').post(subscriptionBody('limit'));
      await client.api('/subscriptions').post(subscriptionBody('limit'));
      expect(
        (await graphError(client.api('/subscriptions').post(subscriptionBody('limit')))).statusCode,
      ).toBe(403);
      await client.api(`/subscriptions/${first.id}`).delete();
      expect((await client.api('/subscriptions').get()).value).toHaveLength(1);
    });
  });
});

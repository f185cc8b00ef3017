import { describe, expect, it } from 'vitest';
import { demoAssetsDir } from './index.js';
import { demoPageUrl, mintDemoSession } from './session.js';

describe('demo session helpers', () => {
  it('puts the token and user in the demo page URL', () => {
    expect(demoPageUrl('http://127.0.0.1:8787', 'cst_a b', 'ana')).toBe(
      'http://127.0.0.1:8787/demo/?token=cst_a+b&user=ana',
    );
  });

  it('mints a session token with the secret key, as a host backend does', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fetch = async (url: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(url), init });
      return Response.json({ token: 'cst_1', expires_at: '2026-03-04T11:00:00Z' }, { status: 201 });
    };
    const session = await mintDemoSession({
      baseUrl: 'http://127.0.0.1:8787',
      secretKey: 'sk_test',
      userId: 'ana',
      fetch,
    });
    expect(session).toEqual({
      token: 'cst_1',
      expiresAt: '2026-03-04T11:00:00Z',
      pageUrl: 'http://127.0.0.1:8787/demo/?token=cst_1&user=ana',
    });
    expect(seen[0]!.url).toBe('http://127.0.0.1:8787/api/v1/sessions');
    expect(new Headers(seen[0]!.init?.headers).get('authorization')).toBe('Bearer sk_test');
    expect(JSON.parse(String(seen[0]!.init?.body))).toEqual({ user_id: 'ana', ttl_seconds: 3600 });
  });

  it('says what the server answered when minting fails', async () => {
    const fetch = async () => new Response('{"error":{"code":"unauthorized"}}', { status: 401 });
    await expect(
      mintDemoSession({ baseUrl: 'http://x', secretKey: 'sk_bad', userId: 'ana', fetch }),
    ).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('serves the built page from dist/public', () => {
    expect(demoAssetsDir()).toMatch(/apps\/demo\/dist\/public$/);
  });
});

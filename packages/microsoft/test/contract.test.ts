import { runProviderContract } from '@calsync/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { malformedInjectingFetch, sandboxRemote } from './support/remote.js';
import type { TestSandbox } from './support/sandbox.js';
import { startTestSandbox } from './support/sandbox.js';

let env: TestSandbox;
beforeAll(async () => {
  env = await startTestSandbox();
});
afterAll(async () => {
  await env.close();
});

runProviderContract(
  'Microsoft adapter vs the Graph sandbox (official Graph client)',
  async () => {
    const account = await env.account();
    const malformed = malformedInjectingFetch();
    const adapter = env.adapter(account.token, { fetch: malformed.fetch });
    return {
      adapter,
      calendarId: account.calendarId,
      remote: sandboxRemote(env, account, malformed),
    };
  },
  // 400 keeps the shared machines quick; the benchmark pulls 10,000 through the same path.
  { manyEvents: 400, timeoutMs: 60_000 },
);

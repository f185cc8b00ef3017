import { inject } from 'vitest';
import type { StubRequest } from '../server/stub-calsync.js';

/** The stub Calsync API on loopback (another origin than the test page). */
export const STUB_URL = inject('stubCalsyncUrl');

/** Every request the stub received since its last reset. */
export async function stubRequests(): Promise<StubRequest[]> {
  return (await fetch(`${STUB_URL}/_test/requests`)).json() as Promise<StubRequest[]>;
}

/** How many live streams were requested since the last reset. */
export async function streamRequests(): Promise<number> {
  return (await stubRequests()).filter((r) => r.path === '/api/v1/stream').length;
}

/** Forgets the stub's requests and connections, and ends its open streams. */
export async function resetStub(): Promise<void> {
  await fetch(`${STUB_URL}/_test/reset`, { method: 'POST' });
}

/** Makes the stub's callback page post nothing (and, with `connect: false`, connect nothing). */
export async function silenceCallbacks(options: { connect: boolean }): Promise<void> {
  await fetch(`${STUB_URL}/_test/silent-callbacks?connect=${options.connect ? '1' : '0'}`, {
    method: 'POST',
  });
}

/** Whether an element still shows its loading state (skeleton, busy region or `:state(loading)`). */
export function isLoading(element: Element): boolean {
  return (
    element.matches(':state(loading)') ||
    !!element.shadowRoot?.querySelector('.skeleton, [aria-busy="true"]')
  );
}

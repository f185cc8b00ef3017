import type { SandboxControlApi } from '@calsync/sandbox';

/**
 * Everything Calsync asks the sandbox's Google: the calendar API and the OAuth token endpoint. The
 * user's own edits go to `calendars/primary`, which Calsync never uses (it names calendars by id),
 * so the user keeps editing their Google calendar while Calsync cannot reach it.
 */
const CALSYNC_GOOGLE_REQUESTS = /^(?!\/calendar\/v3\/calendars\/primary\/)/;

/** Google answers 503 to every request of Calsync until {@link endGoogleOutage}. */
export async function startGoogleOutage(control: SandboxControlApi): Promise<void> {
  await control.addFault({ provider: 'google', pathPattern: CALSYNC_GOOGLE_REQUESTS, status: 503 });
}

export async function endGoogleOutage(control: SandboxControlApi): Promise<void> {
  await control.clearFaults();
}

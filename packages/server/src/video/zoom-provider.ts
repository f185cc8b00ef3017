import { createZoomProvider, type VideoMeetingProvider, type ZoomCredentials } from '@calsync/zoom';

/** Where the Zoom meetings of a process are made. */
export interface ZoomSetup {
  /** A real Zoom server-to-server app's credentials; they win over the sandbox. */
  readonly credentials?: ZoomCredentials | undefined;
  /** `http://…/sandbox` when sandboxed (read on first use: the port may be bound later). */
  readonly sandboxBaseUrl?: () => string | undefined;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

/** Credentials the sandbox's Zoom emulator accepts (any non-empty pair). */
const SANDBOX_CREDENTIALS: ZoomCredentials = {
  accountId: 'sandbox-account',
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
};

/**
 * The Zoom provider of a process: real Zoom with credentials, the sandbox's emulator when
 * sandboxed, else null (Zoom meetings then fail with "not configured"). Built on first use, so
 * a sandbox URL known only once the port is bound still applies.
 *
 * @example
 * const zoom = zoomProviderFor({ credentials: config.zoom, sandboxBaseUrl: () => `${baseUrl}/sandbox`, fetch, now });
 */
export function zoomProviderFor(setup: ZoomSetup): VideoMeetingProvider | null {
  if (!setup.credentials && setup.sandboxBaseUrl?.() === undefined) return null;
  let provider: VideoMeetingProvider | undefined;
  const get = (): VideoMeetingProvider => {
    if (provider) return provider;
    const sandbox = setup.credentials ? undefined : setup.sandboxBaseUrl?.();
    provider = createZoomProvider({
      ...(setup.credentials ?? SANDBOX_CREDENTIALS),
      ...(sandbox
        ? { baseUrl: `${sandbox}/zoom/v2`, oauthUrl: `${sandbox}/zoom/oauth/token` }
        : {}),
      fetch: setup.fetch,
      now: setup.now,
    });
    return provider;
  };
  return {
    platform: 'zoom',
    createMeeting: (request) => get().createMeeting(request),
    updateMeeting: (id, request) => get().updateMeeting(id, request),
    deleteMeeting: (id) => get().deleteMeeting(id),
    getMeeting: (id) => get().getMeeting(id),
  };
}

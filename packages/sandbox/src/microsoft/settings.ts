/** Behaviour switches of the Microsoft emulator; tests and the demo may change them at runtime. */
export interface MicrosoftEmulatorSettings {
  /** Tenant id reported in tokens and notifications. */
  tenantId: string;
  /** Per-mailbox request budget over a rolling window (Outlook: 10,000 per 10 minutes). */
  throttleRequestsPerWindow: number;
  throttleWindowSeconds: number;
  /** Concurrent requests per mailbox before 429 (Outlook: 4). */
  throttleMaxConcurrentRequests: number;
  /** Longest subscription lifetime for events: 10,080 minutes now, 4,230 in older docs. */
  subscriptionMaxMinutes: number;
  /** Active subscriptions per mailbox. */
  maxSubscriptionsPerMailbox: number;
  /** How long the validation handshake may take. */
  validationTimeoutMs: number;
  /** How long a notification endpoint may take to answer before the delivery counts as failed. */
  notificationTimeoutMs: number;
  /** Delays before each retry of a failed notification; when exhausted the notification is dropped. */
  notificationRetryDelaysMs: number[];
  /** Notifications raised within this delay for one endpoint are sent in one POST. */
  notificationBatchDelayMs: number;
  /** Delta: answer an empty page with a nextLink before the first page of each round. */
  deltaEmptyPages: boolean;
  /** Delta: send every changed item twice in a round (Graph may replay). */
  deltaReplays: boolean;
  /** Delta page size when the client sends no `Prefer: odata.maxpagesize`. */
  deltaDefaultPageSize: number;
  accessTokenLifetimeSeconds: number;
  /** Refresh tokens expire after this much inactivity (AADSTS700082). */
  refreshTokenInactivityDays: number;
  /** Refresh tokens redeemed cross-origin (SPA) expire this long after sign-in (AADSTS700084). */
  spaRefreshTokenLifetimeHours: number;
  /** Real Azure AD keeps a rotated refresh token valid; switch on to test stricter servers. */
  revokeRotatedRefreshTokens: boolean;
}

/** Defaults that follow PROTOCOLS.md §2. */
export function defaultMicrosoftSettings(): MicrosoftEmulatorSettings {
  return {
    tenantId: '5f1c3a2e-7b4d-4c8e-9a61-0d2b3c4e5f60',
    throttleRequestsPerWindow: 10_000,
    throttleWindowSeconds: 600,
    throttleMaxConcurrentRequests: 4,
    subscriptionMaxMinutes: 10_080,
    maxSubscriptionsPerMailbox: 1000,
    validationTimeoutMs: 10_000,
    notificationTimeoutMs: 3000,
    notificationRetryDelaysMs: [10_000, 60_000, 300_000, 900_000, 3_600_000],
    notificationBatchDelayMs: 0,
    deltaEmptyPages: false,
    deltaReplays: false,
    deltaDefaultPageSize: 10,
    accessTokenLifetimeSeconds: 3600,
    refreshTokenInactivityDays: 90,
    spaRefreshTokenLifetimeHours: 24,
    revokeRotatedRefreshTokens: false,
  };
}

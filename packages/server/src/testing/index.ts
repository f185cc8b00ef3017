/** Test helpers for packages that test against the Calsync store. */
export { createTestDatabase, TEST_DATABASE_ENV } from './database.js';
export type { TestDatabase } from './database.js';
export { setup, teardown } from './global-setup.js';
export { createTestContext, createTestClock } from './context.js';
export type { TestContext, TestClock } from './context.js';
export { apiClient } from './api-client.js';
export type { ApiClient, TestResponse } from './api-client.js';
export { legacyEnvelope } from './legacy-envelope.js';
export { followSignIn } from './follow-sign-in.js';

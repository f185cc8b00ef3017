/**
 * `@calsync/elements/testing`: an in-memory client that behaves like the API, and sample data —
 * for tests, stories and prototyping a host page without a server.
 */
export { createFakeClient, FakeCalsyncError } from './testing/fake-client.js';
export type {
  FakeCall,
  FakeCalsyncClient,
  FakeClientData,
  FakeClientOptions,
} from './testing/fake-client.js';
export { sampleData } from './testing/sample-data.js';
export type { SampleDataOptions } from './testing/sample-data.js';

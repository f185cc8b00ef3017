import type { TestProject } from 'vitest/node';
import { startStubCalsync } from './stub-calsync.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The loopback URL of the stub Calsync API the browser tests call. */
    stubCalsyncUrl: string;
  }
}

/** Starts the stub Calsync API for the browser tests and hands its URL to them. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stub = await startStubCalsync();
  project.provide('stubCalsyncUrl', stub.url);
  return stub.close;
}

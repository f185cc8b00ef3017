/** Public API of @calsync/sandbox. */
export { createSandbox } from './sandbox.js';
export type { Sandbox, SandboxOptions } from './sandbox.js';
export { startSandboxServer } from './server.js';
export type { RunningSandboxServer, SandboxServerOptions } from './server.js';
export { SandboxControlClient } from './control/client.js';
export type { CreateAccountInput, ExpireInput, SandboxControlApi } from './control/api.js';
export type { FaultTiming, SandboxFault, SandboxFaultInput } from './control/faults.js';
export type { SandboxFaultWire } from './control/wire.js';
export { latencyFromEnv } from './latency.js';
export type { SandboxLatencyOption } from './latency.js';
export type { SleepFunction } from './shared/sleep.js';
export type { RandomSource } from './shared/random.js';
export {
  InvalidControlRequestError,
  ProviderNotEmulatedError,
  SandboxControlHttpError,
} from './errors.js';
export { UnknownSandboxAccountError } from './emulator.js';
export type {
  EmulatorContext,
  ExpiryTarget,
  ProviderEmulator,
  SandboxAccount,
  SandboxCalendarSummary,
  SandboxProvider,
} from './emulator.js';
export { createGoogleEmulator } from './google/index.js';
export type { GoogleEmulator, GoogleEmulatorOptions } from './google/index.js';
export { createMicrosoftEmulator } from './microsoft/index.js';
export type { MicrosoftEmulator, MicrosoftEmulatorSettings } from './microsoft/index.js';
export { createCalDAVEmulator } from './caldav/index.js';
export type { CalDAVEmulator, CalDAVEmulatorSettings } from './caldav/index.js';
export { createZoomEmulator } from './zoom/index.js';
export type { ZoomEmulatorOptions } from './zoom/index.js';

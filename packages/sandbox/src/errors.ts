import type { SandboxProvider } from './emulator.js';

/** A control request (HTTP or TypeScript) that cannot be carried out as given. */
export class InvalidControlRequestError extends Error {
  override readonly name = 'InvalidControlRequestError';
  readonly code = 'invalid_request';
}

/** The control API named a provider this sandbox does not serve. */
export class ProviderNotEmulatedError extends Error {
  override readonly name = 'ProviderNotEmulatedError';
  readonly code = 'provider_not_emulated';
  constructor(readonly provider: SandboxProvider) {
    super(`the ${provider} emulator is not mounted in this sandbox`);
  }
}

/** A non-2xx answer from a remote sandbox's control API, as seen by `SandboxControlClient`. */
export class SandboxControlHttpError extends Error {
  override readonly name = 'SandboxControlHttpError';
  constructor(
    readonly status: number,
    /** The `error.code` of the answer, or `http_<status>` when it had none. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

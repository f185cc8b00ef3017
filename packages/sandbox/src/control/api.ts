import type { ExpiryTarget, SandboxAccount, SandboxProvider } from '../emulator.js';
import type { SandboxFault, SandboxFaultInput } from './faults.js';

/** Input of `createAccount`. */
export interface CreateAccountInput {
  provider: SandboxProvider;
  email: string;
}

/** Input of `expire`. */
export interface ExpireInput {
  provider: SandboxProvider;
  email: string;
  what: ExpiryTarget;
}

/**
 * The sandbox control API, the same in-process (`sandbox.control`) and over HTTP
 * (`new SandboxControlClient(baseUrl)`).
 *
 * @example
 * const { access_token } = await sandbox.control.createAccount({ provider: 'google', email: 'ann@example.com' });
 * await sandbox.control.addFault({ provider: 'google', method: 'POST', status: 503, count: 1, when: 'after' });
 */
export interface SandboxControlApi {
  /** Creates (or returns) an account with its default calendars and a token acting as the user. */
  createAccount(input: CreateAccountInput): Promise<SandboxAccount>;
  /** Injects failures or latency into matching requests. */
  addFault(input: SandboxFaultInput): Promise<SandboxFault>;
  /** Removes every injected fault. */
  clearFaults(): Promise<void>;
  /** Forces token expiry, `invalid_grant`, or sync-cursor expiry. */
  expire(input: ExpireInput): Promise<void>;
  /** Forgets all accounts, data and faults. */
  reset(): Promise<void>;
}

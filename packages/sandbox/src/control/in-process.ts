import type { ProviderEmulator, SandboxProvider } from '../emulator.js';
import { ProviderNotEmulatedError } from '../errors.js';
import type { SandboxControlApi } from './api.js';
import type { FaultStore } from './faults.js';
import { checkFaultInput, parseAccountRequest, parseExpireRequest } from './wire.js';

/** The control API acting directly on the mounted emulators. */
export function createInProcessControl(
  emulators: ReadonlyMap<SandboxProvider, ProviderEmulator>,
  faults: FaultStore,
): SandboxControlApi {
  const emulatorFor = (provider: SandboxProvider): ProviderEmulator => {
    const emulator = emulators.get(provider);
    if (emulator === undefined) throw new ProviderNotEmulatedError(provider);
    return emulator;
  };
  return {
    async createAccount(input) {
      const { provider, email } = parseAccountRequest(input);
      return emulatorFor(provider).createAccount(email);
    },
    async addFault(input) {
      const checked = checkFaultInput(input);
      emulatorFor(checked.provider);
      return faults.add(checked);
    },
    async clearFaults() {
      faults.clear();
    },
    async expire(input) {
      const { provider, email, what } = parseExpireRequest(input);
      emulatorFor(provider).expire(email, what);
    },
    async reset() {
      faults.clear();
      for (const emulator of emulators.values()) emulator.reset();
    },
  };
}

/**
 * `@calsync/core/testing`: the provider contract kit, the in-memory reference provider, and a
 * small sync harness. Imports vitest; never import this entry from production code.
 */
export type { RemoteControl, ContractSubject, ProviderContractOptions } from './contract.js';
export {
  runProviderContract,
  pullAll,
  contractContent,
  contractIdempotencyKey,
} from './contract.js';
export type { MemoryOperation, InjectedFault, InMemoryServiceOptions } from './memory-provider.js';
export { InMemoryCalendarService } from './memory-provider.js';
export type { SyncHarnessOptions, PullRoundReport } from './harness.js';
export { SyncHarness } from './harness.js';
export { memoryContractSubject } from './memory-subject.js';

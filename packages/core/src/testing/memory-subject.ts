import type { ContractSubject } from './contract.js';
import { InMemoryCalendarService, type InMemoryServiceOptions } from './memory-provider.js';

/**
 * A contract subject backed by a fresh {@link InMemoryCalendarService}.
 *
 * @example
 * runProviderContract('in-memory provider', async () => memoryContractSubject());
 */
export function memoryContractSubject(
  options: InMemoryServiceOptions = {},
): ContractSubject & { service: InMemoryCalendarService } {
  const service = new InMemoryCalendarService({ pageSize: 50, ...options });
  const calendarId = options.calendars?.[0]?.calendarId ?? 'primary';
  return {
    service,
    adapter: service.adapter,
    calendarId,
    remote: {
      createExternal: async (content) => service.createExternal(calendarId, content),
      updateExternal: async (externalId, patch) =>
        service.updateExternal(calendarId, externalId, patch),
      deleteExternal: async (externalId) => service.deleteExternal(calendarId, externalId),
      moveInstance: async (seriesId, originalStart, time) => {
        service.moveInstance(calendarId, seriesId, originalStart, time);
      },
      cancelInstance: async (seriesId, originalStart) => {
        service.cancelInstance(calendarId, seriesId, originalStart);
      },
      expireCursors: async () => service.expireCursors(calendarId),
      injectMalformed: async () => service.injectMalformed(calendarId),
    },
  };
}

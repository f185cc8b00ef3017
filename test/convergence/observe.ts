import { occurrenceWindow, PROVIDERS } from './external-calendars.js';
import type { Observed } from './invariants.js';
import type { ScenarioUser } from './scenario-user.js';

/**
 * Everything the invariants look at: the user's appointments (as stored and with series
 * expanded), conflicts, and what each calendar holds (events and expanded occurrences).
 */
export async function observeUser(user: ScenarioUser): Promise<Observed> {
  const window = occurrenceWindow();
  const list = `/appointments?user_id=${encodeURIComponent(user.userId)}&from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}&include_deleted=true&limit=1000`;
  const { data: appointments } = await user.api<{ data: Observed['appointments'] }>('GET', list);
  const { data: instances } = await user.api<{ data: Observed['appointments'] }>(
    'GET',
    `${list}&expand=true`,
  );
  const conflicts: Observed['conflicts'] = [];
  for (const id of Object.values(user.integrations)) {
    conflicts.push(
      ...(
        await user.api<{ data: Observed['conflicts'] }>(
          'GET',
          `/calendar-integrations/${id}/conflicts?limit=1000`,
        )
      ).data,
    );
  }
  const external = {} as Observed['external'];
  const occurrences = {} as Observed['occurrences'];
  for (const provider of PROVIDERS) {
    external[provider] = await user.calendars[provider].list();
    occurrences[provider] = await user.calendars[provider].occurrences();
  }
  return {
    appointments,
    instances,
    conflicts,
    external,
    occurrences,
    integrations: user.integrations,
  };
}

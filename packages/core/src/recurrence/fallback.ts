import type { Recurrence } from '../model/event.js';
import type { EventTime, InstantRange } from '../model/time.js';
import type { CalendarProvider } from '../provider/contract.js';
import { type Occurrence, expandSeries } from './expand.js';
import { type GraphPatternedRecurrence, recurrenceToGraph } from './graph.js';
import { recurrenceToGoogle } from './google.js';

/**
 * How a recurring appointment is written to one provider:
 * - `native`: as a series (Google `recurrence` lines, CalDAV RRULE, Graph pattern + deleted EXDATE occurrences);
 * - `single_instances`: the provider cannot express the rule, so each instance inside the sync
 *   window is written as its own event (linked by original start) and the window's moving edge
 *   adds more. The rule itself is never changed to something "close enough".
 */
export type ProviderRecurrencePlan =
  | { readonly kind: 'native_lines'; readonly lines: readonly string[] }
  | {
      readonly kind: 'native_graph';
      readonly recurrence: GraphPatternedRecurrence;
      readonly cancelledOccurrences: readonly Occurrence['originalStart'][];
    }
  | {
      readonly kind: 'single_instances';
      readonly reasons: readonly string[];
      readonly instances: readonly Occurrence[];
    };

/**
 * Plans how to write a series to a provider.
 *
 * @example
 * const plan = planRecurrence('microsoft', time, { lines: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=31'] }, window);
 * plan.kind // 'single_instances' (Outlook would move the 31st to the 30th in short months)
 */
export function planRecurrence(
  provider: CalendarProvider,
  time: EventTime,
  recurrence: Recurrence,
  window: InstantRange,
): ProviderRecurrencePlan {
  const fallback = (reasons: readonly string[]): ProviderRecurrencePlan => ({
    kind: 'single_instances',
    reasons,
    instances: expandSeries({ time, recurrence, window }).occurrences,
  });
  switch (provider) {
    case 'caldav':
      return { kind: 'native_lines', lines: recurrence.lines };
    case 'google':
      if (time.kind === 'floating')
        return fallback([
          'Google recurring events need a time zone; floating series are written as instances',
        ]);
      return { kind: 'native_lines', lines: recurrenceToGoogle(recurrence, time) };
    case 'microsoft': {
      const conversion = recurrenceToGraph(recurrence, time);
      return conversion.kind === 'pattern'
        ? {
            kind: 'native_graph',
            recurrence: conversion.recurrence,
            cancelledOccurrences: conversion.cancelledOccurrences,
          }
        : fallback(conversion.reasons);
    }
  }
}

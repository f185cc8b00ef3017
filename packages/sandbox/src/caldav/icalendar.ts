import ICAL from 'ical.js';

const MS_PER_DAY = 86_400_000;
const MAX_INSTANCES = 10_000;

/** Components a calendar collection here accepts. */
export const SUPPORTED_COMPONENTS = ['VEVENT', 'VTODO'] as const;

/** CALDAV preconditions a PUT body can violate (RFC 4791 §5.3.2.1). */
export type CalendarDataPrecondition =
  'valid-calendar-data' | 'valid-calendar-object-resource' | 'supported-calendar-component';

/** A PUT body that is not an acceptable calendar object resource. */
export class InvalidCalendarDataError extends Error {
  override readonly name = 'InvalidCalendarDataError';
  constructor(
    readonly precondition: CalendarDataPrecondition,
    message: string,
  ) {
    super(message);
  }
}

/** A parsed calendar object resource. */
export interface ParsedObject {
  /** The single UID of the resource ('' for an empty VCALENDAR, which real servers accept). */
  uid: string;
  root: ICAL.Component;
}

/** Parses and checks a calendar object resource: one UID, supported components. */
export function parseCalendarObject(data: string): ParsedObject {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(data) as unknown[]);
  } catch (error) {
    throw new InvalidCalendarDataError(
      'valid-calendar-data',
      `not iCalendar: ${(error as Error).message}`,
    );
  }
  if (root.name !== 'vcalendar')
    throw new InvalidCalendarDataError('valid-calendar-data', 'the body is not a VCALENDAR');
  const uids = new Set<string>();
  for (const component of root.getAllSubcomponents()) {
    if (component.name === 'vtimezone') continue;
    if (!(SUPPORTED_COMPONENTS as readonly string[]).includes(component.name.toUpperCase())) {
      throw new InvalidCalendarDataError(
        'supported-calendar-component',
        `${component.name.toUpperCase()} is not supported here`,
      );
    }
    const uid = component.getFirstPropertyValue('uid');
    if (typeof uid !== 'string' || uid === '') {
      throw new InvalidCalendarDataError(
        'valid-calendar-object-resource',
        'every component needs a UID',
      );
    }
    uids.add(uid);
  }
  if (uids.size > 1) {
    throw new InvalidCalendarDataError(
      'valid-calendar-object-resource',
      'a calendar object resource holds exactly one UID',
    );
  }
  return { uid: [...uids][0] ?? '', root };
}

function registerTimezones(root: ICAL.Component): void {
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    const tzid = vtimezone.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string' && !ICAL.TimezoneService.has(tzid))
      ICAL.TimezoneService.register(vtimezone);
  }
}

function intervalOverlaps(
  start: ICAL.Time,
  end: ICAL.Time | null,
  rangeStartMs: number,
  rangeEndMs: number,
): boolean {
  const startMs = start.toUnixTime() * 1000;
  let endMs = end ? end.toUnixTime() * 1000 : startMs;
  if (endMs <= startMs && start.isDate) endMs = startMs + MS_PER_DAY;
  // RFC 4791 §9.9: zero-duration items match when they start inside the range.
  if (endMs === startMs) return startMs >= rangeStartMs && startMs < rangeEndMs;
  return startMs < rangeEndMs && endMs > rangeStartMs;
}

function eventOverlaps(
  components: ICAL.Component[],
  rangeStartMs: number,
  rangeEndMs: number,
): boolean {
  const exceptions = components.filter((c) => c.hasProperty('recurrence-id'));
  for (const exception of exceptions) {
    const event = new ICAL.Event(exception);
    if (intervalOverlaps(event.startDate, event.endDate, rangeStartMs, rangeEndMs)) return true;
  }
  for (const master of components.filter((c) => !c.hasProperty('recurrence-id'))) {
    const event = new ICAL.Event(master, { exceptions });
    if (!event.startDate) continue;
    if (!event.isRecurring()) {
      if (intervalOverlaps(event.startDate, event.endDate, rangeStartMs, rangeEndMs)) return true;
      continue;
    }
    const iterator = event.iterator();
    for (let count = 0; count < MAX_INSTANCES; count++) {
      const occurrence = iterator.next();
      if (!occurrence || occurrence.toUnixTime() * 1000 >= rangeEndMs) break;
      const details = event.getOccurrenceDetails(occurrence);
      if (intervalOverlaps(details.startDate, details.endDate, rangeStartMs, rangeEndMs))
        return true;
    }
  }
  return false;
}

/**
 * True when the object has a component named `componentName` and, given a range, any instance of
 * it (after recurrence expansion and overrides) overlaps [start, end).
 */
export function matchesComponentFilter(
  parsed: ParsedObject,
  componentName: string,
  range: { startMs: number; endMs: number } | null,
): boolean {
  const components = parsed.root.getAllSubcomponents(componentName.toLowerCase());
  if (components.length === 0) return false;
  if (!range) return true;
  registerTimezones(parsed.root);
  if (componentName.toUpperCase() === 'VEVENT')
    return eventOverlaps(components, range.startMs, range.endMs);
  return components.some((component) => {
    const start =
      component.getFirstPropertyValue('dtstart') ?? component.getFirstPropertyValue('due');
    return (
      !(start instanceof ICAL.Time) || intervalOverlaps(start, null, range.startMs, range.endMs)
    );
  });
}

/** Parses a CalDAV UTC time like `20260301T000000Z`. */
export function parseCalDAVTime(value: string | undefined): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
}

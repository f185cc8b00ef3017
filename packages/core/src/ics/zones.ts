import ICAL from 'ical.js';
import type { LocalDateTime } from '../recurrence/local.js';
import { resolveZoneName } from '../recurrence/zone-names.js';
import { localToUTC } from '../recurrence/zone.js';
import { type TreeComponent, componentLines } from './tree.js';

/** How a TZID of a document was understood. */
export type ZoneReading =
  /** An IANA zone (directly, via CLDR Windows names, a prefixed TZID or X-LIC-LOCATION). */
  | { readonly kind: 'iana'; readonly zone: string }
  /** A custom VTIMEZONE: converted with its own rules; `zone` is the closest IANA stand-in. */
  | {
      readonly kind: 'custom';
      readonly zone: string;
      readonly toUTC: (local: LocalDateTime) => number;
      readonly exact: boolean;
    }
  /** Neither known nor defined: the time is kept floating. */
  | { readonly kind: 'unknown' };

/**
 * Resolves TZIDs against IANA first (VTIMEZONEs are often stale) and then the document's own
 * VTIMEZONE definitions, evaluated by ical.js.
 */
export class DocumentZones {
  private readonly readings = new Map<string, ZoneReading>();

  constructor(private readonly definitions: ReadonlyMap<string, TreeComponent>) {}

  /** Reads one TZID. */
  read(tzid: string): ZoneReading {
    const cached = this.readings.get(tzid);
    if (cached) return cached;
    const reading = this.compute(tzid);
    this.readings.set(tzid, reading);
    return reading;
  }

  private compute(tzid: string): ZoneReading {
    const iana = resolveZoneName(tzid);
    if (iana) return { kind: 'iana', zone: iana };
    const definition = this.definitions.get(tzid);
    if (!definition) return { kind: 'unknown' };
    const location = definition.properties.find((p) => p.name === 'X-LIC-LOCATION')?.value;
    const located = location ? resolveZoneName(location) : null;
    if (located) return { kind: 'iana', zone: located };
    try {
      const timezone = new ICAL.Timezone(
        new ICAL.Component(ICAL.parse(componentLines(definition).join('\r\n'))),
      );
      const toUTC = (local: LocalDateTime): number =>
        new ICAL.Time({ ...local, isDate: false }, timezone).toUnixTime() * 1000;
      toUTC({ year: 2020, month: 1, day: 1, hour: 0, minute: 0, second: 0 }); // fails early on a broken definition
      const offsets = new Set(
        definition.children.flatMap((c) =>
          c.properties.filter((p) => p.name === 'TZOFFSETTO').map((p) => p.value.trim()),
        ),
      );
      const fixed = offsets.size === 1 ? fixedOffsetZone([...offsets][0]!) : null;
      return { kind: 'custom', zone: fixed ?? 'UTC', toUTC, exact: fixed !== null };
    } catch {
      return { kind: 'unknown' };
    }
  }

  /** The instant of a local time in a TZID, or `null` when the TZID is unknown. */
  toUTC(
    tzid: string,
    local: LocalDateTime,
  ): { utcMs: number; zone: string; exact: boolean } | null {
    const reading = this.read(tzid);
    switch (reading.kind) {
      case 'iana':
        return { utcMs: localToUTC(reading.zone, local), zone: reading.zone, exact: true };
      case 'custom':
        return { utcMs: reading.toUTC(local), zone: reading.zone, exact: reading.exact };
      case 'unknown':
        return null;
    }
  }
}

/** `+1100` → `Etc/GMT-11` (POSIX sign inverted); `null` for non-whole hours. */
function fixedOffsetZone(offset: string): string | null {
  const match = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(offset);
  if (!match || match[3] !== '00') return null;
  const hours = Number(match[2]);
  if (hours === 0) return 'UTC';
  return `Etc/GMT${match[1] === '+' ? '-' : '+'}${hours}`;
}

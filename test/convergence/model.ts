import { isoSeconds, type Provider } from './external-calendars.js';

/** The fields the model tracks; `time` is start and end together, as reconcile compares them. */
export type TrackedField = 'title' | 'time' | 'deleted';

/** One change the scenario made. Edits of one `group` were made at once (either may win). */
export interface ModelEdit {
  group: number;
  side: 'host' | Provider;
  field: TrackedField;
  value: string;
}

/** A recurring series: `count` daily instances, the first at `start`–`end`. */
export interface ModelSeries {
  start: string;
  end: string;
  count: number;
}

/** One change of one instance of a series: moved (`start/end`) or `cancelled`. */
export interface InstanceEdit {
  group: number;
  side: Provider;
  index: number;
  value: string;
}

/** What an instance edit may leave: its times, or this. */
export const CANCELLED = 'cancelled';

/** One event of the scenario, as the scenario made it. */
export interface ModelEvent {
  key: string;
  /** Where it was created: host events go to every calendar, imported ones stay on theirs. */
  origin: 'host' | Provider;
  appointmentId: string | null;
  /** The provider's id of an externally created event. */
  externalId: string | null;
  edits: ModelEdit[];
  /** Set for a recurring series (its title and whole-series deletion are tracked in `edits`). */
  series?: ModelSeries;
  instanceEdits?: InstanceEdit[];
}

const DAY_MS = 86_400_000;

/** The UTC start of instance `index` of a daily series, as `isoSeconds` writes it. */
export function instanceStart(series: ModelSeries, index: number): string {
  return isoSeconds(new Date(Date.parse(series.start) + index * DAY_MS).toISOString());
}

/** Instance `index` where the series put it. */
export function instanceTime(series: ModelSeries, index: number): string {
  const shift = index * DAY_MS;
  const at = (iso: string) => isoSeconds(new Date(Date.parse(iso) + shift).toISOString());
  return timeValue(at(series.start), at(series.end));
}

/** `start/end` as one value. */
export function timeValue(start: string, end: string): string {
  return `${start}/${end}`;
}

/** The scenario's events and the counter that orders its edits. */
export class ScenarioModel {
  readonly events = new Map<string, ModelEvent>();
  private group = 0;
  private versions = 0;

  constructor(private readonly prefix: string) {}

  /** A fresh title for `key`: `K3 v7 …`, unique in the scenario; its prefix names the key. */
  title(key: string): string {
    this.versions++;
    return `${key.toUpperCase()} v${this.versions} ${this.prefix}`;
  }

  /** The key a title belongs to (`K3 v7 …` → `k3`), or null for a title the scenario never wrote. */
  static keyOf(title: string): string | null {
    const match = /^K(\d+) v\d+ /.exec(title);
    return match ? `k${match[1]}` : null;
  }

  add(event: Omit<ModelEvent, 'edits'>, title: string, time: string): void {
    const group = ++this.group;
    this.events.set(event.key, {
      ...event,
      edits: [
        { group, side: event.origin, field: 'title', value: title },
        { group, side: event.origin, field: 'time', value: time },
        { group, side: event.origin, field: 'deleted', value: 'false' },
      ],
    });
  }

  /** Records edits made together (one group). A content edit also says "the event lives". */
  record(key: string, edits: { side: ModelEdit['side']; field: TrackedField; value: string }[]) {
    const event = this.events.get(key);
    if (!event || edits.length === 0) return;
    const group = ++this.group;
    for (const edit of edits) {
      event.edits.push({ group, ...edit });
      if (edit.field !== 'deleted') {
        event.edits.push({ group, side: edit.side, field: 'deleted', value: 'false' });
      }
    }
  }

  /** The value the last edit group left, when every edit of that group agrees. */
  expected(
    event: ModelEvent,
    field: TrackedField,
  ): { values: Set<string>; all: Set<string>; by: string } {
    const edits = event.edits.filter((e) => e.field === field);
    const last = Math.max(...edits.map((e) => e.group));
    const lastEdits = edits.filter((e) => e.group === last);
    return {
      values: new Set(lastEdits.map((e) => e.value)),
      all: new Set(edits.map((e) => e.value)),
      by: [...new Set(lastEdits.map((e) => e.side))].join(' and '),
    };
  }

  /**
   * Whether every last edit of `field` was made in a calendar whose user deleted the event there
   * afterwards: that calendar may never have shown the edit to anyone (Google reports an event
   * moved and then deleted between two pulls as its tombstone only), and the deletion stands for
   * it.
   */
  supersededByOwnDeletion(event: ModelEvent, field: TrackedField): boolean {
    const edits = event.edits.filter((e) => e.field === field);
    const last = Math.max(...edits.map((e) => e.group));
    return edits
      .filter((e) => e.group === last)
      .every(
        (edit) =>
          edit.side !== 'host' &&
          event.edits.some(
            (d) =>
              d.field === 'deleted' &&
              d.value === 'true' &&
              d.side === edit.side &&
              d.group > edit.group,
          ),
      );
  }

  /** Starts a series (see {@link add}); its instances start where the series put them. */
  addSeries(event: Omit<ModelEvent, 'edits'>, title: string, series: ModelSeries): void {
    this.add(event, title, timeValue(series.start, series.end));
    const added = this.events.get(event.key)!;
    added.series = series;
    added.instanceEdits = [];
  }

  /** Records a change of one instance (its own group). */
  recordInstance(key: string, edit: Omit<InstanceEdit, 'group'>): void {
    const event = this.events.get(key);
    if (!event?.instanceEdits) return;
    event.instanceEdits.push({ group: ++this.group, ...edit });
  }

  /**
   * What instance `index` should be (its times or {@link CANCELLED}): the last edit's value, and
   * every value the scenario gave it.
   */
  expectedInstance(event: ModelEvent, index: number): { values: Set<string>; all: Set<string> } {
    const original = instanceTime(event.series!, index);
    const edits = (event.instanceEdits ?? []).filter((e) => e.index === index);
    if (edits.length === 0) return { values: new Set([original]), all: new Set([original]) };
    const last = Math.max(...edits.map((e) => e.group));
    return {
      values: new Set(edits.filter((e) => e.group === last).map((e) => e.value)),
      all: new Set([original, ...edits.map((e) => e.value)]),
    };
  }

  /** Whether the scenario's last word on the event is "deleted". */
  expectsDeleted(event: ModelEvent): boolean {
    const { values } = this.expected(event, 'deleted');
    return values.has('true') && !values.has('false');
  }
}
